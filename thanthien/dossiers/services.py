"""Every change to a dossier: one transaction, permission checked, event and audit written, citizen told.

The steps follow the one-stop mechanism (LAW.md §1d): receive → [hand over] → [supplement] → ready →
returned, or rejected; an apology slip with a new date when the due date cannot be kept.
"""

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.core.calendars import default_calendar
from thanthien.core.inserts import Companion, insert, insert_under_fresh_key
from thanthien.core.models import AuditEvent
from thanthien.core.phones import normalise_phone
from thanthien.core.statements import atomic_for_sole_write
from thanthien.core.workdays import CALENDAR_DAYS, WORKING_DAYS
from thanthien.dossiers import deadlines, hooks, intake, messages, permissions, workflow
from thanthien.dossiers.models import (
    Dossier,
    DossierEvent,
    Handover,
    Postponement,
    Rejection,
    SupplementRequest,
)
from thanthien.notifications.models import Notification
from thanthien.notifications.services import message, queue, queue_notification, wake_the_sender_for
from thanthien.procedures import offering
from thanthien.procedures.models import Procedure
from thanthien.units import queries as unit_queries
from thanthien.units.models import Unit, User

Status = Dossier.Status
CLOCK_SKEW = timedelta(minutes=5)
CODE_ATTEMPTS = 8
MAX_SUGGESTED_DELAY = 10


# --- Receiving ------------------------------------------------------------------------------------------
def receive_dossier(
    commune: Unit,
    *,
    procedure: Procedure,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_address: str = "",
    applicant_gender: str = "",
    channel: str = Dossier.Channel.IN_PERSON,
    received_at: datetime | None = None,
    by: User,
    client_key: str = "",
) -> Dossier:
    """Receive a complete dossier, give it a code and a due date, and send the applicant the receipt.

    With `client_key` (the desk form's hidden key, the API's Idempotency-Key), a repeat by the same official
    returns the dossier received the first time (`idempotency.was_replayed` tells it), and the same key
    for another dossier is refused. A dossier received by this call holds the events it wrote in
    `events_written` (its whole history: the API answers with it and reads nothing back).
    """
    if not permissions.can_receive_dossier(by, commune):
        raise PermissionDenied
    arguments: dict[str, Any] = {
        "procedure": procedure,
        "applicant_name": applicant_name,
        "applicant_phone": applicant_phone,
        "applicant_address": applicant_address,
        "applicant_gender": applicant_gender,
        "channel": channel,
        "received_at": received_at,
    }
    return idempotency.create_once(
        "dossiers.receive",
        actor=by,
        client_key=client_key,
        content=[commune, *arguments.values()],
        create=lambda: _receive(commune, by=by, **arguments),
        model=Dossier,
        effects_in_database=True,  # the dossier, its event, audit line and SMS receipt in the outbox
    )


def _receive(
    commune: Unit,
    *,
    procedure: Procedure,
    applicant_name: str,
    applicant_phone: str,
    applicant_address: str,
    applicant_gender: str,
    channel: str,
    received_at: datetime | None,
    by: User,
) -> Dossier:
    now = timezone.now()
    received_at = received_at or now
    _check_new_dossier(commune, procedure, applicant_name, channel, received_at, now)
    phone = normalise_phone(applicant_phone)
    rule = intake.rule_in_force(timezone.localtime(received_at).date())
    dates = intake.dates_for(
        received_at,
        channel=channel,
        time_limit_days=procedure.time_limit_days,
        time_limit_unit=procedure.time_limit_unit,
        terms=intake.terms_of(rule),
        calendar=default_calendar(),
    )
    return _write_received(
        commune=commune,
        procedure=procedure,
        intake_rule=rule,
        applicant_name=" ".join(applicant_name.split()),
        applicant_phone=phone,
        applicant_address=applicant_address.strip(),
        applicant_gender=applicant_gender if applicant_gender in Dossier.Gender.values else "",
        channel=channel,
        received_at=received_at,
        received_by=by if getattr(by, "is_authenticated", False) else None,
        counted_from=dates.counted_from,
        statutory_due_on=dates.due_date,
        due_on=dates.due_date,
    )


