"""Who sees and changes the setting rows: built on `units.permissions` (the administrator role by unit)."""

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from thanthien.configuration.kinds import SettingKind
from thanthien.core.models import AuditEvent
from thanthien.units import permissions as unit_permissions
from thanthien.units.models import Unit, User

can_manage_settings = unit_permissions.can_manage_settings


def visible_setting_rows(user: User, kind: SettingKind) -> QuerySet[Model]:
    """Return the rows of a kind an administrator sees: shared ones, their units' and those above."""
    rows = kind.model._default_manager.all()
    if kind.children:
        rows = rows.prefetch_related(kind.children.related_name)
    if not can_manage_settings(user):
        return rows.none()
    related = [name for name in kind.key_fields if kind.model_field(name).is_relation]
    if related:  # a key naming another row (a commune's procedure): shown without a query per line
        rows = rows.select_related(*related)
    if kind.scope_field is None:
        return rows
    return rows.filter(unit_permissions.setting_scope(user, kind.scope_field)).select_related(
        kind.scope_field
    )


def get_setting_row(kind: SettingKind, pk: int) -> Model:
    """Return a row of the kind, Http404 when missing.

    Setting rows are rules, not personal data: a row of another unit is found, and changing it is refused
    (403) by `can_change_setting_row`.
    """
    queryset = kind.model._default_manager.all()
    if kind.scope_field:
        queryset = queryset.select_related(kind.scope_field)
    return get_object_or_404(queryset, pk=pk)


def can_change_setting_row(user: User, kind: SettingKind, row: Model) -> bool:
    """Return True when the user may add a version of `row`'s setting (or cancel `row` before it starts)."""
    return unit_permissions.can_change_setting(user, kind.unit_of(row))


def can_add_setting(user: User, kind: SettingKind) -> bool:
    """Return True when the user may start a setting of this kind for some unit or for everyone."""
    return unit_permissions.can_change_setting(user, None) or editable_units(user, kind).exists()


def editable_units(user: User, kind: SettingKind) -> QuerySet[Unit]:
    """Return the units whose own rows of this kind the user may add (none for a national kind)."""
    if not kind.unit_levels:
        return Unit.objects.none()
    return unit_permissions.settings_units(user, kind.unit_levels).order_by("name")


def can_change_shared_setting(user: User) -> bool:
    """Return True when the user may change the shared (national) rows."""
    return unit_permissions.can_change_setting(user, None)


def setting_history(user: User, kind: SettingKind) -> QuerySet[AuditEvent]:
    """Return the audit lines of the kind's rows that the user sees, newest first."""
    events = AuditEvent.objects.filter(object_type=kind.model._meta.label)
    return events.filter(unit_permissions.setting_history_scope(user)).order_by("-at", "-id")
