"""Every write of plans, tasks, the conduct code, violations and supervision: one function per use case."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.core.calendars import default_calendar
from thanthien.core.models import AuditEvent
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.permissions import visible_feedback
from thanthien.notifications.models import Notification
from thanthien.notifications.services import official_contact, queue_notification
from thanthien.planning import permissions, rules
from thanthien.planning.models import (
    CodeAdoption,
    Commitment,
    CommitteeMember,
    ConductCode,
    ConductRule,
    OfficialPhoto,
    Plan,
    PlanStep,
    PlanTarget,
    PlanTemplate,
    Recommendation,
    ReviewMeeting,
    SupervisionOpinion,
    SupervisionPlan,
    SupervisionVisit,
    Task,
    TaskEvidence,
    TaskNote,
    Violation,
)
from thanthien.ratings.models import RatingAlert
from thanthien.reception.models import DialogueCommitment
from thanthien.reception.permissions import visible_commitments as visible_dialogue_commitments
from thanthien.units.models import Office, Official, Unit, User
from thanthien.units.queries import office_heads, office_members

CREATE, UPDATE = AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Plans -------------------------------------------------------------------------------------------------


@transaction.atomic
def create_plan_from_template(
    template: PlanTemplate,
    *,
    unit: Unit,
    number: str,
    title: str,
    issued_on: date,
    starts_on: date,
    ends_on: date,
    by: User,
    committee_decision: str = "",
    legal_basis: str = "",
) -> Plan:
    """Create a plan with the template's steps (dated from the plan's start), targets and a task per step.

    The template's legal basis is used unless the commune writes its own (another province's decision).
    """
    _require(permissions.can_manage_planning(by, unit))
    if ends_on < starts_on:
        raise ValidationError(_("A plan cannot end before it starts."))
    if Plan.objects.filter(unit=unit, number=number).exists():
        raise ValidationError(_("Plan number %(number)s is already used."), params={"number": number})
    plan = Plan.objects.create(
        unit=unit,
        template=template,
        number=number,
        title=title,
        issued_on=issued_on,
        starts_on=starts_on,
        ends_on=ends_on,
        legal_basis=legal_basis.strip() or template.legal_basis,
        committee_decision=committee_decision.strip(),
        created_by=by,
    )
    for order, step in enumerate(template.steps, start=1):
        first, last = rules.month_span(starts_on, step["start_month"], step["end_month"])
        row = PlanStep.objects.create(
            plan=plan, order=order, title=step["title"], starts_on=first, ends_on=min(last, ends_on)
        )
        Task.objects.create(
            commune=unit,
            title=row.title,
            source=Task.Source.PLAN_STEP,
            step=row,
            due_on=row.ends_on,
            created_by=by,
        )
    for target in template.targets:
        PlanTarget.objects.create(
            plan=plan,
            label=target["label"],
            figure=target["figure"],
            comparison=target["comparison"],
            value=target["value"],
        )
    audit.record(CREATE, plan, by=by, changes={"template": template.code})
    return plan


@transaction.atomic
def add_committee_member(
    plan: Plan, *, full_name: str, position: str, committee_role: str, by: User
) -> CommitteeMember:
    """Add a member to the plan's steering committee."""
    _require(permissions.can_manage_planning(by, plan.unit))
    member = CommitteeMember.objects.create(
        plan=plan, full_name=full_name, position=position, committee_role=committee_role
    )
    audit.record(CREATE, member, by=by, object_repr=f"{plan.number}: {full_name}")
    return member


@transaction.atomic
def assign_step_to_communes(
    step: PlanStep, *, communes: Sequence[Unit], by: User, title: str = "", due_on: date | None = None
) -> list[Task]:
    """Give a step of a province's plan to communes of the province: one task per commune, in its list.

    Each commune's leaders then assign the task to an office or an official and answer it like their own.
    """
    plan = step.plan
    if not communes:
        raise ValidationError(_("Choose at least one commune."))
    for commune in communes:
        _require(permissions.can_assign_to_commune(by, plan, commune))
    tasks = []
    for commune in communes:
        task = Task.objects.create(
            commune=commune,
            title=title.strip() or step.title,
            source=Task.Source.PLAN_STEP,
            step=step,
            due_on=due_on or step.ends_on,
            created_by=by,
        )
        audit.record(CREATE, task, by=by, changes={"plan": plan.number, "from": plan.unit.name})
        tasks.append(task)
    return tasks


