"""Administrators create logins and grant roles in their own units only."""

import pytest

from conftest import make_person
from thanthien.core.models import AuditEvent
from thanthien.units.models import Membership, Role, User


@pytest.fixture
def administrator(commune):
    return make_person("quantri", commune, Role.ADMINISTRATOR, "Trịnh Minh Quân")


def test_administrator_creates_a_desk_officer_who_can_log_in(client, administrator, commune):
    client.force_login(administrator)

    response = client.post(
        "/units/accounts/new/",
        {"username": "motcua2", "full_name": "Đặng Thị Hạnh", "unit": commune.pk, "role": Role.DESK_OFFICER},
    )

    password = response.context["password"]
    assert Membership.objects.get(user__username="motcua2").role == Role.DESK_OFFICER
    client.logout()
    assert client.post("/accounts/login/", {"username": "motcua2", "password": password}).status_code == 302
    assert AuditEvent.objects.filter(object_type="units.User", action=AuditEvent.Action.CREATE).exists()


def test_administrator_cannot_create_an_account_in_another_commune(client, administrator, other_commune):
    client.force_login(administrator)

    response = client.post(
        "/units/accounts/new/",
        {"username": "xamchiem", "full_name": "Người Lạ", "unit": other_commune.pk, "role": Role.LEADER},
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not User.objects.filter(username="xamchiem").exists()


def test_a_taken_username_gets_a_clear_error_and_nothing_is_written(client, administrator, commune, officer):
    client.force_login(administrator)

    response = client.post(
        "/units/accounts/new/",
        {"username": "canbo", "full_name": "Trùng Tên", "unit": commune.pk, "role": Role.LEADER},
    )

    assert "canbo" in str(response.context["form"].non_field_errors())
    assert User.objects.filter(username="canbo").count() == 1
    assert not Membership.objects.filter(user__username="canbo", role=Role.LEADER).exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.DESK_OFFICER, Role.SUPERVISOR])
def test_other_roles_cannot_open_account_management(client, commune, role):
    client.force_login(make_person(f"u-{role}", commune, role))

    assert client.get("/units/accounts/").status_code == 403
    assert client.get("/units/accounts/new/").status_code == 403


def test_administrator_withdraws_a_role_in_their_commune_but_not_elsewhere(
    client, administrator, officer, outsider_officer
):
    client.force_login(administrator)
    own = officer.memberships.get()
    foreign = outsider_officer.memberships.get()

    assert client.post(f"/units/accounts/roles/{own.pk}/withdraw/").status_code == 302
    assert client.post(f"/units/accounts/roles/{foreign.pk}/withdraw/").status_code == 404

    own.refresh_from_db()
    foreign.refresh_from_db()
    assert not own.is_active and foreign.is_active


def test_administrator_resets_a_password_of_their_commune_only(
    client, administrator, officer, outsider_officer
):
    client.force_login(administrator)

    assert client.post(f"/units/accounts/{officer.pk}/password/").status_code == 200
    assert client.post(f"/units/accounts/{outsider_officer.pk}/password/").status_code == 404
