"""Changing a setting: a new version from a later date (the past is never rewritten), or the withdrawal of a
version that has not started yet. Each is one transaction, permission-checked and audited."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.configuration import versions
from thanthien.configuration.kinds import SettingKind
from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.units import permissions as unit_permissions
from thanthien.units.models import Unit, User


@transaction.atomic
def add_setting_version(
    kind: SettingKind,
    *,
    unit: Unit | None,
    key: dict[str, Any],
    values: dict[str, Any],
    starts_on: date,
    by: User,
    base: Model | None = None,
    children: list[dict[str, Any]] | None = None,
    today: date | None = None,
) -> Model:
    """Add a version of a setting (the unit's own, or the shared one when `unit` is None) from `starts_on`.

    `key` names the setting (e.g. the case kind and step of a time limit), `values` are the new version's.
    The version in force keeps applying to every day before `starts_on`, which must be after today.
    `base`, the version it was copied from, only serves the audit line (old → new). `children` are the
    rows a version of this kind holds (a scale's levels), checked by the kind's rule.
    """
    if not unit_permissions.can_change_setting(by, unit):
        raise PermissionDenied
    _check_unit_level(kind, unit)
    versions.check_start(starts_on, today or timezone.localdate())
    group = _group(kind, unit, key)
    list(group.select_for_update(of=("self",)))  # two administrators adding at once: one after the other
    if group.filter(**{kind.start_field: starts_on}).exists():
        raise ValidationError(
            _("A version of this setting already starts on %(day)s: withdraw it or choose another day.")
            % {"day": starts_on.strftime("%d/%m/%Y")}
        )
    if not str(values.get(kind.basis_field) or "").strip():
        raise ValidationError({kind.basis_field: _("Give the legal basis of the change.")})
    row = kind.model(**key, **values, **{kind.start_field: starts_on})
    if kind.scope_field:
        setattr(row, kind.scope_field, unit)
    if kind.children:
        kind.children.check(children or [])
    if kind.end_field:
        following = group.filter(**{f"{kind.start_field}__gt": starts_on}).order_by(kind.start_field).first()
        if following is not None:  # a version already scheduled later ends this one
            setattr(row, kind.end_field, getattr(following, kind.start_field) - timedelta(days=1))
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:  # another administrator saved the same version a moment before
        raise ValidationError(
            _("This version was saved a moment ago by someone else: reload the list.")
        ) from error
    if kind.children:
        spec = kind.children
        spec.model._default_manager.bulk_create(
            [
                spec.model(**{spec.parent_field: row}, **{n: child[n] for n in spec.fields})
                for child in children or []
            ]
        )
    fields = (kind.start_field, *kind.shown_fields)
    before, after = audit.snapshot(base, fields), audit.snapshot(row, fields)
    changes = {name: [before[name], after[name]] for name in fields}
    if kind.children:
        old = children_of(kind, base) if base is not None else None
        changes[kind.children.related_name] = [
            old and kind.children.summary(old),
            kind.children.summary(children or []),
        ]
    audit.record(AuditEvent.Action.CREATE, row, by=by, changes=changes)
    if kind.end_field:
        _close_earlier(kind, group, starts_on, by=by)
    if kind.after_change:
        kind.after_change()
    return row


def _close_earlier(kind: SettingKind, group: models.QuerySet[Model], starts_on: date, *, by: User) -> None:
    """End the earlier version that was still open on `starts_on` the day before (a day after today: no
    past is rewritten), and log it."""
    end = kind.end_field
    if end is None:  # a kind without an end date has nothing to close
        return
    earlier = group.filter(**{f"{kind.start_field}__lt": starts_on}).filter(
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": starts_on})
    )
    for previous in earlier:
        before = audit.snapshot(previous, [end])[end]
        setattr(previous, end, starts_on - timedelta(days=1))
        previous.save(update_fields=[end, "updated_at"])
        changes = {end: [before, audit.snapshot(previous, [end])[end]]}
        audit.record(AuditEvent.Action.UPDATE, previous, by=by, changes=changes)


@transaction.atomic
def withdraw_setting_version(kind: SettingKind, row: Model, *, by: User, today: date | None = None) -> None:
    """Delete a version that has not started yet (a change announced by mistake); audited with its values.

    A version that has started is never deleted: the past it governed stays as it was.
    """
    row = kind.model._default_manager.select_for_update(of=("self",)).get(pk=row.pk)
    if not unit_permissions.can_change_setting(by, kind.unit_of(row)):
        raise PermissionDenied
    if getattr(row, kind.start_field) <= (today or timezone.localdate()):
        raise ValidationError(_("This version has already taken effect: add a new version instead."))
    changes = {
        name: [value, None]
        for name, value in audit.snapshot(row, (kind.start_field, *kind.shown_fields)).items()
    }
    audit.record(AuditEvent.Action.DELETE, row, by=by, changes=changes)
    try:
        with transaction.atomic():
            row.delete()
    except models.ProtectedError as error:
        raise ValidationError(_("This version is already used by other records and stays.")) from error
    if kind.end_field:
        _reopen_earlier(kind, row, by=by)
    if kind.after_change:
        kind.after_change()


def _reopen_earlier(kind: SettingKind, withdrawn: Model, *, by: User) -> None:
    """Give the withdrawn version's days back to the version before it, which it had ended; log it."""
    end, start = kind.end_field, getattr(withdrawn, kind.start_field)
    if end is None:  # a kind without an end date has nothing to reopen
        return
    key = {name: getattr(withdrawn, name) for name in kind.key_fields}
    group = _group(kind, kind.unit_of(withdrawn), key)
    for previous in group.filter(**{end: start - timedelta(days=1)}):
        before = audit.snapshot(previous, [end])[end]
        setattr(previous, end, getattr(withdrawn, end))
        previous.save(update_fields=[end, "updated_at"])
        changes = {end: [before, audit.snapshot(previous, [end])[end]]}
        audit.record(AuditEvent.Action.UPDATE, previous, by=by, changes=changes)


def children_of(kind: SettingKind, row: Model) -> list[dict[str, Any]]:
    """Return the rows a version holds (a scale's levels), as plain values, highest first."""
    if kind.children is None:
        return []
    spec = kind.children
    return [
        {name: getattr(child, name) for name in spec.fields}
        for child in getattr(row, spec.related_name).all()
    ]


def _group(kind: SettingKind, unit: Unit | None, key: dict[str, Any]) -> models.QuerySet[Model]:
    """Return every version of the setting named by `unit` and `key`."""
    rows = kind.model._default_manager.filter(**key)
    if kind.scope_field:
        rows = rows.filter(**{kind.scope_field: unit})
    return rows


def _check_unit_level(kind: SettingKind, unit: Unit | None) -> None:
    if unit is not None and unit.level not in kind.unit_levels:
        raise ValidationError(_("This setting is not kept for a unit of this level."))
