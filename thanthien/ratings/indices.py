"""Satisfaction indices from counts: pure arithmetic, no database (LAW.md §2 and §3).

- satisfaction rate: share of ratings that count as satisfied (satisfied or very satisfied);
- not-dissatisfied rate: share of ratings that are not "dissatisfied" (a neutral rating is not a complaint);
- Decision 766 rate: share of dossiers not rated dissatisfied (LAW.md §2: it counts dossiers, not ratings);
- average score: mean of the raw levels;
- SIPAS-style index: for each element rated, the share satisfied; then the mean of those shares.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SATISFIED, NEUTRAL, DISSATISFIED = "satisfied", "neutral", "dissatisfied"


@dataclass(frozen=True)
class Tally:
    """How many ratings fell on each side, and the sum of their raw levels."""

    satisfied: int = 0
    neutral: int = 0
    dissatisfied: int = 0
    very_satisfied: int = 0
    level_sum: int = 0
    by_level: Mapping[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.satisfied + self.neutral + self.dissatisfied


def percent(part: int, whole: int) -> Decimal | None:
    """Return part/whole as a percentage, one decimal rounded half up; None when there is nothing to count."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def satisfaction_rate(tally: Tally) -> Decimal | None:
    return percent(tally.satisfied, tally.total)


def not_dissatisfied_rate(tally: Tally) -> Decimal | None:
    """The share of ratings that are not dissatisfied."""
    return percent(tally.total - tally.dissatisfied, tally.total)


def decision_766_rate(dossiers: int, rated_dissatisfied: int) -> Decimal | None:
    """Satisfaction in receiving and handling procedures (Decision 766/QĐ-TTg, LAW.md §2): (dossiers − those
    rated dissatisfied) ÷ dossiers."""
    return percent(dossiers - rated_dissatisfied, dossiers)


def average_score(tally: Tally) -> Decimal | None:
    if tally.total == 0:
        return None
    return (Decimal(tally.level_sum) / Decimal(tally.total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def sipas_index(element_sentiments: Iterable[tuple[str, str]]) -> tuple[dict[str, Decimal], Decimal | None]:
    """Return {element: % satisfied} and their mean, from (element, sentiment) pairs of rated details."""
    seen: dict[str, list[int]] = {}
    for element, sentiment in element_sentiments:
        counts = seen.setdefault(element, [0, 0])
        counts[0] += sentiment == SATISFIED
        counts[1] += 1
    per_element = {element: percent(good, total) for element, (good, total) in sorted(seen.items())}
    values = [value for value in per_element.values() if value is not None]
    mean = (
        (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if values
        else None
    )
    return per_element, mean  # type: ignore[return-value]  # each element counted once at least: no None
