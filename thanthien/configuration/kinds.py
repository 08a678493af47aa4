"""The registry of setting kinds: every rule kept as data that administrators change on the settings pages.

One entry per table: which fields name a setting (`key_fields`, e.g. the case kind and step of a legal time
limit), which a new version may change (`value_fields`), the date it starts from, the field holding its
legal basis, and whose rows they are (`scope`: shared by the whole country, or also a province's or a
commune's own). The pages, the services and the permissions read this list; nothing is written per kind.

The tables stay their apps' own (their services read them, their admin lists them); this registry is the
one door through which the settings pages add a version to them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from thanthien.core.calendars import forget_calendar
from thanthien.core.models import CalendarAdjustment
from thanthien.disclosure.models import DisclosureObligation, Place
from thanthien.dossiers.models import IntakeRule
from thanthien.feedback.models import LegalTimeLimit
from thanthien.notifications.models import QuietHours
from thanthien.procedures.models import CommuneProcedure
from thanthien.ratings.models import RatingLevel, RatingScale, SatisfactionPolicy, Sentiment
from thanthien.reception.models import MeetingDuty
from thanthien.reports.models import RankingWeights, ReportSchedule
from thanthien.units.models import Unit


class Scope(StrEnum):
    """Whose rows a kind holds besides the shared one."""

    NATIONAL = "national"  # shared rows only: the law, the one-stop rules, the calendar
    PROVINCE = "province"  # a shared default plus a province's own rows
    COMMUNE = "commune"  # a shared default plus a commune's own rows


SCOPE_LEVELS = {
    Scope.NATIONAL: (),
    Scope.PROVINCE: (Unit.Level.PROVINCE,),
    Scope.COMMUNE: (Unit.Level.COMMUNE,),
}


@dataclass(frozen=True)
class Children:
    """Rows that belong to a version and are copied with it: a rating scale's levels."""

    model: type[models.Model]
    parent_field: str
    related_name: str
    fields: tuple[str, ...]
    max_rows: int
    check: Callable[[list[dict[str, Any]]], None]

    @property
    def label(self) -> Any:
        return self.model._meta.verbose_name_plural

    def summary(self, rows: list[dict[str, Any]]) -> list[str]:
        """Return one short text per row, for the list and the audit line."""
        return [" ".join(str(row.get(name, "")) for name in self.fields[:2]) for row in rows]


def check_levels(levels: list[dict[str, Any]]) -> None:
    """Raise ValidationError unless a scale has 3 to 5 levels of distinct values, the highest one (and only
    it) marked "very satisfied", and at least one level counted as dissatisfied."""
    values = [level["value"] for level in levels]
    if not 3 <= len(levels) <= 5:
        raise ValidationError(_("A scale has 3, 4 or 5 levels."))
    if len(set(values)) != len(values):
        raise ValidationError(_("Two levels have the same value."))
    tops = [level["value"] for level in levels if level.get("is_top")]
    if tops != [max(values)]:
        raise ValidationError(_("Only the highest level is marked very satisfied."))
    if not any(level["sentiment"] == Sentiment.DISSATISFIED for level in levels):
        raise ValidationError(_("At least one level counts as dissatisfied."))


@dataclass(frozen=True)
class SettingKind:
    slug: str
    model: type[models.Model]
    value_fields: tuple[str, ...]
    basis_field: str
    scope: Scope = Scope.NATIONAL
    key_fields: tuple[str, ...] = ()
    scope_field: str | None = None
    start_field: str = "valid_from"
    # False: each row is a dated event standing alone (a make-up day), added or cancelled, never versioned.
    versioned: bool = True
    after_change: Callable[[], Any] | None = field(default=None, compare=False)
    # Long fields kept out of the list's columns (still in the form and the history).
    not_listed: tuple[str, ...] = ()
    children: Children | None = None
    # A written last day, set on the version before when a new one is added (disclosure obligations).
    end_field: str | None = None
    # JSON lists of choices, edited as check boxes: {field: choices}.
    choice_lists: Mapping[str, Any] = field(default_factory=dict, compare=False)
    # Amounts in đồng, shown as money ("100.000 đ").
    money_fields: tuple[str, ...] = ()

    @property
    def label(self) -> Any:
        return self.model._meta.verbose_name_plural

    @property
    def shown_fields(self) -> tuple[str, ...]:
        return (*self.key_fields, *self.value_fields)

    @property
    def listed_fields(self) -> tuple[str, ...]:
        return tuple(name for name in self.shown_fields if name not in self.not_listed)

    @property
    def unit_levels(self) -> tuple[str, ...]:
        return SCOPE_LEVELS[self.scope]

    def unit_of(self, row: models.Model) -> Unit | None:
        """Return the unit whose row this is, None for a shared row."""
        return getattr(row, self.scope_field) if self.scope_field else None

    def end_of(self, row: models.Model) -> Any:
        """Return the row's written last day, None when it has none (or the kind writes none)."""
        return getattr(row, self.end_field) if self.end_field else None

    def key_of(self, row: models.Model) -> tuple[Any, ...]:
        """Return what names the setting this row is a version of: its unit and its key fields."""
        unit_id = getattr(row, f"{self.scope_field}_id") if self.scope_field else None
        return (unit_id, *(getattr(row, name) for name in self.key_fields))

    def model_field(self, name: str) -> models.Field:
        return self.model._meta.get_field(name)  # type: ignore[return-value]  # the row's own fields