# --- Tasks -------------------------------------------------------------------------------------------------


def _check_assignee(commune: Unit, office: Office | None, official: Official | None) -> None:
    if office is not None and office.unit_id != commune.pk:
        raise ValidationError(_("The office must belong to the commune."))
    if official is not None and official.unit_id != commune.pk:
        raise ValidationError(_("The official must belong to the commune."))


def _new_task(
    commune: Unit,
    *,
    title: str,
    due_on: date | None,
    due_in_working_days: int | None,
    source: str,
    by: User,
    today: date,
    office: Office | None = None,
    official: Official | None = None,
    **links: Any,
) -> Task:
    _check_assignee(commune, office, official)
    due = rules.due_date(today, working_days=due_in_working_days, on=due_on, calendar_=default_calendar())
    task = Task.objects.create(
        commune=commune,
        title=title,
        source=source,
        due_on=due,
        office=office,
        official=official,
        created_by=by,
        **links,
    )
    audit.record(CREATE, task, by=by)
    return task


@transaction.atomic
def create_task(
    commune: Unit,
    *,
    title: str,
    by: User,
    due_on: date | None = None,
    due_in_working_days: int | None = None,
    office: Office | None = None,
    official: Official | None = None,
    dialogue_commitment: DialogueCommitment | None = None,
    today: date | None = None,
    client_key: str = "",
) -> Task:
    """Create a commune task (from a dialogue commitment when given), due on a date or in working days.
    With `client_key` (the form's hidden key), the same form sent twice creates one task."""
    _require(permissions.can_manage_planning(by, commune))
    if dialogue_commitment is not None and dialogue_commitment.dialogue.commune_id != commune.pk:
        raise ValidationError(_("The commitment must belong to the commune."))
    source = Task.Source.DIALOGUE if dialogue_commitment is not None else Task.Source.OTHER
    content = [commune, title, due_on, due_in_working_days, office, official, dialogue_commitment]
    return idempotency.create_once(
        "planning.task",
        actor=by,
        client_key=client_key,
        content=content,
        create=lambda: _new_task(
            commune,
            title=title,
            due_on=due_on,
            due_in_working_days=due_in_working_days,
            source=source,
            by=by,
            today=today or timezone.localdate(),
            office=office,
            official=official,
            dialogue_commitment=dialogue_commitment,
        ),
        model=Task,
    )


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("commune", "official").get(pk=task.pk)


@transaction.atomic
def assign_task(
    task: Task,
    *,
    by: User,
    official: Official | None = None,
    office: Office | None = None,
    due_on: date | None = None,
) -> Task:
    """Give a task to an office or an official (and move its due date); leaders only."""
    task = _locked(task)
    _require(permissions.can_manage_planning(by, task.commune))
    if official is None and office is None:
        raise ValidationError(_("Choose an office or an official."))
    _check_assignee(task.commune, office, official)
    before = {"official_id": task.official_id, "office_id": task.office_id, "due_on": task.due_on}
    task.official, task.office = official, office
    if due_on is not None:
        task.due_on = due_on
    task.save(update_fields=["official", "office", "due_on", "updated_at"])
    audit.record(
        UPDATE, task, by=by, changes=audit.diff(task, before, ["official_id", "office_id", "due_on"])
    )
    return task


@transaction.atomic
def add_task_note(task: Task, *, text: str, by: User) -> TaskNote:
    """Write a progress note on a task (the assignee or a leader)."""
    _require(permissions.can_update_task(by, task))
    if not text.strip():
        raise ValidationError(_("Write the note."))
    note = TaskNote.objects.create(task=task, written_by=by, text=text.strip())
    audit.record(CREATE, note, by=by, object_repr=str(task))
    return note