# Everything was checked before: inside the caller's transaction (the client key's claim) no savepoint is
# needed, since any error here rolls the whole receipt back.
@atomic_for_sole_write(savepoint=False)
def _write_received(**fields: Any) -> Dossier:
    """Write a checked dossier with its receipt event, audit line and SMS receipt, in one transaction (on
    PostgreSQL in one statement with the dossier: `_create_with_fresh_code`)."""
    dossier = Dossier(**fields)
    by, at = dossier.received_by, dossier.received_at
    event = _new_event(dossier, DossierEvent.Kind.RECEIVED, by=by, old="", new=Status.RECEIVED, at=at)
    for row in _create_with_fresh_code(dossier, lambda: _received_rows(dossier, event)):
        if isinstance(row.obj, Notification):
            wake_the_sender_for(row.obj)
    dossier.events_written = [event]  # type: ignore[attr-defined]  # its history so far, for the API's answer
    return dossier


def _received_rows(dossier: Dossier, event: DossierEvent) -> list[Companion]:
    """The rows a received dossier writes with it, each taking its id: the receipt event, the audit line
    (its code drawn already) and the applicant's SMS receipt, whose dedupe key names the dossier."""
    changes = {"procedure": dossier.procedure.code, "channel": dossier.channel}
    rows = [
        Companion(event, pk_column="dossier_id"),
        Companion(
            audit.line(AuditEvent.Action.CREATE, dossier, by=dossier.received_by, changes=changes),
            pk_column="object_id",
        ),
    ]
    if dossier.applicant_phone:
        receipt = _message_to_applicant(dossier, messages.receipt_text)
        rows.append(Companion(receipt, pk_column="dedupe_key", around=("dossier:", ":received")))
    return rows


def _check_new_dossier(
    commune: Unit, procedure: Procedure, name: str, channel: str, received_at: datetime, now: datetime
) -> None:
    if not procedure.is_active:
        raise ValidationError(_("The procedure %(code)s is no longer in use.") % {"code": procedure.code})
    if not offering.offers(commune, procedure, timezone.localtime(received_at).date()):
        raise ValidationError(
            _("The commune does not carry out the procedure %(code)s.") % {"code": procedure.code}
        )
    if not name.strip():
        raise ValidationError(_("Enter the applicant's name."))
    if channel not in Dossier.Channel.values:
        raise ValidationError(_("Unknown channel: %(channel)s") % {"channel": channel})
    if received_at > now + CLOCK_SKEW:
        raise ValidationError(_("The time of receipt cannot be in the future."))


def _create_with_fresh_code(dossier: Dossier, rows_along: Callable[[], list[Companion]]) -> list[Companion]:
    """Insert the dossier under a new code with the rows it writes along (`insert_under_fresh_key`), and
    return those rows."""
    received_on = timezone.localtime(dossier.received_at).date()
    written = insert_under_fresh_key(
        dossier,
        key="code",
        draw=lambda: intake.new_dossier_code(dossier.commune.code, received_on),
        rows_along=rows_along,
        attempts=CODE_ATTEMPTS,
        claim=idempotency.pending_claim(Dossier),
        sole_write=True,  # the receipt writes nothing after it: it may commit by itself (core.inserts)
    )
    if written is None:
        raise ValidationError(_("Could not give the dossier a code; try again."))
    return written


# --- Moving along ---------------------------------------------------------------------------------------
@transaction.atomic
def hand_over(
    dossier: Dossier, *, by: User, receiver: Any = None, receiver_office: str = "", note: str = ""
) -> Handover:
    """Record a hand-over on the control slip (phiếu kiểm soát); the first one starts the processing."""
    dossier = _lock_for(dossier, by)
    if dossier.status not in {Status.RECEIVED, Status.IN_PROGRESS}:
        raise ValidationError(_("Only a dossier being processed can be handed over."))
    now = timezone.now()
    step = dossier.handovers.count() + 1
    handover = Handover.objects.create(
        dossier=dossier,
        step=step,
        giver=by,
        receiver=receiver,
        receiver_office=receiver_office.strip(),
        handed_at=now,
        step_due_on=dossier.due_on,
        timeliness=deadlines.timeliness(timezone.localtime(now).date(), dossier.due_on),
        note=note.strip(),
    )
    if dossier.status == Status.RECEIVED:
        _move(dossier, Status.IN_PROGRESS)
    receiver_name = str(receiver) if receiver else receiver_office
    _event(
        dossier,
        DossierEvent.Kind.HANDED_OVER,
        by=by,
        note=receiver_name,
        old=Status.RECEIVED,
        new=dossier.status,
    )
    audit.record(AuditEvent.Action.UPDATE, dossier, by=by, changes={"handover": step})
    return handover


