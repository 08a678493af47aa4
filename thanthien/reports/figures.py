"""The figures of a unit over dates, counted from what the other parts recorded: one small function per
section behind one entry point, `figures(...)`.

A unit is a commune, or a province (or legacy district): then every commune under it, by materialised path;
`None` is the whole country. Dates are local calendar days, both ends included. Each section counts the rows
that started in the period (dossiers received, petitions received, ratings given, campaigns run) and reports
where they stand now, which is how seed 003 counts ("received 903 … returned early or on time 903/903").

Letters are counted by `letters.queries`, reception, dialogues and field visits by `reception.queries`: each
app owns its counting, this module only says where and when.

Speed: dossiers and ratings are read from the buckets reports.summaries keeps exact (`live=True` counts the
rows instead). Every section's counts go to the database as one statement (`counts`): some hundred filtered
aggregates over a dozen tables, the letters' and the reception app's among them (their apps say what they
count: `letter_queries.group_counts`, `reception_queries.count_parts`). Django would take longer to build
that statement than the database takes to run it for a commune, so it is compiled once per shape (a
commune, an area or the country; buckets or live; whole months or not) with slots for the unit and the days
(core.statements) and each call only binds its values. Survey campaigns add their queries only when there
are some.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from thanthien.core.predicates import DaysFrom, among, count_where, total_of
from thanthien.core.statements import OneRowStatement, Part, Slot
from thanthien.dossiers import queries as dossier_queries
from thanthien.dossiers.models import Dossier
from thanthien.feedback.models import FeedbackItem
from thanthien.letters import queries as letter_queries
from thanthien.letters.models import Letter
from thanthien.ratings import indices
from thanthien.ratings import queries as rating_queries
from thanthien.ratings.models import Answer, Rating, SurveyCampaign, SurveyResponse
from thanthien.reception import queries as reception_queries
from thanthien.reports import hooks, predicates, summaries
from thanthien.reports.models import CountryLetterCount, DossierCount, RatingCount
from thanthien.units.models import Unit

Figures = dict[str, dict[str, Any]]

# "Đơn thư" (GLOSSARY: Petition) is the umbrella for the written submissions handled under a legal time
# limit: reflections and recommendations (Law on Citizen Reception), complaints, denunciations. Seed 003
# counts "đơn, thư khiếu nại, tố cáo" under it. A question to the commune and a praise are feedback, not
# petitions: they appear under `feedback` only.
PETITION_KINDS = [
    FeedbackItem.Kind.REFLECTION,
    FeedbackItem.Kind.RECOMMENDATION,
    FeedbackItem.Kind.COMPLAINT,
    FeedbackItem.Kind.DENUNCIATION,
]


def overdue_petitions(today: date) -> Q:
    """Still being handled and past the day it must be resolved by: `resolve_due_on`, or, for a case with
    no resolution step (a reflection or recommendation is answered) or not accepted yet, `accept_due_on`."""
    late_resolving = Q(resolve_due_on__lt=today)
    late_answering = Q(resolve_due_on__isnull=True, accept_due_on__lt=today)
    return predicates.IN_PROGRESS.q() & (late_resolving | late_answering)


def resolved_in_time() -> Q:
    """Resolved on or before the day of `overdue_petitions` (reports.predicates.RESOLVED_IN_TIME)."""
    return predicates.RESOLVED_IN_TIME.q()


@dataclass(frozen=True)
class Period:
    """Where and when to count: a unit (None: the whole country) and two local days, both included."""

    unit: Unit | None
    date_from: date
    date_to: date
    today: date
    # Count every section from the rows, not from the buckets of reports.summaries (to check them).
    live: bool = False
    # The whole country counted commune by commune (figures_of_areas): every part grouped by commune, not
    # the country's own letter buckets nor its feedback grouped by kind.
    by_commune: bool = False
    # What several sections share, counted once per figures() call.
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time.min, tzinfo=timezone.get_current_timezone())

    @property
    def end(self) -> datetime:
        return datetime.combine(self.date_to, time.max, tzinfo=timezone.get_current_timezone())

    @property
    def scope(self) -> str:
        return scope_of(self.unit)

    @property
    def months(self) -> tuple[date, date] | None:
        """The whole months inside the period, which the buckets count by the month (summaries)."""
        return summaries.month_span(self.date_from, self.date_to)

    def bounds(self) -> "Bounds":
        months = self.months or (self.date_from, self.date_from)
        return replace(
            Bounds.of_unit(self.unit),
            start=self.start,
            end=self.end,
            first_day=self.date_from,
            last_day=self.date_to,
            today=self.today,
            as_of=min(self.date_to, self.today),
            months_from=months[0],
            months_to=months[1],
        )

    @property
    def feedback_grouped(self) -> bool:
        """Whether the feedback is counted in a query of its own grouped by kind (the whole country)."""
        return self.scope == COUNTRY and not self.by_commune

    @property
    def letters_in_buckets(self) -> bool:
        """Whether the letters are counted from the country's buckets (reports.summaries.COUNTRY_LETTERS)."""
        return self.scope == COUNTRY and not self.by_commune and not counted_live(self)

    def shape(self) -> tuple[Any, ...]:
        """What the SQL of the period's statement depends on (the rest are values bound at each run)."""
        return (connection.vendor, self.scope, counted_live(self), self.by_commune, self.months is None)


