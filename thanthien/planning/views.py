"""Pages of plans and tasks ("Việc của tôi"), supervision, the conduct code, commitments and violations."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.feedback.permissions import get_feedback_for_user
from thanthien.planning import documents, forms, permissions, queries, rules, services
from thanthien.planning.models import (
    CodeAdoption,
    Commitment,
    OfficialPhoto,
    PlanTemplate,
    SupervisionOpinion,
    SupervisionPlan,
    Task,
    TaskEvidence,
    Violation,
)
from thanthien.planning.profile import monthly_ratings, thanks_for
from thanthien.ratings.permissions import can_view_official_trend, get_alert_for_user
from thanthien.reception.permissions import get_commitment_for_user
from thanthien.reports.figures import figures
from thanthien.units.models import Unit, User
from thanthien.units.permissions import EVERY_ROLE, chosen_commune, communes_with_role, get_official_for_user
from thanthien.units.users import AuthenticatedRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _commune(request: AuthenticatedRequest) -> Unit:
    return chosen_commune(communes_with_role(request.user, EVERY_ROLE), request.GET.get("commune"))


def _word(obj: Any, content: bytes, filename: str, request: HttpRequest) -> HttpResponse:
    audit.record(AuditEvent.Action.EXPORT, obj, by=request.user, changes={"export": filename})
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _apply(
    request: AuthenticatedRequest, form: Any, action: Callable[[dict[str, Any]], Any], done: str
) -> bool:
    """Run the service on a valid form; show its error on the page otherwise. True when it succeeded."""
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The commune's plans, overdue tasks, supervision visits and the code in force."""
    commune = _commune(request)
    today = timezone.localdate()
    tasks = permissions.visible_tasks(request.user).filter(commune=commune)
    can_manage = permissions.can_manage_planning(request.user, commune)
    can_supervise = permissions.can_record_supervision(request.user, commune)
    context = {
        "commune": commune,
        "plans": permissions.visible_plans(request.user).filter(unit=commune),
        "provinces": permissions.managed_provinces(request.user),
        "province_plans": permissions.visible_plans(request.user).filter(unit__level=Unit.Level.PROVINCE),
        "overdue": queries.overdue(tasks, today).select_related("official", "office")[:50],
        "mine": queries.assigned_to(tasks, request.user).filter(status=Task.Status.OPEN)[:50],
        "visits": permissions.visible_visits(request.user)
        .filter(commune=commune)
        .select_related("body")[:20],
        "code": services.code_in_force(commune, today),
        "can_manage": can_manage,
        "can_supervise": can_supervise,
        # Who supervises without running the commune (the Front's chair) reads the supervision first.
        "supervision_first": can_supervise and not can_manage,
        "supervision_plans": SupervisionPlan.objects.filter(commune=commune).select_related("body"),
        "supervision_plan_form": forms.SupervisionPlanForm(commune=commune, initial={"year": today.year}),
        "opinions": SupervisionOpinion.objects.filter(commune=commune, given_by=request.user)[:20],
        "today": today,
    }
    return render(request, "planning/home.html", context)


@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    """A commune's plan, or with `?province=` the province's plan (its leaders and administrators)."""
    province = request.GET.get("province")
    if province:
        if not province.isdigit():
            raise Http404
        commune = get_object_or_404(permissions.managed_provinces(request.user), pk=province)
    else:
        commune = _commune(request)
    if not permissions.can_manage_planning(request.user, commune):
        raise PermissionDenied
    form = forms.PlanFromTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        template: PlanTemplate = data.pop("template")
        try:
            plan = services.create_plan_from_template(template, unit=commune, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plan created with its steps and tasks."))
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request,
        "planning/plan_form.html",
        {"form": form, "commune": commune, "templates": PlanTemplate.objects.all()},
    )


def target_rows(plan: Any, today: Any) -> list[dict[str, Any]]:
    """Each target of the plan, the live figure now and whether it is met."""
    last = min(plan.ends_on, today)
    live = figures(plan.unit, plan.starts_on, max(last, plan.starts_on), today=today)
    rows = []
    for target in plan.targets.all():
        value = rules.figure_value(live, target.figure)
        rows.append(
            {
                "target": target,
                "value": value,
                "met": rules.target_met(value, target.comparison, target.value),
            }
        )
    return rows


@require_GET
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "targets": target_rows(plan, today),
        "steps": plan.steps.prefetch_related("tasks__official", "tasks__commune"),
        "committee": plan.committee.all(),
        "member_form": forms.CommitteeMemberForm(),
        "can_manage": permissions.can_manage_planning(request.user, plan.unit),
        "today": today,
    }
    if plan.unit.level == Unit.Level.PROVINCE and context["can_manage"]:
        context["step_form"] = forms.StepToCommunesForm(communes=permissions.communes_of(plan))
    return render(request, "planning/plan_detail.html", context)


