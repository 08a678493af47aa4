"""Vietnamese text helpers."""

import unicodedata


def fold_vietnamese(text: str) -> str:
    """Return `text` lower-cased without diacritics, for search: "Đăng ký kết hôn" → "dang ky ket hon"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