COMMUNE, AREA, COUNTRY = "commune", "area", "country"


def scope_of(unit: Unit | None) -> str:
    """A commune, an area (a province or legacy district: the communes under it), or the whole country."""
    if unit is None:
        return COUNTRY
    return COMMUNE if unit.level == Unit.Level.COMMUNE else AREA


@dataclass(frozen=True)
class Bounds:
    """What the figures filter on: the period's values, or the slots of the statement compiled once."""

    commune: Any  # the commune's pk (scope COMMUNE)
    area_prefix: Any  # the area's path and "/" (scope AREA)
    start: Any  # the first and last moments, aware
    end: Any
    first_day: Any  # the local days, both included
    last_day: Any
    today: Any
    as_of: Any  # the last day, or today if the period has not ended (nothing is late before its day)
    months_from: Any  # summaries.month_span()
    months_to: Any

    @classmethod
    def of_unit(cls, unit: Unit | None) -> "Bounds":
        """The unit's bounds (0 and "" where its scope does not use them), no days yet."""
        scope = scope_of(unit)
        commune = unit.pk if unit is not None and scope == COMMUNE else 0
        prefix = f"{unit.path}/" if unit is not None and scope == AREA else ""
        return cls(commune, prefix, *[None] * 8)


SLOTS = Bounds(
    commune=Slot("commune", IntegerField()),
    area_prefix=Slot("area_prefix", CharField()),
    start=Slot("start", DateTimeField()),
    end=Slot("end", DateTimeField()),
    first_day=Slot("first_day", DateField()),
    last_day=Slot("last_day", DateField()),
    today=Slot("today", DateField()),
    as_of=Slot("as_of", DateField()),
    months_from=Slot("months_from", DateField()),
    months_to=Slot("months_to", DateField()),
)


def scoped(rows: QuerySet[Any], scope: str, bounds: Bounds, commune_field: str) -> QuerySet[Any]:
    """Keep the rows of the commune, or of every commune under the area (by path), or all of them."""
    if scope == COMMUNE:
        return rows.filter(**{f"{commune_field}_id": bounds.commune})
    if scope == AREA:
        return rows.filter(**{f"{commune_field}__in": communes_scoped(scope, bounds).values("pk")})
    return rows


def communes_scoped(scope: str, bounds: Bounds) -> QuerySet[Unit]:
    communes = Unit.objects.filter(level=Unit.Level.COMMUNE)
    if scope == COMMUNE:
        return communes.filter(pk=bounds.commune)
    if scope == AREA:
        return communes.filter(path__startswith=bounds.area_prefix)
    return communes


