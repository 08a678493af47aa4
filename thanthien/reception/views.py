"""Screens of citizen reception, dialogue conferences and field visits (thin: parse, fetch, call, render)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thanthien.core import audit, navigation
from thanthien.core.models import AuditEvent
from thanthien.reception import forms, minutes, permissions, queries, services
from thanthien.reception.models import ReceptionRule
from thanthien.units.users import AuthenticatedRequest


def _commune(request: AuthenticatedRequest):
    return permissions.get_commune_for_user(
        request.user, request.GET.get("commune") or request.POST.get("commune")
    )


def _run(request: AuthenticatedRequest, form: Any, action: Callable[[dict[str, Any]], Any], done: str) -> Any:
    """Run a service on a valid form; report a broken rule on the form. Return the result or None."""
    if not form.is_valid():
        messages.error(request, _("Please correct the form."))
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, done)
    return result


def _back(request: AuthenticatedRequest, fallback: str) -> HttpResponse:
    return navigation.redirect_back(request, fallback)


# --- The schedule -----------------------------------------------------------------------------------


@require_GET
def reception_home(request: AuthenticatedRequest) -> HttpResponse:
    """The commune's reception at a glance: the schedule and its legal check, late answers, dialogue years."""
    commune = _commune(request)
    today = timezone.localdate()
    first, last = queries.upcoming_weeks(today)
    sessions = permissions.visible_sessions(request.user).filter(commune=commune)
    can_schedule = permissions.can_schedule_reception(request.user, commune)
    can_log = permissions.can_keep_reception_log(request.user, commune)
    records = permissions.visible_records(request.user).filter(commune=commune)
    context = {
        "commune": commune,
        "communes": permissions.reception_communes(request.user),
        "today": today,
        "upcoming": sessions.filter(held_on__range=(today, last)).select_related("leader")[:40],
        "recent": sessions.filter(held_on__range=(today - timedelta(days=60), today - timedelta(days=1)))
        .select_related("leader")
        .order_by("-held_on")[:20],
        "gaps": queries.reception_gaps(commune, first, last),
        "overdue_answers": queries.overdue_answers(records, today).select_related("session")[:50],
        "dialogue_years": queries.dialogue_years(commune, today),
        "rules": ReceptionRule.objects.filter(commune=commune, is_active=True).select_related("leader"),
        "can_schedule": can_schedule,
        "can_log": can_log,
        # Three forms on one page: each its own ids, so that every label points at its own field.
        "rule_form": forms.RuleForm(commune=commune, initial={"valid_from": today}, auto_id="rule_%s")
        if can_schedule
        else None,
        "generate_form": forms.GenerateForm(
            initial={"first": today, "last": today + timedelta(days=90)}, auto_id="generate_%s"
        ),
        "adhoc_form": forms.AdHocSessionForm(commune=commune, initial={"held_on": today}, auto_id="adhoc_%s")
        if can_schedule
        else None,
    }
    return render(request, "reception/home.html", context)


