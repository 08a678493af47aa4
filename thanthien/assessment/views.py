"""The self-assessment pages: a commune fills in its year and submits; the province's reviewer appraises,
returns or approves; evidence files are served only to those who may read the assessment (404 otherwise);
the province downloads the recognition decision; the ranking by appraised score."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from thanthien.assessment import decision, evidence, index766, permissions, services
from thanthien.assessment.indicators import LINKS
from thanthien.assessment.models import CriteriaSet, Criterion, Evidence, SelfAssessment
from thanthien.assessment.sets import COLUMNS, SET_FIELDS, set_rows, set_values, write_set_file
from thanthien.core import audit
from thanthien.core.forms import XlsxUploadForm
from thanthien.core.models import AuditEvent
from thanthien.core.spreadsheets import XLSX_CONTENT_TYPE, xlsx_response
from thanthien.core.uploads import import_upload
from thanthien.units.models import Unit, User
from thanthien.units.permissions import communes_with_role
from thanthien.units.users import AuthenticatedRequest


def _communes(user: User) -> QuerySet[Unit]:
    return communes_with_role(user, permissions.PREPARERS)


def home(request: AuthenticatedRequest) -> HttpResponse:
    """The self-assessments the user may read; a commune's people start the year's."""
    assessments = permissions.visible_assessments(request.user).select_related("commune", "criteria_set")
    every_province = Unit.objects.filter(level=Unit.Level.PROVINCE)
    provinces = [p for p in every_province if permissions.can_appraise_in(request.user, p)]
    return render(
        request,
        "assessment/home.html",
        {
            "assessments": assessments,
            "communes": _communes(request.user),
            "year": timezone.localdate().year,
            "provinces": provinces,
            "keeps_sets": bool(permissions.set_keeping_provinces(request.user)),
        },
    )


@require_POST
def start(request: AuthenticatedRequest) -> HttpResponse:
    commune = get_object_or_404(_communes(request.user), pk=request.POST.get("commune"))
    try:
        assessment = services.start_self_assessment(
            commune, int(request.POST.get("year", 0)), by=request.user
        )
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Choose the commune and the year.")])))
        return redirect("assessment:home")
    return redirect("assessment:detail", pk=assessment.pk)


def _rows(assessment: SelfAssessment) -> list[dict[str, Any]]:
    live = services.score_assessment(assessment)
    frozen = assessment.snapshot.get("criteria", {})
    year_from, year_to = services.year_days(assessment.year)
    rows = []
    for entry in assessment.entries.select_related("criterion__group").prefetch_related("evidence"):
        criterion = entry.criterion
        scored = live.criteria[criterion.code]
        link = LINKS.get(criterion.indicator)
        url = None
        if link:
            days = f"received_from={year_from:%Y-%m-%d}&received_to={year_to:%Y-%m-%d}"
            url = f"{reverse(link[0])}?{link[1]}&{days}"
        rows.append(
            {
                "entry": entry,
                "criterion": criterion,
                "group": criterion.group,
                "live": scored,
                "submitted": frozen.get(criterion.code),
                "records_url": url,
                "uncertain": index766.UNCERTAIN in criterion.name,
            }
        )
    return rows


def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment_for_user(request.user, pk)
    commune = assessment.commune
    live = services.score_assessment(assessment)
    submitted = assessment.status != SelfAssessment.Status.DRAFT
    context = {
        "assessment": assessment,
        "rows": _rows(assessment),
        "live": live,
        "appraised": services.appraised_score(assessment) if submitted else None,
        "can_prepare": permissions.can_prepare(request.user, commune)
        and assessment.status in services.EDITABLE,
        "can_submit": permissions.can_submit(request.user, commune)
        and assessment.status in services.EDITABLE,
        "can_appraise": permissions.can_appraise(request.user, commune)
        and assessment.status == SelfAssessment.Status.SUBMITTED,
        "today": timezone.localdate(),
    }
    return render(request, "assessment/detail.html", context)


def _points(text: str | None) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("The score must be a number.")) from exc


def _act(request: AuthenticatedRequest, pk: int, action: Any) -> HttpResponse:
    """Run one step on the assessment the user may read; show a refusal in Vietnamese."""
    assessment = permissions.get_assessment_for_user(request.user, pk)
    try:
        action(assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("You are not allowed to do this."))
    else:
        messages.success(request, _("Saved."))
    return redirect("assessment:detail", pk=pk)


@require_POST
def fill(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    def step(assessment: SelfAssessment) -> None:
        points = _points(request.POST.get("points"))
        services.fill_criterion(
            assessment, code, by=request.user, note=request.POST.get("note"), points=points
        )
        if request.FILES.get("file"):
            evidence.add_evidence(assessment, code, request.FILES["file"], by=request.user)

    return _act(request, pk, step)


@require_POST
def submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda assessment: services.submit_self_assessment(assessment, by=request.user))


@require_POST
def appraise(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    def step(assessment: SelfAssessment) -> None:
        points = _points(request.POST.get("points")) if request.POST.get("verdict") == "adjusted" else None
        services.appraise_criterion(
            assessment, code, by=request.user, points=points, reason=request.POST.get("reason", "")
        )

    return _act(request, pk, step)


@require_POST
def give_back(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def step(assessment: SelfAssessment) -> None:
        try:
            due = date.fromisoformat(request.POST.get("due", ""))
        except ValueError as exc:
            raise ValidationError(_("Give the due date.")) from exc
        services.return_self_assessment(
            assessment, by=request.user, note=request.POST.get("note", ""), due=due
        )

    return _act(request, pk, step)


@require_POST
def approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda assessment: services.approve_self_assessment(assessment, by=request.user))


def evidence_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An evidence file, to those who may read its self-assessment only (404 for anyone else)."""
    found = get_object_or_404(Evidence.objects.select_related("entry__assessment"), pk=pk)
    assessment = permissions.get_assessment_for_user(request.user, found.entry.assessment_id)
    audit.record(AuditEvent.Action.VIEW, assessment, by=request.user, changes={"evidence": found.file_name})
    response = HttpResponse(evidence.read_evidence(found), content_type=found.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="evidence-{found.pk}.{found.stored_as.rsplit(".", 1)[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def recognition(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """The province chairman's recognition decision of the year, as a Word file (Decree 30 layout)."""
    province = get_object_or_404(Unit, code=code, level=Unit.Level.PROVINCE)
    if not permissions.can_appraise_in(request.user, province):
        raise Http404
    content = decision.recognition_decision(province, year, day=timezone.localdate())
    audit.record(AuditEvent.Action.EXPORT, province, by=request.user, changes={"recognition_decision": year})
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-cong-nhan-{year}.docx"'
    return response


def _province_for_reviewer(user: User, code: str) -> Unit:
    province = get_object_or_404(Unit, code=code, level=Unit.Level.PROVINCE)
    if not permissions.can_appraise_in(user, province):
        raise Http404
    return province


def ranking(request: AuthenticatedRequest, code: str, year: int) -> HttpResponse:
    """The province's communes ranked by appraised score of the year (the ranking's composite stays apart)."""
    province = _province_for_reviewer(request.user, code)
    assessments = SelfAssessment.objects.filter(commune__path__startswith=f"{province.path}/", year=year)
    ranked = assessments.exclude(appraised_total=None).select_related("commune").order_by("-appraised_total")
    return render(request, "assessment/ranking.html", {"province": province, "year": year, "ranked": ranked})


INDEX_SORTS = {"total", "name", "CK", "TD", "SH", "TT", "HL"}


def index_table(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Every commune of the province on the Decision 766 index over a period, sortable, as XLSX on demand."""
    province = _province_for_reviewer(request.user, code)
    today = timezone.localdate()
    try:
        date_from = (
            date.fromisoformat(request.GET.get("from", ""))
            if request.GET.get("from")
            else today.replace(day=1)
        )
        date_to = date.fromisoformat(request.GET.get("to", "")) if request.GET.get("to") else today
    except ValueError:
        date_from, date_to = today.replace(day=1), today
    rows = index766.province_table(province, date_from, date_to)
    criteria_set = index766.set_766(date_to)
    groups = list(criteria_set.groups.all()) if criteria_set else []
    sort = request.GET.get("sort", "total")
    if sort == "name":
        rows.sort(key=lambda row: row["unit"].name)
    elif sort in {group.code for group in groups}:
        rows.sort(key=lambda row: -row["groups"][sort][0])
    if request.GET.get("format") == "xlsx":
        header = [_("Commune"), *[f"{g.code}. {g.name} ({g.points:g})" for g in groups], _("Total")]
        lines = [
            [row["unit"].name, *[float(row["groups"][g.code][0]) for g in groups], float(row["total"])]
            for row in rows
        ]
        audit.record(AuditEvent.Action.EXPORT, province, by=request.user, changes={"index_766": str(date_to)})
        return xlsx_response("766", [header, *lines], f"chi-so-766-{province.code}-{date_to:%Y-%m}.xlsx")
    table = [
        {"unit": row["unit"], "total": row["total"], "groups": [row["groups"][g.code][0] for g in groups]}
        for row in rows
    ]
    return render(
        request,
        "assessment/index_table.html",
        {
            "province": province,
            "groups": groups,
            "rows": table,
            "date_from": date_from,
            "date_to": date_to,
            "uncertain": index766.UNCERTAIN,
        },
    )


def criteria_sets(request: AuthenticatedRequest) -> HttpResponse:
    """The sets a province administrator keeps: the national ones and the province's own; load one from its
    XLSX file (all or nothing, every error listed), download any as XLSX to adapt it."""
    provinces = permissions.set_keeping_provinces(request.user)
    if not provinces:
        raise Http404
    chosen = next((p for p in provinces if str(p.pk) == request.POST.get("province")), provinces[0])

    def load(cleaned: dict[str, Any]) -> Any:
        return services.import_criteria_set(cleaned["file"], by=request.user, province=chosen)

    form, loaded = import_upload(request, XlsxUploadForm, load)
    if loaded is not None:
        messages.success(request, _("Criteria set %(code)s loaded.") % {"code": loaded.code})
        return redirect("assessment:sets")
    kept = Q(province__isnull=True) | Q(province__in=provinces)
    sets = CriteriaSet.objects.filter(kept).select_related("province")
    return render(request, "assessment/sets.html", {"form": form, "sets": sets, "provinces": provinces})


def criteria_set_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(CriteriaSet, pk=pk)
    provinces = permissions.set_keeping_provinces(request.user)
    if not provinces or (found.province is not None and found.province not in provinces):
        raise Http404
    response = HttpResponse(write_set_file(found), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bo-tieu-chi-{found.code}.xlsx"'
    return response


BLANK_ROWS = 5  # empty rows under the set's criteria, to add criteria on the page
COLUMN_LABELS = [
    pgettext_lazy("criteria set", "Group"),
    pgettext_lazy("criteria set", "Group name"),
    pgettext_lazy("criteria set", "Group points"),
    pgettext_lazy("criteria set", "Criterion"),
    pgettext_lazy("criteria set", "Criterion name"),
    pgettext_lazy("criteria set", "Points"),
    pgettext_lazy("criteria set", "Scored by"),
    pgettext_lazy("criteria set", "Figure"),
    pgettext_lazy("criteria set", "Scoring rule"),
    pgettext_lazy("criteria set", "Evidence to attach"),
]


def criteria_set_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """Write a set criterion by criterion on the page: the province's own set (`pk`), or a new one for the
    province, started from any set it may read (`?from=<pk>`). Saved with the same checks as a file."""
    provinces = permissions.set_keeping_provinces(request.user)
    if not provinces:
        raise Http404
    editing = get_object_or_404(CriteriaSet, pk=pk, province__in=provinces) if pk is not None else None
    source = editing or _readable_set(request.GET.get("from"), provinces)
    province = editing.province if editing else _chosen_province(request, provinces)
    errors: list[str] = []
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in SET_FIELDS if name != "province"}
        rows = list(zip(*(request.POST.getlist(column) for column in COLUMNS), strict=False))
        try:
            saved = services.edit_criteria_set(rows, values, by=request.user, province=province)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Criteria set %(code)s saved.") % {"code": saved.code})
            return redirect("assessment:sets")
    else:
        values = set_values(source) if source else {}
        if source and not editing:
            values["code"] = ""  # a copy is a new set: the province gives it its own code
        rows = [tuple(row) for row in set_rows(source)] if source else []
    rows = [*rows, *[("",) * len(COLUMNS)] * BLANK_ROWS]
    cells = [[(name, _cell_text(value)) for name, value in zip(COLUMNS, row, strict=False)] for row in rows]
    return render(
        request,
        "assessment/set_edit.html",
        {
            "editing": editing,
            "province": province,
            "provinces": provinces,
            "values": values,
            "errors": errors,
            "headers": list(zip(COLUMNS, COLUMN_LABELS, strict=True)),
            "rows": cells,
            "methods": Criterion.Method.values,
        },
    )


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _readable_set(pk: str | None, provinces: list[Unit]) -> CriteriaSet | None:
    if not pk or not pk.isdigit():
        return None
    kept = Q(province__isnull=True) | Q(province__in=provinces)
    return CriteriaSet.objects.filter(kept, pk=int(pk)).first()


def _chosen_province(request: AuthenticatedRequest, provinces: list[Unit]) -> Unit:
    wanted = request.POST.get("province") or request.GET.get("province")
    return next((p for p in provinces if str(p.pk) == wanted), provinces[0])
