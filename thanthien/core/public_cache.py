"""Whole public pages kept for a few seconds in each web process, served before the rest of Django runs.

A citizen's GET of a commune's home, its procedures or its transparency board is the same page for every
visitor without an account: the view marks its answer with `mark_public(response, seconds)` (or the
`public_page` decorator), and `PublicPageCacheMiddleware`, first in MIDDLEWARE, keeps it. The next
visitor in the same language gets it without a session, a query or a template.

What is never kept or never served from here:
- a request that carries a session or a flash-message cookie, or an Authorization header: staff and a
  citizen who has just sent something see the live page;
- an answer that sets a cookie, that used the CSRF token (a POST form on the page would carry another
  visitor's token), that is not 200, or that streams;
- anything but GET.
A page is at most `seconds` old (default `PUBLIC_PAGE_CACHE_SECONDS`; 0 turns the cache off). A page with
a per-address rate limit (`RateRule`) is counted and refused on a hit exactly as on a miss.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from thanthien.core.middleware import chosen_language, client_ip
from thanthien.core.ratelimit import allow

MAX_ENTRIES = 2000


@dataclass(frozen=True)
class RateRule:
    """A per-address limit on a public answer: `limit()` requests per `window_seconds`, else `refusal()`.

    `batch` as in `core.ratelimit.allow`: counted in memory and added to the shared count every `batch`.
    """

    scope: str
    limit: Callable[[], int]
    window_seconds: int
    refusal: Callable[[], HttpResponse]
    batch: int = 1

    def refuse(self, request: HttpRequest) -> HttpResponse | None:
        """Count this request; return the refusal once the address is over its limit, else None."""
        address = client_ip(request) or "unknown"
        if allow(
            self.scope, address, limit=self.limit(), window_seconds=self.window_seconds, batch=self.batch
        ):
            return None
        return self.refusal()


@dataclass(frozen=True)
class _Entry:
    expires: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    rate_rule: RateRule | None

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        return response


class _Store:
    """A dict of entries with their expiry, bounded; dict operations are atomic under the GIL."""

    def __init__(self) -> None:
        self.entries: dict[str, _Entry] = {}
        self.lock = Lock()

    def get(self, key: str, now: float) -> _Entry | None:
        entry = self.entries.get(key)
        if entry is None or entry.expires <= now:
            return None
        return entry

    def put(self, key: str, entry: _Entry) -> None:
        with self.lock:
            if len(self.entries) >= MAX_ENTRIES:
                now = time.monotonic()
                self.entries = {k: e for k, e in self.entries.items() if e.expires > now}
                if len(self.entries) >= MAX_ENTRIES:
                    self.entries.clear()
            self.entries[key] = entry

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


store = _Store()


def default_seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 30))


def mark_public(
    response: HttpResponse, seconds: int | None = None, rate_rule: RateRule | None = None
) -> HttpResponse:
    """Say that this answer is the same for every visitor without an account, for `seconds` at most."""
    # Read back by PublicPageCacheMiddleware on the way out.
    response.public_cache = (default_seconds() if seconds is None else seconds, rate_rule)  # type: ignore[attr-defined]
    return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator: the view's 200 answers are public pages (`mark_public` with the default lifetime)."""
    from functools import wraps

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        return mark_public(response) if response.status_code == 200 else response

    return wrapped


def _private_cookies() -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))


def is_anonymous_get(request: HttpRequest) -> bool:
    """A GET with no session, flash-message cookie or Authorization: a visitor who sees the public page."""
    return request.method == "GET" and is_anonymous(request)


def is_anonymous(request: HttpRequest) -> bool:
    """A request with no session, flash-message cookie or Authorization: a visitor without an account."""
    if "authorization" in request.headers:
        return False
    cookies = request.COOKIES
    return not any(name in cookies for name in _private_cookies())


def cache_key(request: HttpRequest) -> str | None:
    """The page's key (host, path and query, chosen language), or None when it must not come from here."""
    if not is_anonymous_get(request):
        return None
    return f"{request.get_host()}\n{request.get_full_path()}\n{chosen_language(request)}"


def _keepable(request: HttpRequest, response: HttpResponse) -> tuple[int, RateRule | None] | None:
    marked = getattr(response, "public_cache", None)
    if marked is None or marked[0] <= 0 or response.status_code != 200 or response.streaming:
        return None
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None  # a cookie, or the CSRF token in a form: this visitor's own page
    return marked


class PublicPageCacheMiddleware:
    """Serve a kept public page before any other middleware; keep the ones views mark (see module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = cache_key(request)
        if key is None:
            return self.get_response(request)
        entry = store.get(key, time.monotonic())
        if entry is not None:
            refused = entry.rate_rule.refuse(request) if entry.rate_rule else None
            return refused or entry.response()
        response = self.get_response(request)
        keep = _keepable(request, response)
        if keep is not None:
            seconds, rate_rule = keep
            headers = tuple((name, value) for name, value in response.items() if name.lower() != "set-cookie")
            store.put(key, _Entry(time.monotonic() + seconds, 200, headers, response.content, rate_rule))
        return response
