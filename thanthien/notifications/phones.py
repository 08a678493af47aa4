"""Vietnamese mobile numbers: validated and normalised with Google's numbering metadata (`phonenumbers`).

Pure: no database, no clock. A number is accepted as written by people and desks — `0912 345 678`,
`0912.345.678`, `+84 912 345 678`, `84912345678`, `(+84) 912-345-678` — and is kept in one form:
E.164 (`+84912345678`). The gateways are given the form they ask for (`0912345678`, `84912345678`).
"""

from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mobile types that receive SMS; "fixed line or mobile" is what the metadata says where it cannot tell.
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
_SEPARATORS = str.maketrans("", "", " .-()/\u00a0")


@dataclass(frozen=True)
class MobileNumber:
    e164: str  # +84912345678

    @property
    def national(self) -> str:  # 0912345678
        return "0" + self.e164[3:]

    @property
    def international_digits(self) -> str:  # 84912345678
        return self.e164[1:]

    def formatted(self, style: str) -> str:
        """The number as a gateway wants it: "e164", "national" or "84" (digits with the country code)."""
        return {"e164": self.e164, "national": self.national, "84": self.international_digits}[style]


def parse_mobile(raw: str) -> MobileNumber:
    """Return the Vietnamese mobile number written in `raw`, or raise ValidationError in Vietnamese."""
    text = (raw or "").strip().translate(_SEPARATORS)
    if not text:
        raise ValidationError(_("Enter a mobile phone number."), code="empty")
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.lstrip("+").isdigit():
        raise ValidationError(
            _("A phone number has only digits, e.g. 0912345678 or +84912345678."), code="not_digits"
        )
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("This is not a phone number."), code="unreadable") from error
    if number.country_code != 84:
        raise ValidationError(_("Only Vietnamese numbers (+84) can receive our messages."), code="foreign")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("%(number)s is not a valid Vietnamese number: a mobile number has 10 digits, e.g. 0912345678."),
            params={"number": raw.strip()},
            code="invalid",
        )
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError(
            _("%(number)s is a landline number: it cannot receive text messages."),
            params={"number": raw.strip()},
            code="landline",
        )
    return MobileNumber(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def normalise_mobile(raw: str) -> str:
    """Return `raw` in E.164 (+84912345678); raise ValidationError when it is no Vietnamese mobile."""
    return parse_mobile(raw).e164


def validate_mobile(raw: str) -> None:
    """A form field validator: raise the Vietnamese ValidationError of `parse_mobile`."""
    parse_mobile(raw)