@require_POST
def step_to_communes(request: AuthenticatedRequest, pk: int, step_pk: int) -> HttpResponse:
    """Give a step of a province's plan to communes of the province (one task each)."""
    plan = permissions.get_plan_for_user(request.user, pk)
    step = get_object_or_404(plan.steps, pk=step_pk)
    form = forms.StepToCommunesForm(request.POST, communes=permissions.communes_of(plan))
    _apply(
        request,
        form,
        lambda data: services.assign_step_to_communes(step, by=request.user, **data),
        _("The step was given to the communes."),
    )
    return redirect("planning:plan_detail", pk=plan.pk)


@require_POST
def plan_add_member(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_user(request.user, pk)
    _apply(
        request,
        forms.CommitteeMemberForm(request.POST),
        lambda data: services.add_committee_member(plan, by=request.user, **data),
        _("Member added."),
    )
    return redirect("planning:plan_detail", pk=plan.pk)


@require_GET
def plan_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_user(request.user, pk)
    return _word(plan, documents.plan_docx(plan), f"ke-hoach-{plan.pk}.docx", request)


# --- Tasks -------------------------------------------------------------------------------------------------


def _task_rows(request: AuthenticatedRequest, show: str) -> QuerySet[Task]:
    tasks = permissions.visible_tasks(request.user).select_related("official", "office", "commune")
    if show == "overdue":
        return queries.overdue(tasks, timezone.localdate())
    if show == "all":
        return tasks
    return queries.assigned_to(tasks, request.user).exclude(status=Task.Status.DONE)


@require_GET
def task_list(request: AuthenticatedRequest) -> HttpResponse:
    """ "Việc của tôi" by default; the overdue tasks, or every task, of the communes the user sees."""
    show = request.GET.get("show", "mine")
    if show not in {"mine", "overdue", "all"}:
        raise Http404
    rows = _task_rows(request, show)[:300]
    return render(
        request, "planning/task_list.html", {"tasks": rows, "show": show, "today": timezone.localdate()}
    )


@require_http_methods(["GET", "POST"])
def task_create(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    if not permissions.can_manage_planning(request.user, commune):
        raise PermissionDenied
    form = forms.TaskForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.create_task(commune, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("planning:task_detail", pk=task.pk)
    return render(request, "planning/task_form.html", {"form": form, "commune": commune})


@require_GET
def task_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk)
    user = request.user
    context = {
        "task": task,
        "notes": task.notes.select_related("written_by"),
        "evidence": task.evidence.all(),
        "today": timezone.localdate(),
        "can_update": permissions.can_update_task(user, task),
        "can_assign": permissions.can_manage_planning(user, task.commune),
        "can_reopen": permissions.can_reopen_task(user, task),
        "assign_form": forms.AssignForm(
            commune=task.commune, initial={"official": task.official_id, "due_on": task.due_on}
        ),
        "note_form": forms.NoteForm(),
        "evidence_form": forms.EvidenceForm(),
        "answer_form": forms.AnswerForm(),
        "reopen_form": forms.ReopenForm(),
    }
    return render(request, "planning/task_detail.html", context)


@require_POST
def task_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk)
    _apply(
        request,
        forms.AssignForm(request.POST, commune=task.commune),
        lambda data: services.assign_task(task, by=request.user, **data),
        _("Task assigned."),
    )
    return redirect("planning:task_detail", pk=task.pk)


@require_POST
def task_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk)
    _apply(
        request,
        forms.NoteForm(request.POST),
        lambda data: services.add_task_note(task, by=request.user, **data),
        _("Note added."),
    )
    return redirect("planning:task_detail", pk=task.pk)


@require_POST
def task_evidence(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk)
    _apply(
        request,
        forms.EvidenceForm(request.POST, request.FILES),
        lambda data: services.add_task_evidence(task, by=request.user, **data),
        _("File added."),
    )
    return redirect("planning:task_detail", pk=task.pk)


def _answer(task: Task, user: User, data: dict[str, Any]) -> Task:
    if data["outcome"] == "declined":
        return services.decline_task(task, reasons=data["result"], on=data["on"], by=user)
    return services.complete_task(task, answer=data["result"], on=data["on"], by=user)


@require_POST
def task_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk)
    _apply(
        request,
        forms.AnswerForm(request.POST),
        lambda data: _answer(task, request.user, data),
        _("Answer recorded."),
    )
    return redirect("planning:task_detail", pk=task.pk)


