"""Receiving feedback, complaints and denunciations, and taking each case to its answer in time."""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thanthien.core import audit, idempotency
from thanthien.core.calendars import default_calendar
from thanthien.core.formatting import format_date
from thanthien.core.inserts import Companion, insert, insert_under_fresh_key
from thanthien.core.models import AuditEvent
from thanthien.core.process_cache import ProcessCache
from thanthien.core.statements import atomic_for_sole_write
from thanthien.feedback import crypto, deadlines, hooks, intake, permissions
from thanthien.feedback.attachments import Attachment, store_attachment
from thanthien.feedback.models import (
    CLOSED_STATUSES,
    FeedbackEvent,
    FeedbackItem,
    LegalTimeLimit,
    SenderIdentity,
    SuggestionBoxOpening,
)
from thanthien.notifications.services import queue_notification
from thanthien.units import queries as unit_queries
from thanthien.units.models import Official, Unit, User

logger = logging.getLogger(__name__)

# Tracking codes: 8 characters without 0/O, 1/I/L, so a citizen can read them out and type them back.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
Kind, Status = FeedbackItem.Kind, FeedbackItem.Status

# The enumerations' values, taken once per process: Django builds the list anew at each `.values`.
KINDS = frozenset(Kind.values)
CHANNELS = frozenset(FeedbackItem.Channel.values)
TOPICS = frozenset(FeedbackItem.Topic.values)
INSTANCES = frozenset(LegalTimeLimit.Instance.values)


@dataclass(frozen=True)
class Identity:
    """A sender's identity in clear: only ever held in memory."""

    name: str
    address: str = ""
    contact: str = ""

    def __repr__(self) -> str:
        return "Identity(<hidden>)"


def new_tracking_code() -> str:
    """Return a random tracking code (31^8 ≈ 8.5·10^11 codes)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def limits_on(day: date) -> deadlines.Limits:
    """Return the legal time limits in force on a day, from the LegalTimeLimit table (kept per process)."""
    return deadlines.limits_in_force(_limit_rows.get_or_load(None, _read_limit_rows), day)


# Every item received reads the table: kept per web process, forgotten here at once when a limit changes,
# in the other processes within RULES_CACHE_SECONDS.
_limit_rows: ProcessCache[tuple[deadlines.LimitRow, ...]] = ProcessCache(
    "legal-time-limits", setting="RULES_CACHE_SECONDS", default_seconds=10, watch=(LegalTimeLimit,)
)


def _read_limit_rows() -> tuple[deadlines.LimitRow, ...]:
    rows = LegalTimeLimit.objects.values(*LIMIT_ROW_FIELDS)  # plain values: no model instances to build
    return tuple(deadlines.LimitRow(**row) for row in rows)


LIMIT_ROW_FIELDS = ("case_kind", "step", "days", "counting", "valid_from", "instance", "area", "repeats")


def case_kind_of(item: FeedbackItem) -> str | None:
    """Return which law's limits apply to the item, or None when none does (a praise)."""
    if item.kind in {Kind.COMPLAINT, Kind.DENUNCIATION}:
        return str(item.kind)
    if item.kind == Kind.PRAISE:
        return None
    if item.channel in {FeedbackItem.Channel.DESK, FeedbackItem.Channel.RECEPTION_SESSION}:
        return deadlines.CaseKind.RECEPTION
    return deadlines.CaseKind.FEEDBACK


def _refresh_due_dates(item: FeedbackItem) -> None:
    kind = case_kind_of(item)
    if kind is None:
        return
    facts = deadlines.CaseFacts(
        case_kind=kind,
        received_on=item.received_on,
        accepted_on=item.accepted_on,
        instance=item.instance,
        is_remote_area=item.is_remote_area,
        is_complex=item.is_complex,
        extensions=item.extensions,
        is_initial_handling_extended=item.is_initial_handling_extended,
    )
    try:
        # A case keeps the limits in force on the day it was received.
        dates = deadlines.due_dates(facts, limits_on(item.received_on), default_calendar())
    except deadlines.MissingLimit as error:
        raise ValidationError(_("No legal time limit is in force for this case.")) from error
    item.accept_due_on, item.forward_due_on = dates.accept, dates.forward
    item.notify_due_on, item.resolve_due_on = dates.notify, dates.resolve


DUE_FIELDS = ["accept_due_on", "forward_due_on", "notify_due_on", "resolve_due_on"]


def _sender(item: FeedbackItem, identity: Identity | None) -> intake.Sender:
    return intake.Sender(
        is_anonymous=item.is_anonymous,
        is_signed=item.is_signed,
        has_name=bool(identity and identity.name.strip()),
        has_address=bool(identity and identity.address.strip()),
        has_contact=bool(identity and identity.contact.strip()),
    )


RECEIPT_MESSAGES = {
    "anonymous_complaint": gettext_lazy(
        "A complaint cannot be anonymous: the complainant's name and address are needed."
    ),
    "no_name": gettext_lazy("Give the complainant's name."),
}


def receive_feedback(
    unit: Unit,
    *,
    by: User | None,
    kind: str,
    channel: str,
    content: str,
    topic: str = FeedbackItem.Topic.OTHER,
    received_on: date | None = None,
    village: Unit | None = None,
    instance: str = "",
    is_anonymous: bool = False,
    is_signed: bool = False,
    identity: Identity | None = None,
    contact: str = "",
    is_remote_area: bool = False,
    client_key: str = "",
    attachment: Attachment | None = None,
) -> FeedbackItem:
    """Record a submission to a commune, give it a tracking code and its due dates.

    `attachment` (a file checked by attachments.check_attachment) is stored with the case, in the same
    transaction: if the case is refused, no file is kept.

    An official of the commune records it; without an official (`by` anonymous) only the public web form
    may. With `client_key`, a retry returns the first item instead of recording a second one.
    """
    arguments: dict[str, Any] = {
        "kind": kind,
        "channel": channel,
        "content": content,
        "topic": topic,
        "received_on": received_on,
        "village": village,
        "instance": instance,
        "is_anonymous": is_anonymous,
        "is_signed": is_signed,
        "identity": identity,
        "contact": contact,
        "is_remote_area": is_remote_area,
        "attachment": attachment,
    }
    return idempotency.create_once(
        "feedback.receive",
        actor=by,
        client_key=client_key,
        # The content leaves the identity out: no personal data goes into the idempotency table.
        content=[unit, kind, channel, content, topic, received_on, instance],
        create=lambda: _receive(unit, by=by, **arguments),
        model=FeedbackItem,
        effects_in_database=attachment is None,  # an attached file is stored on disk: claimed first
    )


