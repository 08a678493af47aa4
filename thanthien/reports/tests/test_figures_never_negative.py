"""A property of the figures: whatever is recorded, and over whatever period, no figure is negative."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.feedback import services as feedback_services
from thanthien.ratings import services as rating_services
from thanthien.reports.figures import figures

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
RECORDS = st.lists(
    st.tuples(
        st.sampled_from(["rating", "dossier", "ready", "reflection", "recommendation"]),
        DAYS,
        st.integers(1, 4),
    ),
    max_size=6,
)


def numbers(section: Any) -> list[Any]:
    """Every number in a section of figures, however deep."""
    if isinstance(section, dict):
        return [number for value in section.values() for number in numbers(value)]
    if isinstance(section, list | tuple):
        return [number for value in section for number in numbers(value)]
    return [section] if isinstance(section, int | float | Decimal) and not isinstance(section, bool) else []


def record(kind: str, day: date, level: int, commune, officer) -> None:
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=VN)
    with time_machine.travel(moment, tick=False):
        if kind == "rating":
            rating_services.record_rating(commune, level=level, channel="kiosk", rated_at=moment)
        elif kind in ("dossier", "ready"):
            dossier = dossier_services.receive_dossier(
                commune, procedure=make_procedure(), by=officer, applicant_name="Nguyễn Văn An"
            )
            if kind == "ready":
                dossier_services.mark_ready(dossier, by=officer)
        else:
            feedback_services.receive_feedback(
                commune,
                by=officer,
                kind=kind,
                channel="desk",
                content="Đường thôn Đông bị ngập.",
                received_on=day,
                topic="infrastructure",
            )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(recorded=RECORDS, first=DAYS, length=st.integers(0, 200), today=DAYS, live=st.booleans())
def test_no_figure_is_ever_negative(commune, officer, recorded, first, length, today, live):
    for kind, day, level in recorded:
        record(kind, day, level, commune, officer)

    counted = figures(commune, first, first + timedelta(days=length), today=today, live=live)

    negative = [number for number in numbers(counted) if number < 0]
    assert negative == [], counted