@require_POST
def task_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = permissions.get_task_for_user(request.user, pk)
    _apply(
        request,
        forms.ReopenForm(request.POST),
        lambda data: services.reopen_task(task, by=request.user, **data),
        _("Task reopened."),
    )
    return redirect("planning:task_detail", pk=task.pk)


# --- Supervision -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def visit_create(request: AuthenticatedRequest) -> HttpResponse:
    """The Front's chair (a mass organisation, the inspection board) records a visit and recommendations."""
    commune = _commune(request)
    if not permissions.can_record_supervision(request.user, commune):
        raise PermissionDenied
    form = forms.VisitForm(request.POST or None, commune=commune)
    formset = forms.RecommendationFormSet(request.POST or None, prefix="rec")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        recommendations = [
            (f.cleaned_data["text"], f.cleaned_data["due_on"]) for f in formset if f.cleaned_data.get("text")
        ]
        try:
            visit = services.record_visit(
                commune, by=request.user, recommendations=recommendations, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Supervision recorded; each recommendation went to the commune."))
            return redirect("planning:visit_detail", pk=visit.pk)
    return render(request, "planning/visit_form.html", {"form": form, "formset": formset, "commune": commune})


@require_GET
def visit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = permissions.get_visit_for_user(request.user, pk)
    recommendations = visit.recommendations.select_related("task__official", "task__office")
    return render(
        request,
        "planning/visit_detail.html",
        {"visit": visit, "recommendations": recommendations, "today": timezone.localdate()},
    )


@require_GET
def visit_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = permissions.get_visit_for_user(request.user, pk)
    return _word(visit, documents.minutes_docx(visit), f"bien-ban-giam-sat-{visit.pk}.docx", request)


# --- Conduct code, commitments, violations -----------------------------------------------------------------


@require_GET
def conduct(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    today = timezone.localdate()
    context = {
        "commune": commune,
        "code": services.code_in_force(commune, today),
        "adoptions": CodeAdoption.objects.filter(commune=commune).select_related("code"),
        "commitments": permissions.visible_commitments(request.user)
        .filter(official__unit=commune)
        .select_related("official", "code")[:300],
        "can_manage": permissions.can_manage_planning(request.user, commune),
        "adopt_form": forms.AdoptCodeForm(commune=commune),
        "own_form": forms.OwnCodeForm(),
        "commitment_form": forms.CommitmentForm(
            commune=commune, initial={"year": today.year, "signed_on": today}
        ),
    }
    return render(request, "planning/conduct.html", context)


@require_POST
def code_adopt(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    _apply(
        request,
        forms.AdoptCodeForm(request.POST, commune=commune),
        lambda data: services.adopt_conduct_code(commune, by=request.user, **data),
        _("Code adopted."),
    )
    return redirect(f"{reverse('planning:conduct')}?commune={commune.pk}")


@require_POST
def code_write(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    _apply(
        request,
        forms.OwnCodeForm(request.POST),
        lambda data: services.write_conduct_code(
            commune, name=data["name"], rules_=data["rules"], by=request.user
        ),
        _("Code saved; adopt it to bring it into force."),
    )
    return redirect(f"{reverse('planning:conduct')}?commune={commune.pk}")


@require_POST
def commitment_sign(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)

    def sign(data: dict[str, Any]) -> Commitment:
        official = data.pop("official")
        return services.sign_commitment(official, by=request.user, **data)

    _apply(request, forms.CommitmentForm(request.POST, commune=commune), sign, _("Commitment recorded."))
    return redirect(f"{reverse('planning:conduct')}?commune={commune.pk}")


@require_GET
def commitment_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        permissions.visible_commitments(request.user).select_related("official__unit", "code"), pk=pk
    )
    return _word(commitment, documents.commitment_docx(commitment), f"cam-ket-{commitment.pk}.docx", request)


@require_http_methods(["GET", "POST"])
def violation_create(request: AuthenticatedRequest) -> HttpResponse:
    """Record a violation; from a low-rating alert (?alert=) the official and the link come with it."""
    commune = _commune(request)
    if not permissions.can_manage_planning(request.user, commune):
        raise PermissionDenied
    alert = (
        get_alert_for_user(request.user, int(request.GET["alert"]))
        if request.GET.get("alert", "").isdigit()
        else None
    )
    initial = {"official": alert.official_id, "source": Violation.Source.RATING_ALERT} if alert else {}
    form = forms.ViolationForm(request.POST or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        official = data.pop("official")
        try:
            violation = services.record_violation(official, by=request.user, rating_alert=alert, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Violation recorded."))
            return redirect("planning:official_detail", pk=violation.official_id)
    return render(request, "planning/violation_form.html", {"form": form, "commune": commune, "alert": alert})


@require_GET
def official_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An official's commitments, monthly ratings, thanks and (to leaders and the person) violations."""
    official = get_official_for_user(request.user, pk)
    violations = permissions.visible_violations(request.user).filter(official=official).select_related("rule")
    can_view_trend = can_view_official_trend(request.user, official)
    if violations:
        audit.record(AuditEvent.Action.VIEW, official, by=request.user, changes={"read": "violations"})
    context = {
        "official": official,
        "photo": OfficialPhoto.objects.filter(official=official).first(),
        "commitments": permissions.visible_commitments(request.user)
        .filter(official=official)
        .select_related("code"),
        # An official's ratings are read by the commune's leaders and the official (ratings.permissions).
        "months": monthly_ratings(official, timezone.localdate()) if can_view_trend else [],
        "thanks": thanks_for(official),
        "violations": violations,
        "can_manage": permissions.can_manage_planning(request.user, official.unit),
        "can_view_trend": can_view_trend,
        "photo_form": forms.PhotoForm(),
    }
    return render(request, "planning/official_detail.html", context)


@require_GET
def evidence_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """A task's evidence file, to those who may see the task."""
    evidence = get_object_or_404(
        TaskEvidence.objects.filter(task__in=permissions.visible_tasks(request.user)), pk=pk
    )
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@login_not_required
@require_GET
def badge_photo(request: HttpRequest, pk: int) -> FileResponse:
    """The public photo on an active official's badge (shown on the desk page and the public site)."""
    photo = get_object_or_404(OfficialPhoto.objects.filter(official__is_active=True), official_id=pk)
    content_type = "image/png" if (photo.photo.name or "").lower().endswith(".png") else "image/jpeg"
    return FileResponse(photo.photo.open("rb"), content_type=content_type)


@require_POST
def official_photo(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    official = get_official_for_user(request.user, pk)
    _apply(
        request,
        forms.PhotoForm(request.POST, request.FILES),
        lambda data: services.set_badge_photo(official, by=request.user, **data),
        _("Photo saved."),
    )
    return redirect("planning:official_detail", pk=official.pk)


@require_http_methods(["GET", "POST"])
def review_create(request: AuthenticatedRequest) -> HttpResponse:
    """The weekly review meeting (giao ban): each decision becomes a task due in working days."""
    commune = _commune(request)
    if not permissions.can_manage_planning(request.user, commune):
        raise PermissionDenied
    form = forms.ReviewMeetingForm(request.POST or None)
    formset = forms.DecisionFormSet(request.POST or None, prefix="dec", form_kwargs={"commune": commune})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        decisions = [
            (f.cleaned_data["title"], f.cleaned_data["official"], f.cleaned_data["working_days"])
            for f in formset
            if f.cleaned_data.get("title")
        ]
        try:
            services.record_review_meeting(commune, by=request.user, decisions=decisions, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Review meeting recorded; its decisions are tasks."))
            return redirect(f"{reverse('planning:home')}?commune={commune.pk}")
    return render(
        request, "planning/review_form.html", {"form": form, "formset": formset, "commune": commune}
    )


@require_POST
def supervision_plan_create(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    _apply(
        request,
        forms.SupervisionPlanForm(request.POST, commune=commune),
        lambda data: services.record_supervision_plan(commune, by=request.user, **data),
        _("Supervision plan recorded."),
    )
    return redirect(f"{reverse('planning:home')}?commune={commune.pk}")


@require_http_methods(["GET", "POST"])
def opinion_create(request: AuthenticatedRequest) -> HttpResponse:
    """The Front's opinion on a petition case (?feedback=) or a dialogue commitment (?commitment=)."""
    subject: dict[str, Any] = {}
    if request.GET.get("feedback", "").isdigit():
        subject["feedback_item"] = get_feedback_for_user(request.user, int(request.GET["feedback"]))
    elif request.GET.get("commitment", "").isdigit():
        subject["dialogue_commitment"] = get_commitment_for_user(request.user, int(request.GET["commitment"]))
    else:
        raise Http404
    form = forms.OpinionForm(request.POST or None)
    if request.method == "POST" and _apply(
        request,
        form,
        lambda data: services.add_supervision_opinion(by=request.user, **subject, **data),
        _("Opinion recorded."),
    ):
        return redirect("planning:home")
    item = next(iter(subject.values()))
    return render(request, "planning/opinion_form.html", {"form": form, "item": item})