def within(rows: QuerySet[Any], unit: Unit | None, commune_field: str) -> QuerySet[Any]:
    """Keep the rows of a commune, or of every commune under a province or district (by path)."""
    return scoped(rows, scope_of(unit), Bounds.of_unit(unit), commune_field)


# --- Sections ----------------------------------------------------------------------------------------------

_STATEMENTS: dict[tuple[Any, ...], OneRowStatement] = {}


def counts(period: Period, part: str) -> dict[str, int]:
    """The counts of one part: every part of the period is counted at the first call, in one statement
    compiled once per shape of period (Period.shape) and run with the period's values."""
    if "counts" not in period.shared:
        shape = period.shape()
        statement = _STATEMENTS.get(shape)
        if statement is None:
            # One commune's plan does not depend on which commune or which dates: planned once.
            prepared = period.scope == COMMUNE
            statement = OneRowStatement(statement_parts(period, SLOTS), prepared=prepared)
            _STATEMENTS[shape] = statement
        period.shared["counts"] = statement.run(asdict(period.bounds()))
    counts: dict[str, dict[str, int]] = period.shared["counts"]
    return counts[part]


def statement_parts(period: Period, bounds: Bounds) -> dict[str, Part]:
    """Every part of the figures statement, filtered on `bounds` (values or slots). The whole country's
    feedback is counted apart (`_feedback_grouped_by_kind`)."""
    scope, live = period.scope, counted_live(period)
    communes = communes_scoped(scope, bounds)
    reception = reception_queries.count_parts(communes, bounds.first_day, bounds.last_day, bounds.as_of)
    feedback = {} if period.feedback_grouped else {"feedback": feedback_part(scope, bounds)}
    return (
        {
            "dossiers": dossier_part_live(scope, bounds) if live else dossier_part_in_buckets(period, bounds),
            "open": open_dossier_part(scope, bounds),
            "at_risk_dossiers": at_risk_dossier_part(scope, bounds),
            "dissatisfied_dossiers": dissatisfied_dossier_part(scope, bounds),
            "ratings": rating_part_live(scope, bounds) if live else rating_part_in_buckets(period, bounds),
            "campaigns": campaign_part(scope, bounds),
            "letters": letter_part_in_buckets(period, bounds)
            if period.letters_in_buckets
            else letter_part(scope, bounds),
        }
        | feedback
        | {f"reception_{name}": part for name, part in reception.items()}
    )


def counted_live(period: Period) -> bool:
    """Count from the rows when asked, or when the local days are not those the buckets were kept in."""
    return period.live or timezone.get_current_timezone_name() != summaries.zone_name()


def dossier_figures(period: Period) -> dict[str, int]:
    """Dossiers received in the period: channel, where they stand, how timely, home service, postponed.

    The counts come from the buckets the triggers keep (reports.summaries), or from the rows when the
    period is `live`; what depends on today (overdue, at risk) always from the period's open rows.
    """
    parts = ("dossiers", "open", "at_risk_dossiers", "dissatisfied_dossiers")
    return {name: count for part in parts for name, count in counts(period, part).items()}


def _dossiers_received(scope: str, bounds: Bounds) -> QuerySet[Dossier]:
    return scoped(Dossier.objects.all(), scope, bounds, "commune").filter(
        received_at__gte=bounds.start, received_at__lte=bounds.end
    )


def dossier_part_live(scope: str, bounds: Bounds) -> Part:
    """The counts of DossierCount, from the dossiers themselves (the same predicates as the triggers)."""
    return _dossiers_received(scope, bounds), {
        name: count_where(predicate) for name, predicate in predicates.DOSSIER.items()
    }


def _buckets(
    model: type[DossierCount | RatingCount], field: str, period: Period, bounds: Bounds
) -> QuerySet[Any]:
    """The buckets of the period's days; of existing communes only (the buckets have no foreign key)."""
    buckets = scoped(model.objects.all(), period.scope, bounds, field)
    if period.scope == COUNTRY:
        buckets = buckets.filter(**{f"{field}__level": Unit.Level.COMMUNE})
    return buckets.filter(_bucket_days(period, bounds))


