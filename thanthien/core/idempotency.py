"""Run an action once per client key: a retry or a resend gets the first answer, never a second effect."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thanthien.core.models import IdempotencyRecord

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Outcome:
    result: str
    replayed: bool


def fingerprint_of(text: str) -> str:
    """Return a short, fixed-size digest of a request body or key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_once(scope: str, *, actor: Any, key: str, fingerprint: str, action: Callable[[], str]) -> Outcome:
    """Run `action` once per (scope, actor, key) and return its result; a repeat returns the first result.

    The record is claimed before the action and both commit together, so a failed action frees the key
    (a corrected retry may use it) and two simultaneous first attempts end with one effect: on PostgreSQL
    the second waits on the unique index, on SQLite on the write lock, then reads the first one's result.
    A repeat with the same key but another request is refused. One transaction holds the claim, the action
    and its result: no savepoint where the caller has no transaction of its own, so a fresh key costs an
    INSERT and an UPDATE beside the action.
    """
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            _("The idempotency key must have 1 to %(max)d characters.") % {"max": MAX_KEY_LENGTH}
        )
    actor_key = str(actor.pk) if getattr(actor, "is_authenticated", False) else ""
    lookup = {"scope": scope, "actor_key": actor_key, "key_hash": fingerprint_of(key)}
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(**lookup, fingerprint=fingerprint)
            record.result = action()
            record.save(update_fields=["result"])
    except IntegrityError:
        first = IdempotencyRecord.objects.filter(**lookup).first()
        if first is None:
            raise  # the action's own conflict (its claim was rolled back with it), not a repeat
        return _replay(first, fingerprint)
    return Outcome(record.result, replayed=False)


def _replay(record: IdempotencyRecord, fingerprint: str) -> Outcome:
    if record.fingerprint != fingerprint:
        raise ValidationError(_("This idempotency key was already used for a different request."))
    return Outcome(record.result, replayed=True)
