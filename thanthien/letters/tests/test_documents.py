"""The parts of a Decree 30/2020 document as text: pure rules, no database."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanthien.letters import documents


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 1), "Hoằng Cát, ngày 01 tháng 12 năm 2026"),
        (date(2026, 2, 5), "Hoằng Cát, ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 15), "Hoằng Cát, ngày 15 tháng 01 năm 2026"),
        (date(2026, 3, 9), "Hoằng Cát, ngày 09 tháng 3 năm 2026"),
    ],
)
def test_the_date_line_pads_days_below_10_and_the_months_1_and_2(day, expected):
    assert documents.date_line("Hoằng Cát", day) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_line_names_the_day_month_and_year(day):
    line = documents.date_line("Hoằng Cát", day)

    assert line.startswith("Hoằng Cát, ngày ") and line.endswith(f"năm {day.year}")
    assert int(line.split("ngày ")[1][:2]) == day.day
    assert int(line.split("tháng ")[1].split()[0]) == day.month


@pytest.mark.parametrize(
    ("name", "place"),
    [("Xã Hoằng Cát", "Hoằng Cát"), ("Phường Ba Đình", "Ba Đình"), ("Thị trấn Bút Sơn", "Bút Sơn")],
)
def test_the_place_drops_the_kind_of_unit(name, place):
    assert documents.place_name(name) == place


def test_numbers_below_10_get_a_leading_zero_and_a_draft_has_none():
    assert documents.number_symbol(5, "TCM-UBND") == "05/TCM-UBND"
    assert documents.number_symbol(116, "TCM-UBND") == "116/TCM-UBND"
    assert documents.number_symbol(None, "TCM-UBND") == "……/TCM-UBND"


def test_the_chairman_signs_for_the_committee_and_a_vice_chairman_for_the_chairman():
    assert documents.signature_block("chairman") == documents.SignatureBlock(
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    )
    assert documents.signature_block("vice_chairman") == documents.SignatureBlock(
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    )
    assert documents.capacity_for_title("Phó Chủ tịch UBND xã") == "vice_chairman"
    assert documents.capacity_for_title("Chủ tịch UBND xã") == "chairman"


@pytest.mark.parametrize(("year", "name"), [(2024, "Giáp Thìn"), (2025, "Ất Tỵ"), (2026, "Bính Ngọ")])
def test_the_lunar_year_has_its_sexagenary_name(year, name):
    assert documents.lunar_year_name(year) == name


def test_inside_a_sentence_the_kind_of_unit_is_lower_case():
    assert documents.in_sentence("Xã Hoằng Cát") == "xã Hoằng Cát"
    assert documents.in_sentence("Thị trấn Bút Sơn") == "thị trấn Bút Sơn"
