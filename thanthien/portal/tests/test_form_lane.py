"""Issue #19: a rating from a dossier's link, answered before the middleware stack once recorded, gives the
very page and headers the view gives through the whole stack; whatever the lane does not record, the view
answers, with the address counted once."""

import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from thanthien.core.ratelimit import forget_local_counts
from thanthien.dossiers.links import rating_token
from thanthien.dossiers.tests.factories import local, receive_at
from thanthien.portal import form_lane
from thanthien.ratings.models import Rating

LANE = "thanthien.portal.form_lane.PublicFormLaneMiddleware"
ALL = ("lane", "stack")


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    forget_local_counts()
    form_lane._skeletons.clear()


@pytest.fixture
def dossiers(commune, officer):
    """One dossier for each path to rate (a link rates once)."""
    return {
        path: receive_at(local(2026, 3, 2, 8, minute), commune, officer) for minute, path in enumerate(ALL)
    }


def rate_path(dossier) -> str:
    return reverse("portal:rate", args=[dossier.commune.slug, rating_token(dossier)])


def rate(
    dossier,
    path: str,
    data: dict[str, str],
    *,
    language: str = "vi",
    csrf: bool = True,
    urlencoded: bool = False,
    opened=None,
    **extra,
):
    """The citizen opens the rating page (of `opened`, a second tab's, when given), then sends the form,
    through the settings' middleware ("lane") or the stack without the lane ("stack"), with the page's CSRF
    cookie and token (`csrf`), as a browser's multipart form or `urlencoded`."""
    assert LANE in settings.MIDDLEWARE
    middleware = settings.MIDDLEWARE if path == "lane" else [m for m in settings.MIDDLEWARE if m != LANE]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "MIDDLEWARE", middleware)
        browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=extra.pop("address", "10.2.2.2"))
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = browser.get(rate_path(opened or dossier))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert token is not None
        if csrf:
            data = {"csrfmiddlewaretoken": token[1], **data}
        else:
            browser.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        if urlencoded:
            return browser.post(
                rate_path(dossier), urlencode(data), "application/x-www-form-urlencoded", **extra
            )
        return browser.post(rate_path(dossier), data, **extra)


def by_lane(response) -> bool:
    return not hasattr(response.wsgi_request, "session")  # the stack's SessionMiddleware sets it


def same_answer(lane, stack, dossiers) -> None:
    """The same status, headers and page, but for each dossier's own address (in the language switch, and
    so in the length) and code, and the form's masked CSRF token."""
    assert lane.status_code == stack.status_code
    pages = []
    for answer, dossier in ((lane, dossiers["lane"]), (stack, dossiers["stack"])):
        own = answer.wsgi_request.get_full_path()
        page = answer.content.decode()
        assert int(answer["Content-Length"]) == len(answer.content)
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "token", page)  # masked anew each time
        pages.append(page.replace(own, "…").replace(dossier.code, "…"))
    assert pages[0] == pages[1]
    assert _headers(lane) == _headers(stack)
    assert sorted(lane.cookies) == sorted(stack.cookies)


def _headers(answer) -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in answer.items() if name != "Content-Length")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("content_type", ["multipart", "urlencoded"])
def test_a_recorded_rating_gets_the_views_page_and_headers(dossiers, language, content_type):
    data = {"level": "4", "comment": 'Cán bộ <b>nhiệt tình</b> & "chu đáo"'}
    urlencoded = content_type == "urlencoded"
    lane, stack = (rate(dossiers[path], path, data, language=language, urlencoded=urlencoded) for path in ALL)

    same_answer(lane, stack, dossiers)
    assert lane.status_code == 200 and by_lane(lane) and not by_lane(stack)
    assert lane["Content-Language"] == language and "Content-Security-Policy" in lane
    for dossier in dossiers.values():
        rating = Rating.objects.get(dossier=dossier)
        assert (rating.level, rating.channel, rating.procedure_id) == (4, "link", dossier.procedure_id)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "data", "status"),
    [
        ("level off the scale", {"level": "9"}, 400),
        ("no level", {}, 400),
        ("no CSRF token", {"level": "4"}, 403),
    ],
)
def test_what_the_lane_does_not_record_the_view_answers_alike(dossiers, case, data, status):
    lane, stack = (rate(dossiers[path], path, data, csrf=case != "no CSRF token") for path in ALL)

    assert lane.status_code == status and not by_lane(lane)
    same_answer(lane, stack, dossiers)
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_a_used_link_is_answered_by_the_view_with_its_410_page(dossiers, commune, officer):
    for path in ALL:
        rate(dossiers[path], path, {"level": "4"})
    other = receive_at(local(2026, 3, 2, 10, 0), commune, officer)

    lane, stack = (rate(dossiers[path], path, {"level": "1"}, opened=other) for path in ALL)

    assert lane.status_code == stack.status_code == 410 and not by_lane(lane)
    assert Rating.objects.filter(level=1).count() == 0


@pytest.mark.django_db
def test_a_refused_rating_counts_its_address_once(commune, officer, settings):
    """Refused by the view after the lane counted it: with a second count the third request would be
    refused too (the limit is 3: the page's GETs are not counted)."""
    settings.RATING_LINK_RATINGS_PER_WINDOW = 3
    links = [receive_at(local(2026, 3, 2, 9, minute), commune, officer) for minute in range(4)]

    levels = ["9", "4", "4", "2"]

    statuses = [
        rate(link, "lane", {"level": level}).status_code for link, level in zip(links, levels, strict=True)
    ]

    assert statuses == [400, 200, 200, 429]
    assert Rating.objects.count() == 2


@pytest.mark.django_db
def test_a_signed_in_visitor_goes_down_the_stack(dossiers, officer):
    browser = Client()
    browser.force_login(officer)

    answer = browser.post(rate_path(dossiers["lane"]), {"level": "4"})

    assert answer.status_code == 200 and not by_lane(answer)
