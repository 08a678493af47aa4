"""The reception log: one entry per visit with the year's sequence number, splitting mixed content, the
answer to the visitor, turning an entry into a petition, and reading the visitor's identity."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.core.calendars import default_calendar
from thanthien.core.numbering import next_number
from thanthien.feedback import deadlines
from thanthien.feedback import permissions as feedback_permissions
from thanthien.feedback import services as feedback_services
from thanthien.feedback.models import FeedbackItem
from thanthien.reception import permissions
from thanthien.reception.models import ReceptionRecord, ReceptionSession
from thanthien.reception.services._common import Create, Update, check_village
from thanthien.reception.services.sessions import locked_session
from thanthien.units.models import Unit, User


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


def record_reception_entry(
    session: ReceptionSession,
    *,
    by: User,
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
    client_key: str = "",
) -> ReceptionRecord:
    """Write one entry of the reception log with the next sequence number of the year (Law 42/2013 art. 25).

    The session is marked held; the answer to the visitor is due within the legal limit from its day.
    With `client_key` (the form's hidden key), the same form sent twice writes one entry: the repeat
    returns the first; the same key for another entry is refused.
    """
    if not permissions.can_keep_reception_log(by, session.commune):
        raise PermissionDenied
    arguments: dict[str, Any] = {
        "content": content,
        "kind": kind,
        "topic": topic,
        "people_count": people_count,
        "prior_handling": prior_handling,
        "request": request,
        "outcome": outcome,
        "village": village,
    }
    identity = feedback_services.Identity(visitor_name, visitor_address)
    return idempotency.create_once(
        "reception.record",
        actor=by,
        client_key=client_key,
        # The visitor's name and address stay out: no personal data goes into the idempotency table.
        content=[session, *arguments.values()],
        create=lambda: _record_entry(session, by=by, identity=identity, **arguments),
        model=ReceptionRecord,
    )


@transaction.atomic
def _record_entry(
    session: ReceptionSession,
    *,
    by: User,
    identity: feedback_services.Identity,
    content: str,
    kind: str,
    topic: str,
    people_count: int,
    prior_handling: str,
    request: str,
    outcome: str,
    village: Unit | None,
) -> ReceptionRecord:
    session = locked_session(session)
    commune = session.commune
    if not permissions.can_keep_reception_log(by, commune):
        raise PermissionDenied
    if session.status == ReceptionSession.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."), code="status")
    if session.held_on > timezone.localdate():
        raise ValidationError(_("A session cannot be held in the future."), code="future")
    _check_entry(kind, topic, content, people_count)
    if not identity.name.strip() or not identity.address.strip():
        raise ValidationError(_("The log needs the visitor's full name and address."), code="identity")
    check_village(village, commune)
    record = ReceptionRecord(
        commune=commune,
        session=session,
        year=session.held_on.year,
        received_on=session.held_on,
        identity=feedback_services.store_identity(identity),
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
    record: ReceptionRecord, *, by: User, kind: str, content: str, remaining_content: str
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
    record: ReceptionRecord, *, by: User, answer: str, answered_on: date | None = None, outcome: str = ""
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
def create_petition(record: ReceptionRecord, *, by: User) -> FeedbackItem:
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


def reveal_visitor(user: User, record: ReceptionRecord) -> feedback_services.Identity:
    """Return the visitor's name and address to an identity reader (feedback's rule), and audit the reading.

    The reader is a leader of the commune, or the official the entry's petition is assigned to.
    """
    item = record.feedback_item
    return feedback_services.reveal_stored_identity(
        user, record.identity, commune=record.commune, about=record, assignee=item.assignee if item else None
    )


def may_reveal_visitor(user: User, record: ReceptionRecord) -> bool:
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
