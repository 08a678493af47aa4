"""Keeping the reception schedule and log, the dialogue conferences and the field visits.

Every function is one transaction, checks its own permission and writes the audit log. What the people
raise becomes a feedback item through `feedback.services.receive_feedback`, the one intake of every channel.
Audit entries never copy a visitor's name or address.
"""

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit
from thanthien.core.calendars import default_calendar
from thanthien.core.models import AuditEvent
from thanthien.core.numbering import next_number
from thanthien.core.validation import validate_text
from thanthien.feedback import deadlines
from thanthien.feedback import permissions as feedback_permissions
from thanthien.feedback import services as feedback_services
from thanthien.feedback.models import FeedbackItem
from thanthien.reception import permissions, schedule
from thanthien.reception.models import (
    Capacity,
    Dialogue,
    DialogueCommitment,
    DialogueIssue,
    FieldVisit,
    FieldVisitIssue,
    ReceptionRecord,
    ReceptionRule,
    ReceptionSession,
)
from thanthien.units.models import Office, Official, Unit

Create, Update = AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE


def _check_official(official: Official, commune: Unit) -> None:
    if official.unit_id != commune.pk or not official.is_active:
        raise ValidationError(_("The official does not work for this commune."), code="official")


def _check_village(village: Unit | None, commune: Unit) -> None:
    if village is not None and (village.parent_id != commune.pk or village.level != Unit.Level.VILLAGE):
        raise ValidationError(_("The village is not in this commune."), code="village")


def _check_hours(starts_at: time, ends_at: time) -> None:
    if ends_at <= starts_at:
        raise ValidationError(_("The session must end after it starts."), code="hours")


# --- The schedule -----------------------------------------------------------------------------------


def _numbers_text(numbers: Iterable[int]) -> str:
    return ",".join(str(number) for number in sorted(set(numbers)))


@transaction.atomic
def add_reception_rule(
    commune: Unit,
    *,
    by: Any,
    leader: Official,
    capacity: str,
    frequency: str,
    place: str,
    starts_at: time,
    ends_at: time,
    valid_from: date,
    weekdays: Iterable[int] = (),
    month_days: Iterable[int] = (),
    nths: Iterable[int] = (),
    valid_to: date | None = None,
) -> ReceptionRule:
    """Add a recurring reception day of a leader to the commune's schedule."""
    if not permissions.can_schedule_reception(by, commune):
        raise PermissionDenied
    _check_official(leader, commune)
    _check_hours(starts_at, ends_at)
    if capacity not in Capacity.values:
        raise ValidationError(_("Unknown capacity."), code="capacity")
    rule = ReceptionRule(
        commune=commune,
        leader=leader,
        capacity=capacity,
        frequency=frequency,
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        valid_from=valid_from,
        valid_to=valid_to,
        weekdays=_numbers_text(weekdays),
        month_days=_numbers_text(month_days),
        nths=_numbers_text(nths),
    )
    try:
        schedule.check_rule(rule.as_spec())
    except schedule.InvalidRule as error:
        raise ValidationError(
            _("Choose the weekdays or the days of the month the leader receives on."), code="rule"
        ) from error
    if not rule.place:
        raise ValidationError(_("Give the place of reception."), code="place")
    rule.save()
    audit.record(Create, rule, by=by, changes={"capacity": capacity, "frequency": frequency})
    return rule