def _bucket_days(period: Period, bounds: Bounds) -> Q:
    span = (bounds.months_from, bounds.months_to) if period.months else None
    return summaries.buckets_between(bounds.first_day, bounds.last_day, span)


def dossier_part_in_buckets(period: Period, bounds: Bounds) -> Part:
    counted = {name: Sum(name) for name in predicates.DOSSIER}
    return _buckets(DossierCount, "commune", period, bounds), counted


def open_dossier_part(scope: str, bounds: Bounds) -> Part:
    """Of the period's dossiers still being worked on, those past their promised date
    (dossiers.queries.late())."""
    return _still_worked_on(scope, bounds), {"overdue": Count("pk", filter=Q(due_on__lt=bounds.today))}


def at_risk_dossier_part(scope: str, bounds: Bounds) -> Part:
    """Of the period's dossiers still being worked on, those with an apology slip drafted
    (dossiers.queries.with_draft_slip())."""
    working = _still_worked_on(scope, bounds)
    return named_by(scope, working, dossier_queries.draft_slips(), "dossier"), {"at_risk": Count("pk")}


def _still_worked_on(scope: str, bounds: Bounds) -> QuerySet[Dossier]:
    return _dossiers_received(scope, bounds).filter(status__in=dossier_queries.WORKING)


def dissatisfied_dossier_part(scope: str, bounds: Bounds) -> Part:
    """Of the period's dossiers (those received in it, the count Decision 766's rate divides by), those rated
    dissatisfied at least once (ratings.queries.dissatisfied_dossier_ratings), whenever rated."""
    received = _dossiers_received(scope, bounds)
    rated = named_by(scope, received, rating_queries.dissatisfied_dossier_ratings(), "dossier")
    return rated, {"rated_dissatisfied": Count("pk")}


def named_by(scope: str, rows: QuerySet[Any], naming: QuerySet[Any], field: str) -> QuerySet[Any]:
    """The rows that some row of `naming` names in its `field` (a few namers: drafted slips, dissatisfied
    ratings). A condition of the rows, not of a count: `COUNT(*) FILTER (WHERE EXISTS …)` asks the namers
    once per row, 4 s for the country's 3 million dossiers. A commune's rows are read by the commune's index,
    each checked against its namers (EXISTS); an area's or the country's are looked up from the namers
    (core.predicates.among)."""
    if scope == COMMUNE:
        return rows.filter(Exists(naming.filter(**{field: OuterRef("pk")})))
    return rows.filter(among("pk", naming.values(field)))


def with_dossier_rates(dossier_counts: dict[str, Any]) -> dict[str, Any]:
    """Add the dossiers' rates to their counts: on time, and Decision 766's satisfaction."""
    dossier_counts["on_time_rate"] = on_time_rate(dossier_counts)
    dossier_counts["decision_766_rate"] = indices.decision_766_rate(
        dossier_counts["received"] or 0, dossier_counts["rated_dissatisfied"] or 0
    )
    return dossier_counts


def on_time_rate(dossier_counts: dict[str, int]) -> Decimal | None:
    """Return the share of finished dossiers finished early or on time (%), None before any is finished."""
    timely = total_of(dossier_counts, predicates.TIMELY)
    return indices.percent(timely, total_of(dossier_counts, predicates.FINISHED))


def letter_part(scope: str, bounds: Bounds) -> Part:
    """Letters issued (signed and numbered in the register) in the period, by group (letters.queries)."""
    issued = Letter.objects.filter(letter_queries.issued_between(bounds.first_day, bounds.last_day))
    return scoped(issued, scope, bounds, "commune"), letter_queries.group_counts()


def letter_part_in_buckets(period: Period, bounds: Bounds) -> Part:
    """The country's letters issued in the period, by group, from its buckets (reports.summaries)."""
    counted = {group: Sum(group) for group in predicates.LETTER}
    return CountryLetterCount.objects.filter(_bucket_days(period, bounds)), counted


