"""Scoring rules of a criterion, pure: parse a rule's text once, then give the points of a value.

Three kinds, written as a province writes them in its set's spreadsheet:
- thresholds, first match wins: `>=95: 5; >=90: 3; else 0` (also `>`, `<=`, `<`, `=`, and `≥`, `≤`);
- linear between two values: `linear 80..100` — 0 points at 80, all the criterion's points at 100, clamped;
  `linear 10..0` when less is better;
- yes/no: `yes` (all points when the value is above zero) or `no` (all points when it is zero).

A value the records cannot give yet (None: nothing counted) earns 0 points. Points never exceed the
criterion's own; they are rounded to hundredths.
"""

import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

HUNDREDTH = Decimal("0.01")
COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    "≥": operator.ge,
    "<=": operator.le,
    "≤": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}
_STEP = re.compile(r"^(>=|<=|≥|≤|>|<|=)\s*(-?[\d.,]+)\s*:\s*(-?[\d.,]+)$")
_ELSE = re.compile(r"^else\s*:?\s*(-?[\d.,]+)$")
_LINEAR = re.compile(r"^linear\s+(-?[\d.,]+)\s*\.\.\s*(-?[\d.,]+)$")


class RuleError(ValueError):
    """A rule that cannot be read; the message says why, in the user's language."""


def number(text: str) -> Decimal:
    """Read 95, 95.5 or 95,5 (the Vietnamese decimal comma)."""
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise RuleError(_("“%(text)s” is not a number.") % {"text": text}) from exc


@dataclass(frozen=True)
class Rule:
    kind: str  # "thresholds", "linear", "yes", "no"
    steps: tuple[tuple[str, Decimal, Decimal], ...] = ()
    otherwise: Decimal = Decimal(0)
    low: Decimal = Decimal(0)  # linear: the value worth 0 points…
    high: Decimal = Decimal(0)  # …and the one worth them all

    def points(self, value: Decimal | int | bool | None, full: Decimal) -> Decimal:
        """The points `value` earns out of `full`."""
        if value is None:
            return Decimal(0)
        value = Decimal(int(value)) if isinstance(value, bool) else Decimal(value)
        if self.kind == "yes":
            earned = full if value > 0 else Decimal(0)
        elif self.kind == "no":
            earned = full if value == 0 else Decimal(0)
        elif self.kind == "linear":
            share = (value - self.low) / (self.high - self.low)
            earned = full * min(max(share, Decimal(0)), Decimal(1))
        else:
            earned = next(
                (pts for op, bound, pts in self.steps if COMPARISONS[op](value, bound)), self.otherwise
            )
        return min(max(earned, Decimal(0)), full).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    def most(self) -> Decimal | None:
        """The most points the rule can give by itself (thresholds), to check against the criterion's."""
        if self.kind == "thresholds":
            return max([pts for _op, _bound, pts in self.steps] + [self.otherwise])
        return None


@functools.lru_cache(maxsize=1024)
def parse_rule(text: str) -> Rule:
    """Return the rule written in `text`; raise RuleError saying what is wrong."""
    text = " ".join((text or "").split()).lower()
    if not text:
        raise RuleError(_("The rule is empty."))
    if text in {"yes", "có"}:
        return Rule("yes")
    if text in {"no", "không"}:
        return Rule("no")
    if linear := _LINEAR.match(text):
        low, high = number(linear[1]), number(linear[2])
        if low == high:
            raise RuleError(_("A linear rule needs two different values."))
        return Rule("linear", low=low, high=high)
    steps, otherwise = [], Decimal(0)
    parts = [part.strip() for part in text.split(";") if part.strip()]
    for position, part in enumerate(parts):
        if (last := _ELSE.match(part)) and position == len(parts) - 1:
            otherwise = number(last[1])
        elif step := _STEP.match(part):
            steps.append((step[1], number(step[2]), number(step[3])))
        else:
            raise RuleError(
                _("“%(part)s” is not a step like “>=95: 5”, “else 0”, “linear 80..100”, “yes” or “no”.")
                % {"part": part}
            )
    if not steps:
        raise RuleError(_("A threshold rule needs at least one step like “>=95: 5”."))
    if any(pts < 0 for _op, _bound, pts in steps) or otherwise < 0:
        raise RuleError(_("Points cannot be negative."))
    return Rule("thresholds", steps=tuple(steps), otherwise=otherwise)


def passes(
    total: Decimal,
    groups: dict[str, tuple[Decimal, Decimal]],
    pass_total: Decimal,
    floor_percent: Decimal | None,
) -> bool:
    """The pass rule: the total at least `pass_total`, and, if a floor is set, no group (earned, of its
    points) below that share of its points."""
    if total < pass_total:
        return False
    if floor_percent is None:
        return True
    return all(earned * 100 >= floor_percent * full for earned, full in groups.values())