def _may_receive(by: User, unit: Unit, channel: str, village: Unit | None) -> bool:
    """The commune's receivers record any item; a village head only their village's, by their channel."""
    if channel == FeedbackItem.Channel.VILLAGE_HEAD:
        return (
            village is not None
            and permissions.can_bring_village_feedback(by, village)
            and village.parent_id == unit.pk
        )
    return permissions.can_receive_feedback(by, unit)


def _receive(unit: Unit, *, by: User | None, identity: Identity | None, **fields: Any) -> FeedbackItem:
    """Check the submission and compute its due dates (no write), then write it."""
    official = by if getattr(by, "is_authenticated", False) else None
    if official is not None and not _may_receive(official, unit, fields["channel"], fields["village"]):
        raise PermissionDenied
    if official is None and fields["channel"] != FeedbackItem.Channel.WEB_FORM:
        raise PermissionDenied
    if (
        fields["kind"] not in KINDS
        or fields["channel"] not in CHANNELS
        or fields["topic"] not in TOPICS
        or fields["instance"] not in INSTANCES
    ):
        raise ValidationError(_("Unknown kind, channel, topic or instance."))
    if fields["received_on"] and fields["received_on"] > timezone.localdate():
        raise ValidationError(_("A submission cannot be received in the future."))
    if not fields["content"].strip():
        raise ValidationError(_("The content is empty."))
    village = fields["village"]
    if village is not None and village.parent_id != unit.pk:
        raise ValidationError(_("The village is not in this commune."))
    # A means of contact is part of the person's identity: it goes into the encrypted store, never the case.
    contact = fields.pop("contact").strip()
    attachment = fields.pop("attachment", None)
    if fields["is_anonymous"]:
        identity, contact = None, ""
    if contact and not (identity and identity.contact.strip()):
        identity = Identity(identity.name if identity else "", identity.address if identity else "", contact)
    item = FeedbackItem(
        unit=unit,
        received_by=official,
        tracking_code="",
        **{**fields, "received_on": fields["received_on"] or timezone.localdate()},
    )
    if item.kind == Kind.COMPLAINT and not item.instance:
        item.instance = deadlines.Instance.FIRST
    problem = intake.receipt_problem(item.kind, _sender(item, identity))
    if problem:
        raise ValidationError(RECEIPT_MESSAGES[problem], code=problem)
    _refresh_due_dates(item)
    sealed = seal_identity(identity) if identity is not None else None
    return _write_received(item, sealed=sealed, attachment=attachment, by=by)


# Everything was checked before: inside the caller's transaction (the client key's claim) no savepoint is
# needed, since any error here rolls the whole submission back.
@atomic_for_sole_write(savepoint=False)
def _write_received(
    item: FeedbackItem, *, sealed: SenderIdentity | None, attachment: Attachment | None, by: User | None
) -> FeedbackItem:
    """Write a checked item, its sealed identity, audit line, receipt event and file, in one transaction: on
    PostgreSQL the item, the key's claim, the identity, the event and the audit line in one statement."""
    # Without a file, the statement is the whole write: it may commit by itself (core.inserts).
    _insert_with_fresh_code(item, lambda: _received_rows(item, sealed, by), sole_write=attachment is None)
    # Operations log: the code, the kind and the channel; never a name, an address or a contact.
    logger.info("feedback %s received: %s via %s", item.tracking_code, item.kind, item.channel)
    if attachment is not None:  # last: any refusal above leaves no file behind
        store_attachment(item, attachment)
    return item


def _received_rows(item: FeedbackItem, sealed: SenderIdentity | None, by: User | None) -> list[Companion]:
    """The rows a received item writes with it, each taking the item's id: the sealed identity, the audit
    line (its code drawn already) and the receipt event."""
    changes = {"kind": item.kind, "channel": item.channel}
    rows = [
        Companion(audit.line(AuditEvent.Action.CREATE, item, by=by, changes=changes), pk_column="object_id"),
        Companion(_new_event(item, FeedbackEvent.Kind.RECEIVED, by=by, note=_channel_label(item)), "item_id"),
    ]
    return [Companion(sealed, pk_column="item_id"), *rows] if sealed is not None else rows


def _channel_label(item: FeedbackItem) -> str:
    """`get_channel_display()`, without Django hashing every choice to find it."""
    return str(FeedbackItem.Channel(item.channel).label)


def _insert_with_fresh_code(
    item: FeedbackItem, rows_along: Callable[[], list[Companion]], *, sole_write: bool = False
) -> None:
    """Insert the item under a new tracking code with the rows it writes along (`insert_under_fresh_key`)."""
    written = insert_under_fresh_key(
        item,
        key="tracking_code",
        draw=new_tracking_code,
        rows_along=rows_along,
        attempts=10,
        claim=idempotency.pending_claim(FeedbackItem),
        sole_write=sole_write,
    )
    if written is None:
        raise RuntimeError("no unused tracking code found")  # pragma: no cover - 10 collisions in 8.5e11


def _locked(item: FeedbackItem) -> FeedbackItem:
    # Lock the case's row only: PostgreSQL refuses FOR UPDATE on the nullable side of the assignee join.
    return (
        FeedbackItem.objects.select_for_update(of=("self",))
        .select_related("unit", "assignee")
        .get(pk=item.pk)
    )


