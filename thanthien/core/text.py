"""Vietnamese text helpers."""

import unicodedata


def fold_vietnamese(text: str) -> str:
    """Return `text` lower-cased without diacritics, for search: "Đăng ký kết hôn" → "dang ky ket hon"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def in_sentence(unit_name: str) -> str:
    """A unit's name inside a sentence: its kind in lower case ("Xã Hoằng Cát" → "xã Hoằng Cát")."""
    return unit_name[:1].lower() + unit_name[1:]
