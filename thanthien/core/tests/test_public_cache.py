"""Whole public pages kept per process: served without a query to visitors without an account, never to
staff, never with another visitor's CSRF token, refreshed after their lifetime, and still rate-limited."""

from dataclasses import replace

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from thanthien.core.public_cache import store
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.procedures.models import Procedure

pytestmark = pytest.mark.django_db


def _home(commune) -> str:
    return reverse("portal:commune_home", args=[commune.slug])


def test_a_second_visitor_gets_the_kept_home_without_a_query(client, commune, django_assert_num_queries):
    first = client.get(_home(commune))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(_home(commune))
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Language"] == "vi"
    assert second["X-Frame-Options"] == "DENY"
    assert not second.cookies


def test_each_language_is_kept_apart(client, commune):
    vietnamese = client.get(_home(commune)).content
    client.cookies["django_language"] = "en"
    english = client.get(_home(commune)).content
    assert vietnamese != english
    assert b'lang="en"' in english and b'lang="vi"' in vietnamese


def test_staff_never_get_a_kept_page_and_see_a_change_at_once(client, commune, leader):
    procedure = make_procedure("CACHE-1", "Chứng thực bản sao")
    url = reverse("portal:procedure_list", args=[commune.slug])
    assert "Chứng thực bản sao" in client.get(url).content.decode()  # kept for visitors without an account
    Procedure.objects.filter(pk=procedure.pk).update(name="Thủ tục đổi tên ngay")
    assert "Thủ tục đổi tên ngay" not in client.get(url).content.decode()
    client.force_login(leader)
    assert "Thủ tục đổi tên ngay" in client.get(url).content.decode()
    assert len(store.entries) == 1  # the leader's page was not kept


def test_a_kept_page_is_refreshed_after_its_lifetime(client, commune, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 30
    url = _home(commune)
    client.get(url)
    commune.name = "Xã Đổi Tên"
    commune.save(update_fields=["name"])
    assert "Xã Đổi Tên" not in client.get(url).content.decode()  # still the kept page
    store.entries = {key: replace(entry, expires=entry.expires - 31) for key, entry in store.entries.items()}
    assert "Xã Đổi Tên" in client.get(url).content.decode()


def test_a_page_with_a_form_token_is_never_kept(client, commune):
    url = reverse("portal:feedback_form", args=[commune.slug])
    first = client.get(url)
    assert b"csrfmiddlewaretoken" in first.content
    client.get(url)
    assert store.entries == {}


def test_zero_seconds_turns_it_off(client, commune, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(_home(commune))
    assert store.entries == {}


def test_the_board_json_is_still_rate_limited_when_kept(client, commune, settings):
    settings.PUBLIC_BOARD_REQUESTS_PER_MINUTE = 3
    url = f"/api/v1/public/communes/{commune.code}/board"
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        answers = [client.get(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3]["Content-Type"] == "application/json"
    assert answers[3].json()["errors"]
    assert len(store.entries) == 1  # served from the kept page, yet counted


def test_a_look_up_with_a_code_is_never_kept(client, commune):
    url = reverse("portal:lookup", args=[commune.slug]) + "?ma=ABC&so=1234"
    client.get(url)
    assert store.entries == {}


def test_an_unknown_language_cookie_shares_the_vietnamese_page(client, commune):
    client.get(_home(commune))
    client.cookies["django_language"] = "xx-made-up"
    client.get(_home(commune))
    assert len(store.entries) == 1