@transaction.atomic
def request_supplement(
    dossier: Dossier, *, by: User, office: str, missing_items: str, reason: str
) -> SupplementRequest:
    """Ask the applicant, once and fully, for what is missing; the clock stops until it comes (if set)."""
    dossier = _lock_for(dossier, by)
    workflow.check_transition(dossier.status, Status.AWAITING_SUPPLEMENT)
    if not missing_items.strip() or not reason.strip():
        raise ValidationError(_("Say exactly what is missing and why."))
    office = office.strip() or _("One-stop desk")
    earlier = dossier.supplement_requests.filter(office__iexact=office).count()
    if earlier >= dossier.intake_rule.max_supplement_requests:
        raise ValidationError(
            _("%(office)s has already asked for supplements %(count)d time(s); the rules allow no more.")
            % {"office": office, "count": earlier}
        )
    request = SupplementRequest.objects.create(
        dossier=dossier,
        office=office,
        missing_items=missing_items.strip(),
        reason=reason.strip(),
        requested_at=timezone.now(),
        requested_by=by,
    )
    old = _move(dossier, Status.AWAITING_SUPPLEMENT)
    _event(
        dossier,
        DossierEvent.Kind.SUPPLEMENT_REQUESTED,
        by=by,
        old=old,
        new=dossier.status,
        note=missing_items,
    )
    audit.record(AuditEvent.Action.UPDATE, dossier, by=by, changes={"status": [old, dossier.status]})
    _tell_applicant(dossier, f"supplement-{request.pk}", messages.supplement_text)
    return request


@transaction.atomic
def record_supplement(dossier: Dossier, *, by: User, note: str = "") -> Dossier:
    """Record that the applicant brought what was missing; the due dates move by the days the clock stood."""
    dossier = _lock_for(dossier, by)
    if dossier.status != Status.AWAITING_SUPPLEMENT:
        raise ValidationError(_("This dossier is not waiting for supplements."))
    request = dossier.supplement_requests.filter(supplied_at__isnull=True).order_by("-requested_at").first()
    now = timezone.now()
    if request is not None:
        request.supplied_at = now
        request.save(update_fields=["supplied_at", "updated_at"])
        if dossier.intake_rule.clock_stops_for_supplement:
            _extend_for_stopped_clock(
                dossier, timezone.localtime(request.requested_at).date(), timezone.localdate(now)
            )
    old = _move(dossier, Status.IN_PROGRESS, extra_fields=["statutory_due_on", "due_on"])
    _event(dossier, DossierEvent.Kind.SUPPLEMENTED, by=by, old=old, new=dossier.status, note=note)
    audit.record(AuditEvent.Action.UPDATE, dossier, by=by, changes={"status": [old, dossier.status]})
    return dossier


def _extend_for_stopped_clock(dossier: Dossier, stopped_on: date, resumed_on: date) -> None:
    calendar, unit = default_calendar(), dossier.procedure.time_limit_unit
    dossier.statutory_due_on = deadlines.extend_for_stopped_clock(
        dossier.statutory_due_on, stopped_on, resumed_on, calendar, unit
    )
    dossier.due_on = max(
        dossier.statutory_due_on,
        deadlines.extend_for_stopped_clock(dossier.due_on, stopped_on, resumed_on, calendar, unit),
    )


@transaction.atomic
def reject_dossier(dossier: Dossier, *, by: User, reasons: str) -> Rejection:
    """Refuse the dossier with written reasons (phiếu từ chối)."""
    dossier = _lock_for(dossier, by)
    workflow.check_transition(dossier.status, Status.REJECTED)
    if not reasons.strip():
        raise ValidationError(_("A rejection needs its reasons."))
    rejection = Rejection.objects.create(
        dossier=dossier, reasons=reasons.strip(), rejected_at=timezone.now(), rejected_by=by
    )
    old = _move(dossier, Status.REJECTED)
    _event(dossier, DossierEvent.Kind.REJECTED, by=by, old=old, new=dossier.status, note=reasons)
    audit.record(AuditEvent.Action.UPDATE, dossier, by=by, changes={"status": [old, dossier.status]})
    _tell_applicant(dossier, "rejected", messages.rejection_text)
    return rejection


