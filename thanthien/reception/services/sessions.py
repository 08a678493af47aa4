"""The reception schedule: a leader's recurring reception days (rules) and the sessions they give, ad hoc
sessions, and marking a session held or cancelled."""

from collections.abc import Iterable
from datetime import date, time
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.core.calendars import default_calendar
from thanthien.core.validation import validate_text
from thanthien.reception import permissions, schedule
from thanthien.reception.models import Capacity, ReceptionRule, ReceptionSession
from thanthien.reception.services._common import Create, Update, check_hours, check_official
from thanthien.units.models import Official, Unit, User


def _numbers_text(numbers: Iterable[int]) -> str:
    return ",".join(str(number) for number in sorted(set(numbers)))


def _check_scheduling(
    by: User, commune: Unit, leader: Official, capacity: str, starts_at: time, ends_at: time
) -> None:
    """Who may put a leader's reception on the schedule, and what a scheduled reception must have."""
    if not permissions.can_schedule_reception(by, commune):
        raise PermissionDenied
    check_official(leader, commune)
    check_hours(starts_at, ends_at)
    if capacity not in Capacity.values:
        raise ValidationError(_("Unknown capacity."), code="capacity")


@transaction.atomic
def add_reception_rule(
    commune: Unit,
    *,
    by: User,
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
    _check_scheduling(by, commune, leader, capacity, starts_at, ends_at)
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
def generate_sessions(commune: Unit, *, by: User, first: date, last: date) -> list[ReceptionSession]:
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
        rule_key = cast(int, item.rule_key)  # plan_sessions hands back the keys it was given: primary keys
        if (rule_key, item.planned_on) in existing or (rule_key, item.held_on) in existing:
            continue
        rule = rules[rule_key]
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
        existing.add((rule_key, item.held_on))
    ReceptionSession.objects.bulk_create(made)
    audit.record(
        Create,
        commune,
        by=by,
        object_repr=str(commune),
        changes={"reception_sessions": len(made), "from": str(first), "to": str(last)},
    )
    return made


def schedule_ad_hoc_session(
    commune: Unit,
    *,
    by: User,
    leader: Official,
    capacity: str,
    held_on: date,
    starts_at: time,
    ends_at: time,
    place: str,
    reason: str,
    client_key: str = "",
) -> ReceptionSession:
    """Add an ad-hoc (đột xuất) reception session, e.g. for a case of many people (Law 42/2013 art. 18(3)).
    With `client_key` (the form's hidden key), the same form sent twice adds one session."""
    _check_scheduling(by, commune, leader, capacity, starts_at, ends_at)
    if not place.strip():
        raise ValidationError(_("Give the place of reception."), code="place")

    @transaction.atomic
    def create() -> ReceptionSession:
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

    content = [commune, leader, capacity, held_on, starts_at, ends_at, place, reason]
    return idempotency.create_once(
        "reception.ad_hoc_session",
        actor=by,
        client_key=client_key,
        content=content,
        create=create,
        model=ReceptionSession,
    )


def locked_session(session: ReceptionSession) -> ReceptionSession:
    return (
        ReceptionSession.objects.select_for_update(of=("self",)).select_related("commune").get(pk=session.pk)
    )


@transaction.atomic
def mark_session_held(
    session: ReceptionSession, *, by: User, is_received_in_person: bool = True
) -> ReceptionSession:
    """Record that a session took place, and whether the leader received in person (LAW.md item 12)."""
    session = locked_session(session)
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
def cancel_session(session: ReceptionSession, *, by: User, reason: str) -> ReceptionSession:
    """Cancel a planned session that has no entry yet, with the reason."""
    session = locked_session(session)
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
