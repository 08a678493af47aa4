"""Encrypting a sender's identity at rest (Law on Denunciations arts. 8(3), 9(1), 56)."""

import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# What a citizen or an official reads when the server's key is missing or wrong: never a server error.
UNAVAILABLE = _(
    "Feedback with your name cannot be received right now: the system that keeps names secret is not "
    "ready. Please try again later, send it without your name, or bring it to the commune's reception desk."
)
UNREADABLE = _(
    "The sender's identity cannot be read: the server's identity key is wrong. Tell the administrator."
)


class IdentityKeyError(ValidationError, ImproperlyConfigured):
    """The identity key is missing, invalid or not the one the rows were encrypted with.

    A ValidationError, so every form and the API answer it with the Vietnamese message (nothing written,
    the service's transaction rolls back); an ImproperlyConfigured, because that is what it is.
    """


def configured_keys() -> list[str]:
    """Return the configured keys, the first one encrypting (comma-separated, for key rotation)."""
    return _keys_in(_setting())


def _setting() -> str:
    return str(getattr(settings, "FEEDBACK_IDENTITY_KEY", ""))


def _keys_in(raw: str) -> list[str]:
    return [key.strip() for key in raw.split(",") if key.strip()]


def _cipher() -> MultiFernet:
    return _cipher_of(_setting())


@lru_cache(maxsize=4)  # built once per setting's value, not per identity: a changed setting gets its own
def _cipher_of(raw: str) -> MultiFernet:
    keys = _keys_in(raw)
    if not keys:
        logger.error("FEEDBACK_IDENTITY_KEY is not set: named feedback cannot be stored or read.")
        raise IdentityKeyError(UNAVAILABLE, code="identity_key_missing")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        logger.error("FEEDBACK_IDENTITY_KEY is not a valid Fernet key.")
        raise IdentityKeyError(UNAVAILABLE, code="identity_key_invalid") from error


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
        logger.error("An identity cannot be decrypted with FEEDBACK_IDENTITY_KEY.")
        raise IdentityKeyError(UNREADABLE, code="identity_key_wrong") from error
