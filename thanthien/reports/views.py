"""The home page every official lands on: today, their units, and the one-stop figures."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thanthien.core import audit
from thanthien.core.calendars import default_calendar
from thanthien.core.models import AuditEvent
from thanthien.core.validation import date_param
from thanthien.ratings import services as rating_services
from thanthien.ratings.permissions import early_warning_communes
from thanthien.reports import exports, services
from thanthien.reports import permissions as reports_permissions
from thanthien.reports.dashboard import (
    leader_today,
    month_columns,
    overdue_petitions,
    todo_today,
    trend_chart_data,
)
from thanthien.reports.figures import figures
from thanthien.reports.forms import (
    NationalFilterForm,
    RankingFilterForm,
    ReportTextForm,
    SatisfactionFilterForm,
    StartReportForm,
)
from thanthien.reports.models import PeriodicReport
from thanthien.reports.national import NationalTable, national_table
from thanthien.reports.permissions import get_figures_unit_for_user, get_report_for_user
from thanthien.reports.rollup import rollup
from thanthien.reports.satisfaction import satisfaction_figures
from thanthien.units import permissions
from thanthien.units import permissions as permissions_units
from thanthien.units.context_processors import screen_url
from thanthien.units.models import Unit, User
from thanthien.units.users import AuthenticatedRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Each role's home: the desk officer's is the desk, the Front's chair's the supervision pages (they are
    sent there); the leaders, administrators and reviewers read "today" with its one list of things to do."""
    landing = permissions.landing_screen(request.user)
    if landing != "today":
        return redirect(screen_url(landing))
    today = timezone.localdate()
    calendar = default_calendar()
    units = permissions.home_units(request.user).select_related("parent")
    leader = leader_today(request.user, today)
    context = {
        "units": units,
        "today": today,
        "is_working_day": calendar.is_working_day(today),
        "next_working_day": calendar.add_working_days(today, 1),
        "leader": leader,
        "todo": todo_today(request.user, today, leader),
        "open_rating_alerts": leader.open_rating_alerts,
        "early_warnings": _early_warnings(request.user, today),
        **_leader_dashboard(request.user, today),
    }
    return render(request, "reports/home.html", context)


def _early_warnings(user: User, today: date) -> list[Any]:
    """The officials slipping below their commune, in every commune the user leads (ratings.permissions)."""
    return [
        warning
        for commune in early_warning_communes(user)
        for warning in rating_services.early_warnings(commune, today)
    ]


def _leader_dashboard(user: User, today: date) -> dict[str, Any]:
    """A commune's leaders and officials see their commune's figures; a province has the ranking instead."""
    unit = permissions.home_units(user).filter(level=Unit.Level.COMMUNE).order_by("path").first()
    if unit is None:
        return {}
    return {
        "dashboard_unit": unit,
        "months": month_columns(unit, today),
        "trend_data": trend_chart_data(unit, today),
    }


@require_GET
def overdue_petition_list(request: AuthenticatedRequest) -> HttpResponse:
    """The list behind the dashboard's number: petitions still being handled past their due day."""
    items = (
        overdue_petitions(request.user, timezone.localdate()).select_related("unit").order_by("received_on")
    )
    return render(request, "reports/overdue_petitions.html", {"items": items[:500]})


@require_GET
def satisfaction(request: AuthenticatedRequest) -> HttpResponse:
    """Satisfaction of a commune or a province: rates, SIPAS index, breakdowns, charts, open alerts."""
    units = (
        permissions.visible_units(request.user)
        .filter(Q(level=Unit.Level.COMMUNE) | Q(level=Unit.Level.PROVINCE))
        .order_by("-level", "name")
    )  # the province first, then its communes
    form = SatisfactionFilterForm(request.GET, units=units, today=timezone.localdate())
    figures = None
    if form.is_valid():
        figures = satisfaction_figures(request.user, **form.cleaned_data)
    context = {"form": form, "figures": figures, "chart_data": figures.chart_data() if figures else None}
    return render(request, "reports/satisfaction.html", context)


# --- Province roll-up and ranking ---------------------------------------------------------------------------


def _ranking_from(request: AuthenticatedRequest) -> tuple[RankingFilterForm, Any]:
    """The ranking asked for, to the page and to its export alike (one permission for both)."""
    if not reports_permissions.can_see_ranking(request.user):
        raise PermissionDenied
    units = reports_permissions.ranking_units(request.user)
    form = RankingFilterForm(request.GET, units=units, today=timezone.localdate())
    return form, rollup(**form.cleaned_data) if form.is_valid() else None


@require_GET
def ranking(request: AuthenticatedRequest) -> HttpResponse:
    """Every commune of a province or district side by side, ranked by the composite score."""
    form, result = _ranking_from(request)
    return render(
        request, "reports/ranking.html", {"form": form, "rollup": result, "query": request.GET.urlencode()}
    )