def _check_status(item: FeedbackItem, allowed: set[str]) -> None:
    if item.status not in allowed:
        raise ValidationError(
            _("This is not possible while the case is %(status)s.") % {"status": item.get_status_display()},
            code="status",
        )


def _identity_of(item: FeedbackItem) -> Identity | None:
    row = SenderIdentity.objects.filter(item=item).first()
    return None if row is None else _decrypted(row)


def _decrypted(row: SenderIdentity) -> Identity:
    return Identity(
        crypto.decrypt(row.name_encrypted),
        crypto.decrypt(row.address_encrypted),
        crypto.decrypt(row.contact_encrypted),
    )


def store_identity(identity: Identity, *, item: FeedbackItem | None = None) -> SenderIdentity:
    """Encrypt an identity into the one identity store; without `item`, the caller keeps the reference."""
    sealed = seal_identity(identity)
    sealed.item = item
    sealed.save(force_insert=True)
    return sealed


def seal_identity(identity: Identity) -> SenderIdentity:
    """Encrypt an identity into a row of the identity store, not yet saved (refused here without a key)."""
    return SenderIdentity(
        name_encrypted=crypto.encrypt(identity.name.strip()),
        address_encrypted=crypto.encrypt(identity.address.strip()),
        contact_encrypted=crypto.encrypt(identity.contact.strip()),
    )


def stored_identity_for_system(row: SenderIdentity) -> Identity:
    """Decrypt a stored identity for a system step that shows it to no one (copying it into a petition)."""
    return _decrypted(row)


@transaction.atomic
def reveal_stored_identity(
    user: User, row: SenderIdentity, *, commune: Unit, about: Any, assignee: Any = None
) -> Identity:
    """Return an identity held by reference (a reception entry, a letter) to a permitted reader; audit it.

    The reader rule is permissions.can_read_identity, the same as a case's; `about` is the object the
    audit names (never the person).
    """
    if not permissions.can_read_identity(user, commune, assignee):
        raise PermissionDenied
    audit.record(AuditEvent.Action.VIEW, about, by=user, changes={"viewed": "sender_identity"})
    logger.info("%s %s: identity read by user %s", about._meta.label, about.pk, user.pk)
    return _decrypted(row)


ACCEPTANCE_MESSAGES = {
    "anonymous_complaint": gettext_lazy("A complaint cannot be anonymous."),
    "anonymous_denunciation": gettext_lazy(
        "An anonymous denunciation cannot be accepted as a denunciation; it may only be used as information."
    ),
    "unsigned": gettext_lazy("The application is not signed or finger-printed."),
    "incomplete_identity": gettext_lazy(
        "A denunciation needs the denouncer's name, address and means of contact."
    ),
}


@transaction.atomic
def accept_feedback(item: FeedbackItem, *, by: User, accepted_on: date | None = None) -> FeedbackItem:
    """Accept a received case (thụ lý) and set the due dates that run from acceptance."""
    item = _locked(item)
    if not permissions.can_handle_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RECEIVED})
    problem = intake.acceptance_problem(item.kind, _sender(item, _identity_of(item)))
    if problem:
        raise ValidationError(ACCEPTANCE_MESSAGES[problem], code=problem)
    accepted_on = accepted_on or timezone.localdate()
    if accepted_on < item.received_on:
        raise ValidationError(_("A case cannot be accepted before it was received."))
    item.status, item.accepted_on = Status.ACCEPTED, accepted_on
    _refresh_due_dates(item)
    item.save(update_fields=["status", "accepted_on", *DUE_FIELDS, "updated_at"])
    audit.record(
        AuditEvent.Action.UPDATE, item, by=by, changes={"status": [Status.RECEIVED, Status.ACCEPTED]}
    )
    _event(item, FeedbackEvent.Kind.ACCEPTED, by=by)
    return item


@transaction.atomic
def decline_feedback(item: FeedbackItem, *, by: User, reason: str, legal_basis: str) -> FeedbackItem:
    """Decline a received case (không thụ lý), with the reason and the legal basis the notice must state."""
    item = _locked(item)
    if not permissions.can_handle_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RECEIVED})
    if not reason.strip() or not legal_basis.strip():
        raise ValidationError(_("Give the reason and the legal basis for not accepting."), code="reason")
    item.status = Status.DECLINED
    item.decline_reason, item.decline_legal_basis = reason.strip(), legal_basis.strip()[:255]
    item.save(update_fields=["status", "decline_reason", "decline_legal_basis", "updated_at"])
    audit.record(
        AuditEvent.Action.UPDATE,
        item,
        by=by,
        changes={"status": [Status.RECEIVED, Status.DECLINED], "legal_basis": item.decline_legal_basis},
    )
    _event(
        item, FeedbackEvent.Kind.DECLINED, by=by, note=f"{item.decline_reason} ({item.decline_legal_basis})"
    )
    return item


