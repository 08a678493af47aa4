"""Write logins, logouts and failed logins to the audit log (Django's auth signals are the only hook)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.units.models import User


def _on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit.record(AuditEvent.Action.LOGIN, user, by=user)


def _on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(AuditEvent.Action.LOGOUT, user, by=user)


def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(AuditEvent.Action.LOGIN_FAILED, None, by=None, object_repr=username)


def connect() -> None:
    """Connect the audit writers to Django's auth signals (once, from AppConfig.ready)."""
    user_logged_in.connect(_on_login, dispatch_uid="thanthien.audit.login")
    user_logged_out.connect(_on_logout, dispatch_uid="thanthien.audit.logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="thanthien.audit.login_failed")
