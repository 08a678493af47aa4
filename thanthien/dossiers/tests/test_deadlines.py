"""Deadline arithmetic of the one-stop desk: pure functions, no database."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanthien.core.workdays import CALENDAR_DAYS, WORKING_DAYS, WorkCalendar, package_calendar
from thanthien.dossiers import deadlines

CALENDAR = package_calendar(2024, 2027)
TERMS = deadlines.IntakeTerms()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def test_a_paper_dossier_before_the_cut_off_counts_from_the_same_day():
    assert deadlines.counted_from(
        at(date(2026, 3, 4), 14, 59), online=False, terms=TERMS, calendar=CALENDAR
    ) == date(2026, 3, 4)


def test_a_paper_dossier_after_the_cut_off_counts_from_the_next_working_day():
    friday_afternoon = at(date(2026, 3, 6), 15, 30)

    assert deadlines.counted_from(friday_afternoon, online=False, terms=TERMS, calendar=CALENDAR) == date(
        2026, 3, 9
    )


def test_an_online_dossier_in_the_evening_counts_from_the_next_working_day():
    assert deadlines.counted_from(
        at(date(2026, 3, 4), 21), online=True, terms=TERMS, calendar=CALENDAR
    ) == date(2026, 3, 5)


def test_an_online_dossier_at_four_in_the_afternoon_counts_the_same_day():
    assert deadlines.counted_from(
        at(date(2026, 3, 4), 16), online=True, terms=TERMS, calendar=CALENDAR
    ) == date(2026, 3, 4)


def test_a_dossier_filed_during_tet_counts_from_the_first_working_day_after():
    assert deadlines.counted_from(
        at(date(2026, 2, 17), 10), online=True, terms=TERMS, calendar=CALENDAR
    ) == date(2026, 2, 23)


def test_the_cut_off_hour_is_data_not_a_constant():
    late_cut_off = deadlines.IntakeTerms(paper_cutoff=time(16, 30))

    assert deadlines.counted_from(
        at(date(2026, 3, 4), 16), online=False, terms=late_cut_off, calendar=CALENDAR
    ) == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 2, 13), "3", date(2026, 2, 25)),  # across Tết 2026
        (date(2026, 4, 24), "1", date(2026, 4, 28)),  # Giỗ Tổ observed Monday 27/04
        (date(2026, 4, 29), "2", date(2026, 5, 5)),  # 30/4 and 1/5
        (date(2026, 3, 4), "0", date(2026, 3, 4)),  # same day
        (date(2026, 3, 4), "0.5", date(2026, 3, 4)),  # half a day
        (date(2026, 3, 4), "1.5", date(2026, 3, 6)),  # rounded up to whole days
    ],
)
def test_due_date_is_the_nth_working_day_after_the_start(start, days, due):
    assert deadlines.due_date(start, Decimal(days), CALENDAR) == due


def test_a_stopped_clock_moves_the_due_date_by_the_working_days_it_stood():
    due = date(2026, 3, 10)

    moved = deadlines.extend_for_stopped_clock(due, date(2026, 3, 5), date(2026, 3, 9), CALENDAR)

    assert moved == date(2026, 3, 12)  # stood Friday 6 and Monday 9: two working days


@pytest.mark.parametrize(
    ("done", "expected"),
    [(date(2026, 3, 9), "early"), (date(2026, 3, 10), "on_time"), (date(2026, 3, 11), "late")],
)
def test_timeliness_compares_with_the_legal_due_date(done, expected):
    assert deadlines.timeliness(done, date(2026, 3, 10)) == expected


def test_an_apology_on_the_due_date_itself_is_too_late():
    problem = deadlines.postponement_problem(
        date(2026, 3, 10), date(2026, 3, 10), date(2026, 3, 13), 0, TERMS, CALENDAR
    )

    assert problem == "too_late"


def test_an_apology_one_working_day_before_is_allowed():
    assert (
        deadlines.postponement_problem(
            date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 13), 0, TERMS, CALENDAR
        )
        is None
    )


def test_a_second_new_date_is_refused():
    assert (
        deadlines.postponement_problem(
            date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 13), 1, TERMS, CALENDAR
        )
        == "too_many"
    )


def test_a_new_date_on_a_holiday_is_refused():
    assert (
        deadlines.postponement_problem(
            date(2026, 4, 20), date(2026, 4, 24), date(2026, 4, 27), 0, TERMS, CALENDAR
        )
        == "not_working_day"
    )


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
)
def test_a_due_date_is_always_a_working_day_after_the_start(start, days):
    due = deadlines.due_date(start, days, CALENDAR)

    assert due > start and CALENDAR.is_working_day(due)
    assert CALENDAR.working_days_between(start, due) == days


@given(day=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), hour=st.integers(0, 23))
def test_the_clock_always_starts_on_a_working_day_not_before_receipt(day, hour):
    start = deadlines.counted_from(at(day, hour), online=hour % 2 == 0, terms=TERMS, calendar=CALENDAR)

    assert start >= day and CALENDAR.is_working_day(start)


def test_a_calendar_without_holidays_still_skips_weekends():
    assert deadlines.due_date(date(2026, 3, 6), 1, WorkCalendar()) == date(2026, 3, 9)


@given(
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    hour=st.integers(0, 23),
    online=st.booleans(),
    limit=st.decimals(min_value=0, max_value=60, places=1),
    unit=st.sampled_from([WORKING_DAYS, CALENDAR_DAYS]),
)
def test_a_due_date_is_never_before_receipt(day, hour, online, limit, unit):
    start = deadlines.counted_from(at(day, hour), online=online, terms=TERMS, calendar=CALENDAR)

    due = deadlines.due_date(start, limit, CALENDAR, unit)

    assert due >= day
    assert due > start or limit <= Decimal("0.5")
