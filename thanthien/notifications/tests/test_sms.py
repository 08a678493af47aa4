"""SMS length: GSM-7 160/153, UCS-2 70/67, Vietnamese without diacritics, texts kept to N segments."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanthien.notifications.sms import is_gsm7, measure, prepare, strip_diacritics


def test_vietnamese_loses_its_diacritics_and_d_with_stroke_becomes_d():
    assert strip_diacritics("Đặng Thị Hồng Nhung, Ủy ban nhân dân xã Hoằng Cát: “đã có kết quả”…") == (
        'Dang Thi Hong Nhung, Uy ban nhan dan xa Hoang Cat: "da co ket qua"...'
    )


@given(st.text())
def test_a_stripped_text_is_always_plain_gsm7(text):
    assert is_gsm7(strip_diacritics(text))


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("a" * 160, "gsm7", 1),
        ("a" * 161, "gsm7", 2),
        ("a" * 306, "gsm7", 2),
        ("a" * 307, "gsm7", 3),
        ("€" * 80, "gsm7", 1),  # an extension character costs two septets
        ("a" * 152 + "€" + "a" * 10, "gsm7", 2),  # ...and is never split between two parts
        ("ồ" * 70, "ucs2", 1),
        ("ồ" * 71, "ucs2", 2),
        ("ồ" * 134, "ucs2", 2),
        ("ồ" * 135, "ucs2", 3),
        ("a" * 159 + "ồ", "ucs2", 3),  # one Vietnamese letter makes the whole message UCS-2
    ],
)
def test_segments_are_counted_as_the_networks_count_them(text, encoding, segments):
    length = measure(text)

    assert (length.encoding, length.segments) == (encoding, segments)


def test_a_text_for_a_gateway_without_unicode_is_sent_without_diacritics_in_fewer_segments():
    text = "Xã Hoằng Cát đã nhận hồ sơ HC-2026-00012 (Đăng ký khai sinh). Hẹn trả kết quả ngày 05/12/2026."

    plain, unicode = prepare(text, unicode=False, max_segments=3), prepare(text, unicode=True, max_segments=3)

    assert plain.startswith("Xa Hoang Cat da nhan ho so") and measure(plain).segments == 1
    assert unicode == text and measure(unicode).segments == 2


def test_a_long_text_is_cut_at_a_word_and_keeps_its_final_link_whole():
    link = "http://127.0.0.1:8000/x/hoang-cat/danh-gia/AbCdEf123456/"
    text = "Kết quả hồ sơ " + "rất dài " * 60 + "đã có. Đánh giá: " + link

    prepared = prepare(text, unicode=False, max_segments=2)

    assert measure(prepared).segments == 2
    assert prepared.endswith("... " + link)
    assert prepared.split("...")[0].endswith("dai")


@given(text=st.text(min_size=1, max_size=800), unicode=st.booleans(), max_segments=st.integers(1, 4))
def test_a_prepared_text_never_goes_over_its_segments(text, unicode, max_segments):
    assert measure(prepare(text, unicode=unicode, max_segments=max_segments)).segments <= max_segments
