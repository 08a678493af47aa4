"""Where a page sends the user back to: only a path of this site, never a URL a request names.

Every view that reads `next` (or any other "go back to" value from the request) goes through `safe_next`,
so a link such as `?next=https://evil.example/` or `next=//evil.example` cannot send an official elsewhere.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """Return the request's `next` (POST before GET) when it is a path of this site, else `fallback`."""
    target = (request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD) or "").strip()
    if target and _is_local(request, target):
        return target
    return fallback


def _is_local(request: HttpRequest, target: str) -> bool:
    # Only paths: `//host`, `/\host` and schemes are refused by Django's own check; a path must also start
    # with one slash, so "javascript:" or "evil.example" (relative) never pass.
    return target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Redirect to the request's safe `next`, else to `fallback`."""
    return HttpResponseRedirect(safe_next(request, fallback))


def with_next(url: str, target: str) -> str:
    """Return `url` with `?next=<target>`, encoded (a path with `&` or spaces stays one value)."""
    return f"{url}?{urlencode({NEXT_FIELD: target})}"