@require_POST
def rule_add(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    form = forms.RuleForm(request.POST, commune=commune)
    _run(
        request,
        form,
        lambda data: services.add_reception_rule(commune, by=request.user, **data),
        _("Reception rule added. Generate the sessions of the coming months."),
    )
    return redirect(f"{_home_url()}?commune={commune.pk}")


def _home_url() -> str:
    return reverse("reception:reception_home")


@require_POST
def sessions_generate(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    made = _run(
        request,
        forms.GenerateForm(request.POST),
        lambda data: services.generate_sessions(commune, by=request.user, **data),
        _("The schedule of the period is up to date."),
    )
    if made is not None:
        messages.info(request, _("New sessions: %(count)d.") % {"count": len(made)})
    return redirect(f"{_home_url()}?commune={commune.pk}")


@require_POST
def session_add(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    session = _run(
        request,
        forms.AdHocSessionForm(request.POST, commune=commune),
        lambda data: services.schedule_ad_hoc_session(commune, by=request.user, **data),
        _("Ad-hoc session added."),
    )
    if session is not None:
        return redirect("reception:session_detail", pk=session.pk)
    return redirect(f"{_home_url()}?commune={commune.pk}")


def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A session and its log entries; the reception staff write an entry here."""
    session = permissions.get_session_for_user(request.user, pk)
    can_log = permissions.can_keep_reception_log(request.user, session.commune)
    form = forms.RecordForm(request.POST or None, commune=session.commune) if can_log else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        record = _run(
            request,
            form,
            lambda data: services.record_reception_entry(session, by=request.user, **data),
            _("Entry written in the reception log."),
        )
        if record is not None:
            return redirect("reception:record_detail", pk=record.pk)
    records = (
        permissions.visible_records(request.user)
        .filter(session=session)
        .select_related("feedback_item")
        .order_by("number")
    )
    context = {
        "session": session,
        "records": records,
        "people": records.aggregate(total=Sum("people_count"))["total"] or 0,
        "form": form,
        "can_log": can_log,
        "can_schedule": permissions.can_schedule_reception(request.user, session.commune),
        "today": timezone.localdate(),
    }
    return render(request, "reception/session_detail.html", context)


@require_POST
def session_held(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk)
    try:
        services.mark_session_held(
            session, by=request.user, is_received_in_person=request.POST.get("in_person") != "no"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reception:session_detail", pk=session.pk)


@require_POST
def session_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk)
    try:
        services.cancel_session(session, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is cancelled; the public schedule shows it."))
    return redirect("reception:session_detail", pk=session.pk)


# --- The log ----------------------------------------------------------------------------------------


def _record_context(request: AuthenticatedRequest, record: Any, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "record": record,
        "parts": record.parts.order_by("number"),
        "answer_form": forms.AnswerForm(initial={"answered_on": today}),
        "split_form": forms.SplitForm(initial={"remaining_content": record.content}),
        "is_overdue": record.is_answer_overdue(today),
        "today": today,
        "can_reveal": services.may_reveal_visitor(request.user, record),
        **extra,
    }


@require_GET
def record_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One log entry; the visitor's identity is not on it (see record_reveal). Reading it is audited."""
    record = permissions.get_record_for_user(request.user, pk)
    audit.record(AuditEvent.Action.VIEW, record, by=request.user, changes={"viewed": "reception_record"})
    return render(request, "reception/record_detail.html", _record_context(request, record))


@require_POST
def record_reveal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Show the visitor's name and address once, to feedback's identity readers; the reading is audited."""
    record = permissions.get_record_for_user(request.user, pk)
    identity = services.reveal_visitor(request.user, record)
    response = render(
        request, "reception/record_detail.html", _record_context(request, record, identity=identity)
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def record_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = permissions.get_record_for_user(request.user, pk)
    _run(
        request,
        forms.AnswerForm(request.POST),
        lambda data: services.answer_visitor(record, by=request.user, **data),
        _("The answer to the visitor is recorded."),
    )
    return redirect("reception:record_detail", pk=record.pk)


@require_POST
def record_split(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = permissions.get_record_for_user(request.user, pk)
    part = _run(
        request,
        forms.SplitForm(request.POST),
        lambda data: services.split_reception_entry(record, by=request.user, **data),
        _("The content was split into a new entry."),
    )
    return redirect("reception:record_detail", pk=part.pk if part else record.pk)


@require_POST
def record_petition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Turn the entry into a petition in one click; with HTMX only the petition box is swapped."""
    record = permissions.get_record_for_user(request.user, pk)
    error = ""
    try:
        record.feedback_item = services.create_petition(record, by=request.user)
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if request.htmx:
        return render(request, "reception/_petition.html", {"record": record, "error": error})
    if error:
        messages.error(request, error)
    return redirect("reception:record_detail", pk=record.pk)


# --- Dialogue conferences ---------------------------------------------------------------------------


def dialogue_list(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    can_keep = permissions.can_keep_dialogues(request.user, commune)
    form = forms.DialogueForm(request.POST or None, commune=commune) if can_keep else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        dialogue = _run(
            request,
            form,
            lambda data: services.schedule_dialogue(commune, by=request.user, **data),
            _("Dialogue conference planned."),
        )
        if dialogue is not None:
            return redirect("reception:dialogue_detail", pk=dialogue.pk)
    today = timezone.localdate()
    context = {
        "commune": commune,
        "dialogues": permissions.visible_dialogues(request.user)
        .filter(commune=commune)
        .select_related("village"),
        "dialogue_years": queries.dialogue_years(commune, today),
        "form": form,
    }
    return render(request, "reception/dialogue_list.html", context)


@require_GET
def dialogue_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dialogue = permissions.get_dialogue_for_user(request.user, pk)
    commune = dialogue.commune
    can_keep = permissions.can_keep_dialogues(request.user, commune)
    today = timezone.localdate()
    context = {
        "dialogue": dialogue,
        "issues": dialogue.issues.select_related("answered_by", "feedback_item"),
        "commitments": dialogue.commitments.select_related("owner"),
        "can_keep": can_keep,
        "today": today,
        "held_form": forms.DialogueHeldForm(initial={"held_on": min(dialogue.planned_on, today)}),
        "issue_form": forms.IssueForm(commune=commune),
        "commitment_form": forms.CommitmentForm(commune=commune),
        "done_form": forms.DoneForm(),
    }
    return render(request, "reception/dialogue_detail.html", context)


@require_POST
def dialogue_held(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dialogue = permissions.get_dialogue_for_user(request.user, pk)
    _run(
        request,
        forms.DialogueHeldForm(request.POST),
        lambda data: services.record_dialogue_held(dialogue, by=request.user, **data),
        _("The conference is recorded as held."),
    )
    return redirect("reception:dialogue_detail", pk=dialogue.pk)


@require_POST
def dialogue_issue_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dialogue = permissions.get_dialogue_for_user(request.user, pk)
    _run(
        request,
        forms.IssueForm(request.POST, commune=dialogue.commune),
        lambda data: services.add_dialogue_issue(dialogue, by=request.user, **data),
        _("Issue recorded."),
    )
    return redirect("reception:dialogue_detail", pk=dialogue.pk)


@require_POST
def dialogue_issue_feedback(request: AuthenticatedRequest, pk: int, issue_pk: int) -> HttpResponse:
    dialogue = permissions.get_dialogue_for_user(request.user, pk)
    issue = dialogue.issues.filter(pk=issue_pk).first()
    if issue is None:
        raise PermissionDenied
    try:
        item = services.send_dialogue_issue_to_feedback(issue, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Feedback item %(code)s made.") % {"code": item.tracking_code})
    return redirect("reception:dialogue_detail", pk=dialogue.pk)


@require_POST
def dialogue_commitment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dialogue = permissions.get_dialogue_for_user(request.user, pk)
    _run(
        request,
        forms.CommitmentForm(request.POST, commune=dialogue.commune),
        lambda data: services.add_dialogue_commitment(dialogue, by=request.user, **data),
        _("Commitment recorded."),
    )
    return redirect("reception:dialogue_detail", pk=dialogue.pk)


@require_GET
def dialogue_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dialogue = permissions.get_dialogue_for_user(request.user, pk)
    audit.record(AuditEvent.Action.EXPORT, dialogue, by=request.user, changes={"export": "minutes.docx"})
    response = HttpResponse(
        minutes.minutes_docx(dialogue),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-doi-thoai-{dialogue.pk}.docx"'
    return response


@require_GET
def commitment_list(request: AuthenticatedRequest) -> HttpResponse:
    """Open commitments overdue or due within 30 days, soonest first."""
    commune = _commune(request)
    today = timezone.localdate()
    commitments = permissions.visible_commitments(request.user).filter(dialogue__commune=commune)
    context = {
        "commune": commune,
        "commitments": queries.open_commitments(commitments, today),
        "today": today,
        "done_form": forms.DoneForm(),
    }
    return render(request, "reception/commitment_list.html", context)


@require_POST
def commitment_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark a commitment done; with HTMX only its row is swapped."""
    commitment = permissions.get_commitment_for_user(request.user, pk)
    form = forms.DoneForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            commitment = services.complete_commitment(commitment, by=request.user, **form.cleaned_data)
        except ValidationError as problem:
            error = " ".join(problem.messages)
    else:
        error = _("Write what was done.")
    if request.htmx:
        context = {"commitment": commitment, "error": error, "today": timezone.localdate(), "done_form": form}
        return render(request, "reception/_commitment_row.html", context)
    if error:
        messages.error(request, error)
    return _back(request, reverse("reception:dialogue_detail", args=[commitment.dialogue_id]))


# --- Field visits -----------------------------------------------------------------------------------


def field_visit_list(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    can_keep = permissions.can_keep_field_visits(request.user, commune)
    form = forms.FieldVisitForm(request.POST or None, commune=commune) if can_keep else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        visit = _run(
            request,
            form,
            lambda data: services.record_field_visit(commune, by=request.user, **data),
            _("Field visit recorded."),
        )
        if visit is not None:
            return redirect("reception:field_visit_detail", pk=visit.pk)
    visits = permissions.visible_field_visits(request.user).filter(commune=commune).select_related("village")
    return render(
        request, "reception/field_visit_list.html", {"commune": commune, "visits": visits, "form": form}
    )


def field_visit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = permissions.get_field_visit_for_user(request.user, pk)
    can_keep = permissions.can_keep_field_visits(request.user, visit.commune)
    form = forms.RaisedIssueForm(request.POST or None) if can_keep else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        issue = _run(
            request,
            form,
            lambda data: services.add_field_visit_issue(visit, by=request.user, **data),
            _("Issue recorded and sent to the feedback list."),
        )
        if issue is not None:
            return redirect("reception:field_visit_detail", pk=visit.pk)
    context = {
        "visit": visit,
        "leaders": visit.leaders.all(),
        "issues": visit.issues.select_related("feedback_item"),
        "form": form,
    }
    return render(request, "reception/field_visit_detail.html", context)
