"""When the outbox tries again: exponential back-off, and the quiet hours of the night. Pure: the caller
passes the time in; no database, no clock.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta


def backoff_delay(attempts: int, *, base: float, cap: float, jitter: float) -> timedelta:
    """The wait before attempt `attempts + 1`: base·2^(attempts-1), at most `cap`, shortened by `jitter`.

    `jitter` in [0, 1) is drawn by the caller: half of the delay is fixed and half is spread out, so
    that messages which failed together (the gateway was down) do not all come back at the same second.
    """
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay * (0.5 + 0.5 * jitter))


@dataclass(frozen=True)
class QuietWindow:
    """From `start` to `end` in local time, every day; it may run over midnight (21:00–07:00)."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> "QuietWindow | None":
        """ "21:00-07:00" → a window; "" → None (no quiet hours)."""
        text = text.strip()
        if not text:
            return None
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        return cls(start, end)

    def contains(self, moment: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def next_allowed(self, local: datetime) -> datetime:
        """Return `local` itself outside the window, else the moment the window ends (local time)."""
        if not self.contains(local.timetz().replace(tzinfo=None)):
            return local
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > local else end + timedelta(days=1)
