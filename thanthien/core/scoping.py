"""The one helper that scopes rows to the units a user belongs to (and every unit below them).

Every app's `permissions.py` builds on these functions; no view or API re-writes them. Memberships are
read through `user.memberships` (the units app's related name), so core imports none of our apps.
"""

from collections.abc import Iterable
from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

_CACHE_ATTR = "_thanthien_memberships"
# A units.User (or the anonymous visitor, or no one): core names none of our apps' models.
Anyone: TypeAlias = AbstractBaseUser | AnonymousUser | None


def memberships_of(user: Anyone) -> list[tuple[str, str]]:
    """Return the user's active (unit path, role) pairs, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        memberships = user.memberships  # type: ignore[union-attr]  # units' related name on its User
        cached = list(memberships.filter(is_active=True).values_list("unit__path", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Anyone) -> None:
    """Drop the cached memberships, after they changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_within(path: str, ancestor_path: str) -> bool:
    """Return True when `path` is `ancestor_path` or below it."""
    return path == ancestor_path or path.startswith(ancestor_path + "/")


def scope_paths(user: Anyone, roles: Iterable[str] | None = None) -> list[str]:
    """Return the unit paths where the user holds one of `roles` (any role when None)."""
    wanted = set(roles) if roles is not None else None
    return sorted({path for path, role in memberships_of(user) if wanted is None or role in wanted})


def unit_scope(user: Anyone, path_lookup: str, roles: Iterable[str] | None = None) -> Q:
    """Return a filter keeping rows whose unit path lies within the user's memberships.

    `path_lookup` is the lookup of the row's unit path, e.g. "path" or "commune__path". A superuser
    sees everything; a user with no membership sees nothing (deny by default).
    """
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return Q()
    condition = Q(pk__in=[])
    for path in scope_paths(user, roles):
        condition |= Q(**{path_lookup: path}) | Q(**{f"{path_lookup}__startswith": path + "/"})
    return condition


def has_role_at(user: Anyone, unit_path: str, roles: Iterable[str]) -> bool:
    """Return True when the user holds one of `roles` at the unit or at one of its ancestors."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    wanted = set(roles)
    return any(role in wanted and is_within(unit_path, path) for path, role in memberships_of(user))
