"""API keys for integrations (the province's one-stop system, a kiosk), and how the API knows its caller.

A key is "prefix.secret". Only the prefix (to find the row) and a SHA-256 of the secret are stored; the full
key is shown once, when it is made. The API accepts such a key as `Authorization: Bearer prefix.secret`,
or the browser's session (with its CSRF check) for a signed-in official.
"""

import copy
import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.core.process_cache import ProcessCache
from thanthien.core.scoping import memberships_of
from thanthien.units import permissions
from thanthien.units.models import ApiToken, Membership, User

PREFIX_BYTES = 4  # 8 hex characters
SECRET_BYTES = 32
PREFIX_ATTEMPTS = 5
# Writing last_used_at on every call would make every API read a write; once a minute is enough to see
# which keys are alive.
LAST_USED_EVERY = timedelta(minutes=1)
# Compared against when the prefix is unknown, so that a miss costs the same hash and compare as a hit.
_NO_SUCH_HASH = hashlib.sha256(b"no such key").hexdigest()


def hash_secret(secret: str) -> str:
    """Return the SHA-256 hex digest kept in place of a key's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def can_issue_api_token(by: User, user: User) -> bool:
    """A superuser, or an administrator of one of the user's units, makes API keys for that user.

    For an account holding a role that reads identities, only someone who could approve that role may.
    """
    if getattr(by, "is_superuser", False) and getattr(by, "is_active", False):
        return True
    memberships = list(user.memberships.filter(is_active=True).select_related("unit"))
    # A key acting as an account that reads identities is that account: the same approval as a new password.
    if any(permissions.needs_access_approval(by, m.unit, [m.role]) for m in memberships):
        return False
    return any(permissions.can_manage_memberships(by, membership.unit) for membership in memberships)


@transaction.atomic
def issue_api_token(user: User, *, name: str, by: User | None) -> str:
    """Make an API key that acts as `user`, and return it: the only time the full key is seen.

    `by=None` means the server's console (`thanthien api_token`), whose operator administers the server.
    """
    if by is not None and not can_issue_api_token(by, user):
        raise PermissionDenied
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the API key a name, e.g. the system that will use it."))
    if not user.is_active:
        raise ValidationError(_("The account %(username)s is locked.") % {"username": user.username})
    secret = secrets.token_urlsafe(SECRET_BYTES)
    for _attempt in range(PREFIX_ATTEMPTS):
        prefix = secrets.token_hex(PREFIX_BYTES)
        try:
            with transaction.atomic():  # a savepoint: a prefix collision rolls back this insert only
                token = ApiToken.objects.create(
                    user=user, name=name[:100], prefix=prefix, secret_hash=hash_secret(secret)
                )
            break
        except IntegrityError:
            if not ApiToken.objects.filter(prefix=prefix).exists():
                raise
    else:
        raise ValidationError(_("Could not make a new API key; try again."))
    audit.record(
        AuditEvent.Action.CREATE,
        token,
        by=by,
        changes={"user": user.username, "name": token.name, "prefix": prefix},
    )
    return f"{prefix}.{secret}"


# A key and its user are kept per web process (core.process_cache): a withdrawn key, a locked user or a
# changed role is refused here at once and in the other processes within API_KEY_CACHE_SECONDS.
_keys: ProcessCache[ApiToken | None] = ProcessCache(
    "api-keys", setting="API_KEY_CACHE_SECONDS", default_seconds=5, watch=(ApiToken, User, Membership)
)


def authenticate_api_token(raw: str) -> Any:
    """Return the user an API key acts as, or None for a wrong, withdrawn or malformed key.

    Side effect: notes when the key was last used, at most once a minute.
    """
    prefix, dot, secret = raw.strip().partition(".")
    longest = ApiToken._meta.get_field("prefix").max_length
    if not dot or not prefix or not secret or len(prefix) > longest:  # type: ignore[operator]  # a CharField's is set
        return None
    token = _keys.get_or_load(prefix, lambda: _read_key(prefix))
    expected = token.secret_hash if token is not None else _NO_SUCH_HASH
    if not hmac.compare_digest(expected, hash_secret(secret)) or token is None:
        return None
    if not token.is_active or not token.user.is_active or token.user.must_change_password:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        # The filter makes concurrent calls of the same key write at most once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
        ).update(last_used_at=now)
        token.last_used_at = now
    return copy.copy(token.user)  # the caller's own object: nothing it sets on it reaches the next call


def _read_key(prefix: str) -> ApiToken | None:
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is not None:
        memberships_of(token.user)  # read once with the key: every copy of the user carries them
    return token


def forget_cached_keys() -> None:
    """After keys or users changed through QuerySet.update (no signals): this process forgets them now."""
    _keys.forget()


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer prefix.secret`. A wrong key is refused at once (401), not tried as a session."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_api_token(token)
        if user is None:
            raise AuthenticationError
        return user


class VerifiedSessionAuth(SessionAuth):
    """ninja's session auth (CSRF checked on writes), for an official signed in with the browser.

    A role that needs two-factor login must have passed it: the two-factor middleware leaves /api/ alone.
    Without a session cookie it steps aside, so a call with no credentials is answered 401, not 403 CSRF.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        user = super().authenticate(request, key)
        if user is None:
            return None
        if settings.OTP_REQUIRED and permissions.needs_two_factor(user) and not user.is_verified():
            return None
        if user.must_change_password:  # a one-time password opens nothing but the password page
            return None
        return user


api_auth = [ApiTokenAuth(), VerifiedSessionAuth()]
