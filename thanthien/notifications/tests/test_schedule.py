"""Back-off and quiet hours: pure rules, the time passed in."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from thanthien.notifications.schedule import QuietWindow, backoff_delay

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_back_off_doubles_up_to_its_cap():
    delays = [backoff_delay(n, base=30, cap=600, jitter=0.999999).total_seconds() for n in range(1, 8)]

    assert [round(d) for d in delays] == [30, 60, 120, 240, 480, 600, 600]


def test_the_jitter_keeps_at_least_half_of_the_delay():
    assert backoff_delay(3, base=30, cap=600, jitter=0.0) == timedelta(seconds=60)


@pytest.mark.parametrize(
    ("local", "allowed"),
    [
        (datetime(2026, 12, 1, 20, 59, tzinfo=HCM), datetime(2026, 12, 1, 20, 59, tzinfo=HCM)),
        (datetime(2026, 12, 1, 21, 0, tzinfo=HCM), datetime(2026, 12, 2, 7, 0, tzinfo=HCM)),
        (datetime(2026, 12, 1, 23, 30, tzinfo=HCM), datetime(2026, 12, 2, 7, 0, tzinfo=HCM)),
        (datetime(2026, 12, 2, 3, 15, tzinfo=HCM), datetime(2026, 12, 2, 7, 0, tzinfo=HCM)),
        (datetime(2026, 12, 2, 7, 0, tzinfo=HCM), datetime(2026, 12, 2, 7, 0, tzinfo=HCM)),
    ],
)
def test_quiet_hours_over_midnight_hold_a_message_until_the_morning(local, allowed):
    assert QuietWindow.parse("21:00-07:00").next_allowed(local) == allowed


def test_quiet_hours_within_a_day_and_none():
    lunch = QuietWindow(time(11, 30), time(13, 0))

    assert lunch.next_allowed(datetime(2026, 12, 1, 12, tzinfo=HCM)) == datetime(2026, 12, 1, 13, tzinfo=HCM)
    assert not QuietWindow(time(7), time(7)).contains(time(7))
    assert QuietWindow.parse("") is None