@transaction.atomic
def assign_feedback(item: FeedbackItem, *, by: User, assignee: Official) -> FeedbackItem:
    """Give an accepted case to an active official of the commune, who then works on it."""
    item = _locked(item)
    if not permissions.can_decide_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.ACCEPTED, Status.IN_PROGRESS})
    if assignee.unit_id != item.unit_id or not assignee.is_active:
        raise ValidationError(_("The official does not work for this commune."), code="assignee")
    before = str(item.assignee) if item.assignee else ""
    item.assignee, item.status = assignee, Status.IN_PROGRESS
    item.save(update_fields=["assignee", "status", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, item, by=by, changes={"assignee": [before, str(assignee)]})
    _event(item, FeedbackEvent.Kind.ASSIGNED, by=by, note=str(assignee))
    return item


@transaction.atomic
def extend_limit(item: FeedbackItem, *, by: User, reason: str) -> FeedbackItem:
    """Extend the limit that runs now: before acceptance a denunciation's initial handling, after it the
    resolution period. The one "extend" step of the case page and the staff API."""
    if item.status == FeedbackItem.Status.RECEIVED:
        return extend_initial_handling(item, by=by, reason=reason)
    return extend_resolution(item, by=by, reason=reason)


def extensions_left(item: FeedbackItem) -> int:
    """How many more times the limit that runs now may be extended (the one rule of extend_limit, the case
    page and the staff API): before acceptance a denunciation's initial handling, once; after it the
    resolution period, as often as the law allows for its kind (deadlines.extensions_allowed)."""
    if item.status == Status.RECEIVED:
        return int(item.kind == Kind.DENUNCIATION and not item.is_initial_handling_extended)
    kind = case_kind_of(item)
    allowed = deadlines.extensions_allowed(limits_on(item.received_on), kind) if kind else 0
    return max(allowed - item.extensions, 0)


def extend_initial_handling(item: FeedbackItem, *, by: User, reason: str) -> FeedbackItem:
    """Give a received denunciation's initial handling the longer limit, once, with the reason.

    Law on Denunciations art. 24(1): 7 working days, 10 when verification is needed at several places or
    the handling is delegated.
    """
    item = _locked(item)
    if not permissions.can_decide_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RECEIVED})
    if not extensions_left(item):
        raise ValidationError(
            _("Only a denunciation's initial handling is extended, and only once."),
            code="too_many_extensions",
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."), code="reason")
    before = item.accept_due_on
    item.is_initial_handling_extended = True
    _refresh_due_dates(item)
    item.save(update_fields=["is_initial_handling_extended", *DUE_FIELDS, "updated_at"])
    audit.record(
        AuditEvent.Action.UPDATE,
        item,
        by=by,
        changes={"accept_due_on": [str(before), str(item.accept_due_on)], "reason": reason.strip()},
    )
    _event(item, FeedbackEvent.Kind.EXTENDED, by=by, note=reason.strip())
    return item


@transaction.atomic
def extend_resolution(item: FeedbackItem, *, by: User, reason: str) -> FeedbackItem:
    """Extend the resolution period of an accepted case, as often as the law allows for its kind.

    A complaint: once, to the complex-case period (Law on Complaints arts. 28, 37). A denunciation: by 30
    days, once if complex, twice if especially complex (Law on Denunciations art. 30). The extension is a
    written decision, so its reason is required.
    """
    item = _locked(item)
    if not permissions.can_decide_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.ACCEPTED, Status.IN_PROGRESS})
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."), code="reason")
    if not extensions_left(item):
        raise ValidationError(
            _("The law allows no further extension for this case."), code="too_many_extensions"
        )
    before = item.resolve_due_on
    item.extensions += 1
    item.is_complex = True
    _refresh_due_dates(item)
    item.save(update_fields=["extensions", "is_complex", *DUE_FIELDS, "updated_at"])
    audit.record(
        AuditEvent.Action.UPDATE,
        item,
        by=by,
        changes={"resolve_due_on": [str(before), str(item.resolve_due_on)], "reason": reason.strip()},
    )
    _event(item, FeedbackEvent.Kind.EXTENDED, by=by, note=reason.strip())
    return item


@transaction.atomic
def resolve_feedback(
    item: FeedbackItem,
    *,
    by: User,
    public_answer: str,
    publish: bool = False,
    resolved_on: date | None = None,
    decision_number: str = "",
    decision_on: date | None = None,
    decision_content: str = "",
) -> FeedbackItem:
    """Answer or resolve a case; the answer may be published (it never names the sender).

    A complaint is resolved by a decision, a denunciation by a conclusion: both need its number and date
    (Law on Complaints art. 31, Law on Denunciations art. 35). A first-instance complaint whose demand
    differs from the verification result needs a dialogue first, with signed minutes (art. 30).
    """
    item = _locked(item)
    if not permissions.can_resolve_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.ACCEPTED, Status.IN_PROGRESS})
    if not public_answer.strip():
        raise ValidationError(_("Write the answer."), code="answer")
    resolved_on = resolved_on or timezone.localdate()
    if resolved_on > timezone.localdate() or (item.accepted_on and resolved_on < item.accepted_on):
        raise ValidationError(_("The resolution date must lie between acceptance and today."), code="date")
    if item.kind in {Kind.COMPLAINT, Kind.DENUNCIATION}:
        if not decision_number.strip() or decision_on is None or not decision_content.strip():
            raise ValidationError(
                _("Give the number, date and content of the resolution decision."), code="decision"
            )
        if item.kind == Kind.COMPLAINT and item.is_demand_different and item.dialogue_on is None:
            raise ValidationError(
                _(
                    "The demand differs from the verification result: record the dialogue before the "
                    "decision (Law on Complaints art. 30)."
                ),
                code="dialogue",
            )
    _check_publication(item, publish)
    item.status, item.public_answer, item.is_published = Status.RESOLVED, public_answer.strip(), publish
    item.resolved_on = resolved_on
    item.decision_number, item.decision_on = decision_number.strip()[:60], decision_on
    item.decision_content = decision_content.strip()
    if item.kind == Kind.COMPLAINT and decision_on is not None:
        # Law on Complaints art. 32: the decision is sent within 3 working days of its date.
        limits = limits_on(item.received_on)
        if limits.has(deadlines.CaseKind.COMPLAINT, deadlines.Step.SEND_DECISION, deadlines.Instance.FIRST):
            item.decision_send_due_on = deadlines.decision_dispatch_due(
                decision_on, limits, default_calendar()
            )
    item.save(
        update_fields=[
            "status",
            "public_answer",
            "is_published",
            "resolved_on",
            "decision_number",
            "decision_on",
            "decision_content",
            "decision_send_due_on",
            "updated_at",
        ]
    )
    audit.record(
        AuditEvent.Action.UPDATE,
        item,
        by=by,
        changes={"status": [Status.IN_PROGRESS, Status.RESOLVED], "decision_number": item.decision_number},
    )
    _event(item, FeedbackEvent.Kind.RESOLVED, by=by, note=item.decision_number)
    return item


