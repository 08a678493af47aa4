"""For every role: what it can see or change in its own commune, another commune, and its province."""

import itertools
from datetime import date

import pytest

from conftest import make_person, make_unit
from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.planning import permissions as planning
from thanthien.planning.models import Plan, Task, Violation
from thanthien.units import permissions
from thanthien.units.models import Official, Role

ACTIONS = [
    "see_unit",
    "change_unit",
    "see_officials",
    "manage_officials",
    "read_private_phone",
    "manage_memberships",
    "see_audit",
    # planning: tasks, the commune's plans and code, supervision, a colleague's violations
    "see_tasks",
    "manage_planning",
    "record_supervision",
    "see_violations",
    # planning: give a step of the province's plan to the commune
    "give_province_step",
]
EVERYTHING = set(ACTIONS)
READ = {"see_unit", "see_officials", "see_tasks"}
PLANNING_EDIT = {"manage_planning", "record_supervision", "see_violations"}
# Supervision is recorded for a commune, never for the province itself.
EVERYTHING_BUT_SUPERVISION = EVERYTHING - {"record_supervision"}
# The province's plan gives its steps to communes, by the province's leaders only.
PROVINCE_STEP = {"give_province_step"}

# (role, where the role is held) -> {target: allowed actions}; anything absent is refused.
EXPECTED = {
    (Role.DESK_OFFICER, "own"): {"own": READ | {"read_private_phone"}},
    (Role.LEADER, "own"): {
        "own": READ | {"change_unit", "manage_officials", "read_private_phone"} | PLANNING_EDIT
    },
    (Role.SUPERVISOR, "own"): {"own": READ | {"record_supervision"}},
    (Role.REVIEWER, "own"): {"own": READ},
    (Role.ADMINISTRATOR, "own"): {"own": EVERYTHING - PROVINCE_STEP},
    (Role.DESK_OFFICER, "province"): {t: READ | {"read_private_phone"} for t in ("own", "other", "province")},
    (Role.LEADER, "province"): {
        t: READ
        | {"change_unit", "manage_officials", "read_private_phone"}
        | PLANNING_EDIT - ({"record_supervision"} if t == "province" else set())
        | (PROVINCE_STEP if t != "province" else set())
        for t in ("own", "other", "province")
    },
    (Role.SUPERVISOR, "province"): {
        t: READ | ({"record_supervision"} if t != "province" else set()) for t in ("own", "other", "province")
    },
    (Role.REVIEWER, "province"): {t: READ for t in ("own", "other", "province")},
    (Role.ADMINISTRATOR, "province"): {
        "own": EVERYTHING,
        "other": EVERYTHING,
        "province": EVERYTHING_BUT_SUPERVISION - PROVINCE_STEP,
    },
}
TARGETS = ["own", "other", "province"]


@pytest.fixture
def world(db):
    """Two provinces; in the first, two communes; each unit with an official whose phone is unpublished."""
    province = make_unit("38", "Tỉnh Thanh Hóa", "province")
    units = {
        "province": province,
        "own": make_unit("38-hc", "Xã Hoằng Cát", "commune", province),
        "other": make_unit("38-hx", "Xã Hoằng Xuân", "commune", province),
        "elsewhere": make_unit(
            "01-hk", "Phường Hoàn Kiếm", "commune", make_unit("01", "Thành phố Hà Nội", "province")
        ),
    }
    author = make_person("nguoitao", units["province"], None)
    for key, unit in units.items():
        official = Official.objects.create(
            unit=unit, full_name=f"Cán bộ {unit.name}", title="Công chức", phone="0987654321"
        )
        Task.objects.create(commune=unit, title="Nhiệm vụ", due_on=date(2026, 12, 31), created_by=author)
        Violation.objects.create(
            commune=unit,
            official=official,
            occurred_on=date(2026, 12, 1),
            description="x",
            source="leader_check",
            measure="reminder",
            recorded_by=author,
        )
        audit.record(AuditEvent.Action.UPDATE, unit, by=None, object_repr=key)
    Plan.objects.create(
        unit=province,
        number="1/KH-UBND",
        title="Kế hoạch của tỉnh",
        issued_on=date(2026, 1, 1),
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        legal_basis="x",
        created_by=author,
    )
    return units