@transaction.atomic
def generate_sessions(commune: Unit, *, by: Any, first: date, last: date) -> list[ReceptionSession]:
    """Make the sessions the commune's active rules give from `first` to `last`; return the new ones.

    Idempotent: a rule's day that already has its session (or whose shifted day already holds one of the
    same rule) is skipped, so generating a period twice, or overlapping periods, makes each session once.
    A day off moves the session to the next working day (core.calendars.default_calendar).
    """
    if not permissions.can_schedule_reception(by, commune):
        raise PermissionDenied
    if last < first or (last - first).days > 400:
        raise ValidationError(_("Choose a period of at most a year."), code="period")
    rules = {rule.pk: rule for rule in ReceptionRule.objects.filter(commune=commune, is_active=True)}
    planned = schedule.plan_sessions(
        ((pk, rule.as_spec()) for pk, rule in rules.items()), first, last, default_calendar()
    )
    existing = set(
        ReceptionSession.objects.filter(rule__in=rules.values()).values_list("rule_id", "planned_on")
    ) | set(ReceptionSession.objects.filter(rule__in=rules.values()).values_list("rule_id", "held_on"))
    made = []
    for item in planned:
        if (item.rule_key, item.planned_on) in existing or (item.rule_key, item.held_on) in existing:
            continue
        rule = rules[item.rule_key]  # type: ignore[index]
        made.append(
            ReceptionSession(
                commune=commune,
                rule=rule,
                leader=rule.leader,
                capacity=rule.capacity,
                kind=ReceptionSession.Kind.REGULAR,
                planned_on=item.planned_on,
                held_on=item.held_on,
                starts_at=rule.starts_at,
                ends_at=rule.ends_at,
                place=rule.place,
            )
        )
        existing.add((item.rule_key, item.held_on))
    ReceptionSession.objects.bulk_create(made)
    audit.record(
        Create,
        commune,
        by=by,
        object_repr=str(commune),
        changes={"reception_sessions": len(made), "from": str(first), "to": str(last)},
    )
    return made


@transaction.atomic
def schedule_ad_hoc_session(
    commune: Unit,
    *,
    by: Any,
    leader: Official,
    capacity: str,
    held_on: date,
    starts_at: time,
    ends_at: time,
    place: str,
    reason: str,
) -> ReceptionSession:
    """Add an ad-hoc (đột xuất) reception session, e.g. for a case of many people (Law 42/2013 art. 18(3))."""
    if not permissions.can_schedule_reception(by, commune):
        raise PermissionDenied
    _check_official(leader, commune)
    _check_hours(starts_at, ends_at)
    if capacity not in Capacity.values:
        raise ValidationError(_("Unknown capacity."), code="capacity")
    if not place.strip():
        raise ValidationError(_("Give the place of reception."), code="place")
    session = ReceptionSession.objects.create(
        commune=commune,
        leader=leader,
        capacity=capacity,
        kind=ReceptionSession.Kind.AD_HOC,
        planned_on=held_on,
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        reason=reason.strip()[:300],
    )
    audit.record(Create, session, by=by, changes={"kind": session.kind, "held_on": str(held_on)})
    return session


def _locked_session(session: ReceptionSession) -> ReceptionSession:
    return (
        ReceptionSession.objects.select_for_update(of=("self",)).select_related("commune").get(pk=session.pk)
    )


@transaction.atomic
def mark_session_held(
    session: ReceptionSession, *, by: Any, is_received_in_person: bool = True
) -> ReceptionSession:
    """Record that a session took place, and whether the leader received in person (LAW.md item 12)."""
    session = _locked_session(session)
    if not permissions.can_keep_reception_log(by, session.commune):
        raise PermissionDenied
    if session.status == ReceptionSession.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."), code="status")
    if session.held_on > timezone.localdate():
        raise ValidationError(_("A session cannot be held in the future."), code="future")
    before = session.status
    session.status, session.is_received_in_person = ReceptionSession.Status.HELD, is_received_in_person
    session.save(update_fields=["status", "is_received_in_person", "updated_at"])
    audit.record(Update, session, by=by, changes={"status": [before, session.status]})
    return session