@require_GET
def ranking_export(request: AuthenticatedRequest) -> HttpResponse:
    _form, result = _ranking_from(request)
    if result is None:
        raise Http404
    audit.record(AuditEvent.Action.EXPORT, result.unit, by=request.user, changes={"what": "ranking"})
    return exports.ranking_xlsx_response(result)


# --- The country side by side (national reviewers) ---------------------------------------------------------


def _national_from(request: AuthenticatedRequest) -> tuple[NationalFilterForm, NationalTable | None]:
    if not reports_permissions.can_see_country(request.user):
        raise PermissionDenied
    form = NationalFilterForm(request.GET, today=timezone.localdate())
    return form, national_table(**form.cleaned_data) if form.is_valid() else None


@require_GET
def national(request: AuthenticatedRequest) -> HttpResponse:
    """Every province side by side; a province's name opens the ranking of its communes."""
    form, table = _national_from(request)
    context = {"form": form, "table": table, "query": request.GET.urlencode()}
    return render(request, "reports/national.html", context)


@require_GET
def national_export(request: AuthenticatedRequest) -> HttpResponse:
    _form, table = _national_from(request)
    if table is None:
        raise Http404
    audit.record(
        AuditEvent.Action.EXPORT,
        by=request.user,
        changes={"what": "national", "from": str(table.date_from), "to": str(table.date_to)},
        object_repr=_("The whole country"),
    )
    return exports.national_xlsx_response(table)


@require_GET
def commune_overview(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """One commune's figures over the dates, and its periodic reports."""
    commune = get_figures_unit_for_user(request.user, code)
    today = timezone.localdate()
    date_from = _date_param(request, "from", date(today.year, 1, 1))
    date_to = _date_param(request, "to", today)
    context = {
        "commune": commune,
        "date_from": date_from,
        "date_to": date_to,
        "figures": figures(commune, date_from, date_to),
        "reports": reports_permissions.visible_reports(request.user).filter(commune=commune),
    }
    return render(request, "reports/commune_overview.html", context)


def _date_param(request: AuthenticatedRequest, name: str, default: date) -> date:
    return date_param(request.GET.get(name), default)


# --- Periodic reports ---------------------------------------------------------------------------------------


def _writable_communes(user: User) -> QuerySet[Unit]:
    communes = permissions_units.visible_units(user).filter(level=Unit.Level.COMMUNE)
    return communes.filter(pk__in=[c.pk for c in communes if reports_permissions.can_write_report(user, c)])


@require_GET
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    """The reports the user may see (a province: every commune's, with who submitted on time)."""
    reports = reports_permissions.visible_reports(request.user).select_related("commune", "submitted_by")
    communes = _writable_communes(request.user)
    form = (
        StartReportForm(initial={"year": timezone.localdate().year}, communes=communes) if communes else None
    )
    return render(request, "reports/report_list.html", {"reports": reports, "start_form": form})


@require_POST
def report_start(request: AuthenticatedRequest) -> HttpResponse:
    form = StartReportForm(request.POST, communes=_writable_communes(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose the commune, the kind and the year."))
        return redirect("reports:report_list")
    try:
        report = services.start_report(
            form.cleaned_data["commune"],
            kind=form.cleaned_data["kind"],
            year=form.cleaned_data["year"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:report_list")
    return redirect("reports:report_edit", pk=report.pk)


def report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Write the narrative parts of a draft (the figures are counted when the document is made); submit."""
    report = get_report_for_user(request.user, pk)
    can_write = reports_permissions.can_write_report(request.user, report.commune)
    form = ReportTextForm(request.POST or None, initial=_report_initial(report))
    if request.method == "POST" and can_write and form.is_valid():
        try:
            services.update_report(report, by=request.user, **form.cleaned_data)
            if "submit" in request.POST:
                services.submit_report(report, by=request.user)
                messages.success(request, _("The report was submitted to the province."))
            else:
                messages.success(request, _("The report was saved."))
            return redirect("reports:report_edit", pk=report.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        "report": report,
        "form": form,
        "can_write": can_write and report.status == "draft",
        "figures": figures(report.commune, report.period_start, report.period_end),
    }
    return render(request, "reports/report_edit.html", context)


def _report_initial(report: PeriodicReport) -> dict[str, Any]:
    fields = [*services.TEXT_FIELDS, "period_start", "period_end"]
    return {name: getattr(report, name) for name in fields}


@require_GET
def report_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The report as a Word document, every figure counted now from the data."""
    report = get_report_for_user(request.user, pk)
    audit.record(AuditEvent.Action.EXPORT, report, by=request.user, changes={"what": "docx"})
    response = HttpResponse(services.report_document(report), content_type=DOCX)
    name = f"bao-cao-{report.commune.code}-{report.kind}-{report.period_end:%Y%m%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
