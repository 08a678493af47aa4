"""When ratings call for the leader's attention: pure rules, no database, no clock.

Seed 001 asks that officials rated low by citizens be supervised and handled; the commune chooses how
many of an official's latest ratings are counted and below which satisfaction rate the leader is alerted.
"""

from collections.abc import Sequence
from decimal import Decimal

from thanthien.ratings.indices import DISSATISFIED, SATISFIED, percent


def low_rate_over_window(
    latest_sentiments: Sequence[str], *, window: int, threshold: Decimal
) -> Decimal | None:
    """Return the satisfaction rate of the latest `window` ratings when it is below `threshold`, else None.

    `latest_sentiments` is newest first. Fewer ratings than the window are not yet enough to judge.
    """
    counted = list(latest_sentiments[:window])
    if window < 1 or len(counted) < window:
        return None
    rate = percent(sum(sentiment == SATISFIED for sentiment in counted), len(counted))
    return rate if rate is not None and rate < threshold else None


def is_dissatisfied_with_comment(sentiment: str, comment: str) -> bool:
    """A dissatisfied citizen who wrote why: the leader reads every one of them."""
    return sentiment == DISSATISFIED and bool(comment.strip())


def below_commune(official_rate: Decimal | None, commune_rate: Decimal | None, *, margin: Decimal) -> bool:
    """An early warning: the official's rate is at least `margin` points under the commune's."""
    if official_rate is None or commune_rate is None:
        return False
    return commune_rate - official_rate >= margin