def letter_figures(period: Period) -> dict[str, int]:
    return counts(period, "letters")


PETITION_COUNTS = (
    "received",
    "resolved",
    "resolved_in_time",
    "in_progress",
    "overdue",
    "declined",
    "transferred",
)


def _feedback_received(scope: str, bounds: Bounds) -> QuerySet[FeedbackItem]:
    return scoped(FeedbackItem.objects.all(), scope, bounds, "unit").filter(
        received_on__gte=bounds.first_day, received_on__lte=bounds.last_day
    )


def _feedback_counts(today: Any, among: Q) -> dict[str, Any]:
    """What the feedback sections count of the items `among` the rows: each count of
    reports.predicates.FEEDBACK, and those overdue today."""
    counted = {
        name: counted.aggregate(among)
        if isinstance(counted, DaysFrom)
        else Count("pk", filter=among & counted.q())
        for name, counted in predicates.FEEDBACK.items()
    }
    return counted | {"overdue": Count("pk", filter=among & overdue_petitions(today))}


def feedback_part(scope: str, bounds: Bounds) -> Part:
    """The feedback received in the period by kind and state, and the days the resolved ones took."""
    aggregates: dict[str, Any] = {}
    for kind in FeedbackItem.Kind.values:
        kind_counts = _feedback_counts(bounds.today, Q(kind=kind))
        aggregates |= {f"{kind}__{name}": aggregate for name, aggregate in kind_counts.items()}
    return _feedback_received(scope, bounds), aggregates


def _feedback_by_kind(period: Period) -> dict[str, dict[str, int]]:
    """{kind: {state: count, "resolved_dated", "days_taken"}} of the feedback received in the period."""
    if period.feedback_grouped:
        return _feedback_grouped_by_kind(period)
    by_kind: dict[str, dict[str, int]] = {kind: {} for kind in FeedbackItem.Kind.values}
    for key, value in counts(period, "feedback").items():
        kind, name = key.split("__")
        by_kind[kind][name] = value
    return by_kind


def _feedback_grouped_by_kind(period: Period) -> dict[str, dict[str, int]]:
    """The same for the whole country, in a query of its own grouped by kind: some fifty filtered counts
    over every item of the country's year took 60–73 ms in the one statement, nine grouped by kind 35 ms
    (55,000 items, bench/README.md "Fourteenth pass")."""
    if "feedback_by_kind" not in period.shared:
        bounds = period.bounds()
        kind_counts = _feedback_counts(bounds.today, Q())
        names = list(kind_counts)
        grouped = _feedback_received(period.scope, bounds).order_by().values("kind").annotate(**kind_counts)
        by_kind = {kind: dict.fromkeys(names, 0) for kind in FeedbackItem.Kind.values}
        for kind, *values in grouped.values_list("kind", *names):
            by_kind[kind] = {name: value or 0 for name, value in zip(names, values, strict=True)}
        period.shared["feedback_by_kind"] = by_kind
    by_kind_counted: dict[str, dict[str, int]] = period.shared["feedback_by_kind"]
    return by_kind_counted


def _average_days(days: int, count: int) -> Decimal | None:
    return (Decimal(days) / count).quantize(Decimal("0.1")) if count else None


def petition_figures(period: Period) -> dict[str, Any]:
    """Petitions ("đơn thư", PETITION_KINDS) received in the period: resolved, in progress, overdue today.

    Overdue: see `overdue_petitions`. Declined and transferred ones are neither resolved nor in progress;
    they have their own keys. The average counts the resolved ones with a resolution day.
    """
    by_kind = _feedback_by_kind(period)
    kinds, days, dated = {}, 0, 0
    for kind in PETITION_KINDS:
        row = by_kind[kind]
        state_counts = {key: row[key] for key in PETITION_COUNTS}
        kind_days, kind_dated = row["days_taken"], row["resolved_dated"]
        kinds[str(kind)] = {**state_counts, "average_days_to_resolve": _average_days(kind_days, kind_dated)}
        days, dated = days + kind_days, dated + kind_dated
    totals: dict[str, Any] = {key: sum(kinds[kind][key] for kind in kinds) for key in PETITION_COUNTS}
    totals["average_days_to_resolve"] = _average_days(days, dated)
    totals["by_kind"] = kinds
    return totals


