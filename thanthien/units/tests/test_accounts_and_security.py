"""Logins, throttling, two-factor, audit of writes and of protected reads, and security headers."""

import os
import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import make_person
from thanthien.core.models import AuditEvent
from thanthien.units import services
from thanthien.units.models import Official, Role

PASSWORD = "mật-khẩu-thử-1"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_login_is_written_to_the_audit_log_with_the_address(client, officer):
    response = client.post(
        "/accounts/login/", {"username": "canbo", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert event.actor == officer
    assert event.ip_address == "10.1.2.3"


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, officer):
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": "canbo", "password": "sai"}, REMOTE_ADDR="10.0.0.9")

    response = client.post(
        "/accounts/login/", {"username": "canbo", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() >= 5


def test_a_wrong_password_shows_a_clear_message_in_vietnamese(client, officer):
    response = client.post("/accounts/login/", {"username": "canbo", "password": "sai"})

    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


@pytest.fixture
def two_factor_on(settings):
    settings.OTP_REQUIRED = True


def test_a_leader_must_set_up_two_factor_before_working(client, leader, two_factor_on):
    client.post("/accounts/login/", {"username": "chutich", "password": PASSWORD})

    response = client.get("/units/communes/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/setup/")


def test_a_leader_who_confirms_an_authenticator_reaches_the_page_asked_for(client, leader, two_factor_on):
    client.post("/accounts/login/", {"username": "chutich", "password": PASSWORD})
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=leader)

    response = client.post("/accounts/2fa/setup/?next=/units/communes/", {"token": current_code(device)})

    assert response.status_code == 302
    assert response.url == "/units/communes/"
    assert client.get("/units/communes/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_keeps_the_leader_out(client, leader, two_factor_on):
    TOTPDevice.objects.create(user=leader, name="app", confirmed=True)
    client.post("/accounts/login/", {"username": "chutich", "password": PASSWORD})

    response = client.post("/accounts/2fa/verify/", {"token": "000000"})

    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_desk_officer_works_without_a_second_factor(client, officer, two_factor_on):
    client.post("/accounts/login/", {"username": "canbo", "password": PASSWORD})

    assert client.get("/", follow=True).status_code == 200  # "/" sends the desk officer to the desk


def test_recording_a_commune_profile_is_audited_with_the_new_figures(leader, commune):
    services.record_commune_profile(
        commune, by=leader, as_of=date(2023, 11, 15), households=1716, population=5856, party_cells=11
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE)
    assert event.actor == leader
    assert event.changes == {"households": 1716, "population": 5856, "party_cells": 11}
    assert event.unit_path == commune.path


def test_a_desk_officer_cannot_change_the_commune_profile(officer, commune):
    with pytest.raises(PermissionDenied):
        services.record_commune_profile(
            commune, by=officer, as_of=date(2023, 11, 15), households=1, population=2, party_cells=1
        )

    assert not AuditEvent.objects.exists()


def test_changing_an_official_keeps_old_and_new_values(leader, commune):
    official = Official.objects.create(unit=commune, full_name="Đỗ Thị Hoa", title="Công chức Tư pháp")

    services.update_official(official, by=leader, title="Công chức Tư pháp – Hộ tịch")

    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
    assert event.changes == {"title": ["Công chức Tư pháp", "Công chức Tư pháp – Hộ tịch"]}


def test_reading_an_unpublished_phone_is_audited_and_a_published_one_is_not(client, officer, commune):
    private = Official.objects.create(
        unit=commune, full_name="Bùi Văn Kín", title="Công an xã", phone="0900000001"
    )
    public = Official.objects.create(
        unit=commune, full_name="Lê Văn Thành", title="Chủ tịch", phone="0900000002", is_phone_published=True
    )
    client.force_login(officer)

    first = client.post(f"/units/officials/{private.pk}/phone/")
    client.post(f"/units/officials/{public.pk}/phone/")

    assert first.content.decode().strip() == "0900000001"
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)
    assert [(v.object_id, v.actor) for v in views] == [(str(private.pk), officer)]


def test_another_communes_officer_cannot_read_the_phone(client, outsider_officer, commune):
    private = Official.objects.create(
        unit=commune, full_name="Bùi Văn Kín", title="Công an xã", phone="0900000001"
    )
    client.force_login(outsider_officer)

    assert client.post(f"/units/officials/{private.pk}/phone/").status_code == 404


def test_pages_carry_security_headers(client, db):
    response = client.get("/accounts/login/")

    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_public_site_needs_no_login_and_shows_only_published_phones(client, commune):
    Official.objects.create(
        unit=commune,
        full_name="Lê Văn Thành",
        title="Chủ tịch UBND xã",
        phone="0912000101",
        is_phone_published=True,
        is_leader=True,
    )
    Official.objects.create(
        unit=commune, full_name="Bùi Văn Kín", title="Phó Chủ tịch", phone="0912000199", is_leader=True
    )

    page = client.get("/x/hoang-cat/").content.decode()

    assert "Xã Hoằng Cát" in page and "Lê Văn Thành" in page and "0912000101" in page
    assert "0912000199" not in page


def test_an_unknown_commune_slug_is_not_found(client, db):
    assert client.get("/x/khong-co/").status_code == 404


def test_the_health_endpoint_answers_without_login(client, db):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_withdrawing_a_role_takes_effect_at_once(commune):
    admin = make_person("quantri", commune.parent, Role.ADMINISTRATOR)  # the province's: no approval needed
    user = make_person("canbo2", commune, None)
    membership = services.grant_role(user, unit=commune, role=Role.LEADER, by=admin)

    services.withdraw_role(membership, by=admin)

    from thanthien.units.permissions import can_change_unit

    assert not can_change_unit(user, commune)
    assert AuditEvent.objects.filter(object_type="units.Membership").count() == 2


def test_deploy_check_is_clean_once_production_variables_are_set(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FEEDBACK_IDENTITY_KEY": Fernet.generate_key().decode(),  # without it the check fails (#13, 9)
        "ALLOWED_HOSTS": "thanthien.example.vn",
        "HTTPS": "true",
        "THANTHIEN_DATA_DIR": str(tmp_path),
    }
    manage = Path(__file__).resolve().parents[3] / "manage.py"

    result = subprocess.run(  # noqa: S603
        [sys.executable, str(manage), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_refuses_the_development_key(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "x.vn",
        "HTTPS": "true",
        "THANTHIEN_DATA_DIR": str(tmp_path),
    }
    env.pop("SECRET_KEY", None)
    manage = Path(__file__).resolve().parents[3] / "manage.py"

    result = subprocess.run(  # noqa: S603
        [sys.executable, str(manage), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
