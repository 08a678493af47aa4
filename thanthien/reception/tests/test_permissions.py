"""Who may do what with the reception schedule, log, dialogues and visits: each `can_*` as a role table."""

import pytest
from django.utils import timezone

from conftest import make_person
from thanthien.reception import permissions
from thanthien.reception.tests.conftest import make_session, write_entry
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db

ROLES = [Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.REVIEWER, Role.ADMINISTRATOR, None]


@pytest.mark.parametrize(
    ("check", "allowed"),
    [
        (permissions.can_schedule_reception, {Role.LEADER, Role.ADMINISTRATOR}),
        (permissions.can_keep_reception_log, {Role.DESK_OFFICER, Role.LEADER}),
        (permissions.can_keep_dialogues, {Role.LEADER, Role.SUPERVISOR, Role.ADMINISTRATOR}),
        (permissions.can_keep_field_visits, {Role.LEADER, Role.DESK_OFFICER, Role.ADMINISTRATOR}),
    ],
)
def test_each_role_of_the_commune(commune, other_commune, check, allowed):
    people = {role: make_person(f"user-{role}", commune, role) for role in ROLES}
    outsider = make_person("leader-elsewhere", other_commune, Role.LEADER)

    assert {role for role, user in people.items() if check(user, commune)} == allowed
    assert check(outsider, commune) is False


def test_the_menu_shows_reception_to_the_communes_people_only(client, commune, officer):
    nobody = make_person("khong-vai-tro", commune, None)

    client.force_login(officer)
    with_role = client.get("/", follow=True).content.decode()  # the desk officer lands on the desk
    client.force_login(nobody)
    without = client.get("/", follow=True).content.decode()

    assert 'href="/reception/"' in with_role
    assert 'href="/reception/"' not in without


def test_a_provincial_reviewer_reads_the_schedule_but_not_the_log(reviewer, commune, leader, chairman):
    session = make_session(commune, chairman, timezone.localdate())
    write_entry(session, leader)

    assert list(permissions.reception_communes(reviewer)) == [commune]
    assert list(permissions.visible_sessions(reviewer)) == [session]
    assert permissions.can_keep_reception_log(reviewer, commune) is False
    assert not permissions.visible_records(reviewer).exists()
    assert permissions.visible_records(leader).count() == 1