@transaction.atomic
def cancel_session(session: ReceptionSession, *, by: Any, reason: str) -> ReceptionSession:
    """Cancel a planned session that has no entry yet, with the reason."""
    session = _locked_session(session)
    if not permissions.can_schedule_reception(by, session.commune):
        raise PermissionDenied
    if session.status != ReceptionSession.Status.PLANNED or session.records.exists():
        raise ValidationError(_("Only a planned session without entries can be cancelled."), code="status")
    if not reason.strip():
        raise ValidationError(_("Give the reason."), code="reason")
    validate_text(reason)
    session.status, session.reason = ReceptionSession.Status.CANCELLED, reason.strip()[:300]
    session.save(update_fields=["status", "reason", "updated_at"])
    audit.record(Update, session, by=by, changes={"status": ["planned", "cancelled"]})
    return session


# --- The log ----------------------------------------------------------------------------------------


def answer_due_on(received_on: date) -> date:
    """Return the day the visitor must be answered by: the limit in force in feedback's LegalTimeLimit table.

    Law on Citizen Reception 2013 art. 28(1): 10 working days (case kind "reception", step "answer_visitor").
    """
    try:
        limit = feedback_services.limits_on(received_on).get(
            deadlines.CaseKind.RECEPTION, deadlines.Step.ANSWER_VISITOR
        )
    except deadlines.MissingLimit as error:
        raise ValidationError(_("No legal time limit is in force for this case."), code="limit") from error
    return deadlines.due(received_on, limit, default_calendar())


def _next_number(commune: Unit, year: int) -> int:
    """Take the next sequence number of the commune's reception log for the year (Law 42/2013 art. 25)."""
    return next_number("reception", commune, year)


def _check_entry(kind: str, topic: str, content: str, people_count: int) -> None:
    if kind not in ReceptionRecord.Kind.values or topic not in FeedbackItem.Topic.values:
        raise ValidationError(_("Unknown kind or topic."), code="kind")
    if not content.strip():
        raise ValidationError(_("The content is empty."), code="content")
    if people_count < 1:
        raise ValidationError(_("At least one person came."), code="people")


@transaction.atomic
def record_reception_entry(
    session: ReceptionSession,
    *,
    by: Any,
    visitor_name: str,
    visitor_address: str,
    content: str,
    kind: str,
    topic: str = FeedbackItem.Topic.OTHER,
    people_count: int = 1,
    prior_handling: str = "",
    request: str = "",
    outcome: str = "",
    village: Unit | None = None,
) -> ReceptionRecord:
    """Write one entry of the reception log with the next sequence number of the year (Law 42/2013 art. 25).

    The session is marked held; the answer to the visitor is due within the legal limit from its day.
    """
    session = _locked_session(session)
    commune = session.commune
    if not permissions.can_keep_reception_log(by, commune):
        raise PermissionDenied
    if session.status == ReceptionSession.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."), code="status")
    if session.held_on > timezone.localdate():
        raise ValidationError(_("A session cannot be held in the future."), code="future")
    _check_entry(kind, topic, content, people_count)
    if not visitor_name.strip() or not visitor_address.strip():
        raise ValidationError(_("The log needs the visitor's full name and address."), code="identity")
    _check_village(village, commune)
    record = ReceptionRecord(
        commune=commune,
        session=session,
        year=session.held_on.year,
        received_on=session.held_on,
        identity=feedback_services.store_identity(feedback_services.Identity(visitor_name, visitor_address)),
        village=village,
        content=content.strip(),
        kind=kind,
        topic=topic,
        people_count=people_count,
        prior_handling=prior_handling.strip(),
        request=request.strip(),
        outcome=outcome.strip(),
        answer_due_on=answer_due_on(session.held_on),
        recorded_by=by,
    )
    record.number = _next_number(commune, record.year)
    record.save()
    if session.status == ReceptionSession.Status.PLANNED:
        session.status = ReceptionSession.Status.HELD
        session.save(update_fields=["status", "updated_at"])
    audit.record(Create, record, by=by, changes={"kind": kind, "people_count": people_count})
    return record


def _locked_record(record: ReceptionRecord) -> ReceptionRecord:
    return (
        ReceptionRecord.objects.select_for_update(of=("self",))
        .select_related("commune", "session", "village")
        .get(pk=record.pk)
    )


