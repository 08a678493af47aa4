"""Two-factor login for the roles that change or approve a commune's data; a one-time password changed first;
the back office closed to a village's people but for their pages."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from thanthien.core.navigation import with_next
from thanthien.units.permissions import may_open_page, needs_two_factor

_OPEN_PREFIXES = ("/static/", "/i18n/", "/api/", "/x/")


class TwoFactorRequiredMiddleware:
    """Send a leader, reviewer or administrator who has not passed TOTP to set it up or verify it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_verify(request):
            target = "accounts:otp_verify" if user_has_device(request.user) else "accounts:otp_setup"
            return redirect(with_next(reverse(target), request.get_full_path()))
        return self.get_response(request)

    def _must_verify(self, request: HttpRequest) -> bool:
        if not settings.OTP_REQUIRED or request.path.startswith(_OPEN_PREFIXES):
            return False
        if request.path in {
            reverse(name) for name in ("accounts:otp_setup", "accounts:otp_verify", "accounts:logout")
        }:
            return False
        user = request.user
        # django_otp's OTPMiddleware gives the user `is_verified`, which the stubs do not know.
        return bool(user.is_authenticated and not user.is_verified() and needs_two_factor(user))  # type: ignore[attr-defined]


class PasswordChangeRequiredMiddleware:
    """Keep a user with a one-time password (`must_change_password`) on the password page until changed.

    Only the password page, logout and the two-factor pages stay open; /api/ refuses such a session in
    `tokens.VerifiedSessionAuth`, and their API keys were withdrawn with the reset.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(_OPEN_PREFIXES)
            and request.path not in _password_change_open_paths()
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)


def _password_change_open_paths() -> set[str]:
    names = ("accounts:password_change", "accounts:logout", "accounts:otp_setup", "accounts:otp_verify")
    return {reverse(name) for name in names}


class VillagePeoplePagesMiddleware:
    """Answer 403 when a village's people (their only roles are at a village) ask for a back-office page
    that is not theirs (`permissions.may_open_page`). Open pages (the public site, the village app, the
    login) and /api/, which scopes itself, are left to their views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if (
            match is None
            or request.path.startswith("/api/")
            or not getattr(view_func, "login_required", True)
        ):
            return None
        if not may_open_page(request.user, match.view_name):
            raise PermissionDenied
        return None