def feedback_figures(period: Period) -> dict[str, int]:
    """Everything citizens sent in the period, petitions or not, by kind (questions and praise included)."""
    by_kind = _feedback_by_kind(period)
    received = {str(kind): by_kind[kind]["received"] for kind in FeedbackItem.Kind.values}
    return received | {"received": sum(received.values())}


def _meeting_counts(period: Period) -> dict[str, int]:
    """The reception app's counts for the period (reception.queries.counts_of its parts)."""
    parts = {name: counts(period, f"reception_{name}") for name in reception_queries.PART_NAMES}
    return reception_queries.counts_of(parts)


def _section(counts: dict[str, int], prefix: str) -> dict[str, int]:
    return {key.removeprefix(prefix): value for key, value in counts.items() if key.startswith(prefix)}


def reception_figures(period: Period) -> dict[str, int]:
    """Citizen reception sessions held and citizens received (the people of each log entry)."""
    return _section(_meeting_counts(period), "reception.")


def dialogue_figures(period: Period) -> dict[str, int]:
    """Dialogue conferences held, by level, and their commitments (done, due, overdue in the period)."""
    counts = _meeting_counts(period)
    commitments = {f"commitments_{key}": value for key, value in _section(counts, "commitments.").items()}
    return _section(counts, "dialogues.") | commitments


def field_visit_figures(period: Period) -> dict[str, int]:
    """Leaders' visits to villages in the period."""
    return {"visits": _meeting_counts(period)["field_visits"]}


def tally_figures(tally: indices.Tally) -> dict[str, Any]:
    """Spell a tally out on the four levels of Rating.Level, with its rates (from `indices`)."""
    return {
        "total": tally.total,
        "very_satisfied": tally.very_satisfied,
        # A tally's `satisfied` counts every satisfied rating, the top level included (indices.py).
        "satisfied": tally.satisfied - tally.very_satisfied,
        "neutral": tally.neutral,
        "dissatisfied": tally.dissatisfied,
        "satisfaction_rate": indices.satisfaction_rate(tally),
        "very_satisfied_rate": indices.percent(tally.very_satisfied, tally.total),
        "not_dissatisfied_rate": indices.not_dissatisfied_rate(tally),
        "average_score": indices.average_score(tally),
    }


# The raw levels of the scales (3, 4 or 5 levels). A rating at any other level is counted by the grouped
# queries of ratings.queries instead (`other_levels`), so that the figures stay exact whatever the scale.
RATING_LEVELS = range(1, 6)
SENTIMENTS = ("satisfied", "neutral", "dissatisfied", "very_satisfied")


def rating_figures(period: Period) -> dict[str, Any]:
    """Ratings given in the period, per level, and the satisfaction rate."""
    counted = counts(period, "ratings")
    if counted["other_levels"]:
        return tally_figures(rating_queries.tally(_ratings_given(period.scope, period.bounds())))
    by_level = {level: counted[f"level_{level}"] for level in RATING_LEVELS if counted[f"level_{level}"]}
    tally = indices.Tally(
        **{name: counted[name] for name in SENTIMENTS},
        level_sum=sum(level * count for level, count in by_level.items()),
        by_level=by_level,
    )
    return tally_figures(tally)


def _ratings_given(scope: str, bounds: Bounds) -> QuerySet[Rating]:
    return scoped(Rating.objects.all(), scope, bounds, "unit").filter(
        rated_at__gte=bounds.start, rated_at__lte=bounds.end
    )


def rating_part_live(scope: str, bounds: Bounds) -> Part:
    sentiments = {name: count_where(predicates.RATING[name]) for name in SENTIMENTS}
    levels = {f"level_{level}": Count("pk", filter=Q(level=level)) for level in RATING_LEVELS}
    return _ratings_given(scope, bounds), sentiments | levels | {
        "other_levels": Count("pk", filter=~Q(level__in=RATING_LEVELS)),
    }


