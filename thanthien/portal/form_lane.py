"""A citizen's form answered before the middleware stack when what it sends is recorded, as the view answers
it: the rating of a dossier's link, and the public feedback form.

The rating page of the link on the receipt or in the SMS is the busiest form a citizen sends: on the day
a province sends its rating links, every commune's citizens post it; the feedback form takes what a whole
province's citizens write. The views need none of what most of the stack does for such a visitor (session,
login, two-factor, messages, the URL resolver). `PublicFormLaneMiddleware`, right after the API's lane,
takes a POST of /x/<commune>/danh-gia/<token>/ or /x/<commune>/gop-y/ from a visitor with no session, no
flash message and no Authorization header, and answers it with:
- the same checks: Django's CSRF middleware (the cookie and the form's token, the origin), then the view's
  own functions: for a rating, `portal.rating.linked_dossier` (the dossier of that commune with "its link
  was used") and `portal.rating.send_rating` (the address's count, the rating recorded); for feedback,
  `portal.feedback.bound_form` and `portal.feedback.send_feedback` (the address's count, the form's
  checks, the item received);
- the same answer: the rating's `portal/rate_done.html`, rendered once per process, commune and language
  with a marker for the address (`portal.skeletons`); the feedback's redirect to its "sent" page;
- the same headers: the security, CSP, language, request-context and frame middleware of MIDDLEWARE run
  around it, the CSRF middleware's own answer, and the session's `Vary: Cookie` (the stack reads the
  session).
Anything else goes down the stack to the view, which answers it with its own pages: a CSRF refusal, an
invalid or used link, a form refused or over the limit (the view gets the lane's outcome: the address is
counted once, a file read once, nothing recorded twice), a robot, a GET, a visitor who is signed in.
"""

import re
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.urls.converters import SlugConverter
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language

from thanthien.core.middleware import Declined, LaneMiddleware
from thanthien.core.public_cache import is_anonymous
from thanthien.portal.feedback import bound_form, feedback_form, send_feedback, sent_page
from thanthien.portal.rating import DONE_TEMPLATE, linked_dossier, rate_dossier, send_rating
from thanthien.portal.skeletons import MarkedRequest, Skeleton
from thanthien.units.models import Unit
from thanthien.units.queries import commune_by_slug

MAX_SKELETONS = 500

Answer = Callable[[HttpRequest, dict[str, str]], HttpResponse]


class PublicFormLaneMiddleware(LaneMiddleware):
    """Answer a citizen's recorded form before the rest of the stack (module doc)."""

    def takes(self, request: HttpRequest) -> bool:
        return request.method == "POST" and is_anonymous(request) and _lane_of(request) is not None

    def answer(self, request: HttpRequest) -> HttpResponse:
        lane = _lane_of(request)
        if lane is None:  # taken: not reached
            raise Declined
        answer, match = lane
        return answer(request, match.groupdict())


def _lane_of(request: HttpRequest) -> tuple[Answer, re.Match[str]] | None:
    """The lane's answer of the form at this address, and the address's slug (and token)."""
    for path, answer in _paths():
        match = path.fullmatch(request.path_info)
        if match is not None:
            return answer, match
    return None


@cache
def _paths() -> tuple[tuple[re.Pattern[str], Answer], ...]:
    return (
        (_address("portal:rate", "SLUG", "TOKEN"), _answer_rating),
        (_address("portal:feedback_form", "SLUG"), _answer_feedback),
    )


def _address(view_name: str, *placeholders: str) -> re.Pattern[str]:
    """The view's address with any commune's slug (and token), as path_info gives it."""
    address = reverse(view_name, args=placeholders).removeprefix(get_script_prefix())
    pattern = re.escape(address).replace("SLUG", f"(?P<slug>{SlugConverter.regex})")
    return re.compile("/" + pattern.replace("TOKEN", "(?P<token>[^/]+)"))


def _csrf_checked(
    request: HttpRequest, view: Callable[..., HttpResponse], kwargs: dict[str, str]
) -> CsrfViewMiddleware:
    """Django's CSRF middleware, having checked the request as it does before `view`; a refused request goes
    down the stack, which refuses it with its own page."""
    csrf = CsrfViewMiddleware(lambda _request: HttpResponse())
    csrf.process_request(request)
    if csrf.process_view(request, view, (), kwargs) is not None:
        raise Declined
    return csrf


def _answer_rating(request: HttpRequest, kwargs: dict[str, str]) -> HttpResponse:
    csrf = _csrf_checked(request, rate_dossier, kwargs)
    commune = commune_by_slug(kwargs["slug"])
    dossier = linked_dossier(commune, kwargs["token"]) if commune is not None else None
    if commune is None or dossier is None or dossier.rated_by_link:  # type: ignore[attr-defined]
        raise Declined
    if send_rating(request, dossier).status != 200:
        raise Declined
    page = _done_skeleton(commune, get_language()).fill({"path": escape(request.get_full_path())})
    response = HttpResponse(page)
    patch_vary_headers(response, ("Cookie",))  # the page asks whether the visitor is signed in
    csrf.process_response(request, response)  # the CSRF cookie, where the middleware sets one
    return response


def _answer_feedback(request: HttpRequest, kwargs: dict[str, str]) -> HttpResponse:
    csrf = _csrf_checked(request, feedback_form, kwargs)
    commune = commune_by_slug(kwargs["slug"])
    if commune is None:
        raise Declined
    form = bound_form(request, commune)
    if form.is_robot:
        raise Declined
    sent = send_feedback(request, commune, form)
    if sent.item is None:
        raise Declined
    response = HttpResponseRedirect(sent_page(commune, sent.item))
    patch_vary_headers(response, ("Cookie",))  # the stack's login check reads the session
    csrf.process_response(request, response)
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
