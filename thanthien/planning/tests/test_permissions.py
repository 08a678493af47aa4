"""Who sees which violations, and what the Front's chair may and may not change."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from thanthien.planning import permissions, services
from thanthien.planning.models import ConductCode, PlanTemplate, Violation
from thanthien.planning.tests.helpers import front_chair, official_with_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_violations(commune, leader):
    mine = official_with_login(commune, "canbo11", "Tạ Thị Mười Một")
    colleague = official_with_login(commune, "canbo12", "Tạ Văn Mười Hai")
    for official in (mine, colleague):
        services.record_violation(
            official,
            source=Violation.Source.LEADER_CHECK,
            occurred_on=date(2026, 12, 1),
            description="Trễ hẹn",
            measure="reminder",
            by=leader,
        )
    return mine, colleague


def test_an_official_sees_their_own_violations_but_not_a_colleagues(two_violations):
    mine, _colleague = two_violations

    seen = set(permissions.visible_violations(mine.user).values_list("official", flat=True))

    assert seen == {mine.pk}


def test_the_leader_sees_every_violation_of_the_commune_and_another_commune_none(
    two_violations, leader, outsider_officer, other_commune
):
    outsider_leader = front_chair(other_commune, "mttq_khac")

    assert permissions.visible_violations(leader).count() == 2
    assert not permissions.visible_violations(outsider_officer).exists()
    assert not permissions.visible_violations(outsider_leader).exists()


def test_the_front_chair_sees_no_violation_and_changes_none_of_the_communes_records(commune, two_violations):
    chair = front_chair(commune)
    official = two_violations[0]

    assert not permissions.visible_violations(chair).exists()
    for change in (
        lambda: services.create_plan_from_template(
            PlanTemplate.objects.first(),
            unit=commune,
            number="9",
            title="x",
            issued_on=date(2026, 1, 1),
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 2, 1),
            by=chair,
        ),
        lambda: services.adopt_conduct_code(
            commune, code=ConductCode.objects.first(), effective_from=date(2026, 1, 1), by=chair
        ),
        lambda: services.sign_commitment(official, year=2026, signed_on=date(2026, 1, 2), by=chair),
        lambda: services.record_violation(
            official,
            source="leader_check",
            occurred_on=date(2026, 1, 2),
            description="x",
            measure="reminder",
            by=chair,
        ),
        lambda: services.record_review_meeting(
            commune, held_on=date(2026, 1, 2), chaired_by="x", notes="", decisions=[], by=chair
        ),
    ):
        with pytest.raises(PermissionDenied):
            change()


def test_an_assignee_updates_their_task_and_a_colleague_does_not(commune, leader):
    mine = official_with_login(commune, "canbo13", "Đinh Thị Được Giao")
    colleague = official_with_login(commune, "canbo14", "Đinh Văn Đồng Nghiệp")
    task = services.create_task(
        commune, title="Lắp hòm thư góp ý", due_on=date(2026, 12, 31), official=mine, by=leader
    )

    assert permissions.can_update_task(mine.user, task)
    assert not permissions.can_update_task(colleague.user, task)
    with pytest.raises(PermissionDenied):
        services.complete_task(task, by=colleague.user)
