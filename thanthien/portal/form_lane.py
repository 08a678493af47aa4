"""A citizen's busiest forms answered before the middleware stack when they succeed, as their views answer
them: a rating from a dossier's link, and the public feedback form.

On the day a province sends its rating links, or when a commune asks its people for their views, these
forms take the load. Their views need none of what most of the stack does for a visitor without an account
(session, login, two-factor, messages, the URL resolver). `PublicFormLaneMiddleware`, right after the API's
lane, takes a POST of /x/<commune>/danh-gia/<token>/ or /x/<commune>/gop-y/ from a visitor with no session,
no flash message and no Authorization header, and answers it with:
- the same checks: Django's CSRF middleware (the cookie and the form's token, the origin), then the views'
  own functions (`portal.rating.linked_dossier` and `send_rating`: the dossier of that commune with "its
  link was used", the address counted, the rating recorded; `portal.feedback.submit_feedback`: the form,
  the robot trap, the address counted, the submission received);
- the same answer: the rating's "thank you" page, `portal/rate_done.html` rendered once per process,
  commune and language with a marker for the address (`portal.skeletons`); the feedback's redirect to its
  "sent" page (`portal.feedback.sent_page_redirect`);
- the same headers: the security, CSP, language, request-context and frame middleware of MIDDLEWARE run
  around it, the CSRF middleware's own answer, and the session's `Vary: Cookie`.
Anything else goes down the stack to the view, which answers it with its own pages: a CSRF refusal, an
invalid or used link, a form refused, a robot, an address over its limit (the view gets the lane's outcome:
the address is counted once and nothing is written twice), a GET, a visitor who is signed in.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.urls.converters import SlugConverter
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language

from thanthien.core.middleware import within_middleware
from thanthien.core.public_cache import is_anonymous
from thanthien.portal.feedback import feedback_form, sent_page_redirect, submit_feedback
from thanthien.portal.rating import DONE_TEMPLATE, linked_dossier, rate_dossier, send_rating
from thanthien.portal.skeletons import MarkedRequest, Skeleton
from thanthien.units.models import Unit
from thanthien.units.queries import commune_by_slug

FORM_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "thanthien.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "thanthien.core.middleware.RequestContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
MAX_SKELETONS = 500
PARTS = {"slug": SlugConverter.regex, "token": "[^/]+"}  # the addresses' parts, as their converters take them


@dataclass(frozen=True)
class FormLane:
    """A form the lane answers: its address (`url_name` with `parts`), its view (for the CSRF check), and
    what answers a request it can take (given the parts), or None to leave the request to the view."""

    url_name: str
    parts: tuple[str, ...]
    view: Callable[..., HttpResponse]
    answer: Callable[..., HttpResponse | None]


class _Declined(Exception):
    """The lane leaves this request to the stack."""


class PublicFormLaneMiddleware:
    """Answer a citizen's recorded rating or received feedback before the rest of the stack (module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.answer = within_middleware(_answer, FORM_MIDDLEWARE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not is_anonymous(request) or _lane_of(request) is None:
            return self.get_response(request)
        try:
            return self.answer(request)
        except _Declined:
            return self.get_response(request)


def _recorded_rating(request: HttpRequest, slug: str, token: str) -> HttpResponse | None:
    commune = commune_by_slug(slug)
    dossier = linked_dossier(commune, token) if commune is not None else None
    if commune is None or dossier is None or dossier.rated_by_link:  # type: ignore[attr-defined]
        return None
    if send_rating(request, dossier).status != 200:
        return None
    page = _done_skeleton(commune, get_language()).fill({"path": escape(request.get_full_path())})
    return HttpResponse(page)


def _received_feedback(request: HttpRequest, slug: str) -> HttpResponse | None:
    commune = commune_by_slug(slug)
    if commune is None or not (request.POST or request.FILES):
        return None
    submitted = submit_feedback(request, commune)
    return None if submitted.item is None else sent_page_redirect(commune, submitted.item)


LANES = (
    FormLane("portal:rate", ("slug", "token"), rate_dossier, _recorded_rating),
    FormLane("portal:feedback_form", ("slug",), feedback_form, _received_feedback),
)


@cache
def _paths() -> tuple[tuple[re.Pattern[str], FormLane], ...]:
    """Each lane's address with any commune's slug (and token), as path_info gives it."""
    paths = []
    for lane in LANES:
        address = reverse(lane.url_name, kwargs={part: part.upper() for part in lane.parts})
        pattern = re.escape(address.removeprefix(get_script_prefix()))
        for part in lane.parts:
            pattern = pattern.replace(part.upper(), f"(?P<{part}>{PARTS[part]})")
        paths.append((re.compile("/" + pattern), lane))
    return tuple(paths)


def _lane_of(request: HttpRequest) -> tuple[FormLane, dict[str, str]] | None:
    for path, lane in _paths():
        match = path.fullmatch(request.path_info)
        if match is not None:
            return lane, match.groupdict()
    return None


def _answer(request: HttpRequest) -> HttpResponse:
    taken = _lane_of(request)
    if taken is None:  # pragma: no cover - PublicFormLaneMiddleware only passes a request it matched
        raise _Declined
    lane, parts = taken
    csrf = CsrfViewMiddleware(lambda _request: HttpResponse())
    csrf.process_request(request)
    if csrf.process_view(request, lane.view, (), parts) is not None:
        raise _Declined  # the stack refuses it with its own page
    response = lane.answer(request, **parts)
    if response is None:
        raise _Declined
    patch_vary_headers(response, ("Cookie",))  # the stack asks whether the visitor is signed in: a session's
    csrf.process_response(request, response)  # the CSRF cookie, where the middleware sets one
    return response


_skeletons: dict[tuple[object, ...], Skeleton] = {}


def _done_skeleton(commune: Unit, language: str) -> Skeleton:
    """The "thank you" page of this commune and language, with a marker for the address; rendered once."""
    key = (commune.pk, commune.slug, commune.name, language)
    skeleton = _skeletons.get(key)
    if skeleton is None:
        if len(_skeletons) >= MAX_SKELETONS:
            _skeletons.clear()
        request = MarkedRequest(reverse("portal:rate", args=[commune.slug, "0"]))
        page = render_to_string(DONE_TEMPLATE, {"commune": commune, "already": False}, request=request)
        skeleton = _skeletons[key] = Skeleton.of(page)
    return skeleton
