"""Run an action once per client key: a retry or a resend gets the first answer, never a second effect."""

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from thanthien.core.inserts import Companion, insert
from thanthien.core.models import IdempotencyRecord
from thanthien.core.statements import atomic_for_sole_write

MAX_KEY_LENGTH = 255
REPLAY_MARK = "_idempotency_replayed"  # set on the object a repeat returns; read it with `was_replayed`

# The claim of the `create_once` running now and the model of the row it makes, which its `create` may
# write with that row. Every other action runs with none: a nested create never takes an outer claim.
_pending_claim: ContextVar[tuple[type[models.Model], Companion] | None] = ContextVar(
    "pending_claim", default=None
)

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Outcome:
    result: str
    replayed: bool


def fingerprint_of(text: str) -> str:
    """Return a short, fixed-size digest of a request body or key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_once(
    scope: str,
    *,
    actor: Any,
    key: str,
    fingerprint: str,
    action: Callable[[], str],
    effects_in_database: bool = False,
) -> Outcome:
    """Run `action` once per (scope, actor, key) and return its result; a repeat returns the first result.

    The record is claimed before the action and both commit together, so a failed action frees the key
    (a corrected retry may use it) and two simultaneous first attempts end with one effect: on PostgreSQL
    the second waits on the unique index, on SQLite on the write lock, then reads the first one's result.
    A repeat with the same key but another request is refused. One transaction holds the claim, the action
    and its result: no savepoint where the caller has no transaction of its own, so a fresh key costs an
    INSERT and an UPDATE beside the action. With `effects_in_database` (every effect of the action is a
    row of this database, rolled back with it: no file, no message sent) the claim is written after the
    action, with its result: one statement less (`_run_then_claim`).
    """
    return _run_once(
        scope,
        actor=actor,
        key=key,
        fingerprint=fingerprint,
        action=action,
        effects_in_database=effects_in_database,
        claim_along=None,
    )


def _run_once(
    scope: str,
    *,
    actor: Any,
    key: str,
    fingerprint: str,
    action: Callable[[], str],
    effects_in_database: bool,
    claim_along: type[models.Model] | None,
) -> Outcome:
    check_key(key)
    actor_key = str(actor.pk) if getattr(actor, "is_authenticated", False) else ""
    lookup = {"scope": scope, "actor_key": actor_key, "key_hash": fingerprint_of(key)}
    if effects_in_database:
        return _run_then_claim(lookup, fingerprint, action, claim_along=claim_along)
    try:
        with transaction.atomic(), _offered(None):
            record = insert(IdempotencyRecord(**lookup, fingerprint=fingerprint))
            record.result = action()
            record.save(update_fields=["result"])
    except IntegrityError:
        first = IdempotencyRecord.objects.filter(**lookup).first()
        if first is None:
            raise  # the action's own conflict (its claim was rolled back with it), not a repeat
        return _replay(first, fingerprint)
    return Outcome(record.result, replayed=False)


def _run_then_claim(
    lookup: dict[str, str],
    fingerprint: str,
    action: Callable[[], str],
    *,
    claim_along: type[models.Model] | None,
) -> Outcome:
    """Run the action, then claim the key with its result, in one transaction.

    With `claim_along`, the model of the row the action makes (`create_once`: the result is that row's
    key), the action may write the claim in the statement that inserts the row (`pending_claim`): one round
    trip less. A claim it did not write is written after it, as without.

    A repeat runs the action again and meets the first claim on the unique index: its transaction, the
    action's rows with it, is rolled back and the first result replayed. Two simultaneous first attempts
    both run the action; the second's claim waits for the first to commit, then fails the same way. A
    repeat whose action now fails (the official has left since, say) still gets the first result.
    """
    record = IdempotencyRecord(**lookup, fingerprint=fingerprint)
    claim = Companion(record, pk_column="result")
    try:
        # The claim written along the action's one statement: that statement may be the whole transaction.
        with atomic_for_sole_write(), _offered((claim_along, claim) if claim_along else None):
            result = action()
            _claim_after(record, claim, result)
    except Exception:
        first = IdempotencyRecord.objects.filter(**lookup).first()
        if first is None:
            raise  # the action failed, and no earlier attempt holds the key
        return _replay(first, fingerprint)
    return Outcome(result, replayed=False)


@contextmanager
def _offered(claim: tuple[type[models.Model], Companion] | None) -> Iterator[None]:
    token = _pending_claim.set(claim)
    try:
        yield
    finally:
        _pending_claim.reset(token)


def _claim_after(record: IdempotencyRecord, claim: Companion, result: str) -> None:
    """Write the claim (`record`, offered as `claim`) with the action's result, unless the action wrote it
    along its row; then check that this row is the one it made: a claim that named another row would
    replay the wrong one."""
    if not claim.written:
        record.result = result
        insert(record)
    elif record.result != result:
        raise RuntimeError(f"{record.scope}: the key was claimed with row {record.result}, not {result}")


def pending_claim(model: type[models.Model]) -> Companion | None:
    """The key's claim of the `create_once` whose `create` runs now, to pass as `along` to the `insert` or
    `insert_unless_taken` of the `model` row it makes (`core.inserts`); None when there is none (no key, its
    effects not all in the database, a create of another model). Pass it to that row's insert only."""
    offered = _pending_claim.get()
    return offered[1] if offered is not None and offered[0] is model else None


def check_key(key: str) -> None:
    """Refuse a key that is blank or longer than the records hold (a header sent empty is no key)."""
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            _("The idempotency key must have 1 to %(max)d characters.") % {"max": MAX_KEY_LENGTH}
        )


def _replay(record: IdempotencyRecord, fingerprint: str) -> Outcome:
    if record.fingerprint != fingerprint:
        raise ValidationError(_("This idempotency key was already used for a different request."))
    return Outcome(record.result, replayed=True)


def create_once(
    scope: str,
    *,
    actor: Any,
    client_key: str,
    content: Sequence[Any],
    create: Callable[[], M],
    model: type[M],
    effects_in_database: bool = False,
) -> M:
    """Run `create` once per (scope, actor, client_key) and return what it made; a repeat returns that row.

    This is the one way a create service honours a `client_key` (a hidden form field made when the form is
    shown, an API's Idempotency-Key): a double click, a resend or a retry after a lost answer makes one row.
    `content` lists what the caller asked for (ids, text, dates): the same key with other content is
    refused (ValidationError). The object a repeat returns answers True to `was_replayed`. Without a key,
    `create` simply runs. `effects_in_database`: as for `run_once`.
    """
    if not client_key:
        with _offered(None):
            return create()
    made: list[M] = []

    def action() -> str:
        made.append(create())
        return str(made[0].pk)

    outcome = _run_once(
        scope,
        actor=actor,
        key=client_key,
        fingerprint=fingerprint_of(_canonical(content)),
        action=action,
        effects_in_database=effects_in_database,
        claim_along=model,
    )
    if not outcome.replayed:
        return made[0]
    first = model._default_manager.get(pk=outcome.result)
    setattr(first, REPLAY_MARK, True)
    return first


def was_replayed(obj: models.Model) -> bool:
    """Return whether `create_once` returned this object for a repeat of its client key (made earlier)."""
    return bool(getattr(obj, REPLAY_MARK, False))


def _canonical(content: Sequence[Any]) -> str:
    """The content as stable text: model instances by primary key, dates and times in ISO form."""

    def plain(value: Any) -> Any:
        if isinstance(value, models.Model):
            return value.pk
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value)

    return json.dumps(list(content), default=plain, ensure_ascii=False, sort_keys=True)
