"""How a setting row and an audit line are shown: labels of choices, dates dd/mm/yyyy, yes/no."""

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import gettext as _

from thanthien.configuration.kinds import SettingKind
from thanthien.configuration.services import children_of
from thanthien.configuration.versions import Placed, Standing, Version, place
from thanthien.core.formatting import format_money
from thanthien.core.models import AuditEvent


def show(kind: SettingKind, name: str, value: Any) -> str:
    """Return a field's value as people read it."""
    field = kind.model_field(name)
    if name in kind.choice_lists:
        labels = dict(kind.choice_lists[name])
        return ", ".join(str(labels.get(item, item)) for item in value or []) or "—"
    if value is None or (value == "" and not field.choices):
        return "—"
    if name in kind.money_fields:
        return format_money(int(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value) or "—")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    kind_name = field.get_internal_type()
    if kind_name == "DateField":
        day = value if isinstance(value, date) else parse_date(str(value))
        return day.strftime("%d/%m/%Y") if day else str(value)
    if kind_name == "TimeField":
        moment = value if isinstance(value, time) else parse_time(str(value))
        return moment.strftime("%H:%M") if moment else str(value)
    return str(value)


@dataclass
class Line:
    """One row of the list: the version and the cells to print."""

    placed: Placed
    unit_name: str
    cells: list[str]
    can_change: bool = False

    @property
    def row(self) -> Model:
        return self.placed.version.row

    @property
    def starts_on(self) -> date:
        return self.placed.version.starts_on


def lines(kind: SettingKind, rows: list[Model], today: date) -> dict[Standing, list[Line]]:
    """Return the rows placed in force / scheduled / past, each with its printed cells."""
    versions = [
        Version(kind.key_of(row), getattr(row, kind.start_field), row, kind.end_of(row)) for row in rows
    ]
    sections: dict[Standing, list[Line]] = {standing: [] for standing in Standing}
    for placed in place(versions, today, versioned=kind.versioned):
        row = placed.version.row
        unit = kind.unit_of(row)
        cells = [show(kind, name, getattr(row, name)) for name in kind.listed_fields]
        if kind.children:
            cells.append(" · ".join(kind.children.summary(children_of(kind, row))))
        sections[placed.standing].append(Line(placed, unit.name if unit else "", cells))
    for section in sections.values():
        section.sort(key=lambda line: (line.unit_name, line.cells[: len(kind.key_fields)], line.starts_on))
    return sections


@dataclass
class Change:
    label: str
    old: str
    new: str


def changes_of(kind: SettingKind, event: AuditEvent) -> list[Change]:
    """Return the fields an audit line records, old → new, as people read them."""
    result = []
    for name, pair in (event.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if kind.children and name == kind.children.related_name:
            result.append(Change(str(kind.children.label), _joined(old), _joined(new)))
            continue
        try:
            label = str(kind.model_field(name).verbose_name)
            old_text, new_text = show(kind, name, old), show(kind, name, new)
        except FieldDoesNotExist:  # a field the table no longer has: show it as written
            label, old_text, new_text = name, str(old), str(new)
        if event.action == AuditEvent.Action.CREATE and old is None:
            old_text = ""
        result.append(Change(label, old_text, new_text))
    return result


def _joined(value: Any) -> str:
    return " · ".join(str(item) for item in value) if isinstance(value, list) else ""


def headers(kind: SettingKind) -> list[Any]:
    """Return the column headers of the list: the listed fields, then the rows a version holds."""
    names = [kind.model_field(name).verbose_name for name in kind.listed_fields]
    return [*names, kind.children.label] if kind.children else names