@transaction.atomic
def reveal_identity(user: User, item: FeedbackItem) -> Identity | None:
    """Return the sender's identity to the case's assignee or a leader of the commune, and audit the reading.

    Law on Denunciations arts. 8(3), 9(1), 56: the identity is secret; every reading is written down.
    """
    item = FeedbackItem.objects.select_related("unit", "assignee").get(pk=item.pk)
    if not permissions.can_reveal_identity(user, item):
        raise PermissionDenied
    identity = _identity_of(item)
    audit.record(AuditEvent.Action.VIEW, item, by=user, changes={"viewed": "sender_identity"})
    logger.info("feedback %s: sender's identity read by user %s", item.tracking_code, user.pk)
    return identity


# --- The later steps of a case ------------------------------------------------------------------------------
def _event(item: FeedbackItem, kind: str, *, by: User | None, note: str = "") -> FeedbackEvent:
    """Append a step to the case's timeline. The note never carries the sender's identity."""
    return insert(_new_event(item, kind, by=by, note=note))


def _new_event(item: FeedbackItem, kind: str, *, by: User | None, note: str = "") -> FeedbackEvent:
    actor = by if getattr(by, "is_authenticated", False) else None
    return FeedbackEvent(item=item, kind=kind, actor=actor, note=note[:2000])


def _check_date(day: date, *, not_before: date | None) -> None:
    if day > timezone.localdate() or (not_before is not None and day < not_before):
        raise ValidationError(_("The date must lie between the receipt of the case and today."), code="date")


@transaction.atomic
def classify_feedback(
    item: FeedbackItem,
    *,
    by: User,
    kind: str,
    topic: str,
    instance: str = "",
    is_complex: bool = False,
    is_remote_area: bool = False,
    village: Unit | None = None,
) -> FeedbackItem:
    """Set what the case is (kind, topic, instance, complex, remote area, village) and recompute its dates.

    The kind and instance may change only before acceptance; a case made a complaint must name its sender.
    """
    item = _locked(item)
    if not permissions.can_handle_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS})
    if kind not in KINDS or topic not in TOPICS:
        raise ValidationError(_("Unknown kind, channel, topic or instance."))
    if instance not in INSTANCES:
        raise ValidationError(_("Unknown kind, channel, topic or instance."))
    if kind == Kind.COMPLAINT and not instance:
        instance = deadlines.Instance.FIRST
    if item.status != Status.RECEIVED and (kind != item.kind or instance != item.instance):
        raise ValidationError(
            _("The kind and instance cannot change once the case is accepted."), code="kind"
        )
    if village is not None and village.parent_id != item.unit_id:
        raise ValidationError(_("The village is not in this commune."))
    identity = _identity_of(item)
    problem = intake.receipt_problem(kind, _sender(item, identity))
    if problem:
        raise ValidationError(RECEIPT_MESSAGES[problem], code=problem)
    before = {name: getattr(item, name) for name in CLASSIFY_FIELDS}
    item.kind, item.topic, item.instance, item.village = kind, topic, instance, village
    item.is_complex, item.is_remote_area = is_complex or item.extensions > 0, is_remote_area
    _refresh_due_dates(item)
    item.save(update_fields=[*CLASSIFY_FIELDS, *DUE_FIELDS, "updated_at"])
    changes = audit.diff(item, before, CLASSIFY_FIELDS)
    audit.record(AuditEvent.Action.UPDATE, item, by=by, changes=changes)
    _event(
        item,
        FeedbackEvent.Kind.CLASSIFIED,
        by=by,
        note=f"{item.get_kind_display()}, {item.get_topic_display()}",
    )
    return item


CLASSIFY_FIELDS = ["kind", "topic", "instance", "village", "is_complex", "is_remote_area"]


def _reply_contact(item: FeedbackItem) -> str:
    """Where the outbox sends the answer: the person's own contact, decrypted for the message only.

    Never a denouncer's: their conclusion goes by letter (Law on Denunciations arts. 40, 56).
    """
    if item.kind == Kind.DENUNCIATION:
        return ""
    identity = _identity_of(item)
    return identity.contact.strip() if identity else ""


@transaction.atomic
def record_verification(
    item: FeedbackItem, *, by: User, verified_on: date, result: str, is_demand_different: bool = False
) -> FeedbackItem:
    """Record what the verification found; flag a complaint whose demand still differs from it."""
    item = _locked(item)
    if not permissions.can_resolve_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.ACCEPTED, Status.IN_PROGRESS})
    if not result.strip():
        raise ValidationError(_("Write what the verification found."), code="verification")
    _check_date(verified_on, not_before=item.accepted_on)
    item.verified_on, item.verification_result = verified_on, result.strip()
    item.is_demand_different = is_demand_different and item.kind == Kind.COMPLAINT
    item.save(update_fields=["verified_on", "verification_result", "is_demand_different", "updated_at"])
    audit.record(
        AuditEvent.Action.UPDATE,
        item,
        by=by,
        changes={"verified_on": str(verified_on), "is_demand_different": item.is_demand_different},
    )
    _event(item, FeedbackEvent.Kind.VERIFIED, by=by, note=item.verification_result)
    return item


