"""Small per-process caches for what every public write reads and almost never changes.

A rating reads the scale and the satisfaction policy in force; an API call resolves its key. Reading them
from the database on every request is most of what a kiosk's POST costs. `ProcessCache` keeps such values
in the web process for `seconds` (a setting), and forgets them at once in this process when a row of a
watched model is saved or deleted (signals), so a change takes effect here immediately and in the other
web processes within `seconds`. Code that changes rows with `QuerySet.update()` (no signals) calls
`forget()` itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

V = TypeVar("V")

MAX_ENTRIES = 10_000
_all: list[ProcessCache[Any]] = []


class ProcessCache(Generic[V]):
    """key → value for at most `settings.<setting>` seconds (default `default_seconds`) in this process."""

    def __init__(
        self, name: str, *, setting: str, default_seconds: int, watch: tuple[type[Model], ...]
    ) -> None:
        self.name = name
        self.setting = setting
        self.default_seconds = default_seconds
        self.entries: dict[Hashable, tuple[float, V]] = {}
        self.lock = Lock()
        self.watched: set[type[Model]] = set()
        for model in watch:
            self.watch(model)
        _all.append(self)

    def watch(self, model: type[Model]) -> None:
        """Forget everything when a row of `model` is saved or deleted (once per model)."""
        if model in self.watched:
            return
        self.watched.add(model)
        post_save.connect(self._forget_on_change, sender=model, weak=False)
        post_delete.connect(self._forget_on_change, sender=model, weak=False)

    def seconds(self) -> float:
        return float(getattr(settings, self.setting, self.default_seconds))

    def get_or_load(self, key: Hashable, load: Callable[[], V]) -> V:
        """The kept value of `key`, else `load()` kept for the next calls (not kept when seconds is 0)."""
        now = time.monotonic()
        kept = self.entries.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        value = load()
        seconds = self.seconds()
        if seconds > 0:
            with self.lock:
                if len(self.entries) >= MAX_ENTRIES:
                    self.entries.clear()
                self.entries[key] = (now + seconds, value)
        return value

    def forget(self) -> None:
        with self.lock:
            self.entries.clear()

    def _forget_on_change(self, **_kwargs: Any) -> None:
        self.forget()
        # and again when the change commits: a request of this process that read the old row in between
        # must not keep it
        transaction.on_commit(self.forget)


def forget_all() -> None:
    """Empty every process cache (tests start from nothing)."""
    for cache in _all:
        cache.forget()
