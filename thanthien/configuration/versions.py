"""Which version of a setting is in force, which are scheduled and which are past: a pure rule.

A setting (one rule kept as data, e.g. "a complaint is accepted within N days" for the whole country, or
one commune's quiet hours) has versions, each in force from its start date until the next version starts.
A change never rewrites the past: it adds a version that starts on a later day.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class Standing(StrEnum):
    IN_FORCE = "in_force"
    FUTURE = "future"
    PAST = "past"


@dataclass(frozen=True)
class Version:
    """One row of a setting as the rule sees it: which setting it is, from when, and (if written) until."""

    key: Hashable
    starts_on: date
    row: Any = None
    ends_on: date | None = None


@dataclass(frozen=True)
class Placed:
    """A version with where it stands today and the last day it is in force (None: open-ended)."""

    version: Version
    standing: Standing
    until: date | None


def place(versions: Iterable[Version], today: date, *, versioned: bool = True) -> list[Placed]:
    """Return each version with its standing on `today` and its last day in force.

    Versioned settings: per key, the latest version started on or before `today` is in force (unless its
    written end has passed), later ones are scheduled, earlier ones past; each ends the day before the
    next one starts. Dated events (a make-up day): every row stands alone, scheduled when after today.
    """
    by_key: dict[Hashable, list[Version]] = {}
    for version in versions:
        by_key.setdefault(version.key if versioned else id(version), []).append(version)
    placed = []
    for group in by_key.values():
        group.sort(key=lambda version: version.starts_on)
        current = max((v.starts_on for v in group if v.starts_on <= today), default=None)
        for index, version in enumerate(group):
            following = group[index + 1].starts_on - timedelta(days=1) if index + 1 < len(group) else None
            until = _earliest(version.ends_on, following) if versioned else version.starts_on
            if version.starts_on > today:
                standing = Standing.FUTURE
            elif versioned and version.starts_on == current and (until is None or until >= today):
                standing = Standing.IN_FORCE
            else:
                standing = Standing.PAST
            placed.append(Placed(version, standing, until))
    return placed


def _earliest(first: date | None, second: date | None) -> date | None:
    return min((day for day in (first, second) if day is not None), default=None)


def check_start(starts_on: date, today: date) -> None:
    """Raise ValidationError unless a new version starts after today: a change never rewrites the past."""
    if starts_on <= today:
        raise ValidationError(
            _("A change takes effect from a later day: choose a date after %(today)s."),
            params={"today": today.strftime("%d/%m/%Y")},
            code="start_not_future",
        )
