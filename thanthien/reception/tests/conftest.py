"""Fixtures of the reception tests: the commune's villages and leaders (personas: the root conftest)."""

from datetime import date, time

import pytest

from conftest import make_unit
from thanthien.reception import services
from thanthien.reception.models import ReceptionSession
from thanthien.units.models import Office, Official


@pytest.fixture
def villages(commune):
    return [make_unit(f"38-hc-{n}", f"Thôn {n}", "village", commune) for n in range(1, 4)]


@pytest.fixture
def chairman(commune, leader) -> Official:
    return Official.objects.create(
        unit=commune, user=leader, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch UBND xã", is_leader=True
    )


@pytest.fixture
def secretary(commune) -> Official:
    return Official.objects.create(
        unit=commune, full_name="Lê Thị Bí Thư", title="Bí thư Đảng ủy xã", is_leader=True
    )


@pytest.fixture
def fatherland_front(commune) -> Office:
    return Office.objects.create(
        unit=commune, kind=Office.Kind.FATHERLAND_FRONT, name="Ủy ban MTTQ xã Hoằng Cát"
    )


def make_session(commune, leader_official, day: date, **extra) -> ReceptionSession:
    values = {
        "capacity": "chairman",
        "planned_on": day,
        "held_on": day,
        "starts_at": time(7, 30),
        "ends_at": time(11, 0),
        "place": "Phòng tiếp công dân, trụ sở UBND xã",
    }
    return ReceptionSession.objects.create(commune=commune, leader=leader_official, **{**values, **extra})


def write_entry(session, by, **extra):
    values = {
        "visitor_name": "Trần Thị Hoa",
        "visitor_address": "Thôn 2, xã Hoằng Cát",
        "content": "Đề nghị xem xét cấp giấy chứng nhận quyền sử dụng đất",
        "kind": "recommendation",
        "topic": "land",
    }
    return services.record_reception_entry(session, by=by, **{**values, **extra})


def plan_dialogue(commune, by, chairman, **extra):
    values = {
        "level": "commune",
        "title": "Hội nghị đối thoại giữa chính quyền với Nhân dân năm 2026",
        "planned_on": date(2026, 6, 15),
        "place": "Hội trường UBND xã",
        "chaired_by": chairman,
    }
    return services.schedule_dialogue(commune, by=by, **{**values, **extra})


def visit_village(commune, by, village, chairman, **extra):
    values = {"visited_on": date(2026, 11, 26), "leaders": [chairman], "purpose": "Thăm"}
    return services.record_field_visit(commune, by=by, village=village, **{**values, **extra})