@transaction.atomic
def split_reception_entry(
    record: ReceptionRecord, *, by: Any, kind: str, content: str, remaining_content: str
) -> ReceptionRecord:
    """Split mixed content off an entry into a new entry of its own kind, with the next sequence number.

    Law on Citizen Reception 2013 art. 25: content that mixes complaint, denunciation and recommendation
    is split, one kind per entry. The original keeps `remaining_content`.
    """
    record = _locked_record(record)
    if not permissions.can_keep_reception_log(by, record.commune):
        raise PermissionDenied
    if record.feedback_item_id is not None:
        raise ValidationError(_("This entry is already a petition; it cannot be split."), code="petition")
    if not remaining_content.strip():
        raise ValidationError(_("Write what stays in this entry."), code="content")
    _check_entry(kind, record.topic, content, record.people_count)
    part = ReceptionRecord(
        commune=record.commune,
        session=record.session,
        year=record.year,
        received_on=record.received_on,
        identity=record.identity,
        village=record.village,
        content=content.strip(),
        kind=kind,
        topic=record.topic,
        people_count=record.people_count,
        prior_handling=record.prior_handling,
        request=record.request,
        answer_due_on=record.answer_due_on,
        split_from=record,
        recorded_by=by,
    )
    part.number = _next_number(record.commune, record.year)
    part.save()
    record.content = remaining_content.strip()
    record.save(update_fields=["content", "updated_at"])
    audit.record(Create, part, by=by, changes={"split_from": str(record), "kind": kind})
    return part


@transaction.atomic
def answer_visitor(
    record: ReceptionRecord, *, by: Any, answer: str, answered_on: date | None = None, outcome: str = ""
) -> ReceptionRecord:
    """Record what the visitor was told (Law 42/2013 art. 28(1)): accepted, more time, refused, forwarded."""
    record = _locked_record(record)
    if not permissions.can_keep_reception_log(by, record.commune):
        raise PermissionDenied
    if answer not in ReceptionRecord.Answer.values or not answer:
        raise ValidationError(_("Choose the answer given to the visitor."), code="answer")
    answered_on = answered_on or timezone.localdate()
    if answered_on < record.received_on or answered_on > timezone.localdate():
        raise ValidationError(_("The answer date must lie between the visit and today."), code="date")
    before = record.answer
    record.answer, record.answered_on = answer, answered_on
    fields = ["answer", "answered_on", "updated_at"]
    if outcome.strip():
        record.outcome = outcome.strip()
        fields.append("outcome")
    record.save(update_fields=fields)
    audit.record(Update, record, by=by, changes={"answer": [before, answer], "answered_on": str(answered_on)})
    return record


@transaction.atomic
def create_petition(record: ReceptionRecord, *, by: Any) -> FeedbackItem:
    """Turn a log entry into a petition of the feedback app, once: a second click returns the same one.

    The record's row is locked first, so two clicks at once still make one petition. The visitor's name and
    address go into the petition's encrypted identity (feedback.services.Identity), nowhere else.
    """
    record = _locked_record(record)
    if not permissions.can_keep_reception_log(by, record.commune):
        raise PermissionDenied
    if record.feedback_item_id is not None:
        return FeedbackItem.objects.get(pk=record.feedback_item_id)
    item = feedback_services.receive_feedback(
        record.commune,
        by=by,
        kind=record.kind,
        channel=FeedbackItem.Channel.RECEPTION_SESSION,
        content=_petition_text(record),
        topic=record.topic,
        received_on=record.received_on,
        village=record.village,
        # Law 42/2013 art. 25: without a written application the official writes it down and the visitor
        # signs or finger-prints it.
        is_signed=True,
        identity=feedback_services.stored_identity_for_system(record.identity),
    )
    record.feedback_item = item
    record.save(update_fields=["feedback_item", "updated_at"])
    audit.record(Update, record, by=by, changes={"petition": item.tracking_code})
    return item


