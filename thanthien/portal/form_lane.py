"""A citizen's rating from a dossier's link answered before the middleware stack when it is recorded, as the
view answers it.

The rating page of the link on the receipt or in the SMS is the busiest form a citizen sends: on the day
a province sends its rating links, every commune's citizens post it. The view needs none of what most of
the stack does for such a visitor (session, login, two-factor, messages, the URL resolver), and its "thank
you" page differs from one dossier to the next only in the address of the language switch.
`PublicFormLaneMiddleware`, right after the API's lane, takes a POST of /x/<commune>/danh-gia/<token>/
from a visitor with no session, no flash message and no Authorization header, and answers it with:
- the same checks: Django's CSRF middleware (the cookie and the form's token, the origin), then the view's
  own functions (`portal.rating.linked_dossier`: the dossier of that commune with "its link was used";
  `portal.rating.send_rating`: the address's count, the rating recorded);
- the same page: `portal/rate_done.html` rendered once per process, commune and language with a marker for
  the address (`portal.skeletons`);
- the same headers: the security, CSP, language, request-context and frame middleware of MIDDLEWARE run
  around it, the CSRF middleware's own answer, and the session's `Vary: Cookie`.
Anything else goes down the stack to the view, which answers it with its own pages: a CSRF refusal, an
invalid or used link, a rating refused or over the limit (the view gets the lane's outcome: the address is
counted once and nothing is recorded twice), a GET, a visitor who is signed in.
"""

import re
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.urls.converters import SlugConverter
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language

from thanthien.core.middleware import Declined, LaneMiddleware
from thanthien.core.public_cache import is_anonymous
from thanthien.portal.rating import DONE_TEMPLATE, linked_dossier, rate_dossier, send_rating
from thanthien.portal.skeletons import MarkedRequest, Skeleton
from thanthien.units.models import Unit
from thanthien.units.queries import commune_by_slug

MAX_SKELETONS = 500


class PublicFormLaneMiddleware(LaneMiddleware):
    """Answer a citizen's recorded rating from a dossier's link before the rest of the stack (module doc)."""

    def takes(self, request: HttpRequest) -> bool:
        return (
            request.method == "POST"
            and is_anonymous(request)
            and _rate_path().fullmatch(request.path_info) is not None
        )

    def answer(self, request: HttpRequest) -> HttpResponse:
        return _answer(request)


@cache
def _rate_path() -> re.Pattern[str]:
    """The view's address (portal:rate) with any commune's slug and token, as path_info gives it."""
    address = reverse("portal:rate", args=["SLUG", "TOKEN"]).removeprefix(get_script_prefix())
    pattern = re.escape(address).replace("SLUG", f"(?P<slug>{SlugConverter.regex})")
    return re.compile("/" + pattern.replace("TOKEN", "(?P<token>[^/]+)"))


def _answer(request: HttpRequest) -> HttpResponse:
    kwargs = _rate_path().fullmatch(request.path_info).groupdict()  # type: ignore[union-attr]  # matched
    csrf = CsrfViewMiddleware(lambda _request: HttpResponse())
    csrf.process_request(request)
    if csrf.process_view(request, rate_dossier, (), kwargs) is not None:
        raise Declined  # the view's stack refuses it with its own page
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
