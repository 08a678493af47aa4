"""The figures the reports read: sessions held, citizens received, dialogues by level, commitments, visits."""

from datetime import date

import pytest
import time_machine

from conftest import make_person
from thanthien.reception import queries, services
from thanthien.reception.tests.conftest import make_session, visit_village, write_entry
from thanthien.units.models import Official, Role

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2026, 12, 1))
def test_the_counts_of_a_set_of_communes_in_a_period(commune, other_commune, leader, chairman, villages):
    held = make_session(commune, chairman, date(2026, 10, 8))
    write_entry(held, leader, people_count=3)
    write_entry(held, leader, people_count=12)
    write_entry(
        make_session(commune, chairman, date(2026, 9, 3)), leader, people_count=40
    )  # before the period
    make_session(commune, chairman, date(2026, 10, 15))  # planned, never held: not counted
    other_chairman = Official.objects.create(unit=other_commune, full_name="Phạm Văn Xuân", title="Chủ tịch")
    write_entry(
        make_session(other_commune, other_chairman, date(2026, 10, 8)),
        make_person("ct_hx", other_commune, Role.LEADER),
        people_count=7,
    )
    commitments = []
    for level, village, day in [
        ("commune", None, date(2026, 10, 20)),
        ("village", villages[0], date(2026, 10, 21)),
        ("village", villages[1], date(2026, 10, 22)),
        ("village", villages[2], date(2026, 11, 22)),  # after the period
    ]:
        dialogue = services.schedule_dialogue(
            commune,
            by=leader,
            level=level,
            village=village,
            title="Đối thoại",
            planned_on=day,
            place="Nhà văn hóa",
            chaired_by=chairman,
        )
        services.record_dialogue_held(dialogue, by=leader, held_on=day)
        commitments.append(
            services.add_dialogue_commitment(
                dialogue, by=leader, content="Cam kết", owner=chairman, due_on=max(day, date(2026, 10, 25))
            )
        )
    services.complete_commitment(commitments[0], by=leader, result="Xong", done_on=date(2026, 10, 28))
    visit_village(commune, leader, villages[0], chairman, visited_on=date(2026, 10, 2))

    figures = queries.counts([commune], date(2026, 10, 1), date(2026, 10, 31))
    both = queries.counts(
        type(commune).objects.filter(pk__in=[commune.pk, other_commune.pk]),
        date(2026, 10, 1),
        date(2026, 10, 31),
    )

    assert figures == {
        "reception.sessions": 1,
        "reception.citizens": 15,
        "reception.scheduled": 2,  # the one held, and 15/10 planned and never held
        "reception.held_as_scheduled": 1,
        "reception.answers_overdue": 2,
        "dialogues.commune": 1,
        "dialogues.village": 2,
        "commitments.done": 1,
        "commitments.due": 3,
        "commitments.overdue": 2,
        "field_visits": 1,
    }
    assert (both["reception.sessions"], both["reception.citizens"]) == (2, 22)