@transaction.atomic
def record_dialogue(
    item: FeedbackItem,
    *,
    by: User,
    held_on: date,
    minutes: str,
    is_minutes_signed: bool,
    notice_on: date | None = None,
) -> FeedbackItem:
    """Record the dialogue of a complaint and its minutes (Law on Complaints art. 30).

    The minutes are signed or finger-printed by the participants, or carry the note of who refused. Where a
    notice period is in force for the case (from 01/07/2026, 5 days: Decree 155/2026), the day the notice
    went out is required and the dialogue cannot come sooner.
    """
    item = _locked(item)
    if not permissions.can_resolve_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.ACCEPTED, Status.IN_PROGRESS})
    if item.kind != Kind.COMPLAINT:
        raise ValidationError(_("A dialogue is recorded for complaints only."), code="kind")
    if not minutes.strip() or not is_minutes_signed:
        raise ValidationError(
            _("Write the minutes, signed by the participants or noting who refused to sign."), code="minutes"
        )
    _check_date(held_on, not_before=item.accepted_on)
    _check_dialogue_notice(item, notice_on, held_on)
    item.dialogue_notice_on, item.dialogue_on, item.dialogue_minutes = notice_on, held_on, minutes.strip()
    item.is_dialogue_minutes_signed = True
    fields = ["dialogue_notice_on", "dialogue_on", "dialogue_minutes", "is_dialogue_minutes_signed"]
    item.save(update_fields=[*fields, "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, item, by=by, changes={"dialogue_on": str(held_on)})
    _event(item, FeedbackEvent.Kind.DIALOGUE, by=by, note=item.dialogue_minutes)
    return item


def _check_dialogue_notice(item: FeedbackItem, notice_on: date | None, held_on: date) -> None:
    """Refuse a dialogue held sooner after its notice than the case's limits allow (none before 2026)."""
    limits = limits_on(item.received_on)
    instance = item.instance or deadlines.Instance.FIRST
    if not limits.has(deadlines.CaseKind.COMPLAINT, deadlines.Step.DIALOGUE_NOTICE, instance):
        return
    if notice_on is None:
        raise ValidationError(_("Give the day the dialogue notice was sent."), code="notice")
    earliest = deadlines.earliest_dialogue_day(notice_on, instance, limits, default_calendar())
    if notice_on > held_on or (earliest is not None and held_on < earliest):
        days = limits.get(deadlines.CaseKind.COMPLAINT, deadlines.Step.DIALOGUE_NOTICE, instance).days
        raise ValidationError(
            _(
                "The dialogue notice goes out at least %(days)d days before the dialogue: from a notice of "
                "%(notice)s the dialogue is held on %(earliest)s or later."
            )
            % {"days": days, "notice": format_date(notice_on), "earliest": format_date(earliest)},
            code="notice",
        )


ANSWER_VIA_OUTBOX = "outbox"
ANSWER_VIA_LETTER = "letter"
ANSWER_VIA_TRACKING = "tracking"
ANSWER_VIA_LABELS = {
    ANSWER_VIA_OUTBOX: gettext_lazy("by message to the contact the person left"),
    ANSWER_VIA_LETTER: gettext_lazy("by letter (a denouncer's contact stays encrypted)"),
    ANSWER_VIA_TRACKING: gettext_lazy("on the tracking page (no contact left)"),
}


@transaction.atomic
def send_answer(item: FeedbackItem, *, by: User) -> FeedbackItem:
    """Send the answer to the person: to their contact through the outbox when they left one.

    A denouncer's contact stays encrypted and never enters the outbox (nor its log): the conclusion goes to
    them by letter (Law on Denunciations art. 40). Without a contact, the answer waits on the tracking page.
    Sending twice queues one message.
    """
    item = _locked(item)
    if not permissions.can_resolve_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RESOLVED})
    if item.answer_sent_on is not None:
        return item
    contact = _reply_contact(item)
    if contact:
        queue_notification(
            unit=item.unit,
            recipient=contact,
            body=answer_text(item),
            dedupe_key=f"feedback:{item.pk}:answer",
            channel="email" if "@" in contact else "sms",
        )
        item.answer_sent_via = ANSWER_VIA_OUTBOX
    elif item.kind == Kind.DENUNCIATION and not item.is_anonymous:
        item.answer_sent_via = ANSWER_VIA_LETTER
    else:
        item.answer_sent_via = ANSWER_VIA_TRACKING
    item.answer_sent_on = timezone.localdate()
    item.save(update_fields=["answer_sent_on", "answer_sent_via", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, item, by=by, changes={"answer_sent_via": item.answer_sent_via})
    _event(item, FeedbackEvent.Kind.ANSWER_SENT, by=by, note=str(ANSWER_VIA_LABELS[item.answer_sent_via]))
    return item


@transaction.atomic
def record_decision_received(item: FeedbackItem, *, by: User, received_on: date) -> FeedbackItem:
    """Record the day the complainant received the first-instance decision (their signed receipt, the
    post's return slip, or the day it was handed over): the window for a second complaint runs from it."""
    item = _locked(item)
    if not permissions.can_resolve_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RESOLVED, Status.CLOSED})
    if item.kind != Kind.COMPLAINT or item.decision_on is None:
        raise ValidationError(_("Only a complaint resolved by a decision has a decision to receive."))
    if received_on > timezone.localdate() or received_on < item.decision_on:
        raise ValidationError(_("The decision is received between its date and today."), code="date")
    before = item.decision_received_on
    item.decision_received_on = received_on
    item.save(update_fields=["decision_received_on", "updated_at"])
    audit.record(
        AuditEvent.Action.UPDATE,
        item,
        by=by,
        changes={"decision_received_on": [format_date(before), format_date(received_on)]},
    )
    _event(item, FeedbackEvent.Kind.DECISION_RECEIVED, by=by, note=format_date(received_on))
    return item


def second_complaint_until(item: FeedbackItem, today: date) -> date | None:
    """Return the last day the complainant may complain again or sue (Law on Complaints art. 33), or None.

    Only a first-instance complaint has the window. It runs from the day the decision was received, or,
    when the case was accepted but not resolved in time, from the last day of the resolution period. The
    limit is the one in force when the case was received (as for the case's other limits).
    """
    if item.kind != Kind.COMPLAINT or item.instance != deadlines.Instance.FIRST:
        return None
    start = item.decision_received_on
    unresolved = item.status in {Status.ACCEPTED, Status.IN_PROGRESS}
    if start is None and unresolved and item.resolve_due_on is not None and item.resolve_due_on < today:
        start = item.resolve_due_on
    limits = limits_on(item.received_on)
    if start is None or not limits.has(deadlines.CaseKind.COMPLAINT, deadlines.Step.COMPLAIN_AGAIN, "first"):
        return None
    return deadlines.second_complaint_until(start, item.is_remote_area, limits, default_calendar())


