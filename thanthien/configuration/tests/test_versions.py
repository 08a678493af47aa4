"""The pure rule of which version is in force, scheduled or past."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from thanthien.configuration.versions import Standing, Version, check_start, place

TODAY = date(2026, 12, 4)


def standings(placed):
    return {(p.version.key, p.version.starts_on): (p.standing, p.until) for p in placed}


def test_the_latest_version_started_is_in_force_and_ends_the_day_before_the_next():
    rows = [Version("a", date(2020, 1, 1)), Version("a", date(2026, 7, 1)), Version("a", date(2027, 1, 1))]

    result = standings(place(rows, TODAY))

    assert result[("a", date(2020, 1, 1))] == (Standing.PAST, date(2026, 6, 30))
    assert result[("a", date(2026, 7, 1))] == (Standing.IN_FORCE, date(2026, 12, 31))
    assert result[("a", date(2027, 1, 1))] == (Standing.FUTURE, None)


def test_each_setting_has_its_own_versions():
    rows = [Version(("commune", 1), date(2025, 1, 1)), Version(("default",), date(2024, 1, 1))]

    result = standings(place(rows, TODAY))

    assert {standing for standing, _until in result.values()} == {Standing.IN_FORCE}


def test_a_version_starting_today_is_in_force():
    result = standings(place([Version("a", date(2020, 1, 1)), Version("a", TODAY)], TODAY))

    assert result[("a", TODAY)][0] == Standing.IN_FORCE
    assert result[("a", date(2020, 1, 1))] == (Standing.PAST, date(2026, 12, 3))


def test_a_version_whose_written_end_has_passed_is_no_longer_in_force():
    result = standings(place([Version("a", date(2020, 1, 1), ends_on=date(2026, 1, 1))], TODAY))

    assert result[("a", date(2020, 1, 1))] == (Standing.PAST, date(2026, 1, 1))


def test_dated_events_stand_alone_upcoming_or_past():
    rows = [Version("", date(2026, 5, 2)), Version("", date(2027, 2, 20))]

    result = standings(place(rows, TODAY, versioned=False))

    assert result[("", date(2026, 5, 2))][0] == Standing.PAST
    assert result[("", date(2027, 2, 20))][0] == Standing.FUTURE


@pytest.mark.parametrize("start", [date(2026, 12, 4), date(2026, 1, 1)])
def test_a_change_cannot_start_today_or_before(start):
    with pytest.raises(ValidationError):
        check_start(start, TODAY)


def test_a_change_may_start_tomorrow():
    check_start(date(2026, 12, 5), TODAY)