def _checked_upload(upload: "UploadedFile[bytes]") -> tuple[str, str]:
    """Return the upload's bare name and its checked type (rules.check_evidence reads its first bytes)."""
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return name, rules.check_evidence(name, head, upload.size or 0)


@transaction.atomic
def add_task_evidence(task: Task, *, upload: "UploadedFile[bytes]", by: User) -> TaskEvidence:
    """Attach a file showing the work; its type is checked on its first bytes and its size on the whole."""
    _require(permissions.can_update_task(by, task))
    name, kind = _checked_upload(upload)
    evidence = TaskEvidence.objects.create(
        task=task, file=upload, name=name, kind=kind, size=upload.size or 0, uploaded_by=by
    )
    audit.record(CREATE, evidence, by=by, object_repr=f"{task}: {name}")
    return evidence


def _answer(task: Task, *, status: str, text: str, on: date, by: User) -> Task:
    task = _locked(task)
    _require(permissions.can_update_task(by, task))
    if task.is_answered:
        raise ValidationError(_("This task has already been answered."))
    task.status, task.answer, task.done_on = status, text.strip(), on
    task.save(update_fields=["status", "answer", "done_on", "updated_at"])
    TaskNote.objects.create(
        task=task, written_by=by, text=f"{task.get_status_display()}: {task.answer}".strip()
    )
    audit.record(UPDATE, task, by=by, changes={"status": [Task.Status.OPEN, status], "done_on": str(on)})
    return task


@transaction.atomic
def complete_task(task: Task, *, by: User, on: date | None = None, answer: str = "") -> Task:
    """Mark a task done (for a recommendation: accepted and done), on the day given or today."""
    return _answer(task, status=Task.Status.DONE, text=answer, on=on or timezone.localdate(), by=by)


@transaction.atomic
def decline_task(task: Task, *, reasons: str, by: User, on: date | None = None) -> Task:
    """Answer a task, usually a recommendation, with the reasons it will not be done as asked."""
    if not reasons.strip():
        raise ValidationError(_("Give the reasons."))
    return _answer(task, status=Task.Status.DECLINED, text=reasons, on=on or timezone.localdate(), by=by)


@transaction.atomic
def reopen_task(task: Task, *, reason: str, by: User) -> Task:
    """Reopen an answered task (the supervisor, for a recommendation whose answer does not satisfy)."""
    task = _locked(task)
    _require(permissions.can_reopen_task(by, task))
    if not reason.strip():
        raise ValidationError(_("Say why the answer is reopened."))
    task.status, task.done_on = Task.Status.OPEN, None
    task.save(update_fields=["status", "done_on", "updated_at"])
    if task.recommendation_id is not None:
        Recommendation.objects.filter(pk=task.recommendation_id).update(
            reopened_count=F("reopened_count") + 1
        )
    TaskNote.objects.create(
        task=task, written_by=by, text=_("Reopened: %(reason)s") % {"reason": reason.strip()}
    )
    audit.record(UPDATE, task, by=by, changes={"status": ["answered", Task.Status.OPEN]})
    return task


def _reminder_recipients(task: Task) -> list[tuple[str, tuple[str, str]]]:
    """(dedupe suffix, (channel, recipient)) for each person a task reminder goes to.

    A task for an official goes to that official. A task for an office goes to the office's heads (its
    active officials marked leader) or, when it has none, to all its active officials; those without a
    phone or an e-mail are skipped.
    """
    if task.official_id:
        contact = official_contact(task.official)
        return [("", contact)] if contact else []
    if not task.office_id:
        return []
    heads = list(office_heads(task.office_id).select_related("user"))
    recipients = []
    for official in heads or office_members(task.office_id).select_related("user"):
        contact = official_contact(official)
        if contact:
            recipients.append((f":official:{official.pk}", contact))
    return recipients


