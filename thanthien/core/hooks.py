"""Named moments of a service where an app higher up the dependency order adds its own step.

A lower app (dossiers, feedback) must not import a higher one (letters), yet some of its writes have a
consequence there: a dossier ready for a birth registration drafts a congratulation letter. The lower app
declares a `Hook` in its `hooks.py` and runs it inside its service; the higher app registers its service
function in its `AppConfig.ready()`.

Why not Django signals (STYLE §1–2, no signals for domain behaviour): a hook is declared next to the one
service that runs it, not sent from `save()`; it has one typed subject; it runs inside the service's
transaction, so a failing receiver rolls back the whole write ("one transaction"); its receivers are listed
(`receivers`) and a test can require them. The idempotent sweeps stay the safety net after a crash.
"""

from collections.abc import Callable
from typing import Generic, TypeVar

Subject = TypeVar("Subject")
Result = TypeVar("Result")


class Hook(Generic[Subject, Result]):
    """A moment of one service; receivers take its subject and may return a result."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Callable[[Subject], Result]] = []

    def register(self, receiver: Callable[[Subject], Result]) -> Callable[[Subject], Result]:
        """Add a receiver once (registering twice, e.g. on a second `ready()`, keeps one)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    @property
    def receivers(self) -> tuple[Callable[[Subject], Result], ...]:
        return tuple(self._receivers)

    def run(self, subject: Subject) -> list[Result]:
        """Call every receiver in registration order, in the caller's transaction; return their results."""
        return [receiver(subject) for receiver in self._receivers]

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, receivers={len(self._receivers)})"
