"""Who may do what with a commune's cases: each can_* as a role table, and the one door per object."""

from datetime import date

import pytest
from django.http import Http404

from conftest import make_person
from thanthien.feedback import permissions, services
from thanthien.feedback.services import Identity
from thanthien.units.models import Official, Role

pytestmark = pytest.mark.django_db

ROLES = [Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.REVIEWER, Role.ADMINISTRATOR]


@pytest.fixture
def case(officer, commune):
    return services.receive_feedback(
        commune,
        by=officer,
        kind="complaint",
        channel="desk",
        content="Khiếu nại việc cấp giấy chứng nhận.",
        received_on=date(2026, 7, 1),
        is_signed=True,
        identity=Identity("Đỗ Văn Nam", "Thôn Trung"),
    )


@pytest.mark.parametrize(
    ("role", "sees", "receives", "handles", "decides", "resolves", "reveals"),
    [
        (Role.DESK_OFFICER, True, True, True, False, False, False),
        (Role.LEADER, True, True, True, True, True, True),
        (Role.SUPERVISOR, True, False, False, False, False, False),
        (Role.REVIEWER, True, False, False, False, False, False),
        (Role.ADMINISTRATOR, True, True, False, False, False, False),
    ],
)
def test_what_each_role_of_the_commune_may_do(
    role, sees, receives, handles, decides, resolves, reveals, commune, case
):
    user = make_person(f"user_{role}", commune, role)

    assert permissions.visible_feedback(user).filter(pk=case.pk).exists() == sees
    assert permissions.can_receive_feedback(user, commune) == receives
    assert permissions.can_handle_feedback(user, case) == handles
    assert permissions.can_decide_feedback(user, case) == decides
    assert permissions.can_resolve_feedback(user, case) == resolves
    assert permissions.can_reveal_identity(user, case) == reveals


def test_the_assignee_may_resolve_and_read_the_identity(officer, commune, case):
    case.assignee = Official.objects.create(
        unit=commune, user=officer, full_name="Lê Thị Một Cửa", title="Công chức"
    )

    assert permissions.can_resolve_feedback(officer, case)
    assert permissions.can_reveal_identity(officer, case)


def test_another_communes_officer_gets_404_for_a_case(outsider_officer, case):
    assert not permissions.visible_feedback(outsider_officer).exists()
    with pytest.raises(Http404):
        permissions.get_feedback_for_user(outsider_officer, case.pk)


def test_a_provincial_reviewer_sees_the_case_but_not_the_identity(reviewer, case):
    assert permissions.get_feedback_for_user(reviewer, case.pk) == case
    assert not permissions.can_reveal_identity(reviewer, case)