def send_task_reminders(today: date) -> int:
    """Queue a reminder before each open task is due and one when it is overdue; return how many were new.

    Tasks for an office remind the office's heads (or its members). Idempotent: each (task, due date, kind,
    recipient) has its own dedupe key, so running the sweep again queues nothing.
    """
    calendar_ = default_calendar()
    queued = 0
    open_tasks = (
        Task.objects.filter(status=Task.Status.OPEN)
        .filter(Q(official__isnull=False) | Q(office__isnull=False))
        .select_related("official__user", "commune")
    )
    for task in open_tasks.iterator():
        if task.due_on < today:
            kind = "overdue"
            body = _("Task overdue since %(due)s: %(title)s") % {
                "due": f"{task.due_on:%d/%m/%Y}",
                "title": task.title[:100],
            }
        elif rules.reminder_due(today, task.due_on, task.remind_days_before, calendar_):
            kind = "before"
            body = _("Task due on %(due)s: %(title)s") % {
                "due": f"{task.due_on:%d/%m/%Y}",
                "title": task.title[:100],
            }
        else:
            continue
        for suffix, (channel, recipient) in _reminder_recipients(task):
            key = f"planning:task:{task.pk}:{kind}:{task.due_on.isoformat()}{suffix}"
            if Notification.objects.filter(dedupe_key=key).exists():
                continue
            with transaction.atomic():
                queue_notification(
                    unit=task.commune, channel=channel, recipient=recipient, body=body, dedupe_key=key
                )
            queued += 1
    return queued


# --- Supervision and review meetings -----------------------------------------------------------------------


def _check_body(commune: Unit, body: Office) -> None:
    if body.unit_id != commune.pk or body.kind not in SUPERVISING_KINDS:
        raise ValidationError(_("Choose the Front, a mass organisation or the people's inspection board."))


SUPERVISING_KINDS = {
    Office.Kind.FATHERLAND_FRONT,
    Office.Kind.MASS_ORGANISATION,
    Office.Kind.MASS_MOBILISATION_BLOC,
    Office.Kind.PEOPLES_INSPECTION_BOARD,
}


@transaction.atomic
def record_supervision_plan(
    commune: Unit, *, body: Office, year: int, content: str, by: User
) -> SupervisionPlan:
    """Record a supervising body's plan for the year."""
    _require(permissions.can_record_supervision(by, commune))
    _check_body(commune, body)
    if SupervisionPlan.objects.filter(body=body, year=year).exists():
        raise ValidationError(
            _("%(body)s already has a supervision plan for %(year)s."),
            params={"body": body.name, "year": year},
        )
    plan = SupervisionPlan.objects.create(
        commune=commune, body=body, year=year, content=content, created_by=by
    )
    audit.record(CREATE, plan, by=by)
    return plan


@transaction.atomic
def record_visit(
    commune: Unit,
    *,
    body: Office,
    visited_on: date,
    subject: str,
    members: str,
    findings: str,
    recommendations: Sequence[tuple[str, date]],
    by: User,
    plan: SupervisionPlan | None = None,
) -> SupervisionVisit:
    """Record a supervision visit; each recommendation becomes an open commune task due on its date."""
    _require(permissions.can_record_supervision(by, commune))
    _check_body(commune, body)
    if plan is not None and plan.body_id != body.pk:
        raise ValidationError(_("The supervision plan belongs to another body."))
    visit = SupervisionVisit.objects.create(
        commune=commune,
        body=body,
        plan=plan,
        visited_on=visited_on,
        subject=subject,
        members=members,
        findings=findings,
        recorded_by=by,
    )
    for text, due_on in recommendations:
        if due_on < visited_on:
            raise ValidationError(_("A recommendation cannot be due before the visit."))
        recommendation = Recommendation.objects.create(visit=visit, text=text.strip())
        Task.objects.create(
            commune=commune,
            title=text.strip()[:500],
            source=Task.Source.RECOMMENDATION,
            recommendation=recommendation,
            due_on=due_on,
            created_by=by,
        )
    audit.record(CREATE, visit, by=by, changes={"recommendations": len(recommendations)})
    return visit