def rating_part_in_buckets(period: Period, bounds: Bounds) -> Part:
    levels = {f"level_{level}": Sum("total", filter=Q(level=level)) for level in RATING_LEVELS}
    return _buckets(RatingCount, "unit", period, bounds), {
        name: Sum(name) for name in SENTIMENTS
    } | levels | {"other_levels": Sum("total", filter=~Q(level__in=RATING_LEVELS))}


def _campaigns_started(scope: str, bounds: Bounds) -> QuerySet[SurveyCampaign]:
    return scoped(SurveyCampaign.objects.all(), scope, bounds, "commune").filter(
        starts_on__gte=bounds.first_day, starts_on__lte=bounds.last_day
    )


def campaign_part(scope: str, bounds: Bounds) -> Part:
    return _campaigns_started(scope, bounds), {
        kind: Count("pk", filter=Q(kind=kind)) for kind in SurveyCampaign.Kind.values
    }


def survey_figures(period: Period) -> dict[str, Any]:
    """Survey campaigns that started in the period: baseline beside endline, slips and rates of each.

    The answers are counted as `survey_results.campaign_results` counts a campaign's overall rate.
    """
    kinds = counts(period, "campaigns")
    result: dict[str, Any] = {"campaigns": sum(kinds.values())}
    for kind in (SurveyCampaign.Kind.BASELINE, SurveyCampaign.Kind.ENDLINE):
        if not kinds.get(kind):
            result[str(kind)] = {"campaigns": 0, "slips": 0} | tally_figures(indices.Tally())
            continue
        chosen = _campaigns_started(period.scope, period.bounds()).filter(kind=kind)
        answers = Answer.objects.filter(response__campaign__in=chosen).exclude(level=None)
        slips = SurveyResponse.objects.filter(campaign__in=chosen).count()
        result[str(kind)] = {"campaigns": kinds[kind], "slips": slips} | tally_figures(
            rating_queries.tally(answers)
        )
    return result


# Reports' own sections; `all_sections()` adds those of the apps above (reports.hooks: planning's tasks,
# supervision and conduct, disclosure's compliance).
OWN_SECTIONS: dict[str, Callable[[Period], dict[str, Any]]] = {
    "dossiers": dossier_figures,
    "letters": letter_figures,
    "petitions": petition_figures,
    "feedback": feedback_figures,
    "reception": reception_figures,
    "dialogues": dialogue_figures,
    "field_visits": field_visit_figures,
    "ratings": rating_figures,
    "surveys": survey_figures,
}


def all_sections() -> dict[str, Callable[[Period], dict[str, Any]]]:
    """Every section of the figures, reports' own first, then those registered from above (reports.hooks)."""
    return OWN_SECTIONS | hooks.SECTIONS_ABOVE


# --- Many areas at once ------------------------------------------------------------------------------------

# The parts of the figures statement each section reads (`counts`), and the field that names a row's commune
# in each part: figures_of_areas() counts a part grouped by it.
SECTION_PARTS: dict[str, tuple[str, ...]] = {
    "dossiers": ("dossiers", "open", "at_risk_dossiers", "dissatisfied_dossiers"),
    "letters": ("letters",),
    "petitions": ("feedback",),
    "feedback": ("feedback",),
    "ratings": ("ratings",),
    **dict.fromkeys(
        ("reception", "dialogues", "field_visits"),
        tuple(f"reception_{name}" for name in reception_queries.PART_NAMES),
    ),
}
PART_COMMUNE_FIELDS = {
    "dossiers": "commune",
    "open": "commune",
    "at_risk_dossiers": "commune",
    "dissatisfied_dossiers": "commune",
    "ratings": "unit",
    "campaigns": "commune",
    "letters": "commune",
    "feedback": "unit",
} | {f"reception_{name}": field for name, field in reception_queries.PART_COMMUNE_FIELDS.items()}