def allowed(user, action: str, unit) -> bool:
    """Ask the permissions module whether `user` may do `action` on `unit`."""
    official = Official.objects.get(unit=unit)
    checks = {
        "see_unit": lambda: permissions.visible_units(user).filter(pk=unit.pk).exists(),
        "change_unit": lambda: permissions.can_change_unit(user, unit),
        "see_officials": lambda: permissions.visible_officials(user).filter(pk=official.pk).exists(),
        "manage_officials": lambda: permissions.can_manage_officials(user, unit),
        "read_private_phone": lambda: (
            permissions.visible_officials(user).filter(pk=official.pk).exists()
            and permissions.can_view_private_phone(user, official)
        ),
        "manage_memberships": lambda: permissions.can_manage_memberships(user, unit),
        "see_audit": lambda: permissions.visible_audit_events(user).filter(unit_path=unit.path).exists(),
        "see_tasks": lambda: planning.visible_tasks(user).filter(commune=unit).exists(),
        "manage_planning": lambda: planning.can_manage_planning(user, unit),
        "record_supervision": lambda: planning.can_record_supervision(user, unit),
        "see_violations": lambda: planning.visible_violations(user).filter(commune=unit).exists(),
        "give_province_step": lambda: planning.can_assign_to_commune(
            user, Plan.objects.get(number="1/KH-UBND"), unit
        ),
    }
    return checks[action]()


CASES = [
    pytest.param(holder, target, action, id=f"{holder[0]}@{holder[1]}-{target}-{action}")
    for holder, target, action in itertools.product(EXPECTED, TARGETS, ACTIONS)
]


@pytest.mark.parametrize(("holder", "target", "action"), CASES)
def test_role_may_do_exactly_what_the_matrix_says(world, holder, target, action):
    role, held_at = holder
    user = make_person(f"{role}-{held_at}", world["own" if held_at == "own" else "province"], role)

    result = allowed(user, action, world[target])

    assert result == (action in EXPECTED[(role, held_at)].get(target, set()))


@pytest.mark.parametrize(("role", "held_at"), list(EXPECTED))
def test_no_role_reaches_a_commune_of_another_province(world, role, held_at):
    user = make_person(f"{role}-{held_at}", world["own" if held_at == "own" else "province"], role)

    assert not any(allowed(user, action, world["elsewhere"]) for action in ACTIONS)


def test_a_user_without_membership_sees_and_changes_nothing(world):
    stranger = make_person("nguoila", world["own"], None)

    assert not any(allowed(stranger, action, world[target]) for target in TARGETS for action in ACTIONS)


def test_a_withdrawn_membership_grants_nothing(world):
    user = make_person("danghi", world["own"], Role.LEADER)
    user.memberships.update(is_active=False)

    assert not any(allowed(user, action, world["own"]) for action in ACTIONS)


@pytest.mark.parametrize(
    ("role", "held_at", "target", "status"),
    [
        (Role.DESK_OFFICER, "own", "own", 200),
        (Role.DESK_OFFICER, "own", "other", 404),
        (Role.LEADER, "own", "province", 404),
        (Role.REVIEWER, "province", "other", 200),
        (Role.SUPERVISOR, "own", "elsewhere", 404),
    ],
)
def test_commune_page_answers_not_found_for_units_out_of_scope(client, world, role, held_at, target, status):
    user = make_person(f"{role}-{held_at}", world["own" if held_at == "own" else "province"], role)
    client.force_login(user)

    response = client.get(f"/units/communes/{world[target].pk}/")

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [(Role.ADMINISTRATOR, 200), (Role.LEADER, 403), (Role.DESK_OFFICER, 403)]
)
def test_only_administrators_open_the_audit_log(client, world, role, status):
    client.force_login(make_person(f"{role}-audit", world["own"], role))

    assert client.get("/units/audit/").status_code == status


def test_the_audit_log_page_lists_only_the_administrators_units(client, world):
    client.force_login(make_person("quantri", world["own"], Role.ADMINISTRATOR))

    page = client.get("/units/audit/").content.decode()

    assert "own" in page
    assert "other" not in page and "elsewhere" not in page


def test_commune_list_costs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(make_person("thamdinh", world["province"], Role.REVIEWER))
    for number in range(30):
        make_unit(f"38-x{number}", f"Xã Thử {number}", "commune", world["province"])

    with django_assert_max_num_queries(8):
        response = client.get("/units/communes/")

    assert response.status_code == 200
    assert "Xã Thử 29" in response.content.decode()
