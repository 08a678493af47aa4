"""The legal time limits, as pure functions: hand-computed dates, and properties of any date."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanthien.feedback import deadlines
from thanthien.feedback.deadlines import CaseFacts, Counting, MissingLimit, due_dates, limits_in_force
from thanthien.feedback.tests.law import CASES, LAW_ROWS, calendar_2026

CALENDAR = calendar_2026()


def facts_for(kind: str, step: str, start: date, extra: dict) -> CaseFacts:
    accepted = start if step in {"resolve", "notify"} else None
    instance = extra.pop("instance", "first" if kind == "complaint" else "")
    return CaseFacts(case_kind=kind, received_on=start, accepted_on=accepted, instance=instance, **extra)


@pytest.mark.parametrize(
    ("what", "kind", "step", "start", "extra", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_each_legal_limit_gives_the_hand_computed_date(what, kind, step, start, extra, expected):
    facts = facts_for(kind, step, start, dict(extra))

    dates = due_dates(facts, limits_in_force(LAW_ROWS, facts.received_on), CALENDAR)

    assert getattr(dates, step) == expected


def test_a_complaint_keeps_the_limits_in_force_on_the_day_it_was_received():
    before = limits_in_force(LAW_ROWS, date(2026, 6, 30)).get("complaint", "accept", "first")
    after = limits_in_force(LAW_ROWS, date(2026, 7, 1)).get("complaint", "accept", "first")

    assert (before.days, before.valid_from) == (10, date(2012, 7, 1))
    assert (after.days, after.valid_from) == (7, date(2026, 7, 1))


def test_a_first_instance_complaint_decision_is_sent_within_3_working_days_across_30_april_and_1_may():
    limits = limits_in_force(LAW_ROWS, date(2026, 4, 29))

    assert deadlines.decision_dispatch_due(date(2026, 4, 29), limits, CALENDAR) == date(2026, 5, 6)


def test_a_case_not_accepted_yet_has_no_resolution_due_date():
    facts = CaseFacts(case_kind="complaint", received_on=date(2026, 3, 2))

    dates = due_dates(facts, limits_in_force(LAW_ROWS, facts.received_on), CALENDAR)

    assert dates.accept == date(2026, 3, 16)
    assert dates.resolve is None


def test_a_denunciation_is_extended_at_most_twice_and_a_complaint_once():
    limits = limits_in_force(LAW_ROWS, date(2026, 11, 2))

    assert deadlines.extensions_allowed(limits, "denunciation") == 2
    assert deadlines.extensions_allowed(limits, "complaint") == 1
    assert deadlines.extensions_allowed(limits, "feedback") == 0
    with pytest.raises(ValueError, match="extensions"):
        due_dates(
            CaseFacts("denunciation", date(2026, 11, 2), date(2026, 11, 2), instance="", extensions=3),
            limits,
            CALENDAR,
        )


def test_a_case_received_before_any_limit_was_in_force_has_no_limit():
    with pytest.raises(MissingLimit):
        due_dates(
            CaseFacts("denunciation", date(2018, 12, 31)),
            limits_in_force(LAW_ROWS, date(2018, 12, 31)),
            CALENDAR,
        )


def test_a_calendar_day_period_ending_on_a_working_day_stays_there():
    assert deadlines.add_period(date(2026, 3, 2), 30, Counting.CALENDAR_DAYS, CALENDAR) == date(2026, 4, 1)


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30))
lengths = st.integers(min_value=0, max_value=120)


@given(start=days, length=lengths)
def test_a_due_date_is_never_earlier_than_the_start(start, length):
    for counting in Counting:
        assert deadlines.add_period(start, length, counting, CALENDAR) >= start


@given(start=days, length=st.integers(min_value=1, max_value=120))
def test_a_working_day_result_always_falls_on_a_working_day(start, length):
    end = deadlines.add_period(start, length, Counting.WORKING_DAYS, CALENDAR)

    assert CALENDAR.is_working_day(end)
    assert CALENDAR.working_days_between(start, end) == length


@given(start=days, length=st.integers(min_value=1, max_value=120))
def test_a_calendar_day_result_is_the_first_working_day_on_or_after_the_last_day(start, length):
    end = deadlines.add_period(start, length, Counting.CALENDAR_DAYS, CALENDAR)
    last_day = start + timedelta(days=length)

    assert CALENDAR.is_working_day(end)
    assert end >= last_day
    assert all(not CALENDAR.is_working_day(last_day + timedelta(n)) for n in range((end - last_day).days))


@given(start=days, extensions=st.integers(min_value=0, max_value=2))
def test_a_denunciation_is_resolved_within_90_days_plus_the_days_off_at_the_end(start, extensions):
    limits = limits_in_force(LAW_ROWS, start)

    end = deadlines.denunciation_resolution_due(start, extensions, limits, CALENDAR)

    assert start + timedelta(days=30 * (1 + extensions)) <= end <= start + timedelta(days=90 + 14)


@given(start=days, length=lengths, more=st.integers(min_value=0, max_value=30))
def test_a_longer_period_never_ends_earlier(start, length, more):
    for counting in Counting:
        shorter = deadlines.add_period(start, length, counting, CALENDAR)
        assert deadlines.add_period(start, length + more, counting, CALENDAR) >= shorter
