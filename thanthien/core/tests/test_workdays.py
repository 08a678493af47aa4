"""The working-day arithmetic, on the package's calendar and on made-up ones: no database."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thanthien.core.workdays import (
    DayKind,
    WorkCalendar,
    announced_make_up_days,
    holiday_name,
    package_calendar,
    statutory_holidays,
)

VN = package_calendar(2015, 2040)

# Dates whose arithmetic stays inside the years the package calendar is built for.
days_in_range = st.dates(min_value=date(2015, 1, 1), max_value=date(2039, 12, 31))
counts = st.integers(min_value=0, max_value=300)
properties = settings(max_examples=100, deadline=None)


@st.composite
def made_up_calendars(draw: st.DrawFn) -> WorkCalendar:
    """Draw a calendar with random holidays, extra days off and make-up days around 2026."""
    around_2026 = st.dates(min_value=date(2025, 10, 1), max_value=date(2027, 3, 31))
    return WorkCalendar(
        holidays=draw(st.frozensets(around_2026, max_size=25)),
        extra_working_days=draw(st.frozensets(around_2026, max_size=6)),
        extra_days_off=draw(st.frozensets(around_2026, max_size=6)),
    )


calendars = st.one_of(st.just(VN), made_up_calendars())
days_near_2026 = st.dates(min_value=date(2025, 9, 1), max_value=date(2027, 4, 30))


# --- Known dates (LAW.md §1e; the `holidays` package for VN) -------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Tết 2026: Fri 13/02; 14-15 weekend; 16-20 Tết; 21-22 weekend; then 23, 24, 25.
        (date(2026, 2, 13), 1, date(2026, 2, 23)),
        (date(2026, 2, 13), 3, date(2026, 2, 25)),
        (date(2026, 2, 12), 1, date(2026, 2, 13)),
        # Giỗ Tổ Hùng Vương 2026 falls on Sunday 26/04 and is taken on Monday 27/04.
        (date(2026, 4, 24), 1, date(2026, 4, 28)),
        # 30/4 (Thu) and 1/5 (Fri) 2026: from Wed 29/04 the next working day is Mon 04/05.
        (date(2026, 4, 29), 1, date(2026, 5, 4)),
        (date(2026, 4, 24), 5, date(2026, 5, 6)),
        # Quốc khánh 2026: Sat 22/08 is worked in exchange for Mon 31/08; 1-2/09 are holidays.
        (date(2026, 8, 21), 1, date(2026, 8, 22)),
        (date(2026, 8, 22), 1, date(2026, 8, 24)),
        (date(2026, 8, 28), 1, date(2026, 9, 3)),
        (date(2026, 8, 28), 2, date(2026, 9, 4)),
        # Vietnamese Culture Day, from 2026: Tue 24/11.
        (date(2026, 11, 23), 1, date(2026, 11, 25)),
        # 2025: Sat 26/04 worked for Fri 02/05; 30/04 and 01/05 are holidays.
        (date(2025, 4, 25), 1, date(2025, 4, 26)),
        (date(2025, 4, 29), 1, date(2025, 5, 5)),
        (date(2025, 4, 25), 4, date(2025, 5, 5)),
        # 2024: Sat 04/05 worked for Mon 29/04.
        (date(2024, 4, 26), 1, date(2024, 5, 2)),
        (date(2024, 5, 3), 1, date(2024, 5, 4)),
        # Adding nothing keeps the date, working day or not.
        (date(2026, 2, 17), 0, date(2026, 2, 17)),
    ],
)
def test_adding_working_days_gives_the_known_due_date(start, days, due):
    assert VN.add_working_days(start, days) == due


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2026, 2, 13), date(2026, 2, 25), 3),
        (date(2026, 2, 13), date(2026, 2, 22), 0),
        (date(2026, 4, 24), date(2026, 5, 4), 3),  # 28, 29 April and 4 May: 27/4, 30/4, 1/5 are off
        (date(2026, 8, 21), date(2026, 9, 4), 8),  # 22, 24-28 August, 3-4 September
        (date(2026, 11, 20), date(2026, 11, 27), 4),  # 23, 25, 26, 27 November
        (date(2025, 4, 25), date(2025, 5, 5), 4),  # 26, 28, 29 April, 5 May
        (date(2026, 2, 25), date(2026, 2, 13), -3),
        (date(2026, 3, 2), date(2026, 3, 2), 0),
    ],
)
def test_working_days_between_counts_after_the_start_up_to_the_end(start, end, count):
    assert VN.working_days_between(start, end) == count


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (date(2026, 2, 16), DayKind.HOLIDAY),  # Lunar New Year's Eve
        (date(2026, 2, 20), DayKind.HOLIDAY),
        (date(2026, 2, 23), DayKind.WORKING_DAY),
        (date(2026, 4, 26), DayKind.HOLIDAY),  # Giỗ Tổ on a Sunday
        (date(2026, 4, 27), DayKind.HOLIDAY),  # ... taken on Monday
        (date(2026, 4, 30), DayKind.HOLIDAY),
        (date(2026, 5, 1), DayKind.HOLIDAY),
        (date(2026, 8, 22), DayKind.MAKE_UP_DAY),
        (date(2026, 8, 29), DayKind.WEEKEND),
        (date(2026, 8, 31), DayKind.HOLIDAY),
        (date(2026, 9, 1), DayKind.HOLIDAY),
        (date(2026, 9, 2), DayKind.HOLIDAY),
        (date(2026, 11, 24), DayKind.HOLIDAY),
        (date(2025, 4, 26), DayKind.MAKE_UP_DAY),
        (date(2025, 5, 2), DayKind.HOLIDAY),
        (date(2024, 5, 4), DayKind.MAKE_UP_DAY),
        (date(2024, 4, 29), DayKind.HOLIDAY),
    ],
)
def test_each_known_day_is_classified_for_its_reason(day, kind):
    assert VN.classify(day) == kind
    assert VN.is_working_day(day) == kind.is_working


def test_culture_day_is_a_holiday_only_from_2026():
    assert VN.is_working_day(date(2025, 11, 24))

    assert not VN.is_working_day(date(2026, 11, 24))


def test_the_package_names_the_announced_make_up_saturdays():
    make_up_days = announced_make_up_days(range(2024, 2027))

    assert set(make_up_days) == {date(2024, 5, 4), date(2025, 4, 26), date(2026, 8, 22)}
    assert make_up_days[date(2025, 4, 26)] == "Make-up working day for the day off on 02/05/2025"
    assert all(day.weekday() == 5 for day in make_up_days)


def test_holiday_names_come_in_vietnamese_with_diacritics():
    assert holiday_name(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert holiday_name(date(2026, 11, 25)) is None


def test_looking_up_a_year_outside_the_cached_range_does_not_change_it():
    cached = statutory_holidays(2024, 2026)
    size = len(cached)

    assert date(2019, 4, 29) not in cached

    assert len(statutory_holidays(2024, 2026)) == size


def test_an_extra_day_off_and_a_make_up_day_override_the_usual_week():
    calendar = WorkCalendar(
        holidays=frozenset({date(2026, 3, 4)}),
        extra_working_days=frozenset({date(2026, 3, 7)}),
        extra_days_off=frozenset({date(2026, 3, 5)}),
    )

    working = calendar.working_days_in(date(2026, 3, 2), date(2026, 3, 8))

    assert working == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 6), date(2026, 3, 7)]


def test_adding_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError, match="negative"):
        VN.add_working_days(date(2026, 3, 2), -1)


# --- Properties ----------------------------------------------------------------------------------------


@properties
@given(calendars, days_near_2026, counts)
def test_counting_the_days_up_to_the_due_date_gives_back_n(calendar, start, days):
    due = calendar.add_working_days(start, days)

    assert calendar.working_days_between(start, due) == days


@properties
@given(calendars, days_near_2026, counts.filter(bool))
def test_the_due_date_is_always_a_working_day(calendar, start, days):
    due = calendar.add_working_days(start, days)

    assert calendar.is_working_day(due)
    assert due > start


@properties
@given(calendars, days_near_2026, counts.filter(bool))
def test_the_due_date_is_the_first_day_that_completes_the_count(calendar, start, days):
    due = calendar.add_working_days(start, days)

    assert calendar.working_days_between(start, due - timedelta(days=1)) == days - 1


@properties
@given(calendars, days_near_2026, days_near_2026)
def test_counting_backwards_gives_the_negative_count(calendar, start, end):
    assert calendar.working_days_between(end, start) == -calendar.working_days_between(start, end)


@properties
@given(calendars, days_near_2026, days_near_2026, days_near_2026)
def test_counts_over_consecutive_periods_add_up(calendar, first, middle, last):
    whole = calendar.working_days_between(first, last)

    assert whole == calendar.working_days_between(first, middle) + calendar.working_days_between(middle, last)


@properties
@given(calendars, days_near_2026, counts, counts)
def test_more_working_days_never_end_earlier(calendar, start, fewer, more):
    fewer, more = sorted((fewer, more))

    assert calendar.add_working_days(start, fewer) <= calendar.add_working_days(start, more)
    if fewer < more:
        assert calendar.add_working_days(start, fewer) < calendar.add_working_days(start, more)


@properties
@given(calendars, days_near_2026, days_near_2026, counts)
def test_a_later_start_never_ends_earlier(calendar, earlier, later, days):
    earlier, later = sorted((earlier, later))

    assert calendar.add_working_days(earlier, days) <= calendar.add_working_days(later, days)


@properties
@given(calendars, days_near_2026, counts, counts)
def test_adding_in_two_steps_equals_adding_at_once(calendar, start, first, second):
    in_two_steps = calendar.add_working_days(calendar.add_working_days(start, first), second)

    assert in_two_steps == calendar.add_working_days(start, first + second)


@properties
@given(calendars, days_near_2026)
def test_the_next_working_day_leaves_no_working_day_in_between(calendar, day):
    following = calendar.next_working_day(day)

    assert calendar.is_working_day(following)
    assert calendar.working_days_in(day + timedelta(days=1), following) == [following]


@properties
@given(calendars, days_near_2026)
def test_the_reason_given_for_a_day_agrees_with_whether_it_is_worked(calendar, day):
    assert calendar.classify(day).is_working == calendar.is_working_day(day)


@properties
@given(days_in_range)
def test_weekdays_that_are_not_holidays_are_working_days_in_the_package_calendar(day):
    expected = day.weekday() < 5 and day not in statutory_holidays(2015, 2040)
    if day in announced_make_up_days(range(2015, 2041)):
        expected = True

    assert VN.is_working_day(day) == expected


@properties
@given(days_in_range, counts)
def test_the_package_calendar_keeps_the_arithmetic_laws_over_all_years(start, days):
    due = VN.add_working_days(start, days)

    assert VN.working_days_between(start, due) == days
    assert days == 0 or VN.is_working_day(due)