@transaction.atomic
def mark_ready(dossier: Dossier, *, by: User) -> Dossier:
    """Record that the result is ready, classify it early/on time/late, and tell the applicant."""
    dossier = _lock_for(dossier, by)
    workflow.check_transition(dossier.status, Status.READY)
    dossier.ready_at = timezone.now()
    dossier.timeliness = deadlines.timeliness(timezone.localdate(dossier.ready_at), dossier.statutory_due_on)
    old = _move(dossier, Status.READY, extra_fields=["ready_at", "timeliness"])
    _event(dossier, DossierEvent.Kind.READY, by=by, old=old, new=dossier.status)
    audit.record(AuditEvent.Action.UPDATE, dossier, by=by, changes={"status": [old, dossier.status]})
    _cancel_drafts(dossier)
    _tell_applicant(dossier, "ready", messages.ready_text)
    hooks.dossier_ready.run(dossier)  # letters: births, marriages, deaths get a letter that waits for signing
    return dossier


@transaction.atomic
def return_dossier(dossier: Dossier, *, by: User) -> Dossier:
    """Record that the applicant received the result."""
    dossier = _lock_for(dossier, by)
    workflow.check_transition(dossier.status, Status.RETURNED)
    dossier.returned_at = timezone.now()
    old = _move(dossier, Status.RETURNED, extra_fields=["returned_at"])
    _event(dossier, DossierEvent.Kind.RETURNED, by=by, old=old, new=dossier.status)
    audit.record(AuditEvent.Action.UPDATE, dossier, by=by, changes={"status": [old, dossier.status]})
    return dossier


# --- Apology and a new date -----------------------------------------------------------------------------
@transaction.atomic
def draft_postponement(
    dossier: Dossier, *, by: User | None = None, today: date | None = None, reason: str = ""
) -> Postponement:
    """Draft the apology slip of a dossier at risk (idempotent: an existing draft is returned)."""
    dossier = (
        Dossier.objects.select_for_update()
        .select_related("commune", "procedure", "intake_rule")
        .get(pk=dossier.pk)
    )
    if by is not None and not permissions.can_process_dossier(by, dossier):
        raise PermissionDenied
    existing = dossier.postponements.filter(status=Postponement.Status.DRAFT).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    postponement = Postponement.objects.create(
        dossier=dossier,
        reason=reason,
        old_due_on=dossier.due_on,
        new_due_on=suggested_new_date(dossier),
        drafted_at=timezone.now(),
        is_drafted_by_sweep=by is None,
    )
    _event(dossier, DossierEvent.Kind.POSTPONEMENT_DRAFTED, by=by, old=dossier.status, new=dossier.status)
    return postponement


def suggested_new_date(dossier: Dossier) -> date:
    """Return a new date to propose: the procedure's time limit after the due date (1 to 10 days of its unit).

    The date always falls on a working day: calendar days ending on a day off move to the next working day.
    """
    extra = max(1, min(MAX_SUGGESTED_DELAY, math.ceil(dossier.procedure.time_limit_days)))
    return default_calendar().add_days(dossier.due_on, extra, dossier.procedure.time_limit_unit)


@transaction.atomic
def issue_postponement(
    postponement: Postponement, *, by: User, reason: str, new_due_date: date, today: date | None = None
) -> Postponement:
    """Sign the apology slip: the applicant gets the new date; the dossier still counts as late if it is."""
    postponement = Postponement.objects.select_for_update().get(pk=postponement.pk)
    dossier = _lock_for(postponement.dossier, by, check=permissions.can_issue_postponement)
    if postponement.status != Postponement.Status.DRAFT:
        raise ValidationError(_("This apology slip was already issued or cancelled."))
    if not dossier.is_open or dossier.status == Status.READY:
        raise ValidationError(_("Only a dossier still being processed gets an apology slip."))
    if not reason.strip():
        raise ValidationError(_("Tell the applicant why the dossier is late."))
    _check_postponement(dossier, new_due_date, today or timezone.localdate())
    postponement.status = Postponement.Status.ISSUED
    postponement.reason, postponement.new_due_on = reason.strip(), new_due_date
    postponement.old_due_on = dossier.due_on
    postponement.issued_at, postponement.issued_by = timezone.now(), by
    postponement.save(
        update_fields=[
            "status",
            "reason",
            "new_due_on",
            "old_due_on",
            "issued_at",
            "issued_by",
            "updated_at",
        ]
    )
    dossier.due_on = new_due_date
    dossier.postponement_count += 1
    dossier.save(update_fields=["due_on", "postponement_count", "updated_at"])
    _event(dossier, DossierEvent.Kind.POSTPONED, by=by, old=dossier.status, new=dossier.status, note=reason)
    audit.record(
        AuditEvent.Action.UPDATE,
        dossier,
        by=by,
        changes={"due_date": [str(postponement.old_due_on), str(new_due_date)]},
    )
    _tell_applicant(dossier, f"postponed-{postponement.pk}", messages.postponement_text)
    hooks.postponement_issued.run(postponement)  # letters: the apology letter
    return postponement


