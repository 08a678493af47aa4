from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thanthien.ratings.alerting import is_dissatisfied_with_comment, low_rate_over_window

S, N, D = "satisfied", "neutral", "dissatisfied"


def test_a_full_window_below_the_threshold_alerts_with_its_rate():
    latest = [D, S, S, N, S] + [S] * 10  # newest first; only the first five count
    assert low_rate_over_window(latest, window=5, threshold=Decimal("80")) == Decimal("60.0")


def test_a_rate_at_the_threshold_does_not_alert():
    assert low_rate_over_window([S, S, S, S, D], window=5, threshold=Decimal("80")) is None


def test_fewer_ratings_than_the_window_are_not_judged_yet():
    assert low_rate_over_window([D, D, D], window=5, threshold=Decimal("80")) is None


def test_only_a_dissatisfied_rating_with_words_raises_a_comment_alert():
    assert is_dissatisfied_with_comment(D, "Chờ quá lâu")
    assert not is_dissatisfied_with_comment(D, "   ")
    assert not is_dissatisfied_with_comment(N, "Bình thường thôi")


@given(
    st.lists(st.sampled_from([S, N, D]), max_size=40),
    st.integers(min_value=1, max_value=30),
    st.decimals(min_value=0, max_value=100, places=1),
)
def test_an_alert_is_raised_exactly_when_a_full_window_is_below_the_threshold(latest, window, threshold):
    rate = low_rate_over_window(latest, window=window, threshold=threshold)
    if len(latest) < window:
        assert rate is None
        return
    exact = Decimal(100 * latest[:window].count(S)) / window
    rounded = exact.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    assert rate == (rounded if rounded < threshold else None)