def answer_text(item: FeedbackItem) -> str:
    """The message that carries the answer: the commune, the tracking code and the public answer."""
    return _("%(commune)s answers your submission %(code)s: %(answer)s") % {
        "commune": item.unit.name,
        "code": item.tracking_code,
        "answer": item.public_answer,
    }


@transaction.atomic
def close_feedback(item: FeedbackItem, *, by: User) -> FeedbackItem:
    """Close a resolved case once its answer has gone out."""
    item = _locked(item)
    if not permissions.can_resolve_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RESOLVED})
    if item.answer_sent_on is None:
        raise ValidationError(_("Send the answer to the person before closing the case."), code="answer")
    item.status, item.closed_on = Status.CLOSED, timezone.localdate()
    item.save(update_fields=["status", "closed_on", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, item, by=by, changes={"status": [Status.RESOLVED, Status.CLOSED]})
    _event(item, FeedbackEvent.Kind.CLOSED, by=by)
    return item


def _check_publication(item: FeedbackItem, publish: bool) -> None:
    if publish and not intake.may_publish(item.kind):
        raise ValidationError(_("A denunciation's answer is not published."), code="publish")


@transaction.atomic
def set_publication(item: FeedbackItem, *, by: User, publish: bool) -> FeedbackItem:
    """Publish the answer on the commune's public page, or take it down. It never names the sender.
    Asking again for what is already so changes nothing (a resend, or an old page's button)."""
    item = _locked(item)
    if not permissions.can_resolve_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RESOLVED, Status.CLOSED})
    _check_publication(item, publish)
    if item.is_published == publish:
        return item
    item.is_published = publish
    item.save(update_fields=["is_published", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, item, by=by, changes={"is_published": publish})
    _event(item, FeedbackEvent.Kind.PUBLISHED, by=by, note=_("published") if publish else _("taken down"))
    return item


@transaction.atomic
def transfer_feedback(
    item: FeedbackItem,
    *,
    by: User,
    mode: str,
    referral_body: str,
    referral_on: date,
    referral_number: str = "",
) -> FeedbackItem:
    """Transfer a case outside the commune's competence to the competent body, or guide the sender there.

    The referral letter is recorded: its number (required for a transfer), date and the body. Law on
    Denunciations art. 24(1): a denunciation is forwarded within 5 working days; Law on Complaints art. 27,
    Circular 05/2021: a complaint outside competence is answered with guidance.
    """
    item = _locked(item)
    if not permissions.can_handle_feedback(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RECEIVED})
    if mode not in FeedbackItem.ReferralMode.values:
        raise ValidationError(_("Choose transfer or guidance."), code="mode")
    if not referral_body.strip() or (
        mode == FeedbackItem.ReferralMode.TRANSFER and not referral_number.strip()
    ):
        raise ValidationError(
            _("Give the competent body, and the number of the referral letter for a transfer."),
            code="referral",
        )
    _check_date(referral_on, not_before=item.received_on)
    item.status, item.referral_mode = Status.TRANSFERRED, mode
    item.referral_number, item.referral_on = referral_number.strip()[:60], referral_on
    item.referral_body = referral_body.strip()[:255]
    item.save(
        update_fields=[
            "status",
            "referral_mode",
            "referral_number",
            "referral_on",
            "referral_body",
            "updated_at",
        ]
    )
    audit.record(
        AuditEvent.Action.UPDATE,
        item,
        by=by,
        changes={
            "status": [Status.RECEIVED, Status.TRANSFERRED],
            "referral_body": item.referral_body,
            "referral_number": item.referral_number,
        },
    )
    _event(item, FeedbackEvent.Kind.TRANSFERRED, by=by, note=f"{item.referral_number} → {item.referral_body}")
    contact = _reply_contact(item)
    if contact:
        queue_notification(
            unit=item.unit,
            recipient=contact,
            body=_("%(commune)s: your submission %(code)s is for %(body)s; letter %(number)s of %(date)s.")
            % {
                "commune": item.unit.name,
                "code": item.tracking_code,
                "body": item.referral_body,
                "number": item.referral_number or "-",
                "date": f"{referral_on:%d/%m/%Y}",
            },
            dedupe_key=f"feedback:{item.pk}:transferred",
            channel="email" if "@" in contact else "sms",
        )
    return item