def reveal_visitor(user: Any, record: ReceptionRecord) -> feedback_services.Identity:
    """Return the visitor's name and address to an identity reader (feedback's rule), and audit the reading.

    The reader is a leader of the commune, or the official the entry's petition is assigned to.
    """
    item = record.feedback_item
    return feedback_services.reveal_stored_identity(
        user, record.identity, commune=record.commune, about=record, assignee=item.assignee if item else None
    )


def may_reveal_visitor(user: Any, record: ReceptionRecord) -> bool:
    item = record.feedback_item
    return feedback_permissions.can_read_identity(user, record.commune, item.assignee if item else None)


def _petition_text(record: ReceptionRecord) -> str:
    parts = [record.content]
    if record.request:
        parts.append(_("Request: %(request)s") % {"request": record.request})
    if record.prior_handling:
        parts.append(_("Prior handling: %(handling)s") % {"handling": record.prior_handling})
    parts.append(_("Reception log no. %(number)s") % {"number": str(record)})
    return "\n".join(parts)


# --- Dialogue conferences ---------------------------------------------------------------------------


@transaction.atomic
def schedule_dialogue(
    commune: Unit,
    *,
    by: Any,
    level: str,
    title: str,
    planned_on: date,
    place: str,
    chaired_by: Official,
    village: Unit | None = None,
    offices: Iterable[Office] = (),
    villages: Iterable[Unit] = (),
) -> Dialogue:
    """Plan a dialogue conference of the commune, or of one of its villages."""
    if not permissions.can_keep_dialogues(by, commune):
        raise PermissionDenied
    _check_official(chaired_by, commune)
    if level not in Dialogue.Level.values:
        raise ValidationError(_("Unknown level."), code="level")
    if (level == Dialogue.Level.VILLAGE) != (village is not None):
        raise ValidationError(
            _("A village conference names its village; a commune one does not."), code="village"
        )
    offices, villages = list(offices), list(villages)
    for participant in [village, *villages]:
        _check_village(participant, commune)
    if any(office.unit_id != commune.pk for office in offices):
        raise ValidationError(_("The organisation is not of this commune."), code="office")
    if not title.strip() or not place.strip():
        raise ValidationError(_("Give the subject and the place."), code="title")
    dialogue = Dialogue.objects.create(
        commune=commune,
        level=level,
        village=village,
        title=title.strip(),
        planned_on=planned_on,
        place=place.strip(),
        chaired_by=chaired_by,
    )
    dialogue.offices.set(offices)
    dialogue.villages.set(villages)
    audit.record(Create, dialogue, by=by, changes={"level": level, "planned_on": str(planned_on)})
    return dialogue


def _locked_dialogue(dialogue: Dialogue) -> Dialogue:
    return Dialogue.objects.select_for_update(of=("self",)).select_related("commune").get(pk=dialogue.pk)


@transaction.atomic
def record_dialogue_held(
    dialogue: Dialogue,
    *,
    by: Any,
    held_on: date,
    attendance: int | None = None,
    other_participants: str = "",
    summary: str = "",
) -> Dialogue:
    """Record that the conference was held: the day, who came, and the summary of its minutes."""
    dialogue = _locked_dialogue(dialogue)
    if not permissions.can_keep_dialogues(by, dialogue.commune):
        raise PermissionDenied
    if dialogue.status == Dialogue.Status.CANCELLED:
        raise ValidationError(_("The conference was cancelled."), code="status")
    if held_on > timezone.localdate():
        raise ValidationError(_("A conference cannot be held in the future."), code="future")
    before = dialogue.status
    dialogue.status, dialogue.held_on, dialogue.attendance = Dialogue.Status.HELD, held_on, attendance
    dialogue.other_participants, dialogue.summary = other_participants.strip(), summary.strip()
    dialogue.save(
        update_fields=["status", "held_on", "attendance", "other_participants", "summary", "updated_at"]
    )
    audit.record(Update, dialogue, by=by, changes={"status": [before, "held"], "held_on": str(held_on)})
    return dialogue


