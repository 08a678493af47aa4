"""The length of an SMS: GSM-7 or UCS-2, segments, Vietnamese without diacritics. Pure: no DB, no clock.

A text that fits the GSM-7 alphabet (3GPP TS 23.038) goes in 160 characters, or 153 per part once it
is split (the rest carries the header that joins the parts); `^{}\\[~]|€` cost two. Anything else — any
Vietnamese letter with a diacritic — makes the whole message UCS-2: 70 characters, or 67 per part. A
brandname gateway configured without Unicode is given the text with its diacritics stripped
(`Hồ sơ đã có kết quả` → `Ho so da co ket qua`), which is how Vietnamese SMS are commonly sent.
"""

import math
import re
import unicodedata
from dataclasses import dataclass

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "\f^{}\\[~]|€"
_GSM7 = frozenset(GSM7_BASIC)
_GSM7_EXT = frozenset(GSM7_EXTENSION)

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

# Typography that has a plain equivalent, so that stripping keeps the text in GSM-7.
_PLAIN = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
        "`": "'",
    }
)
_TRAILING_LINK = re.compile(r"\s(https?://\S+)$")


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "gsm7" or "ucs2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def strip_diacritics(text: str) -> str:
    """Return Vietnamese text without its diacritics (đ → d, Đ → D), in the GSM-7 alphabet.

    A character left outside the alphabet after that (an emoji, a Chinese character) becomes "?".
    """
    plain = unicodedata.normalize("NFD", text.translate(_PLAIN))
    plain = "".join(char for char in plain if unicodedata.category(char) != "Mn")
    plain = unicodedata.normalize("NFC", plain)
    return "".join(char if char in _GSM7 or char in _GSM7_EXT else "?" for char in plain)


def is_gsm7(text: str) -> bool:
    return all(char in _GSM7 or char in _GSM7_EXT for char in text)


def measure(text: str) -> SmsLength:
    """Return the encoding, length and number of segments of an SMS carrying `text`."""
    if is_gsm7(text):
        costs = [2 if char in _GSM7_EXT else 1 for char in text]
        return SmsLength("gsm7", sum(costs), _segments(costs, GSM7_SINGLE, GSM7_PART))
    costs = [2 if ord(char) > 0xFFFF else 1 for char in text]  # a surrogate pair is never split
    return SmsLength("ucs2", sum(costs), _segments(costs, UCS2_SINGLE, UCS2_PART))


def _segments(costs: list[int], single: int, part: int) -> int:
    if sum(costs) <= single:
        return 1
    segments, used = 1, 0
    for cost in costs:  # an escaped character or a surrogate pair stays whole in one part
        if used + cost > part:
            segments, used = segments + 1, 0
        used += cost
    return segments


def prepare(text: str, *, unicode: bool, max_segments: int) -> str:
    """Return the text to send: without diacritics unless the gateway takes Unicode, at most `max_segments`.

    A longer text is cut at a word and ends with "...". A link at its end (the rating link) is kept whole,
    since half a link is no link.
    """
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not unicode:
        text = strip_diacritics(text)
    if measure(text).segments <= max_segments:
        return text
    link = _TRAILING_LINK.search(text)
    head, tail = (text[: link.start()], " " + link.group(1)) if link else (text, "")
    if tail and measure("..." + tail).segments > max_segments:  # the link alone is too long: cut it all
        head, tail = text, ""
    return _cut(head, tail, max_segments)


def _cut(head: str, tail: str, max_segments: int) -> str:
    ellipsis = "..." if is_gsm7(head + tail) else "…"

    def fits(length: int) -> bool:
        return measure(head[:length].rstrip() + ellipsis + tail).segments <= max_segments

    low, high = 0, len(head)
    while low < high:  # the longest prefix that still fits
        middle = math.ceil((low + high) / 2)
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    prefix = head[:low]
    if " " in prefix and low < len(head) and not head[low].isspace():
        prefix = prefix[: prefix.rfind(" ")]
    return prefix.rstrip() + ellipsis + tail
