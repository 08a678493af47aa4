"""The dossier look-up answered before the middleware stack, as the view would answer it, for visitors
without an account.

A look-up is personal, so `PublicPageCacheMiddleware` cannot keep it; yet a citizen's look-up needs none of
what most of the stack does (session, CSRF, login, messages, the URL resolver) and its page differs from
the next one only in a few values. `LookupMiddleware`, right after the public cache, takes a GET of
/x/<commune>/tra-cuu/ with a code and phone digits from a visitor with no session, no flash message and no
Authorization header, and answers it with:
- the same decision as the view (`portal.lookup.answer`: the per-address count, one statement, 404 for a
  wrong code and a wrong phone alike, 429 over the limit);
- the same page: `portal/lookup.html` rendered once per process, commune and language with markers where
  the values go (a "skeleton"), the values escaped as the template escapes them;
- the same headers: the security, CSP, language and frame middleware of MIDDLEWARE run around it.
Anything else (no code or digits, the home's "rate" button, HEAD, staff, an unknown commune) goes down the
stack to the view.
"""

import re
from collections.abc import Callable
from dataclasses import fields
from functools import cache

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.urls.converters import SlugConverter
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language

from thanthien.core.middleware import within_middleware
from thanthien.core.public_cache import is_anonymous_get
from thanthien.portal.lookup import TEMPLATE, Answer, Found, Step, answer, given, wants_to_rate
from thanthien.portal.skeletons import MarkedRequest, Skeleton, mark
from thanthien.units.models import Unit
from thanthien.units.queries import commune_by_slug

STEP_TEMPLATE = "portal/_lookup_step.html"  # as lookup.html includes it for each step
# The middleware that give a page its headers (security, CSP, length, frames) and language, run around
# the fast answer in MIDDLEWARE's order. The rest of the stack adds nothing to an anonymous GET of this
# page but `Vary: Cookie` (the session's, since the page asks whether the visitor is logged in).
PAGE_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "thanthien.core.middleware.KeptPolicyCSPMiddleware",
    "thanthien.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
MAX_SKELETONS = 500
_FOUND_TEXTS = tuple(field.name for field in fields(Found) if field.type is str)


class LookupMiddleware:
    """Answer a citizen's look-up with a code and digits before the rest of the stack (module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.answer_page = within_middleware(_answer, PAGE_MIDDLEWARE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _commune_of(request) is None:
            return self.get_response(request)
        return self.answer_page(request)


def _commune_of(request: HttpRequest) -> Unit | None:
    """The commune of a look-up this path answers as the view would; None for anything else."""
    match = _lookup_path().fullmatch(request.path_info)
    if match is None or not is_anonymous_get(request):
        return None
    code, last_digits = given(request)
    if not (code and last_digits) or wants_to_rate(request):
        return None
    return commune_by_slug(match["slug"])


@cache
def _lookup_path() -> re.Pattern[str]:
    """The view's address (portal:lookup) with any commune's slug, as path_info gives it."""
    address = reverse("portal:lookup", args=["SLUG"]).removeprefix(get_script_prefix())
    return re.compile("/" + re.escape(address).replace("SLUG", f"(?P<slug>{SlugConverter.regex})"))


def _answer(request: HttpRequest) -> HttpResponse:
    commune = _commune_of(request)
    if commune is None:  # taken by LookupMiddleware, then gone from the per-process cache: rare
        raise Http404
    code, last_digits = given(request)
    result = answer(request, commune, code, last_digits)
    values: dict[str, str] = {
        "path": escape(request.get_full_path()),
        "code": escape(code),
        "last_digits": escape(last_digits),
        "error": escape(result.error),
    }
    if result.found is not None:
        values |= _found_values(result.found)
    response = HttpResponse(
        _skeleton(commune, get_language(), _variant(result)).fill(values), status=result.status
    )
    patch_vary_headers(response, ("Cookie",))
    return response


def _found_values(found: Found) -> dict[str, str]:
    values: dict[str, str] = {f"found_{name}": escape(getattr(found, name)) for name in _FOUND_TEXTS}
    step = _step_skeleton()
    values["steps"] = "".join(step.fill({"at": escape(s.at), "kind": escape(s.kind)}) for s in found.steps)
    return values


def _variant(result: Answer) -> str:
    if result.found is None:
        return "error"
    return "rated" if result.found.already_rated else "not-rated"


_skeletons: dict[tuple[object, ...], Skeleton] = {}


def _skeleton(commune: Unit, language: str, variant: str) -> Skeleton:
    """The page of this commune, language and variant with markers for the values; rendered once."""
    key = (commune.pk, commune.slug, commune.name, language, variant)
    skeleton = _skeletons.get(key)
    if skeleton is None:
        if len(_skeletons) >= MAX_SKELETONS:
            _skeletons.clear()
        skeleton = _skeletons[key] = Skeleton.of(_render_marked(commune, variant))
    return skeleton


def _render_marked(commune: Unit, variant: str) -> str:
    """lookup.html for an anonymous visitor, with markers for the values and one marker for all steps."""
    found = None
    if variant != "error":
        texts = {name: mark(f"found_{name}") for name in _FOUND_TEXTS}
        found = Found(**texts, already_rated=variant == "rated", steps=(_marked_step(),))
    context = {
        "commune": commune,
        "code": mark("code"),
        "last_digits": mark("last_digits"),
        "error": mark("error") if found is None else "",
        "found": found,
    }
    page = render_to_string(
        TEMPLATE, context, request=MarkedRequest(reverse("portal:lookup", args=[commune.slug]))
    )
    if found is None:
        return page
    step = render_to_string(STEP_TEMPLATE, {"step": _marked_step()})
    if page.count(step) != 1:
        raise ValueError(f"{TEMPLATE} must include {STEP_TEMPLATE} once for each step")
    return page.replace(step, mark("steps"))


def _marked_step() -> Step:
    return Step(at=mark("at"), kind=mark("kind"))


@cache
def _step_skeleton() -> Skeleton:
    return Skeleton.of(render_to_string(STEP_TEMPLATE, {"step": _marked_step()}))
