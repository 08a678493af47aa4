"""Vietnamese mobile numbers: every way people write one gives the same E.164 form; the rest is refused
with a Vietnamese reason."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from thanthien.notifications.phones import normalise_mobile, parse_mobile

# Prefixes in use since the 2018 renumbering: Viettel 03x/086/096-098, Vinaphone 08x/091/094,
# Mobifone 07x/089/090/093, Vietnamobile 052/056/058/092, Gmobile 059/099, iTel 087. 052, 089 and 099
# are allocated by blocks (the metadata knows which): a few allocated blocks stand for them.
MOBILE_PREFIXES = [
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "523",
    "528",
    "56",
    "58",
    "59",
    "70",
    "76",
    "77",
    "78",
    "79",
    "81",
    "82",
    "83",
    "84",
    "85",
    "86",
    "87",
    "88",
    "896",
    "899",
    "90",
    "91",
    "92",
    "93",
    "94",
    "96",
    "97",
    "98",
    "990",
    "993",
]


@st.composite
def mobile_numbers(draw):
    prefix = draw(st.sampled_from(MOBILE_PREFIXES))
    rest = draw(st.integers(min_value=0, max_value=10 ** (9 - len(prefix)) - 1))
    return prefix + f"{rest:0{9 - len(prefix)}d}"


@pytest.mark.parametrize(
    "written",
    [
        "0912345678",
        "+84912345678",
        "84912345678",
        "0912 345 678",
        "0912.345.678",
        "(+84) 912-345-678",
        "0084912345678",
        " 091 234 5678 ",
    ],
)
def test_the_ways_a_mobile_number_is_written_give_one_form(written):
    assert normalise_mobile(written) == "+84912345678"


def test_a_number_is_given_to_a_gateway_in_the_form_it_asks_for():
    number = parse_mobile("0987 654 321")

    assert (number.national, number.international_digits, number.formatted("e164")) == (
        "0987654321",
        "84987654321",
        "+84987654321",
    )


@given(
    number=mobile_numbers(),
    style=st.sampled_from(["0{n}", "+84{n}", "84{n}", "0{a} {b} {c}", "+84 {a}.{b}.{c}", "(+84) {a}-{b}{c}"]),
)
def test_every_current_mobile_prefix_is_accepted_however_it_is_written(number, style):
    written = style.format(n=number, a=number[:2], b=number[2:5], c=number[5:])

    assert normalise_mobile(written) == f"+84{number}"


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "Nhập số điện thoại di động"),
        ("09123abc78", "chỉ gồm chữ số"),
        ("091234567", "không phải số điện thoại Việt Nam hợp lệ"),
        ("09123456789", "không phải số điện thoại Việt Nam hợp lệ"),
        ("0123456789", "không phải số điện thoại Việt Nam hợp lệ"),  # an old 11-digit prefix, retired 2018
        ("02438253536", "số máy cố định"),  # a Hà Nội landline
        ("+14155552671", "số Việt Nam (+84)"),
    ],
)
def test_what_is_no_vietnamese_mobile_is_refused_with_a_reason(written, reason):
    with pytest.raises(ValidationError) as refused:
        parse_mobile(written)

    assert reason in " ".join(refused.value.messages)
