"""Request-wide middleware: login required by default, the language, and the facts the audit log needs."""

from collections.abc import Callable, Collection
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.module_loading import import_string

from thanthien.core.context import RequestInfo, current_request


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, except for /api/, which authenticates itself.

    django-ninja does not work with that middleware out of the box (vitalik/django-ninja#1461).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class RequestContextMiddleware:
    """Remember the client address, browser and path of the current request for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        info = RequestInfo(
            ip_address=client_ip(request),
            user_agent=request.headers.get("user-agent", "")[:255],
            path=request.path[:255],
        )
        token = current_request.set(info)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's address as django-axes resolves it (honours PROXY_COUNT)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


class ChosenLanguageMiddleware:
    """Speak Vietnamese unless the user chose another language with the switch (a cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: a commune's PC often
    runs an English browser, and the system's language is Vietnamese by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restores the thread's language after the response
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def chosen_language(request: HttpRequest) -> str:
    """The language the switch's cookie chose, if the site speaks it; else the site's (Vietnamese)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class KeptPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's two policies built once per process instead of for every
    response. Whatever could make a response's policy differ goes to django-csp's own: a nonce asked for, a
    view's own policy or exemption (`@csp_update` and kin), excluded path prefixes, DEBUG."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        policies = _site_policies()
        if policies is None or _policy_may_vary(request, response):
            return super().process_response(request, response)
        for header, policy in zip((HEADER, HEADER_REPORT_ONLY), policies, strict=True):
            if policy and header not in response:
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error, not a silent miss.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


# A response's own policy, set by django-csp's decorators: such a response is built by django-csp itself.
_RESPONSE_POLICY = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace", "exempt") for suffix in ("", "_ro")
)
_kept_policies: dict[str, tuple[str, str] | None] = {}


def _site_policies() -> tuple[str, str] | None:
    """The site's policy and report-only policy as django-csp builds them; None where a path prefix is
    excluded from either (django-csp then decides per request)."""
    if "site" not in _kept_policies:
        excluded = any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )
        _kept_policies["site"] = None if excluded else (build_policy(), build_policy(report_only=True))
    return _kept_policies["site"]


def _policy_may_vary(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        settings.DEBUG
        or getattr(request, "_csp_nonce", None) is not None
        or any(hasattr(response, name) for name in _RESPONSE_POLICY)
    )


@receiver(setting_changed)
def _forget_policies(*, setting: str, **_kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _kept_policies.clear()


def within_middleware(
    handler: Callable[[HttpRequest], HttpResponse], names: Collection[str]
) -> Callable[[HttpRequest], HttpResponse]:
    """`handler` inside those of MIDDLEWARE that are named, in MIDDLEWARE's order: for an answer given
    before the stack (a look-up, an API write) that must still carry the headers and language they set."""
    for path in reversed([name for name in settings.MIDDLEWARE if name in names]):
        handler = import_string(path)(handler)
    return handler


class Declined(Exception):
    """A lane before the stack leaves this request to the stack (`LaneMiddleware`)."""


class LaneMiddleware:
    """An answer given before the middleware stack, for the requests a subclass `takes`: `answer` runs inside
    those of MIDDLEWARE named in `around` (their headers and language) and answers, or raises `Declined`,
    and the rest of the stack answers as if the lane were not there."""

    # The rest of the stack adds nothing to a lane's answer of a visitor without a session but `Vary:
    # Cookie`, which the lane sets (each lane's test compares its answers with the stack's, headers too).
    around: Collection[str] = (
        "django.middleware.security.SecurityMiddleware",
        "thanthien.core.middleware.KeptPolicyCSPMiddleware",
        "thanthien.core.middleware.ChosenLanguageMiddleware",
        "django.middleware.common.CommonMiddleware",
        "thanthien.core.middleware.RequestContextMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.answered = within_middleware(self.answer, self.around)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.takes(request):
            return self.get_response(request)
        try:
            return self.answered(request)
        except Declined:
            return self.get_response(request)

    def takes(self, request: HttpRequest) -> bool:
        raise NotImplementedError

    def answer(self, request: HttpRequest) -> HttpResponse:
        raise NotImplementedError
