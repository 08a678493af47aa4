"""The interface speaks Vietnamese by default and English when the user chooses it."""

import pytest


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_choosing_english_switches_the_interface(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    response = client.get("/accounts/login/")

    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