@transaction.atomic
def mark_useful_contribution(item: FeedbackItem, *, by: User) -> FeedbackItem:
    """Mark an item as a useful contribution and draft the thank-you letter to its sender, in one go.

    Records the intent (who, when) and, when the sender left a name, drafts the letter (letters app, once per
    item) and keeps its reference in `thanks_letter_ref`. An anonymous sender gets no letter; nor does a
    denouncer, whose identity never leaves its encrypted row. Marking twice changes nothing.
    """
    item = _locked(item)
    if not permissions.can_handle_feedback(by, item):
        raise PermissionDenied
    if item.is_useful_contribution:
        return item
    item.is_useful_contribution, item.useful_marked_at, item.useful_marked_by = True, timezone.now(), by
    item.thanks_letter_ref = _draft_thanks_letter(item, by=by)
    fields = ["is_useful_contribution", "useful_marked_at", "useful_marked_by", "thanks_letter_ref"]
    item.save(update_fields=[*fields, "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, item, by=by, changes={"is_useful_contribution": True})
    _event(item, FeedbackEvent.Kind.USEFUL, by=by)
    return item


def _draft_thanks_letter(item: FeedbackItem, *, by: User) -> str:
    """Draft the thank-you letter of a useful contribution; return its reference, or "" when none is sent.

    The letters app drafts it (hooks.useful_contribution_marked, registered in letters' AppConfig.ready),
    naming the sender only by reference to the encrypted identity (letters.services.draft_thanks_letter).
    """
    row = None if item.kind == Kind.DENUNCIATION else SenderIdentity.objects.filter(item=item).first()
    if row is None or not _decrypted(row).name.strip():
        return ""
    return next((ref for ref in hooks.useful_contribution_marked.run(row) if ref), "")


def _letter_feedback(letter: Any) -> FeedbackItem | None:
    row = letter.sender_identity
    return FeedbackItem.objects.select_related("unit", "assignee").filter(pk=row.item_id).first()


def may_reveal_letter_recipient(user: User, letter: Any) -> bool:
    """Whether `user` may print a letter to a petition's sender with their real name (can_read_identity)."""
    item = _letter_feedback(letter)
    return permissions.can_read_identity(user, letter.commune, item.assignee if item else None)


def reveal_letter_recipient(user: User, letter: Any) -> Identity:
    """The real recipient of a letter to a petition's sender, for an identity reader; audited."""
    item = _letter_feedback(letter)
    return reveal_stored_identity(
        user,
        letter.sender_identity,
        commune=letter.commune,
        about=letter,
        assignee=item.assignee if item else None,
    )


# --- Suggestion boxes ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BoxItem:
    """One item found in a suggestion box, as the officer types it in."""

    kind: str
    content: str
    topic: str = FeedbackItem.Topic.OTHER
    village: Unit | None = None
    identity: Identity | None = None
    is_signed: bool = False


@transaction.atomic
def record_box_opening(
    unit: Unit, *, by: User, opened_on: date, location: str, opened_by: str, items: list[BoxItem]
) -> SuggestionBoxOpening:
    """Record the opening of a suggestion box (when, where, who opened it) and every item found, at once.

    Either the opening and all its items are recorded, or nothing is.
    """
    if not permissions.can_receive_feedback(by, unit):
        raise PermissionDenied
    if not location.strip() or not opened_by.strip():
        raise ValidationError(_("Say where the box is and who opened it."), code="box")
    _check_date(opened_on, not_before=None)
    opening = SuggestionBoxOpening.objects.create(
        unit=unit,
        opened_on=opened_on,
        location=location.strip()[:200],
        opened_by=opened_by.strip()[:300],
        recorded_by=by,
        item_count=len(items),
    )
    for number, found in enumerate(items, start=1):
        try:
            item = _receive(
                unit,
                by=by,
                identity=found.identity,
                kind=found.kind,
                content=found.content,
                channel=FeedbackItem.Channel.SUGGESTION_BOX,
                topic=found.topic,
                received_on=opened_on,
                village=found.village,
                instance="",
                is_anonymous=found.identity is None,
                is_signed=found.is_signed,
                contact="",
                is_remote_area=False,
            )
        except ValidationError as error:
            raise ValidationError(
                _("Item %(number)d: %(problem)s") % {"number": number, "problem": " ".join(error.messages)}
            ) from error
        item.box_opening = opening
        item.save(update_fields=["box_opening"])
    audit.record(AuditEvent.Action.CREATE, opening, by=by, changes={"items": len(items)})
    return opening


# --- The sweep ----------------------------------------------------------------------------------------------
@dataclass
class SweepResult:
    warnings: int = 0
    breaches: int = 0


def sweep_feedback_deadlines(today: date | None = None) -> SweepResult:
    """Warn the assignee and the commune's leaders before each limit of an open case; mark missed limits.

    Safe to run twice, or after a crash: each warning and each breach of one limit on one date is recorded
    once (a unique event) and each message has its dedupe key. The window is FEEDBACK_WARN_WORKING_DAYS.
    """
    from django.conf import settings

    today = today or timezone.localdate()
    calendar = default_calendar()
    window = int(getattr(settings, "FEEDBACK_WARN_WORKING_DAYS", 2))
    result = SweepResult()
    cases = (
        FeedbackItem.objects.exclude(status__in=CLOSED_STATUSES)
        .select_related("unit", "assignee")
        .order_by("pk")
    )
    for item in cases.iterator(chunk_size=500):
        limit, due_on = _open_limit(item)
        if due_on is None:
            continue
        reminder = deadlines.reminder_due(today, due_on, window, calendar)
        if reminder is None:
            continue
        with transaction.atomic():
            kind = (
                FeedbackEvent.Kind.BREACH
                if reminder == deadlines.Reminder.BREACH
                else FeedbackEvent.Kind.WARNING
            )
            _event_row, created = FeedbackEvent.objects.get_or_create(
                item=item, kind=kind, limit=limit, due_on=due_on, defaults={"note": f"{due_on:%d/%m/%Y}"}
            )
            if not created:
                continue
            _tell_handlers(item, kind, limit, due_on)
        if kind == FeedbackEvent.Kind.BREACH:
            result.breaches += 1
        else:
            result.warnings += 1
        logger.info("feedback %s: %s of %s due %s", item.tracking_code, kind, limit, due_on)
    return result


def _open_limit(item: FeedbackItem) -> tuple[str, date | None]:
    if item.status == Status.RECEIVED or item.resolve_due_on is None:
        return "accept_due_on", item.accept_due_on
    return "resolve_due_on", item.resolve_due_on


def _tell_handlers(item: FeedbackItem, kind: str, limit: str, due_on: date) -> None:
    officials = list(unit_queries.leaders(item.unit).exclude(phone=""))
    if item.assignee is not None and item.assignee.phone and item.assignee not in officials:
        officials.append(item.assignee)
    text = (
        _("Case %(code)s missed its limit of %(date)s. Handle it today.")
        if kind == FeedbackEvent.Kind.BREACH
        else _("Case %(code)s is due on %(date)s.")
    ) % {"code": item.tracking_code, "date": f"{due_on:%d/%m/%Y}"}
    for official in officials:
        queue_notification(
            unit=item.unit,
            recipient=official.phone,
            body=text,
            dedupe_key=f"feedback:{item.pk}:{limit}:{due_on:%Y%m%d}:{kind}:official:{official.pk}",
        )
