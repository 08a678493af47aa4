"""Receiving feedback, complaints and denunciations, and taking each case to its answer in time."""

import json
import secrets
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
from thanthien.core.models import AuditEvent
from thanthien.feedback import crypto, deadlines, intake, permissions
from thanthien.feedback.models import FeedbackItem, LegalTimeLimit, SenderIdentity
from thanthien.units.models import Official, Unit

# Tracking codes: 8 characters without 0/O, 1/I/L, so a citizen can read them out and type them back.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
Kind, Status = FeedbackItem.Kind, FeedbackItem.Status


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
    """Return the legal time limits in force on a day, from the LegalTimeLimit table."""
    return deadlines.limits_in_force((row.as_row() for row in LegalTimeLimit.objects.all()), day)


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
        has_contact=bool(identity and identity.contact.strip()) or bool(item.contact),
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
    by: Any,
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
) -> FeedbackItem:
    """Record a submission to a commune, give it a tracking code and its due dates.

    An official of the commune records it; without an official (`by` anonymous) only the public web form
    may. With `client_key`, a retry returns the first item instead of recording a second one.
    """
    arguments = {
        "kind": kind, "channel": channel, "content": content, "topic": topic, "received_on": received_on,
        "village": village, "instance": instance, "is_anonymous": is_anonymous, "is_signed": is_signed,
        "identity": identity, "contact": contact, "is_remote_area": is_remote_area,
    }  # fmt: skip
    if not client_key:
        return _receive(unit, by=by, **arguments)
    # The fingerprint leaves the identity out: no personal data goes into the idempotency table.
    fingerprint = idempotency.fingerprint_of(
        json.dumps([unit.pk, kind, channel, content, topic, str(received_on), instance], ensure_ascii=False)
    )
    outcome = idempotency.run_once(
        "feedback.receive",
        actor=by,
        key=client_key,
        fingerprint=fingerprint,
        action=lambda: str(_receive(unit, by=by, **arguments).pk),
    )
    return FeedbackItem.objects.get(pk=int(outcome.result))


@transaction.atomic
def _receive(unit: Unit, *, by: Any, identity: Identity | None, **fields: Any) -> FeedbackItem:
    is_official = getattr(by, "is_authenticated", False)
    if is_official and not permissions.can_receive_feedback(by, unit):
        raise PermissionDenied
    if not is_official and fields["channel"] != FeedbackItem.Channel.WEB_FORM:
        raise PermissionDenied
    if (
        fields["kind"] not in Kind.values
        or fields["channel"] not in FeedbackItem.Channel.values
        or fields["topic"] not in FeedbackItem.Topic.values
        or fields["instance"] not in LegalTimeLimit.Instance.values
    ):
        raise ValidationError(_("Unknown kind, channel, topic or instance."))
    if fields["received_on"] and fields["received_on"] > timezone.localdate():
        raise ValidationError(_("A submission cannot be received in the future."))
    if not fields["content"].strip():
        raise ValidationError(_("The content is empty."))
    village = fields["village"]
    if village is not None and village.parent_id != unit.pk:
        raise ValidationError(_("The village is not in this commune."))
    if fields["is_anonymous"]:
        identity, fields["contact"] = None, ""
    item = FeedbackItem(
        unit=unit,
        received_by=by if is_official else None,
        tracking_code="",
        **{**fields, "received_on": fields["received_on"] or timezone.localdate()},
    )
    if item.kind == Kind.COMPLAINT and not item.instance:
        item.instance = deadlines.Instance.FIRST
    if item.kind == Kind.DENUNCIATION and item.contact:
        # A denouncer's means of contact is part of the protected identity (Law on Denunciations art. 56).
        identity = Identity(
            identity.name if identity else "", identity.address if identity else "", item.contact
        )
        item.contact = ""
    problem = intake.receipt_problem(item.kind, _sender(item, identity))
    if problem:
        raise ValidationError(RECEIPT_MESSAGES[problem], code=problem)
    _refresh_due_dates(item)
    item.tracking_code = _unused_tracking_code()
    item.save()
    if identity is not None:
        SenderIdentity.objects.create(
            item=item,
            name_encrypted=crypto.encrypt(identity.name.strip()),
            address_encrypted=crypto.encrypt(identity.address.strip()),
            contact_encrypted=crypto.encrypt(identity.contact.strip()),
        )
    audit.record(AuditEvent.Action.CREATE, item, by=by, changes={"kind": item.kind, "channel": item.channel})
    return item


