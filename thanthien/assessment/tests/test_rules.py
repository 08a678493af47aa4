"""The scoring rules, pure: thresholds, linear, yes/no; points never below 0 nor above the criterion's."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanthien.assessment.scoring import RuleError, parse_rule, passes

values = st.decimals(min_value=-1000, max_value=1000, places=1, allow_nan=False, allow_infinity=False)
fulls = st.decimals(min_value=Decimal("0.5"), max_value=100, places=2, allow_nan=False, allow_infinity=False)
RULES = [">=95: 5; >=90: 3; else 0", "linear 80..100", "linear 10..0", "yes", "no", "<=2: 4; <5: 1", "=0: 2"]


@pytest.mark.parametrize(
    ("rule", "value", "points"),
    [
        (">=95: 5; >=90: 3; else 0", Decimal("95.0"), 5),
        (">=95: 5; >=90: 3; else 0", Decimal("94.9"), 3),
        (">=95: 5; >=90: 3; else 0", Decimal("89.9"), 0),
        ("≥95: 5; ≥90: 3; else 1", Decimal("10"), 1),
        ("linear 80..100", Decimal(90), Decimal("2.5")),
        ("linear 80..100", Decimal(79), 0),
        ("linear 80..100", Decimal(120), 5),
        ("linear 10..0", Decimal(2), 4),
        ("yes", 1, 5),
        ("yes", 0, 0),
        ("no", 0, 5),
        ("no", 3, 0),
        ("yes", None, 0),
    ],
)
def test_rules_give_the_points_a_province_writes(rule, value, points):
    assert parse_rule(rule).points(value, Decimal(5)) == Decimal(points)


@pytest.mark.parametrize(
    "bad", ["", ">=95 5", "linear 5..5", "maybe", ">=a: 3", ">=90: -1", "else 0; >=9: 1"]
)
def test_a_bad_rule_is_refused_with_a_reason(bad):
    with pytest.raises(RuleError):
        parse_rule(bad)


@given(rule=st.sampled_from(RULES), value=values, full=fulls)
def test_points_stay_between_zero_and_the_criterions_points(rule, value, full):
    assert Decimal(0) <= parse_rule(rule).points(value, full) <= full


@given(low=values, high=values, a=values, b=values, full=fulls)
def test_linear_points_follow_the_value_in_its_direction(low, high, a, b, full):
    if low == high:
        return
    rule = parse_rule(f"linear {low}..{high}")
    smaller, larger = sorted([a, b])
    if high > low:
        assert rule.points(smaller, full) <= rule.points(larger, full)
    else:
        assert rule.points(smaller, full) >= rule.points(larger, full)


@given(value=values, full=fulls)
def test_thresholds_never_give_fewer_points_to_a_higher_value(value, full):
    rule = parse_rule(">=95: 5; >=90: 3; else 0")
    assert rule.points(value, Decimal(5)) <= rule.points(value + 1, Decimal(5))


def test_the_pass_rule_needs_the_total_and_every_group_above_its_floor():
    groups = {"1": (Decimal(20), Decimal(20)), "2": (Decimal(6), Decimal(25))}
    assert passes(Decimal(80), groups, Decimal(80), None)
    assert not passes(Decimal("79.9"), groups, Decimal(80), None)
    assert not passes(Decimal(80), groups, Decimal(80), Decimal(50))  # group 2 has 24% of its points
    assert passes(Decimal(80), groups, Decimal(80), Decimal(24))
