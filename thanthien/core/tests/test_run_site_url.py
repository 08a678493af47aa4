"""`python3 run.py` tells citizens the address it really serves on: receipts' QR codes and SMS links."""

import pytest
from django.urls import reverse

import run
from thanthien.core.links import public_url


def test_the_port_served_on_becomes_the_site_url():
    changes = run.citizen_address({}, "127.0.0.1", 8001, configured=set(), lan=None)

    assert changes == {"SITE_URL": "http://127.0.0.1:8001"}


def test_on_every_interface_a_phone_gets_the_computers_network_address_and_may_open_it():
    changes = run.citizen_address({}, "0.0.0.0", 8000, configured=set(), lan="192.168.1.20")  # noqa: S104

    assert changes["SITE_URL"] == "http://192.168.1.20:8000"
    assert changes["ALLOWED_HOSTS"].split(",") == ["localhost", "127.0.0.1", "[::1]", "192.168.1.20"]


def test_without_a_network_address_the_computer_itself_is_named_and_an_ipv6_host_is_bracketed():
    assert run.citizen_address({}, "0.0.0.0", 8000, configured=set(), lan=None) == {  # noqa: S104
        "SITE_URL": "http://127.0.0.1:8000"
    }
    assert run.citizen_address({}, "::1", 8002, configured=set(), lan=None) == {
        "SITE_URL": "http://[::1]:8002"
    }


def test_a_site_url_or_allowed_hosts_the_user_set_in_the_environment_or_in_dot_env_is_kept(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nDEBUG=true\nexport SITE_URL=https://xa.example.gov.vn\n", encoding="utf-8")
    configured = run.dotenv_names(dotenv)

    assert configured == {"DEBUG", "SITE_URL"}
    assert run.citizen_address({}, "0.0.0.0", 8000, configured=configured, lan="10.0.0.5") == {  # noqa: S104
        "ALLOWED_HOSTS": "localhost,127.0.0.1,[::1],10.0.0.5"
    }
    mine = {"SITE_URL": "https://mine.example", "ALLOWED_HOSTS": "mine.example"}
    assert run.citizen_address(mine, "0.0.0.0", 8000, configured=set(), lan="10.0.0.5") == {}  # noqa: S104
    assert run.dotenv_names(tmp_path / "missing.env") == set()


@pytest.mark.django_db
def test_the_receipt_qr_and_the_sms_link_use_site_url_not_the_officials_address(
    client, commune, officer, settings
):
    from thanthien.dossiers import messages
    from thanthien.dossiers.tests.factories import local, receive_at

    settings.SITE_URL = "http://192.168.1.20:8001"
    dossier = receive_at(local(2026, 3, 5), commune, officer)
    client.force_login(officer)

    receipt = client.get(reverse("dossiers:receipt", args=[dossier.code]), HTTP_HOST="127.0.0.1:8001")

    page = receipt.content.decode()
    assert f'href="http://192.168.1.20:8001/x/hoang-cat/tra-cuu/?ma={dossier.code}"' in page
    assert 'href="http://192.168.1.20:8001/x/hoang-cat/danh-gia/' in page
    assert "127.0.0.1:8001" not in page
    assert messages.rating_url(dossier).startswith("http://192.168.1.20:8001/x/hoang-cat/danh-gia/")
    assert public_url("/x/hoang-cat/") == "http://192.168.1.20:8001/x/hoang-cat/"
