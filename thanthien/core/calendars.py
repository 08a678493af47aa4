"""The calendar in force: the package's statutory holidays plus the adjustments an administrator keeps."""

from django.core.cache import cache
from django.db import transaction

from thanthien.core.models import CalendarAdjustment
from thanthien.core.process_cache import ProcessCache
from thanthien.core.workdays import WorkCalendar, statutory_holidays

# The years whose holidays the calendar knows; outside them every weekday counts as a working day.
FIRST_YEAR, LAST_YEAR = 2015, 2040
_CACHE_KEY = "core:work-calendar:v1"
# Every dossier and feedback item received computes due dates: the calendar is also kept per web process
# (forgotten here at once on a change, in the other processes within RULES_CACHE_SECONDS).
_kept: ProcessCache[WorkCalendar] = ProcessCache(
    "work-calendar", setting="RULES_CACHE_SECONDS", default_seconds=10, watch=(CalendarAdjustment,)
)


def default_calendar() -> WorkCalendar:
    """Return the working-day calendar built from `holidays` (VN) and the CalendarAdjustment table."""
    return _kept.get_or_load(None, _shared_calendar)


def _shared_calendar() -> WorkCalendar:
    calendar = cache.get(_CACHE_KEY)
    if calendar is None:
        calendar = _build_calendar()
        cache.set(_CACHE_KEY, calendar, timeout=300)
    return calendar


def forget_calendar() -> None:
    """Drop the cached calendar after an adjustment changed.

    Drops it now, for readers in the same transaction, and again once the transaction commits, in case
    another request cached the old table in between.
    """
    _kept.forget()
    cache.delete(_CACHE_KEY)
    transaction.on_commit(_kept.forget)
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))


def _build_calendar() -> WorkCalendar:
    rows = list(CalendarAdjustment.objects.values_list("date", "kind"))
    return WorkCalendar(
        holidays=frozenset(statutory_holidays(FIRST_YEAR, LAST_YEAR)),
        extra_working_days=frozenset(
            day for day, kind in rows if kind == CalendarAdjustment.Kind.WORKING_DAY
        ),
        extra_days_off=frozenset(day for day, kind in rows if kind == CalendarAdjustment.Kind.DAY_OFF),
    )
