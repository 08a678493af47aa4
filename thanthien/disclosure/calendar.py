"""When an item must be published and whether it was posted long enough: pure rules, no database, no clock.

Law on Grassroots Democracy 10/2022/QH15, art. 13: information is published within the time the law sets
after the document is approved, and posted at least as long as it sets. The numbers are data
(DisclosureObligation); these functions only apply them.
"""

from dataclasses import dataclass
from datetime import date, timedelta

DUE, ON_TIME, LATE, OVERDUE = "due", "published_on_time", "late", "overdue"


def due_on(approved_on: date, publish_within_days: int | None) -> date | None:
    """Return the last day to publish an item approved on `approved_on`, None when the law sets no limit."""
    if publish_within_days is None:
        return None
    return approved_on + timedelta(days=publish_within_days)


def publication_state(due: date | None, first_posted_on: date | None, today: date) -> str:
    """Return where an item stands: published on time, late, overdue (not posted, past its day) or due."""
    if first_posted_on is not None:
        return LATE if due is not None and first_posted_on > due else ON_TIME
    if due is not None and due < today:
        return OVERDUE
    return DUE


def is_too_brief(posted_on: date, taken_down_on: date | None, min_days: int | None) -> bool:
    """Return True when a posting was taken down before it had been up `min_days` days (both ends count)."""
    if taken_down_on is None or min_days is None:
        return False
    return (taken_down_on - posted_on).days + 1 < min_days


@dataclass(frozen=True)
class Compliance:
    """Items falling due in a period, by how they were published."""

    due: int
    published_on_time: int
    late: int
    overdue: int
    too_brief: int
    posted: int = 0  # first posted in the period, whenever due: the board's "disclosures posted"

    @property
    def rate(self) -> float | None:
        """The share (%) of items due that were published on time, None when none were due."""
        return round(100 * self.published_on_time / self.due, 1) if self.due else None