@transaction.atomic
def add_dialogue_issue(
    dialogue: Dialogue,
    *,
    by: Any,
    raised_by: str,
    content: str,
    answer: str = "",
    answered_by: Official | None = None,
) -> DialogueIssue:
    """Record an issue raised at the conference, and the answer given there if any."""
    dialogue = _locked_dialogue(dialogue)
    if not permissions.can_keep_dialogues(by, dialogue.commune):
        raise PermissionDenied
    if not content.strip() or not raised_by.strip():
        raise ValidationError(_("Write the issue and who raised it."), code="content")
    if answered_by is not None:
        _check_official(answered_by, dialogue.commune)
    issue = DialogueIssue.objects.create(
        dialogue=dialogue,
        raised_by=raised_by.strip()[:200],
        content=content.strip(),
        answer=answer.strip(),
        answered_by=answered_by,
    )
    audit.record(Create, issue, by=by, object_repr=str(dialogue), changes={"dialogue": dialogue.pk})
    return issue


@transaction.atomic
def add_dialogue_commitment(
    dialogue: Dialogue,
    *,
    by: Any,
    content: str,
    owner: Official,
    due_on: date,
    issue: DialogueIssue | None = None,
) -> DialogueCommitment:
    """Record what the commune took on at the conference, with its owner and due date."""
    dialogue = _locked_dialogue(dialogue)
    if not permissions.can_keep_dialogues(by, dialogue.commune):
        raise PermissionDenied
    _check_official(owner, dialogue.commune)
    if issue is not None and issue.dialogue_id != dialogue.pk:
        raise ValidationError(_("The issue was raised at another conference."), code="issue")
    if not content.strip():
        raise ValidationError(_("Write the commitment."), code="content")
    if due_on < dialogue.day:
        raise ValidationError(_("The due date cannot be before the conference."), code="due")
    commitment = DialogueCommitment.objects.create(
        dialogue=dialogue, issue=issue, content=content.strip(), owner=owner, due_on=due_on
    )
    audit.record(Create, commitment, by=by, object_repr=str(dialogue), changes={"due_on": str(due_on)})
    return commitment


@transaction.atomic
def complete_commitment(
    commitment: DialogueCommitment, *, by: Any, result: str, done_on: date | None = None
) -> DialogueCommitment:
    """Mark a commitment done, with what was done; its owner or the dialogue's keepers may."""
    commitment = (
        DialogueCommitment.objects.select_for_update(of=("self",))
        .select_related("dialogue__commune", "owner")
        .get(pk=commitment.pk)
    )
    if not permissions.can_complete_commitment(by, commitment):
        raise PermissionDenied
    if commitment.status == DialogueCommitment.Status.DONE:
        raise ValidationError(_("The commitment is already done."), code="status")
    if not result.strip():
        raise ValidationError(_("Write what was done."), code="result")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError(_("A commitment cannot be done in the future."), code="future")
    commitment.status, commitment.done_on, commitment.result = (
        DialogueCommitment.Status.DONE,
        done_on,
        result.strip(),
    )
    commitment.save(update_fields=["status", "done_on", "result", "updated_at"])
    audit.record(
        Update,
        commitment,
        by=by,
        object_repr=str(commitment.dialogue),
        changes={"status": ["open", "done"], "done_on": str(done_on)},
    )
    return commitment


# What the people raise in a meeting is recorded without a name: a reflection, a recommendation or a question.
RAISED_KINDS = (FeedbackItem.Kind.REFLECTION, FeedbackItem.Kind.RECOMMENDATION, FeedbackItem.Kind.QUESTION)


