import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from thanthien.core.formatting import format_date, format_money, format_number, format_percent
from thanthien.core.text import fold_vietnamese


def test_money_is_grouped_by_dots_and_followed_by_dong():
    assert format_money(100_000_000) == "100.000.000 đ"
    assert format_money(Decimal("50000")) == "50.000 đ"
    assert format_money(0) == "0 đ"
    assert format_money(None) == ""


def test_numbers_are_grouped_by_dots():
    assert format_number(5856) == "5.856"
    assert format_number(903) == "903"


def test_dates_are_written_day_month_year():
    assert format_date(date(2026, 2, 13)) == "13/02/2026"


def test_template_filters_use_the_same_formats():
    rendered = Template("{% load vn %}{{ fee|money }} {{ day|vndate }}").render(
        Context({"fee": 1500000, "day": date(2025, 7, 1)})
    )

    assert rendered == "1.500.000 đ 01/07/2025"


def test_folding_removes_diacritics_and_d_stroke():
    assert fold_vietnamese("Đăng ký  kết hôn") == "dang ky ket hon"
    assert fold_vietnamese("XÃ HOẰNG CÁT") == "xa hoang cat"


def fold_at_once(text: str) -> str:
    """The definition of folding, the whole text at once: fold_vietnamese must answer the same, faster."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


TRICKY_TEXTS = [
    "",
    "   ",
    "Nguyễn  Văn\tAn ",
    "NGUYỄN THỊ ĐÀO",
    "Nguye\u0303n Va\u0306n",  # decomposed already
    "a \u0301 b",  # a lone combining mark between spaces: nothing left of its word
    "\u0301\u0300",
    "ΟΔΥΣΣΕΥΣ ΣΑΣ",  # a final sigma at each word's end
    "İstanbul Iİ",
    "x\u00a0y\u2003z\u3000w\x1c\x1fv",  # non-breaking, em, ideographic spaces, separators
    "\u2000\u2001",  # spaces NFD decomposes into other spaces
    "ǅemal ﬁle Å Ω",  # title case, a ligature, the Ångström and Ohm signs (NFD maps them)
    "Thôn Đông, xã Hoằng Cát",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_folding_word_by_word_equals_folding_at_once(text):
    assert fold_vietnamese(text) == fold_at_once(text)


@given(st.text(alphabet=st.sampled_from("aAđĐăâêôơưÀẢÃÁẠẰỳỹ ΣσςİıßΩÅ\u0301\u0303\u0323\u00a0\t\n\u2003x1.,")))
def test_folding_word_by_word_equals_folding_at_once_on_any_text(text):
    assert fold_vietnamese(text) == fold_at_once(text)


def test_rates_have_a_decimal_comma_and_nothing_counted_shows_a_dash():
    assert format_percent(Decimal("96.5")) == "96,5%"
    assert format_percent(100) == "100,0%"
    assert format_percent(None) == "–"
