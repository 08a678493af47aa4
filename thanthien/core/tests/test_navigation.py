"""No page sends a user to another site: every `next` goes through core.navigation.safe_next (#13, 11)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thanthien.core.navigation import safe_next, with_next

PASSWORD = "mật-khẩu-thử-1"
ELSEWHERE = [
    "https://evil.example/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    " //evil.example",
    "https://testserver.evil.example/",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_safe_next_refuses_every_other_site(target):
    request = RequestFactory().post("/x/", {"next": target})

    assert safe_next(request, "/fallback/") == "/fallback/"


@pytest.mark.parametrize("target", ["/reception/", "/letters/?kind=thanks&page=2", "/x/?next=/y/"])
def test_safe_next_keeps_a_path_of_this_site(target):
    assert safe_next(RequestFactory().get("/x/", {"next": target}), "/fallback/") == target


def test_with_next_keeps_a_path_with_its_query_as_one_value():
    url = with_next("/accounts/2fa/verify/", "/letters/?kind=thanks&next=https://evil.example/")

    request = RequestFactory().get(url)

    assert request.GET["next"] == "/letters/?kind=thanks&next=https://evil.example/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example"])
def test_two_factor_pages_never_go_to_another_site(client, leader, settings, target):
    settings.OTP_REQUIRED = True
    client.post("/accounts/login/", {"username": "chutich", "password": PASSWORD})
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=leader)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"

    page = client.get(f"/accounts/2fa/setup/?next={target}").content.decode()
    response = client.post(f"/accounts/2fa/setup/?next={target}", {"token": code, "next": target})

    assert '<input type="hidden" name="next" value="/">' in page
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example"])
def test_login_logout_and_language_never_go_to_another_site(client, leader, target):
    login = client.post(f"/accounts/login/?next={target}", {"username": "chutich", "password": PASSWORD})
    language = client.post(reverse("set_language"), {"language": "vi", "next": target})
    logout = client.post(f"/accounts/logout/?next={target}")

    for response in (login, language, logout):
        assert "evil.example" not in response.get("Location", "")
