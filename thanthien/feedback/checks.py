"""`check --deploy`: the identity key is set, valid, not the development key, and reads the stored rows.

Without it every named submission would fail after a release that passed its checks (issue #13, 9).
"""

from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from thanthien.feedback import crypto

SAMPLE_ROWS = 20  # the newest and the oldest rows: a key rotated away too early fails on the oldest
HINT = (
    "Set FEEDBACK_IDENTITY_KEY to a key of its own: "
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


@register(Tags.security, deploy=True)
def identity_key_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Return errors when named feedback could not be stored or read with the configured key."""
    keys = crypto.configured_keys()
    if not keys:
        return [
            Error(
                "FEEDBACK_IDENTITY_KEY is not set: every named submission would fail.",
                hint=HINT,
                id="feedback.E001",
            )
        ]
    try:
        cipher = MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        return [Error("FEEDBACK_IDENTITY_KEY is not a valid Fernet key.", hint=HINT, id="feedback.E002")]
    if settings.DEV_IDENTITY_KEY in keys:  # public in the repository
        return [
            Error(
                "FEEDBACK_IDENTITY_KEY is the development key, which is public.",
                hint=HINT,
                id="feedback.E003",
            )
        ]
    unreadable = _unreadable_rows(cipher)
    if unreadable:
        return [
            Error(
                f"FEEDBACK_IDENTITY_KEY cannot decrypt {len(unreadable)} of the stored identities sampled "
                f"(ids {', '.join(str(pk) for pk in unreadable[:10])}); keep the old key after the new one "
                "(comma-separated) until every row is re-encrypted.",
                id="feedback.E004",
            )
        ]
    return []


def _unreadable_rows(cipher: MultiFernet) -> list[int]:
    from thanthien.feedback.models import SenderIdentity  # checks load before models

    try:
        newest = list(
            SenderIdentity.objects.order_by("-pk").values_list("pk", "name_encrypted", "contact_encrypted")[
                :SAMPLE_ROWS
            ]
        )
        oldest = list(
            SenderIdentity.objects.order_by("pk").values_list("pk", "name_encrypted", "contact_encrypted")[
                :SAMPLE_ROWS
            ]
        )
    except DatabaseError:  # no database yet (a build step): nothing stored to read
        return []
    unreadable = []
    for pk, *tokens in dict.fromkeys(newest + oldest):
        for token in tokens:
            if not token:
                continue
            try:
                cipher.decrypt(token.encode("ascii"))
            except (InvalidToken, UnicodeEncodeError):
                unreadable.append(pk)
                break
    return sorted(unreadable)
