"""Issue #19: a rating from a dossier's link, answered before the middleware stack once recorded, gives the
very page and headers the view gives through the whole stack; whatever the lane does not record, the view
answers, with the address counted once."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from thanthien.core.models import AuditEvent
from thanthien.core.ratelimit import forget_local_counts
from thanthien.dossiers.links import rating_token
from thanthien.dossiers.tests.factories import local, receive_at
from thanthien.feedback.models import FeedbackAttachment, FeedbackItem, SenderIdentity
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


@contextmanager
def browser_through(path: str, *, language: str = "vi", address: str = "10.2.2.2") -> Iterator[Client]:
    """A browser whose requests go through the settings' middleware ("lane") or the stack without the lane
    ("stack"), CSRF checked as in production."""
    assert LANE in settings.MIDDLEWARE
    middleware = settings.MIDDLEWARE if path == "lane" else [m for m in settings.MIDDLEWARE if m != LANE]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "MIDDLEWARE", middleware)
        browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        yield browser


def send_form(browser: Client, page: str, target: str, data: dict[str, Any], *, csrf: bool, urlencoded: bool):
    """Open `page`, then send `data` to `target` with the page's CSRF cookie and token (`csrf`), as a
    browser's multipart form or `urlencoded`."""
    opened = browser.get(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', opened.content.decode())
    assert token is not None
    if csrf:
        data = {"csrfmiddlewaretoken": token[1], **data}
    else:
        browser.cookies.pop(settings.CSRF_COOKIE_NAME, None)
    if urlencoded:
        return browser.post(target, urlencode(data), "application/x-www-form-urlencoded")
    return browser.post(target, data)


def rate(
    dossier,
    path: str,
    data: dict[str, str],
    *,
    language: str = "vi",
    csrf: bool = True,
    urlencoded: bool = False,
    opened=None,
):
    """The citizen opens the rating page (of `opened`, a second tab's, when given), then sends the form."""
    with browser_through(path, language=language) as browser:
        page = rate_path(opened or dossier)
        return send_form(browser, page, rate_path(dossier), data, csrf=csrf, urlencoded=urlencoded)


def send_feedback(commune, path: str, data: dict[str, Any], *, csrf: bool = True, urlencoded: bool = False):
    """The citizen opens the commune's feedback form, then sends it."""
    with browser_through(path) as browser:
        form = reverse("portal:feedback_form", args=[commune.slug])
        return send_form(browser, form, form, data, csrf=csrf, urlencoded=urlencoded)


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


def _headers(answer, *, but: str = "Content-Length") -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in answer.items() if name != but)


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


# --- The public feedback form ---


def feedback(**fields) -> dict[str, Any]:
    """A named reflection, as a citizen types it."""
    return {
        "kind": "reflection",
        "topic": "environment",
        "content": 'Cống thôn 3 bị vỡ <từ hôm qua> & "chưa ai sửa"',
        "name": "Nguyễn Thị Hoa",
        "address": "Thôn 3",
        "contact": "0912345678",
        "client_key": "k-1",
        **fields,
    }


def same_redirect(lane, stack) -> None:
    """The same status and headers, but for each item's own tracking code in the address of its page."""
    assert lane.status_code == stack.status_code == 302
    for answer in (lane, stack):
        item = FeedbackItem.objects.get(tracking_code=answer["Location"].rstrip("/").split("/")[-2])
        assert answer["Location"] == reverse(
            "portal:feedback_sent", args=[item.unit.slug, item.tracking_code]
        )
    assert _headers(lane, but="Location") == _headers(stack, but="Location")
    assert sorted(lane.cookies) == sorted(stack.cookies)


@pytest.mark.django_db
@pytest.mark.parametrize("urlencoded", [True, False])
def test_received_feedback_gets_the_views_redirect_and_headers(commune, urlencoded):
    lane, stack = (
        send_feedback(commune, path, feedback(client_key=path), urlencoded=urlencoded) for path in ALL
    )

    same_redirect(lane, stack)
    assert by_lane(lane) and not by_lane(stack)
    items = FeedbackItem.objects.all()
    assert items.count() == 2
    for item in items:
        assert SenderIdentity.objects.filter(item=item).count() == 1
        assert (
            AuditEvent.objects.filter(object_type="feedback.FeedbackItem", object_id=str(item.pk)).count()
            == 1
        )
        assert item.content == 'Cống thôn 3 bị vỡ <từ hôm qua> & "chưa ai sửa"'


@pytest.mark.django_db
def test_feedback_with_a_photo_is_received_by_the_lane_with_its_file(commune, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("cong-vo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)

    answer = send_feedback(commune, "lane", feedback(attachment=photo))

    assert answer.status_code == 302 and by_lane(answer)
    assert FeedbackAttachment.objects.get().file_name == "cong-vo.png"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "fields", "status"),
    [
        ("no content", {"content": "  "}, 400),
        ("a robot", {"website": "http://spam.example"}, 200),
        ("no CSRF token", {}, 403),
    ],
)
def test_feedback_the_lane_does_not_receive_the_view_answers_alike(commune, case, fields, status):
    csrf = case != "no CSRF token"
    lane, stack = (
        send_feedback(commune, path, feedback(client_key=path, **fields), csrf=csrf) for path in ALL
    )

    assert lane.status_code == stack.status_code == status and not by_lane(lane)
    pages = [
        re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "token", a.content.decode())
        for a in (lane, stack)
    ]
    assert pages[0] == pages[1].replace('value="stack"', 'value="lane"')
    assert _headers(lane) == _headers(stack)
    assert not FeedbackItem.objects.exists()


@pytest.mark.django_db
def test_refused_feedback_counts_its_address_once(commune, settings):
    """Refused by the view after the lane counted it: with a second count the third would be refused."""
    settings.FEEDBACK_SUBMISSIONS_PER_WINDOW = 3
    contents = ["  ", "Đèn đường hỏng", "Rác chưa thu", "Cống tắc"]

    statuses = [
        send_feedback(commune, "lane", feedback(content=content, client_key=f"k-{n}")).status_code
        for n, content in enumerate(contents)
    ]

    assert statuses == [400, 302, 302, 429]
    assert FeedbackItem.objects.count() == 2