def _unused_tracking_code() -> str:
    for _attempt in range(10):
        code = new_tracking_code()
        if not FeedbackItem.objects.filter(tracking_code=code).exists():
            return code
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
    if row is None:
        return None
    return Identity(
        crypto.decrypt(row.name_encrypted),
        crypto.decrypt(row.address_encrypted),
        crypto.decrypt(row.contact_encrypted),
    )


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
def accept_case(item: FeedbackItem, *, by: Any, accepted_on: date | None = None) -> FeedbackItem:
    """Accept a received case (thụ lý) and set the due dates that run from acceptance."""
    item = _locked(item)
    if not permissions.can_handle_case(by, item):
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
    return item


@transaction.atomic
def decline_case(item: FeedbackItem, *, by: Any, reason: str, legal_basis: str) -> FeedbackItem:
    """Decline a received case (không thụ lý), with the reason and the legal basis the notice must state."""
    item = _locked(item)
    if not permissions.can_handle_case(by, item):
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
    return item


@transaction.atomic
def assign_case(item: FeedbackItem, *, by: Any, assignee: Official) -> FeedbackItem:
    """Give an accepted case to an active official of the commune, who then works on it."""
    item = _locked(item)
    if not permissions.can_decide_case(by, item):
        raise PermissionDenied
    _check_status(item, {Status.ACCEPTED, Status.IN_PROGRESS})
    if assignee.unit_id != item.unit_id or not assignee.is_active:
        raise ValidationError(_("The official does not work for this commune."), code="assignee")
    before = str(item.assignee) if item.assignee else ""
    item.assignee, item.status = assignee, Status.IN_PROGRESS
    item.save(update_fields=["assignee", "status", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, item, by=by, changes={"assignee": [before, str(assignee)]})
    return item


@transaction.atomic
def extend_initial_handling(item: FeedbackItem, *, by: Any, reason: str) -> FeedbackItem:
    """Give a received denunciation's initial handling the longer limit, once, with the reason.

    Law on Denunciations art. 24(1): 7 working days, 10 when verification is needed at several places or
    the handling is delegated.
    """
    item = _locked(item)
    if not permissions.can_decide_case(by, item):
        raise PermissionDenied
    _check_status(item, {Status.RECEIVED})
    if item.kind != Kind.DENUNCIATION or item.is_initial_handling_extended:
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
    return item


@transaction.atomic
def extend_case(item: FeedbackItem, *, by: Any, reason: str) -> FeedbackItem:
    """Extend the resolution period of an accepted case, as often as the law allows for its kind.

    A complaint: once, to the complex-case period (Law on Complaints arts. 28, 37). A denunciation: by 30
    days, once if complex, twice if especially complex (Law on Denunciations art. 30). The extension is a
    written decision, so its reason is required.
    """
    item = _locked(item)
    if not permissions.can_decide_case(by, item):
        raise PermissionDenied
    _check_status(item, {Status.ACCEPTED, Status.IN_PROGRESS})
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."), code="reason")
    kind = case_kind_of(item)
    allowed = deadlines.extensions_allowed(limits_on(item.received_on), kind) if kind else 0
    if item.extensions >= allowed:
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
    return item


@transaction.atomic
def resolve_case(
    item: FeedbackItem, *, by: Any, public_answer: str, publish: bool = False, resolved_on: date | None = None
) -> FeedbackItem:
    """Answer or resolve a case; the answer may be published (it never names the sender)."""
    item = _locked(item)
    if not permissions.can_resolve_case(by, item):
        raise PermissionDenied
    _check_status(item, {Status.ACCEPTED, Status.IN_PROGRESS})
    if not public_answer.strip():
        raise ValidationError(_("Write the answer."), code="answer")
    item.status, item.public_answer, item.is_published = Status.RESOLVED, public_answer.strip(), publish
    item.resolved_on = resolved_on or timezone.localdate()
    item.save(update_fields=["status", "public_answer", "is_published", "resolved_on", "updated_at"])
    audit.record(
        AuditEvent.Action.UPDATE, item, by=by, changes={"status": [Status.IN_PROGRESS, Status.RESOLVED]}
    )
    return item


@transaction.atomic
def reveal_identity(user: Any, item: FeedbackItem) -> Identity | None:
    """Return the sender's identity to the case's assignee or a leader of the commune, and audit the reading.

    Law on Denunciations arts. 8(3), 9(1), 56: the identity is secret; every reading is written down.
    """
    item = FeedbackItem.objects.select_related("unit", "assignee").get(pk=item.pk)
    if not permissions.can_reveal_identity(user, item):
        raise PermissionDenied
    identity = _identity_of(item)
    audit.record(AuditEvent.Action.VIEW, item, by=user, changes={"viewed": "sender_identity"})
    return identity
