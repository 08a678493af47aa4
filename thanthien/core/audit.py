"""Writing the audit log: every write, and every read of protected personal data."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from thanthien.core.context import current_request
from thanthien.core.inserts import insert
from thanthien.core.models import AuditEvent


def _unit_path_of(obj: Any) -> str:
    for attr in ("path", "unit_path"):
        value = getattr(obj, attr, None)
        if isinstance(value, str):
            return value
    for attr in ("unit", "commune"):
        unit = getattr(obj, attr, None)
        if unit is not None and isinstance(getattr(unit, "path", None), str):
            return unit.path
    return ""


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    by: AbstractBaseUser | AnonymousUser | None,  # a units.User: core names none of our apps' models
    changes: dict[str, Any] | None = None,
    object_repr: str = "",
    unit_path: str = "",
) -> AuditEvent:
    """Append one audit event for `by` doing `action` on `obj`, with the request's address and browser.

    `unit_path` names the unit when `obj` carries none (e.g. a household, under its village's commune).
    """
    return insert(line(action, obj, by=by, changes=changes, object_repr=object_repr, unit_path=unit_path))


def line(
    action: str,
    obj: models.Model | None = None,
    *,
    by: AbstractBaseUser | AnonymousUser | None,
    changes: dict[str, Any] | None = None,
    object_repr: str = "",
    unit_path: str = "",
) -> AuditEvent:
    """The audit event `record` appends, not yet written: for a row not inserted yet, whose id the line
    takes in the row's own statement (`core.inserts.Companion` on `object_id`)."""
    info = current_request.get()
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent(
        actor=actor,  # type: ignore[misc]  # settings.AUTH_USER_MODEL: the units app's User
        actor_name=str(by)[:150] if actor else "",
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        unit_path=unit_path or (_unit_path_of(obj) if obj is not None else ""),
        changes=changes or {},
        ip_address=info.ip_address,
        user_agent=info.user_agent[:255],
        path=info.path[:255],
    )


def diff(obj: models.Model, before: dict[str, Any], fields: list[str]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value changed since `before`."""
    changed = {}
    for name in fields:
        new = getattr(obj, name)
        if before.get(name) != new:
            changed[name] = [_plain(before.get(name)), _plain(new)]
    return changed


def snapshot(obj: models.Model | None, fields: Iterable[str]) -> dict[str, Any]:
    """Return {field: value} of `obj` as plain values for the log ({field: None} when there is no `obj`)."""
    return {name: _plain(getattr(obj, name)) if obj is not None else None for name in fields}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
