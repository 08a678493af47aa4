"""Encrypting a sender's identity at rest (Law on Denunciations arts. 8(3), 9(1), 56)."""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _cipher() -> MultiFernet:
    keys = [
        key.strip() for key in str(getattr(settings, "FEEDBACK_IDENTITY_KEY", "")).split(",") if key.strip()
    ]
    if not keys:
        raise ImproperlyConfigured("FEEDBACK_IDENTITY_KEY is not set.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured("FEEDBACK_IDENTITY_KEY is not a valid Fernet key.") from error


def encrypt(text: str) -> str:
    """Return `text` encrypted with the first key; an empty text stays empty."""
    return _cipher().encrypt(text.encode("utf-8")).decode("ascii") if text else ""


def decrypt(token: str) -> str:
    """Return the text of a token made by `encrypt` with any of the configured keys."""
    if not token:
        return ""
    try:
        return _cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured("An identity cannot be decrypted with FEEDBACK_IDENTITY_KEY.") from error