@transaction.atomic
def postpone_dossier(
    dossier: Dossier, *, by: User, reason: str, new_due_date: date, today: date | None = None
) -> Postponement:
    """Draft and issue an apology slip in one step (the API's "postpone" event)."""
    draft = draft_postponement(dossier, by=by, today=today)
    return issue_postponement(draft, by=by, reason=reason, new_due_date=new_due_date, today=today)


def _check_postponement(dossier: Dossier, new_due_date: date, today: date) -> None:
    terms = intake.terms_of(dossier.intake_rule)
    problem = deadlines.postponement_problem(
        today, dossier.due_on, new_due_date, dossier.postponement_count, terms, default_calendar()
    )
    explanations = {
        "too_many": _("The return date was already changed once; the rules allow no second new date."),
        "too_late": _(
            "An apology slip must be issued at least %(days)d working day(s) before the due date %(due)s."
        )
        % {"days": terms.apology_days_before_due, "due": f"{dossier.due_on:%d/%m/%Y}"},
        "not_later": _("The new date must come after the due date %(due)s.")
        % {"due": f"{dossier.due_on:%d/%m/%Y}"},
        "not_working_day": _("The new date %(day)s is not a working day.")
        % {"day": f"{new_due_date:%d/%m/%Y}"},
    }
    if problem is not None:
        raise ValidationError(explanations[problem], code=problem)


def _cancel_drafts(dossier: Dossier) -> None:
    dossier.postponements.filter(status=Postponement.Status.DRAFT).update(
        status=Postponement.Status.CANCELLED
    )


# --- The sweep ------------------------------------------------------------------------------------------
def sweep_at_risk_dossiers(today: date | None = None) -> list[Postponement]:
    """Draft an apology slip for every dossier at risk that has none, and tell its commune's leaders.

    Safe to run twice, or after a crash: a dossier with a draft, or already postponed as often as allowed,
    is passed over. A dossier waiting for supplements is not at risk: its clock stands still.
    """
    today = today or timezone.localdate()
    calendar = default_calendar()
    drafted = []
    candidates = (
        Dossier.objects.filter(status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_on__gte=today)
        .exclude(postponements__status=Postponement.Status.DRAFT)
        .select_related("intake_rule")
    )
    for dossier in candidates.iterator(chunk_size=500):
        terms = intake.terms_of(dossier.intake_rule)
        if dossier.postponement_count >= terms.max_postponements:
            continue
        if not deadlines.is_at_risk(today, dossier.due_on, terms, calendar):
            continue
        with transaction.atomic():
            postponement = draft_postponement(dossier, today=today)
            _tell_leaders(postponement.dossier)
        drafted.append(postponement)
    return drafted


def _tell_leaders(dossier: Dossier) -> None:
    for official in unit_queries.leaders(dossier.commune).exclude(phone=""):
        queue_notification(
            unit=dossier.commune,
            recipient=official.phone,
            body=messages.in_citizens_language(messages.at_risk_text, dossier),
            dedupe_key=f"dossier:{dossier.pk}:at-risk:{dossier.due_on:%Y%m%d}:official:{official.pk}",
        )


# --- Helpers --------------------------------------------------------------------------------------------
def _lock_for(
    dossier: Dossier, by: User, check: Callable[[User, Dossier], bool] = permissions.can_process_dossier
) -> Dossier:
    locked = (
        Dossier.objects.select_for_update()
        .select_related("commune", "procedure", "intake_rule")
        .get(pk=dossier.pk)
    )
    if not check(by, locked):
        raise PermissionDenied
    return locked


