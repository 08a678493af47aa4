"""The recurrence of reception days and the holiday shift, against dates computed by hand."""

from datetime import date

import pytest

from thanthien.core.workdays import package_calendar
from thanthien.reception import schedule
from thanthien.reception.schedule import Duty, RuleSpec, Shortfall

CALENDAR = package_calendar(2025, 2028)
THURSDAY, WEDNESDAY, MONDAY = 3, 2, 0


def weekly(*weekdays: int, valid_from: date = date(2025, 1, 1)) -> RuleSpec:
    return RuleSpec(frequency="weekly", valid_from=valid_from, weekdays=weekdays)


def held_days(spec: RuleSpec, first: date, last: date) -> list[date]:
    return [session.held_on for session in schedule.plan_sessions([(1, spec)], first, last, CALENDAR)]


def test_the_chairman_every_thursday_of_september_2026_keeps_every_thursday():
    # National Day 2026 is Tuesday 1/9 and Wednesday 2/9: no Thursday falls on it.
    days = held_days(weekly(THURSDAY), date(2026, 9, 1), date(2026, 9, 30))

    assert days == [date(2026, 9, 3), date(2026, 9, 10), date(2026, 9, 17), date(2026, 9, 24)]


def test_a_wednesday_on_national_day_2026_moves_to_thursday_3_september():
    days = held_days(weekly(WEDNESDAY), date(2026, 9, 1), date(2026, 9, 30))

    assert days == [
        date(2026, 9, 3),
        date(2026, 9, 9),
        date(2026, 9, 16),
        date(2026, 9, 23),
        date(2026, 9, 30),
    ]


def test_thursday_2_september_2027_moves_past_friday_3_to_monday_6():
    # National Day 2027: Thursday 2/9 and Friday 3/9 off.
    days = held_days(weekly(THURSDAY), date(2027, 9, 1), date(2027, 9, 30))

    assert days == [
        date(2027, 9, 6),
        date(2027, 9, 9),
        date(2027, 9, 16),
        date(2027, 9, 23),
        date(2027, 9, 30),
    ]


def test_the_thursday_of_tet_2027_merges_into_the_next_thursday():
    # Tết 2027: Thursday 4/2 (29 Tết) to Wednesday 10/2 off; the next working day is Thursday 11/2.
    sessions = schedule.plan_sessions([(1, weekly(THURSDAY))], date(2027, 2, 1), date(2027, 2, 28), CALENDAR)

    assert [(s.planned_on, s.held_on) for s in sessions] == [
        (date(2027, 2, 11), date(2027, 2, 11)),
        (date(2027, 2, 18), date(2027, 2, 18)),
        (date(2027, 2, 25), date(2027, 2, 25)),
    ]


def test_the_week_before_tet_2027_lacks_the_chairmans_day_and_is_reported():
    days = held_days(weekly(THURSDAY), date(2027, 2, 1), date(2027, 2, 28))

    missing = schedule.shortfalls(days, Duty(1, "week"), date(2027, 2, 1), date(2027, 2, 28), CALENDAR)

    assert missing == [Shortfall(date(2027, 2, 1), date(2027, 2, 7), held=0, required=1)]


def test_the_whole_week_of_tet_2026_owes_no_reception_day():
    # 16–20/2/2026 off: Thursday 19/2 moves to Monday 23/2; the week of 16/2 has no working day at all.
    days = held_days(weekly(THURSDAY), date(2026, 2, 1), date(2026, 2, 28))

    assert date(2026, 2, 23) in days
    assert schedule.shortfalls(days, Duty(1, "week"), date(2026, 2, 2), date(2026, 2, 22), CALENDAR) == []


def test_the_party_secretary_on_the_10th_and_25th_moves_off_the_weekend():
    # October 2026: the 10th is a Saturday, the 25th a Sunday.
    spec = RuleSpec(frequency="monthly", valid_from=date(2026, 1, 1), month_days=(10, 25))

    assert held_days(spec, date(2026, 10, 1), date(2026, 10, 31)) == [date(2026, 10, 12), date(2026, 10, 26)]


def test_the_first_and_third_monday_of_november_2026():
    spec = RuleSpec(frequency="monthly", valid_from=date(2026, 1, 1), weekdays=(MONDAY,), nths=(1, 3))

    assert held_days(spec, date(2026, 11, 1), date(2026, 11, 30)) == [date(2026, 11, 2), date(2026, 11, 16)]


def test_a_rule_gives_no_day_outside_its_validity():
    spec = RuleSpec(
        frequency="weekly", valid_from=date(2026, 9, 15), valid_to=date(2026, 9, 20), weekdays=(3,)
    )

    assert schedule.occurrences(spec, date(2026, 9, 1), date(2026, 9, 30)) == [date(2026, 9, 17)]


@pytest.mark.parametrize(
    "spec",
    [
        RuleSpec(frequency="weekly", valid_from=date(2026, 1, 1)),
        RuleSpec(frequency="weekly", valid_from=date(2026, 1, 1), weekdays=(7,)),
        RuleSpec(frequency="monthly", valid_from=date(2026, 1, 1), month_days=(32,)),
        RuleSpec(frequency="monthly", valid_from=date(2026, 1, 1), weekdays=(0,)),
        RuleSpec(frequency="yearly", valid_from=date(2026, 1, 1), weekdays=(0,)),
        RuleSpec(frequency="weekly", valid_from=date(2026, 2, 1), valid_to=date(2026, 1, 1), weekdays=(0,)),
    ],
)
def test_a_rule_naming_no_real_day_is_refused(spec):
    with pytest.raises(schedule.InvalidRule):
        schedule.check_rule(spec)


def test_a_month_with_one_chairman_day_a_week_but_a_missing_week_is_short():
    days = [date(2026, 10, 1), date(2026, 10, 15), date(2026, 10, 22), date(2026, 10, 29)]

    missing = schedule.shortfalls(days, Duty(1, "week"), date(2026, 10, 1), date(2026, 10, 31), CALENDAR)

    assert missing == [Shortfall(date(2026, 10, 5), date(2026, 10, 11), held=0, required=1)]


def test_only_whole_periods_inside_the_span_are_checked():
    assert schedule.periods_within(date(2026, 9, 2), date(2026, 11, 30), "month") == [
        (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 30)),
    ]
    assert schedule.periods_within(date(2026, 12, 1), date(2027, 12, 31), "year") == [
        (date(2027, 1, 1), date(2027, 12, 31))
    ]
