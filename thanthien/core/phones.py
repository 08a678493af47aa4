"""Vietnamese phone numbers as the system stores them: digits only, starting with 0."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHONE_DIGITS = (9, 11)


def normalise_phone(raw: str) -> str:
    """Return a Vietnamese phone number as digits starting with 0 ("+84 912 000 101" → "0912000101")."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not digits:
        return ""
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    if not PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1] or not digits.startswith("0"):
        raise ValidationError(_("The phone number %(phone)s is not valid.") % {"phone": raw})
    return digits
