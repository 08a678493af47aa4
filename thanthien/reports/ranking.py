"""The province's composite score of a commune: pure arithmetic over 0–100 indicators, no database.

score = Σ weight × indicator ÷ Σ weight, over the indicators that have something to count (a commune that
received no rating is scored on the others, not given zero). Overdue petitions become an indicator as
100 − penalty × overdue, at least 0. The weights are data (RankingWeights) and are shown on the page.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

INDICATORS = ("on_time", "online", "satisfaction", "petitions", "reports")


def petitions_indicator(overdue: int, penalty: Decimal) -> Decimal:
    """Return 100 with no overdue petition, minus `penalty` points for each one, never below 0."""
    return max(Decimal(0), Decimal(100) - penalty * overdue)


def composite_score(
    indicators: Mapping[str, Decimal | None], weights: Mapping[str, Decimal]
) -> Decimal | None:
    """Return the weighted mean of the indicators present (one decimal); None when none is present."""
    present = [(weights[name], value) for name, value in indicators.items() if value is not None]
    total_weight = sum((weight for weight, _value in present), Decimal(0))
    if not present or total_weight == 0:
        return None
    score = sum((weight * value for weight, value in present), Decimal(0)) / total_weight
    return score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def sparkline_points(values: list[Decimal | None], width: int = 80, height: int = 20) -> str:
    """Return the SVG polyline points of a 0–100 series (gaps skipped), e.g. "0,4 40,2 80,0"."""
    if len(values) < 2:
        return ""
    step = width / (len(values) - 1)
    return " ".join(
        f"{index * step:.0f},{height - float(value) * height / 100:.1f}"
        for index, value in enumerate(values)
        if value is not None
    )