KINDS: tuple[SettingKind, ...] = (
    SettingKind(
        slug="legal-time-limits",
        model=LegalTimeLimit,
        key_fields=("case_kind", "step", "instance", "area"),
        value_fields=("days", "counting", "repeats", "legal_basis", "certainty", "note"),
        basis_field="legal_basis",
        not_listed=("note",),
    ),
    SettingKind(
        slug="quiet-hours",
        model=QuietHours,
        scope=Scope.COMMUNE,
        scope_field="unit",
        value_fields=("starts_at", "ends_at", "basis"),
        basis_field="basis",
    ),
    SettingKind(
        slug="commune-procedures",
        model=CommuneProcedure,
        scope=Scope.COMMUNE,
        scope_field="commune",
        key_fields=("procedure",),
        value_fields=("offered", "fee", "legal_basis"),
        basis_field="legal_basis",
        money_fields=("fee",),
    ),
    SettingKind(
        slug="satisfaction-policy",
        model=SatisfactionPolicy,
        scope=Scope.COMMUNE,
        scope_field="unit",
        value_fields=(
            "target_rate",
            "alert_window",
            "alert_threshold",
            "alert_on_dissatisfied_comment",
            "early_warning_weeks",
            "early_warning_margin",
            "basis",
        ),
        basis_field="basis",
    ),
    SettingKind(
        slug="rating-scales",
        model=RatingScale,
        scope=Scope.COMMUNE,
        scope_field="unit",
        value_fields=("name", "legal_basis"),
        basis_field="legal_basis",
        children=Children(
            model=RatingLevel,
            parent_field="scale",
            related_name="levels",
            fields=("value", "label", "sentiment", "is_top"),
            max_rows=5,
            check=check_levels,
        ),
    ),
    SettingKind(
        slug="ranking-weights",
        model=RankingWeights,
        scope=Scope.PROVINCE,
        scope_field="unit",
        value_fields=(
            "on_time",
            "online",
            "satisfaction",
            "petitions",
            "reports",
            "overdue_penalty",
            "legal_basis",
        ),
        basis_field="legal_basis",
    ),
    SettingKind(
        slug="report-schedules",
        model=ReportSchedule,
        scope=Scope.PROVINCE,
        scope_field="unit",
        key_fields=("kind",),
        value_fields=("due_month", "due_day", "remind_days_before", "legal_basis"),
        basis_field="legal_basis",
    ),
    SettingKind(
        slug="calendar",
        model=CalendarAdjustment,
        start_field="date",
        versioned=False,
        value_fields=("kind", "name", "legal_basis"),
        basis_field="legal_basis",
        after_change=forget_calendar,
    ),
    SettingKind(
        slug="one-stop-rules",
        model=IntakeRule,
        value_fields=(
            "office_opens",
            "office_closes",
            "paper_cutoff",
            "online_after_hours_next_day",
            "clock_stops_for_supplement",
            "apology_days_before_due",
            "max_postponements",
            "max_supplement_requests",
            "at_risk_days",
            "legal_basis",
        ),
        basis_field="legal_basis",
    ),
    SettingKind(
        slug="disclosure-obligations",
        model=DisclosureObligation,
        key_fields=("code",),
        value_fields=(
            "name",
            "legal_basis",
            "certainty",
            "places",
            "min_posting_days",
            "publish_within_days",
            "note",
        ),
        basis_field="legal_basis",
        end_field="valid_to",
        choice_lists={"places": Place.choices},
        not_listed=("note",),
    ),
    SettingKind(
        slug="meeting-duties",
        model=MeetingDuty,
        key_fields=("kind", "capacity"),
        value_fields=("times", "period", "legal_basis", "note"),
        basis_field="legal_basis",
        not_listed=("note",),
    ),
)

_BY_SLUG = {kind.slug: kind for kind in KINDS}


def kind_by_slug(slug: str) -> SettingKind | None:
    """Return the kind registered under `slug`, None when there is none."""
    return _BY_SLUG.get(slug)
