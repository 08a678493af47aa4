"""The demo commune's reception, dialogues and field visit, made through the services, once."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from conftest import make_unit
from thanthien.feedback.models import FeedbackItem
from thanthien.reception import queries
from thanthien.reception.demo import create_demo_reception
from thanthien.reception.models import Dialogue, ReceptionRecord, ReceptionSession
from thanthien.units.demo import create_demo


@pytest.fixture
def demo_commune(db):
    make_unit("38", "Tỉnh Thanh Hóa", "province")
    return create_demo().commune


@time_machine.travel(date(2026, 12, 1))
def test_the_demo_has_a_schedule_a_log_six_dialogues_and_a_field_visit_once(demo_commune):
    made = create_demo_reception(demo_commune)

    figures = queries.counts([demo_commune], date(2026, 1, 1), date(2026, 12, 31))
    assert made == ReceptionSession.objects.count() > 20
    assert ReceptionRecord.objects.count() == 3
    assert (figures["dialogues.commune"], figures["dialogues.village"]) == (1, 5)
    assert figures["field_visits"] == 1 and figures["commitments.done"] == 1
    assert sorted(FeedbackItem.objects.values_list("channel", flat=True)) == [
        "field_visit",
        "reception_session",
    ]
    assert Dialogue.objects.filter(level="village").values("village").distinct().count() == 5
    assert queries.reception_gaps(demo_commune, *queries.upcoming_weeks(date(2026, 12, 1))) == []
    assert create_demo_reception(demo_commune) == 0


def test_the_command_needs_the_demo_commune(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="thanthien demo"):
        call_command("demo_reception")
