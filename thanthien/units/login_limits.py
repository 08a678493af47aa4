"""A limit on failed logins per address, over every username (django-axes locks per username + address).

One password tried across many usernames from one address is never five failures of one username, so
axes alone does not stop it. This backend counts the failures axes has recorded for the address, within
axes' cool-off, and refuses the address past `LOGIN_FAILURES_PER_ADDRESS` (0 turns the limit off). The
limit is higher than axes' own: a commune office's officials share one address.
"""

from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_cool_off, get_lockout_message
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def failures_from_address(ip_address: str) -> int:
    """Return the failed logins axes recorded from `ip_address`, for any username, within the cool-off."""
    cool_off = get_cool_off() or timedelta(0)
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def is_address_locked(request: HttpRequest) -> bool:
    """Return True when the request's address has used up its failed logins."""
    limit = settings.LOGIN_FAILURES_PER_ADDRESS
    if not settings.AXES_ENABLED or limit <= 0:  # type: ignore[misc]  # django-axes puts its defaults on settings
        return False
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return failures_from_address(ip_address) >= limit


class AddressLimitedAxesBackend(AxesStandaloneBackend):
    """Axes' lockout per username + address, plus `LOGIN_FAILURES_PER_ADDRESS` for the address alone."""

    def authenticate(
        self, request: HttpRequest, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        super().authenticate(request, username, password, **kwargs)
        if request is not None and is_address_locked(request):
            kwargs.get("response_context", {})["error"] = get_lockout_message()
            request.axes_locked_out = True  # type: ignore[attr-defined]  # django-axes reads this flag
            raise AxesBackendPermissionDenied("Too many failed logins from this address")
