"""Vietnamese phone numbers as the system stores them: digits only, starting with 0."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHONE_DIGITS = (9, 11)


def normalise_phone(raw: str) -> str:
    """Return a Vietnamese phone number as digits starting with 0 ("+84 912 000 101" → "0912000101").

    The one rule for every number typed, imported or sent: the desk, letters, imports, households. Nine
    digits without the 0 (a number Excel kept as a number, 912000222) get it back.
    """
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not digits:
        return ""
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    elif len(digits) == PHONE_DIGITS[0] and not digits.startswith("0"):
        digits = "0" + digits
    if not PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1] or not digits.startswith("0"):
        raise ValidationError(_("The phone number %(phone)s is not valid.") % {"phone": raw})
    return digits
