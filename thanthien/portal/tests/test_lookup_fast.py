"""Issue #19: the look-up answered before the middleware stack gives the very page and headers the view
gives through the whole stack."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from thanthien.core.ratelimit import forget_local_counts
from thanthien.dossiers.links import dossier_pk_from_token
from thanthien.dossiers.models import DossierEvent
from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.portal import lookup, lookup_fast
from thanthien.ratings.models import Rating
from thanthien.ratings.services import record_rating

FAST = "thanthien.portal.lookup_fast.LookupMiddleware"
URL = "/x/hoang-cat/tra-cuu/"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    forget_local_counts()
    lookup_fast._skeletons.clear()
    lookup._rate_paths.clear()


@pytest.fixture
def dossier(commune, officer):
    procedure = make_procedure(code="TEST-KT", name='Đăng ký <kết hôn> & "cấp bản sao"')
    found = receive_at(
        local(2026, 3, 2, 9, 30), commune, officer, procedure=procedure, applicant_name="Ông Ích Khiêm"
    )
    DossierEvent.objects.create(
        dossier=found, at=found.received_at + timedelta(hours=3), kind=DossierEvent.Kind.HANDED_OVER
    )
    return found


def both_paths(query: dict[str, str], *, language: str = "vi", address: str = "10.1.1.1", repeat: int = 1):
    """The last of `repeat` answers of the fast path and of the whole stack (the view), each from its own
    address, at the same frozen second (a rating link carries the second it was signed in)."""
    slow_stack = [name for name in settings.MIDDLEWARE if name != FAST]
    assert FAST in settings.MIDDLEWARE
    answers = []
    with time_machine.travel(local(2026, 3, 5, 8, 0), tick=False):
        for middleware, own_address in ((settings.MIDDLEWARE, address), (slow_stack, address + "0")):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(settings, "MIDDLEWARE", middleware)
                browser = Client(REMOTE_ADDR=own_address)
                browser.cookies["django_language"] = language
                for _attempt in range(repeat):
                    response = browser.get(URL, query)
                answers.append(response)
    return answers


def same_page(fast, slow) -> None:
    assert fast.status_code == slow.status_code
    assert fast.content.decode() == slow.content.decode()
    assert sorted(fast.items()) == sorted(slow.items())
    assert not hasattr(fast.wsgi_request, "session") and slow.templates  # fast: no session, no view


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_found_dossier_gets_the_views_page_and_headers(dossier, language):
    fast, slow = both_paths({"ma": dossier.code.lower(), "so": "5678"}, language=language)

    same_page(fast, slow)
    page = fast.content.decode()
    assert fast.status_code == 200 and "Ô.Í.K." in page and "Ông Ích Khiêm" not in page
    assert "&lt;kết hôn&gt; &amp; &quot;cấp bản sao&quot;" in page and 'data-testid="lookup-rate"' in page
    assert page.count("<li><time>") == 2
    assert fast["Content-Language"] == language and "Content-Security-Policy" in fast


@pytest.mark.django_db
def test_a_rated_dossier_gets_the_views_page(dossier, commune):
    record_rating(commune, level=4, channel=Rating.Channel.LINK, dossier=dossier)

    fast, slow = both_paths({"ma": dossier.code, "so": "5678"})

    same_page(fast, slow)
    assert 'data-testid="lookup-rated"' in fast.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "query",
    [
        {"ma": "<b>KHONG'CO&</b>", "so": "5678"},  # a wrong code, echoed in the form
        {"ma": "DOSSIER", "so": "0000"},  # a wrong phone
        {"ma": "DOSSIER", "so": "56x8"},  # not 4 digits
    ],
)
def test_a_wrong_code_a_wrong_phone_and_bad_digits_get_the_views_404(dossier, language, query):
    query = {**query, "ma": query["ma"].replace("DOSSIER", dossier.code)}

    fast, slow = both_paths(query, language=language)

    same_page(fast, slow)
    assert fast.status_code == 404 and 'role="alert"' in fast.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_21st_look_up_from_an_address_gets_the_views_429(dossier, language):
    fast, slow = both_paths({"ma": dossier.code, "so": "5678"}, language=language, repeat=21)

    same_page(fast, slow)
    assert fast.status_code == 429


@pytest.mark.django_db
def test_a_wrong_code_and_a_wrong_phone_answer_alike_on_the_fast_path(client, dossier):
    wrong_phone = client.get(URL, {"ma": dossier.code, "so": "0000"})
    wrong_code = client.get(URL, {"ma": "KHONGCO", "so": "5678"})

    assert wrong_phone.status_code == wrong_code.status_code == 404
    assert error_of(wrong_phone) == error_of(wrong_code) != ""


@pytest.mark.django_db
def test_a_rating_link_signed_minutes_ago_is_offered_again_then_signed_anew(dossier):
    def offered_link(minutes: int) -> str:
        with time_machine.travel(local(2026, 3, 5, 8, minutes), tick=False):
            page = Client(REMOTE_ADDR=f"10.2.0.{minutes}").get(URL, {"ma": dossier.code, "so": "5678"})
        link = re.search(r'href="([^"]+)" data-testid="lookup-rate"', page.content.decode())
        assert link, page.content.decode()
        return link.group(1)

    first, five_minutes_on, eleven_minutes_on = offered_link(0), offered_link(5), offered_link(11)

    assert first == five_minutes_on != eleven_minutes_on
    with time_machine.travel(local(2026, 3, 5, 8, 11), tick=False):
        for link in (first, eleven_minutes_on):
            assert dossier_pk_from_token(link.rstrip("/").rsplit("/", 1)[1]) == dossier.pk
            assert Client().get(link).status_code == 200


def error_of(response) -> str:
    page = response.content.decode()
    return page[page.index('role="alert">') : page.index("</p>", page.index('role="alert">'))]


@pytest.mark.django_db
def test_what_the_fast_path_does_not_take_goes_to_the_view(client, dossier, officer):
    empty = client.get(URL)
    to_rate = client.get(URL, {"ma": dossier.code, "so": "5678", "danh-gia": "1"})
    head = client.head(URL, {"ma": dossier.code, "so": "5678"})
    no_commune = client.get("/x/khong-co-xa-nay/tra-cuu/", {"ma": dossier.code, "so": "5678"})
    client.force_login(officer)
    staff = client.get(URL, {"ma": dossier.code, "so": "5678"})

    assert empty.status_code == 200 and empty.templates
    assert to_rate.status_code == 302
    assert head.status_code == 405
    assert no_commune.status_code == 404 and no_commune.templates
    assert staff.status_code == 200 and staff.templates and 'id="site-menu"' in staff.content.decode()