@transaction.atomic
def add_supervision_opinion(
    *,
    text: str,
    by: User,
    feedback_item: FeedbackItem | None = None,
    dialogue_commitment: DialogueCommitment | None = None,
) -> SupervisionOpinion:
    """Add the Front's supervision opinion to a petition case or a dialogue commitment the author may read."""
    if (feedback_item is None) == (dialogue_commitment is None):
        raise ValidationError(_("Choose one petition or one commitment."))
    if feedback_item is not None:
        _require(visible_feedback(by).filter(pk=feedback_item.pk).exists())
        commune = feedback_item.unit
    elif dialogue_commitment is not None:
        _require(visible_dialogue_commitments(by).filter(pk=dialogue_commitment.pk).exists())
        commune = dialogue_commitment.dialogue.commune
    _require(permissions.can_record_supervision(by, commune))
    if not text.strip():
        raise ValidationError(_("Write the opinion."))
    opinion = SupervisionOpinion.objects.create(
        commune=commune,
        feedback_item=feedback_item,
        dialogue_commitment=dialogue_commitment,
        text=text.strip(),
        given_by=by,
    )
    audit.record(CREATE, opinion, by=by)
    return opinion


@transaction.atomic
def record_review_meeting(
    commune: Unit,
    *,
    held_on: date,
    chaired_by: str,
    notes: str,
    decisions: Sequence[tuple[str, Official | None, int]],
    by: User,
) -> ReviewMeeting:
    """Record a weekly review meeting; each decision (what, who, working days) becomes a task."""
    _require(permissions.can_manage_planning(by, commune))
    meeting = ReviewMeeting.objects.create(
        commune=commune, held_on=held_on, chaired_by=chaired_by, notes=notes, recorded_by=by
    )
    for title, official, working_days in decisions:
        _new_task(
            commune,
            title=title,
            due_on=None,
            due_in_working_days=working_days,
            source=Task.Source.REVIEW,
            by=by,
            today=held_on,
            official=official,
            review_meeting=meeting,
        )
    audit.record(CREATE, meeting, by=by, changes={"decisions": len(decisions)})
    return meeting


# --- Conduct code, commitments, violations -----------------------------------------------------------------


@transaction.atomic
def write_conduct_code(
    commune: Unit, *, name: str, rules_: Sequence[tuple[str, str]], by: User
) -> ConductCode:
    """Write a commune's own code: its rules as (group, text) rows."""
    _require(permissions.can_manage_planning(by, commune))
    if not rules_:
        raise ValidationError(_("A code needs at least one rule."))
    code = ConductCode.objects.create(commune=commune, name=name)
    for order, (group, text) in enumerate(rules_, start=1):
        ConductRule.objects.create(code=code, group=group.strip(), text=text.strip(), order=order)
    audit.record(CREATE, code, by=by)
    return code


@transaction.atomic
def adopt_conduct_code(
    commune: Unit, *, code: ConductCode, effective_from: date, by: User, decision: str = ""
) -> CodeAdoption:
    """Put a shipped code, or the commune's own, in force from a date."""
    _require(permissions.can_manage_planning(by, commune))
    if code.commune_id not in (None, commune.pk):
        raise ValidationError(_("That code belongs to another commune."))
    if CodeAdoption.objects.filter(commune=commune, effective_from=effective_from).exists():
        raise ValidationError(_("A code already comes into force on that day."))
    adoption = CodeAdoption.objects.create(
        commune=commune, code=code, effective_from=effective_from, decision=decision, adopted_by=by
    )
    audit.record(CREATE, adoption, by=by)
    return adoption


def code_in_force(commune: Unit, day: date) -> ConductCode | None:
    """Return the code the commune adopted last on or before `day`."""
    adoption = (
        CodeAdoption.objects.filter(commune=commune, effective_from__lte=day)
        .select_related("code")
        .order_by("-effective_from")
        .first()
    )
    return adoption.code if adoption else None


