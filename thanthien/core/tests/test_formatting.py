from datetime import date
from decimal import Decimal

from django.template import Context, Template

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


def test_rates_have_a_decimal_comma_and_nothing_counted_shows_a_dash():
    assert format_percent(Decimal("96.5")) == "96,5%"
    assert format_percent(100) == "100,0%"
    assert format_percent(None) == "–"
