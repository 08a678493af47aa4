"""Each can_* of letters as a role table: who drafts, signs, cancels and manages templates where."""

import pytest

from conftest import make_person
from thanthien.letters import permissions
from thanthien.letters.tests.factories import thanks_draft
from thanthien.units.models import Role

ROLES = [None, Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMINISTRATOR]
#                     none   desk   leader supervisor admin
DRAFT = dict(zip(ROLES, [False, True, True, False, True], strict=True))
SIGN = dict(zip(ROLES, [False, False, True, False, False], strict=True))
TEMPLATES = dict(zip(ROLES, [False, False, True, False, True], strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_may_do_what_with_a_communes_letters(commune, other_commune, role):
    user = make_person("nguoi", commune, role)
    letter = thanks_draft(commune)
    elsewhere = thanks_draft(other_commune, key="k:2")

    assert permissions.can_draft_letter(user, commune) is DRAFT[role]
    assert permissions.can_issue_letter(user, letter) is SIGN[role]
    assert permissions.can_cancel_letter(user, letter) is SIGN[role]
    assert permissions.can_manage_templates(user, commune) is TEMPLATES[role]
    assert not permissions.can_issue_letter(user, elsewhere)
    assert not permissions.can_draft_letter(user, other_commune)
    assert list(permissions.visible_letters(user)) == ([letter] if role else [])


@pytest.mark.django_db
def test_a_provincial_reviewer_reads_every_communes_letters_but_signs_none(commune, other_commune, reviewer):
    letters = {thanks_draft(commune), thanks_draft(other_commune, key="k:2")}

    assert set(permissions.visible_letters(reviewer)) == letters
    assert not any(permissions.can_issue_letter(reviewer, letter) for letter in letters)


@pytest.mark.django_db
def test_the_queue_reads_in_a_fixed_number_of_queries(client, commune, leader, django_assert_max_num_queries):
    for number in range(30):
        thanks_draft(commune, key=f"k:{number}")
    client.force_login(leader)

    with django_assert_max_num_queries(12):
        response = client.get("/letters/")

    assert response.status_code == 200