def _raise_feedback(
    commune: Unit,
    *,
    by: Any,
    channel: str,
    kind: str,
    topic: str,
    content: str,
    day: date,
    village: Unit | None,
) -> FeedbackItem:
    if kind not in RAISED_KINDS:
        raise ValidationError(
            _("An issue raised in a meeting is a reflection, a recommendation or a question."), code="kind"
        )
    return feedback_services.receive_feedback(
        commune,
        by=by,
        kind=kind,
        channel=channel,
        content=content,
        topic=topic,
        received_on=day,
        village=village,
        is_anonymous=True,
    )


@transaction.atomic
def send_dialogue_issue_to_feedback(
    issue: DialogueIssue, *, by: Any, kind: str = FeedbackItem.Kind.RECOMMENDATION, topic: str = "other"
) -> FeedbackItem:
    """Make an issue raised at a conference a feedback item (channel: dialogue), once."""
    issue = (
        DialogueIssue.objects.select_for_update(of=("self",))
        .select_related("dialogue__commune")
        .get(pk=issue.pk)
    )
    dialogue = issue.dialogue
    if not permissions.can_keep_dialogues(by, dialogue.commune):
        raise PermissionDenied
    if issue.feedback_item_id is not None:
        return FeedbackItem.objects.get(pk=issue.feedback_item_id)
    item = _raise_feedback(
        dialogue.commune,
        by=by,
        channel=FeedbackItem.Channel.DIALOGUE,
        kind=kind,
        topic=topic,
        content=issue.content,
        day=dialogue.day,
        village=dialogue.village,
    )
    issue.feedback_item = item
    issue.save(update_fields=["feedback_item", "updated_at"])
    audit.record(Update, issue, by=by, object_repr=str(dialogue), changes={"feedback": item.tracking_code})
    return item


# --- Field visits -----------------------------------------------------------------------------------


@transaction.atomic
def record_field_visit(
    commune: Unit,
    *,
    by: Any,
    village: Unit,
    visited_on: date,
    leaders: Iterable[Official],
    purpose: str,
    notes: str = "",
) -> FieldVisit:
    """Record a leaders' visit to a village: when, where, who went and why."""
    if not permissions.can_keep_field_visits(by, commune):
        raise PermissionDenied
    _check_village(village, commune)
    leaders = list(leaders)
    if not leaders:
        raise ValidationError(_("Choose who went."), code="leaders")
    for leader in leaders:
        _check_official(leader, commune)
    if visited_on > timezone.localdate():
        raise ValidationError(_("A visit cannot be recorded before it happens."), code="future")
    if not purpose.strip():
        raise ValidationError(_("Give the purpose of the visit."), code="purpose")
    visit = FieldVisit.objects.create(
        commune=commune,
        village=village,
        visited_on=visited_on,
        purpose=purpose.strip()[:300],
        notes=notes.strip(),
        recorded_by=by,
    )
    visit.leaders.set(leaders)
    audit.record(Create, visit, by=by, changes={"village": village.pk, "visited_on": str(visited_on)})
    return visit


@transaction.atomic
def add_field_visit_issue(
    visit: FieldVisit,
    *,
    by: Any,
    content: str,
    kind: str = FeedbackItem.Kind.REFLECTION,
    topic: str = "other",
) -> FieldVisitIssue:
    """Record what the people raised on the visit; it becomes a feedback item (channel: field visit)."""
    visit = (
        FieldVisit.objects.select_for_update(of=("self",))
        .select_related("commune", "village")
        .get(pk=visit.pk)
    )
    if not permissions.can_keep_field_visits(by, visit.commune):
        raise PermissionDenied
    item = _raise_feedback(
        visit.commune,
        by=by,
        channel=FeedbackItem.Channel.FIELD_VISIT,
        kind=kind,
        topic=topic,
        content=content,
        day=visit.visited_on,
        village=visit.village,
    )
    issue = FieldVisitIssue.objects.create(visit=visit, content=item.content, feedback_item=item)
    audit.record(Create, issue, by=by, object_repr=str(visit), changes={"feedback": item.tracking_code})
    return issue