def _move(dossier: Dossier, new_status: str, extra_fields: list[str] | None = None) -> str:
    workflow.check_transition(dossier.status, new_status)
    old, dossier.status = dossier.status, new_status
    dossier.save(update_fields=["status", "updated_at", *(extra_fields or [])])
    return old


def _event(dossier: Dossier, kind: str, **details: Any) -> None:
    """Write a step of the dossier's history (`_new_event` says what it holds)."""
    insert(_new_event(dossier, kind, **details))


def _new_event(
    dossier: Dossier,
    kind: str,
    *,
    by: User | None,
    old: str,
    new: str,
    note: str = "",
    at: datetime | None = None,
) -> DossierEvent:
    actor = by if getattr(by, "is_authenticated", False) else None
    return DossierEvent(
        dossier=dossier,
        kind=kind,
        actor=actor,
        old_status=old,
        new_status=new,
        note=note.strip(),
        at=at or timezone.now(),
    )


def _tell_applicant(dossier: Dossier, what: str, text_of: Callable[[Dossier], str]) -> None:
    if not dossier.applicant_phone:
        return
    queue(_message_to_applicant(dossier, text_of), dedupe_key=f"dossier:{dossier.pk}:{what}")


def _message_to_applicant(dossier: Dossier, text_of: Callable[[Dossier], str]) -> Notification:
    return message(
        unit=dossier.commune,
        recipient=dossier.applicant_phone,
        body=messages.in_citizens_language(text_of, dossier),
    )


# --- Recounting due dates after a procedure's unit was corrected ----------------------------------------
def _legal_due_date(dossier: Dossier, unit: str, calendar: Any) -> date:
    """Return the dossier's legal due date counted in `unit`, with the stops of its supplement requests."""
    due = deadlines.due_date(dossier.counted_from, dossier.procedure.time_limit_days, calendar, unit)
    if dossier.intake_rule.clock_stops_for_supplement:
        for request in dossier.supplement_requests.exclude(supplied_at__isnull=True):
            due = deadlines.extend_for_stopped_clock(
                due,
                timezone.localtime(request.requested_at).date(),
                timezone.localtime(request.supplied_at).date(),
                calendar,
                unit,
            )
    return due


@transaction.atomic
def recount_calendar_day_dossiers(*, by: User | None = None) -> tuple[list[Dossier], list[Dossier]]:
    """Give dossiers of calendar-day procedures the legal due date their unit gives; return (recounted, kept).

    Only a legal date that the old working-day arithmetic produced is replaced; a date typed by hand or
    imported from a file is kept and listed. The promised date follows unless an apology slip moved it,
    and a finished dossier is classed early, on time or late again. Safe to run twice.
    """
    calendar, unit = default_calendar(), WORKING_DAYS
    recounted, kept = [], []
    dossiers = (
        Dossier.objects.select_for_update()
        .filter(procedure__time_limit_unit=CALENDAR_DAYS)
        .select_related("procedure", "intake_rule")
        .order_by("pk")
    )
    for dossier in dossiers:
        legal = _legal_due_date(dossier, CALENDAR_DAYS, calendar)
        if legal == dossier.statutory_due_on:
            continue
        if _legal_due_date(dossier, unit, calendar) != dossier.statutory_due_on:
            kept.append(dossier)
            continue
        before = {"statutory_due_date": str(dossier.statutory_due_on), "timeliness": dossier.timeliness}
        if dossier.postponement_count == 0 and dossier.due_on == dossier.statutory_due_on:
            dossier.due_on = legal
        dossier.statutory_due_on = legal
        done_at = dossier.ready_at or dossier.returned_at
        if dossier.timeliness and done_at is not None:
            dossier.timeliness = deadlines.timeliness(timezone.localtime(done_at).date(), legal)
        dossier.save(update_fields=["statutory_due_on", "due_on", "timeliness", "updated_at"])
        changes = {
            "statutory_due_date": [before["statutory_due_date"], str(legal)],
            "timeliness": [before["timeliness"], dossier.timeliness],
            "reason": "time_limit_unit",
        }
        audit.record(AuditEvent.Action.UPDATE, dossier, by=by, changes=changes)
        recounted.append(dossier)
    return recounted, kept