@transaction.atomic
def sign_commitment(official: Official, *, year: int, signed_on: date, by: User) -> Commitment:
    """Record that an official signed the year's commitment to the code in force that day."""
    _require(permissions.can_manage_planning(by, official.unit))
    code = code_in_force(official.unit, signed_on)
    if code is None:
        raise ValidationError(
            _("The commune has no conduct code in force on %(day)s."), params={"day": f"{signed_on:%d/%m/%Y}"}
        )
    if Commitment.objects.filter(official=official, year=year).exists():
        raise ValidationError(
            _("%(name)s already signed the commitment for %(year)s."),
            params={"name": official.full_name, "year": year},
        )
    commitment = Commitment.objects.create(
        official=official, year=year, code=code, signed_on=signed_on, recorded_by=by
    )
    audit.record(CREATE, commitment, by=by, object_repr=str(commitment))
    return commitment


@transaction.atomic
def record_violation(
    official: Official,
    *,
    source: str,
    occurred_on: date,
    description: str,
    measure: str,
    by: User,
    rule: ConductRule | None = None,
    legal_basis: str = "",
    decision: str = "",
    feedback_item: FeedbackItem | None = None,
    rating_alert: RatingAlert | None = None,
    visit: SupervisionVisit | None = None,
) -> Violation:
    """Record a breach of the code and the measure taken; a discipline needs its legal basis and decision.

    `is_repeat` says whether the official had broken the same rule (or, without a rule, any rule) before.
    """
    commune = official.unit
    _require(permissions.can_manage_planning(by, commune))
    if measure == Violation.Measure.DISCIPLINE and not (legal_basis.strip() and decision.strip()):
        raise ValidationError(_("A discipline needs its legal basis and the decision."))
    links: dict[str, tuple[Model | None, str]] = {
        Violation.Source.COMPLAINT: (feedback_item, "unit_id"),
        Violation.Source.RATING_ALERT: (rating_alert, "unit_id"),
        Violation.Source.SUPERVISION: (visit, "commune_id"),
    }
    if source in links:
        linked, field = links[source]
        if linked is None or getattr(linked, field) != commune.pk:
            raise ValidationError(_("Choose the record of this commune the violation comes from."))
    if rating_alert is not None:
        if rating_alert.official_id not in (None, official.pk):
            raise ValidationError(_("The alert is about another official."))
        if Violation.objects.filter(rating_alert=rating_alert).exists():
            raise ValidationError(_("A violation is already recorded from this alert."))
    earlier = Violation.objects.filter(official=official, occurred_on__lte=occurred_on)
    if rule is not None:
        earlier = earlier.filter(Q(rule=rule))
    violation = Violation.objects.create(
        commune=commune,
        official=official,
        rule=rule,
        occurred_on=occurred_on,
        description=description,
        source=source,
        measure=measure,
        legal_basis=legal_basis.strip(),
        decision=decision.strip(),
        feedback_item=feedback_item if source == Violation.Source.COMPLAINT else None,
        rating_alert=rating_alert if source == Violation.Source.RATING_ALERT else None,
        visit=visit if source == Violation.Source.SUPERVISION else None,
        is_repeat=earlier.exists(),
        recorded_by=by,
    )
    audit.record(CREATE, violation, by=by, object_repr=str(violation))
    return violation


def violation_of_alert(alert: RatingAlert) -> Violation | None:
    """Return the violation recorded from a rating alert (the alert page shows it)."""
    return Violation.objects.filter(rating_alert=alert).select_related("official").first()


@transaction.atomic
def set_badge_photo(official: Official, *, upload: "UploadedFile[bytes]", by: User) -> OfficialPhoto:
    """Store the photo shown with the official's badge number (a JPG or PNG)."""
    _require(permissions.can_manage_planning(by, official.unit))
    if _checked_upload(upload)[1] not in {"jpg", "jpeg", "png"}:
        raise ValidationError(_("The photo must be a JPG or PNG file."))
    photo, _created = OfficialPhoto.objects.update_or_create(official=official, defaults={"photo": upload})
    audit.record(UPDATE, photo, by=by, object_repr=str(official))
    return photo
