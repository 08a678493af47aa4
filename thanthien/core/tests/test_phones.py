"""One rule for a phone number as stored: typed at the desk, imported from a spreadsheet, given for a
household (core.phones.normalise_phone; the dossier import and the household import both use it)."""

import pytest
from django.core.exceptions import ValidationError

from thanthien.core.phones import normalise_phone
from thanthien.dossiers.importing import parse_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 000 101", "0912000101"),
        ("+84 912 000 101", "0912000101"),
        ("84912000101", "0912000101"),
        ("912000101", "0912000101"),  # Excel kept it as a number and dropped the 0
        ("0912.000.101", "0912000101"),
        ("", ""),
    ],
)
def test_every_way_of_writing_a_number_is_stored_the_same_by_hand_and_by_import(typed, stored):
    assert normalise_phone(typed) == stored
    assert parse_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "1912000101", "091200010123"])
def test_what_is_not_a_vietnamese_number_is_refused_by_both(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)
    with pytest.raises(ValueError):
        parse_phone(typed)


def test_the_import_refuses_words_in_a_phone_cell():
    with pytest.raises(ValueError):
        parse_phone("0912 gọi sau")