def counts_by_commune(period: Period, parts: Iterable[str]) -> dict[int, dict[str, list[Any]]]:
    """{commune id: {part: [count, …]}} of the country's communes with something counted, the counts in the
    order of the part's aggregates (None for a sum over nothing): the parts of the figures statement (the
    same querysets and aggregates), each grouped by its commune in one query."""
    assert period.unit is None and period.by_commune  # noqa: S101 (grouped over the whole country)
    every_part = statement_parts(period, period.bounds())
    by_commune: dict[int, dict[str, list[Any]]] = {}
    for part in parts:
        rows, aggregates = every_part[part]
        aliases = {f"{part}__{name}": aggregate for name, aggregate in aggregates.items()}
        grouped = rows.order_by().values(grouped_by=F(PART_COMMUNE_FIELDS[part])).annotate(**aliases)
        # Read as OneRowStatement reads the figures statement: raw values (Django's converters of some
        # hundred thousand values would take longer than the database takes to count them).
        sql, params = grouped.values_list("grouped_by", *aliases).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for commune_id, *values in cursor.fetchall():
                by_commune.setdefault(commune_id, {})[part] = values
    return by_commune


def figures_of_areas(
    areas: Iterable[Unit],
    date_from: date,
    date_to: date,
    sections: Iterable[str],
    *,
    today: date | None = None,
) -> dict[int, Figures]:
    """{area id: the chosen sections of `figures(area, …)`} for many provinces (or districts) at once.

    Each part of the figures statement is counted once for the whole country, grouped by commune, and the
    communes' counts are added up by area (every count is a count or a sum: they add). Each area's sections
    are then made from its sums by the same functions as `figures()`, so the two agree by construction (the
    tests compare them).
    """
    today = today or timezone.localdate()
    sections = list(sections)
    parts = sorted({part for section in sections for part in SECTION_PARTS[section]})
    country = Period(None, date_from, date_to, today, by_commune=True)
    counted = counts_by_commune(country, parts)
    names = {part: list(aggregates) for part, (_rows, aggregates) in statement_parts(country, SLOTS).items()}
    areas = list(areas)
    area_of_path = {area.path: area.pk for area in areas}
    areas_of_commune: dict[int, list[int]] = {}
    for commune_id, path in Unit.objects.filter(level=Unit.Level.COMMUNE).values_list("pk", "path"):
        ancestors = ["/".join(path.split("/")[:depth]) for depth in range(1, path.count("/") + 1)]
        areas_of_commune[commune_id] = [area_of_path[p] for p in ancestors if p in area_of_path]
    totals = {area.pk: {part: [0] * len(names[part]) for part in parts} for area in areas}
    for commune_id, counted_parts in counted.items():
        for area_id in areas_of_commune.get(commune_id, ()):
            for part, values in counted_parts.items():
                total = totals[area_id][part]
                for index, value in enumerate(values):
                    if value:
                        total[index] += value
    sums = {
        pk: {part: dict(zip(names[part], by_part[part], strict=True)) for part in parts}
        for pk, by_part in totals.items()
    }
    result = {}
    every_section = all_sections()
    for area in areas:
        period = Period(area, date_from, date_to, today, shared={"counts": sums[area.pk]})
        result[area.pk] = {name: every_section[name](period) for name in sections}
        if "dossiers" in result[area.pk]:
            with_dossier_rates(result[area.pk]["dossiers"])
    return result


def figures(
    unit: Unit | None, date_from: date, date_to: date, *, today: date | None = None, live: bool = False
) -> Figures:
    """Return every section's figures for a unit (None: the whole country) between two days, both included.

    The caller has checked that the reader may see the unit (reports.permissions). `live`: count from the
    rows only, never from the buckets of reports.summaries (the tests compare both).
    """
    period = Period(unit, date_from, date_to, today or timezone.localdate(), live)
    result = {name: section(period) for name, section in all_sections().items()}
    with_dossier_rates(result["dossiers"])
    return result
