"""Logins (issue #13, item 13): a per-address limit over all usernames, one-time passwords that must be
changed, and resets and withdrawals that end the user's sessions and API keys."""

import pytest
from django.contrib.sessions.models import Session

from conftest import make_person
from thanthien.units import services
from thanthien.units.models import Membership, Role
from thanthien.units.tokens import authenticate_api_token, issue_api_token

PASSWORD = "mật-khẩu-thử-1"


@pytest.fixture
def administrator(commune):
    return make_person("quantri", commune, Role.ADMINISTRATOR, "Trịnh Minh Quân")


def login(client, username, password, address="10.9.9.9"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


# --- One password across many usernames -------------------------------------------------------------------
def test_one_password_tried_across_many_usernames_locks_the_address(client, settings, officer):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    for number in range(4):  # never more than one failure per username: axes alone lets this through
        login(client, f"ai{number}", "123456")

    response = login(client, "canbo", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_address_limit_leaves_other_addresses_alone(client, settings, officer):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    for number in range(4):
        login(client, f"ai{number}", "123456")

    assert login(client, "canbo", PASSWORD, address="10.8.8.8").status_code == 302


def test_a_few_mistakes_in_a_shared_office_do_not_lock_it(client, settings, officer):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    for number in range(3):
        login(client, f"ai{number}", "123456")

    assert login(client, "canbo", PASSWORD).status_code == 302


# --- A one-time password must be changed ------------------------------------------------------------------
def test_after_a_reset_the_app_stays_closed_until_the_password_is_changed(client, administrator, officer):
    password = services.reset_password(officer, by=administrator)
    assert login(client, "canbo", password).status_code == 302

    blocked = client.get("/dossiers/")
    api = client.get("/api/v1/dossiers/15991-260302-ABCDE")
    changed = client.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": "Hoằng-Cát-2026!", "new_password2": "Hoằng-Cát-2026!"},
    )
    opened = client.get("/dossiers/")

    assert blocked.status_code == 302 and blocked.url == "/accounts/password/"
    assert api.status_code == 401
    assert changed.status_code == 302
    assert opened.status_code == 200
    officer.refresh_from_db()
    assert not officer.must_change_password


def test_the_one_time_password_cannot_be_kept_as_the_new_one(client, administrator, officer):
    password = services.reset_password(officer, by=administrator)
    login(client, "canbo", password)

    response = client.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": password, "new_password2": password},
    )

    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.must_change_password


def test_a_new_account_must_change_its_password_too(client, administrator, commune):
    user, password = services.create_account(
        by=administrator, unit=commune, role=Role.DESK_OFFICER, username="motcua3", full_name="Đặng Thị Hạnh"
    )
    login(client, "motcua3", password)

    assert client.get("/").url == "/accounts/password/"
    assert user.must_change_password


# --- Resets and withdrawals end sessions and API keys -----------------------------------------------------
def test_a_reset_ends_the_users_sessions_and_api_keys(client, administrator, officer):
    login(client, "canbo", PASSWORD)
    key = issue_api_token(officer, name="Ki-ốt đánh giá", by=administrator)

    services.reset_password(officer, by=administrator)

    assert client.get("/dossiers/").url.startswith("/accounts/login/")
    assert authenticate_api_token(key) is None
    assert not Session.objects.filter(session_key=client.session.session_key).exists()


def test_withdrawing_a_role_ends_the_users_sessions_and_api_keys(client, administrator, officer):
    login(client, "canbo", PASSWORD)
    key = issue_api_token(officer, name="Hệ thống một cửa tỉnh", by=administrator)
    membership = Membership.objects.get(user=officer)

    services.withdraw_role(membership, by=administrator)

    assert client.get("/dossiers/").url.startswith("/accounts/login/")
    assert authenticate_api_token(key) is None


def test_a_session_kept_in_any_store_ends_because_its_hash_no_longer_matches(administrator, officer):
    before = officer.get_session_auth_hash()

    services.revoke_access(officer, by=administrator, reason="test")

    assert officer.get_session_auth_hash() != before


def test_a_password_set_in_the_django_admin_is_a_one_time_password(client, admin_user, officer):
    client.force_login(admin_user)
    key = issue_api_token(officer, name="Ki-ốt", by=admin_user)

    response = client.post(
        f"/admin/units/user/{officer.pk}/password/",
        {"password1": "Mật-khẩu-mới-2026", "password2": "Mật-khẩu-mới-2026", "usable_password": "true"},
    )

    officer.refresh_from_db()
    assert response.status_code == 302
    assert officer.must_change_password
    assert authenticate_api_token(key) is None


def test_guessing_the_old_password_on_the_change_form_is_limited(client, officer):
    client.force_login(officer)
    for _attempt in range(5):
        client.post(
            "/accounts/password/", {"old_password": "sai", "new_password1": "x", "new_password2": "x"}
        )

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Hoằng-Cát-2026!", "new_password2": "Hoằng-Cát-2026!"},
    )

    assert response.status_code == 200  # refused, the form shown again
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
