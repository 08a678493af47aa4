"""Issue #19: a rating from a dossier's link, or a feedback form, answered before the middleware stack once
recorded, gives the very page (or redirect) and headers the view gives through the whole stack; whatever the
lane does not record, the view answers, with the address counted once."""

import re
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thanthien.core.models import AuditEvent
from thanthien.core.ratelimit import forget_local_counts
from thanthien.dossiers.links import rating_token
from thanthien.dossiers.tests.factories import local, receive_at
from thanthien.feedback.models import FeedbackAttachment, FeedbackItem, SenderIdentity
from thanthien.portal import form_lane
from thanthien.portal.tests.test_citizen_pages import PNG
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


def rate(dossier, path: str, data: dict[str, str], *, opened=None, **options):
    """The citizen opens the rating page (of `opened`, a second tab's, when given), then sends the form."""
    return post_form(rate_path(dossier), path, data, opened=rate_path(opened or dossier), **options)


def post_form(
    address: str,
    path: str,
    data: Mapping[str, object],
    *,
    language: str = "vi",
    csrf: bool = True,
    urlencoded: bool = False,
    opened: str = "",
    **extra,
):
    """The citizen opens the form's page (or `opened`), then sends the form to `address`, through the
    settings' middleware ("lane") or the stack without the lane ("stack"), with the page's CSRF cookie and
    token (`csrf`), as a browser's multipart form or `urlencoded`."""
    assert LANE in settings.MIDDLEWARE
    middleware = settings.MIDDLEWARE if path == "lane" else [m for m in settings.MIDDLEWARE if m != LANE]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "MIDDLEWARE", middleware)
        browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=extra.pop("address", "10.2.2.2"))
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = browser.get(opened or address)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert token is not None
        if csrf:
            data = {"csrfmiddlewaretoken": token[1], **data}
        else:
            browser.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        if urlencoded:
            return browser.post(address, urlencode(data), "application/x-www-form-urlencoded", **extra)
        return browser.post(address, data, **extra)


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


def _headers(answer, but: str = "") -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in answer.items() if name not in {"Content-Length", but})


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


# --- The public feedback form -------------------------------------------------------------------------------

FEEDBACK = {"kind": "reflection", "topic": "other", "content": 'Đèn đường thôn 2 <b>hỏng</b> & "tối"'}


def send_feedback(commune, path: str, data: dict[str, object], **options):
    """A citizen opens the commune's feedback form and sends it, with a fresh key as the page gives one."""
    address = reverse("portal:feedback_form", args=[commune.slug])
    return post_form(address, path, {"client_key": secrets.token_hex(8), **data}, **options)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("content_type", ["multipart", "urlencoded"])
def test_received_feedback_gets_the_views_redirect_and_headers(commune, language, content_type):
    named = {**FEEDBACK, "name": "Lê Văn Nêu", "address": "Thôn 2", "contact": "0987654321"}
    urlencoded = content_type == "urlencoded"
    lane, stack = (
        send_feedback(commune, path, named, language=language, urlencoded=urlencoded) for path in ALL
    )

    assert lane.status_code == stack.status_code == 302 and by_lane(lane) and not by_lane(stack)
    items = FeedbackItem.objects.order_by("pk")
    sent_pages = [reverse("portal:feedback_sent", args=[commune.slug, item.tracking_code]) for item in items]
    assert [lane["Location"], stack["Location"]] == sent_pages
    assert lane.content == stack.content == b""
    assert _headers(lane, but="Location") == _headers(stack, but="Location")
    assert sorted(lane.cookies) == sorted(stack.cookies)
    assert lane["Content-Language"] == language and "Content-Security-Policy" in lane
    for item in items:
        assert (item.channel, item.content, item.is_anonymous) == ("web_form", FEEDBACK["content"], False)
        assert SenderIdentity.objects.filter(item=item).count() == 1
        line = AuditEvent.objects.get(object_type=FeedbackItem._meta.label, object_id=str(item.pk))
        assert (line.action, line.ip_address) == ("create", "10.2.2.2")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "data", "status"),
    [
        ("no content", {"kind": "reflection", "topic": "other"}, 400),
        ("an anonymous complaint", {**FEEDBACK, "kind": "complaint"}, 400),
        ("a robot", {**FEEDBACK, "website": "http://spam.example"}, 200),
        ("no CSRF token", FEEDBACK, 403),
    ],
)
def test_what_the_lane_does_not_receive_the_view_answers_alike(commune, case, data, status):
    lane, stack = (send_feedback(commune, path, data, csrf=case != "no CSRF token") for path in ALL)

    assert lane.status_code == stack.status_code == status and not by_lane(lane)
    pages = [
        re.sub(r'name="(csrfmiddlewaretoken|client_key)" value="[^"]+"', "…", answer.content.decode())
        for answer in (lane, stack)
    ]
    assert pages[0] == pages[1]
    assert _headers(lane) == _headers(stack)
    assert not FeedbackItem.objects.exists()


@pytest.mark.django_db
def test_a_photo_is_read_once_and_received_with_the_item(commune):
    photo = SimpleUploadedFile("cot-dien.png", PNG)

    answer = send_feedback(commune, "lane", {**FEEDBACK, "attachment": photo})

    attachment = FeedbackAttachment.objects.get()
    assert answer.status_code == 302 and by_lane(answer)
    assert (attachment.file_name, attachment.size) == ("cot-dien.png", len(PNG))


@pytest.mark.django_db
def test_a_refused_file_is_refused_by_the_view_with_what_was_typed_kept(commune):
    fake = SimpleUploadedFile("anh.jpg", b"<html>hello</html>")

    answer = send_feedback(commune, "lane", {**FEEDBACK, "attachment": fake})

    page = answer.content.decode()
    assert answer.status_code == 400 and not by_lane(answer)
    assert "không phải tệp JPG thật" in page and "Đèn đường thôn 2" in page
    assert not FeedbackItem.objects.exists() and not FeedbackAttachment.objects.exists()


@pytest.mark.django_db
def test_refused_feedback_counts_its_address_once(commune, settings):
    """Refused by the view after the lane counted it: with a second count the third form would be refused
    too (the limit is 3: the form's GETs are not counted)."""
    settings.FEEDBACK_SUBMISSIONS_PER_WINDOW = 3
    forms = [{"kind": "reflection"}, FEEDBACK, FEEDBACK, FEEDBACK]

    statuses = [send_feedback(commune, "lane", data).status_code for data in forms]

    assert statuses == [400, 302, 302, 429]
    assert FeedbackItem.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["rating", "feedback"])
def test_a_signed_in_visitor_goes_down_the_stack(dossiers, commune, officer, form):
    browser = Client()
    browser.force_login(officer)
    if form == "rating":
        address, data, status = rate_path(dossiers["lane"]), {"level": "4"}, 200
    else:
        address = reverse("portal:feedback_form", args=[commune.slug])
        data, status = {**FEEDBACK, "client_key": "k-officer"}, 302

    answer = browser.post(address, data)

    assert answer.status_code == status and not by_lane(answer)
