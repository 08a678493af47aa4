"""What an `indicator` criterion can be scored from: every key of the figures (reports.figures, as
`GET /api/v1/reports/figures` gives them, dotted: `dossiers.late`, `petitions.by_kind.complaint.overdue`)
and the rates named here, each computed from those same figures (never recounted).

Each rate says what it divides; `links` gives the list of records behind a value where one exists.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from thanthien.assessment import surveys
from thanthien.feedback.models import FeedbackItem
from thanthien.ratings.indices import percent
from thanthien.reports.figures import PETITION_KINDS, Figures


def _online_rate(f: Figures) -> Decimal | None:
    return percent(f["dossiers"]["online"], f["dossiers"]["received"])


def _petitions_in_time_rate(f: Figures) -> Decimal | None:
    """Petitions resolved by their day ÷ those whose outcome is known: resolved (in time or late) or still
    open past their day (reports.figures.resolved_in_time and overdue_petitions). Open ones within their
    day are not judged yet."""
    petitions = f["petitions"]
    return percent(petitions["resolved_in_time"], petitions["resolved"] + petitions["overdue"])


def _reception_schedule_rate(f: Figures) -> Decimal | None:
    """Regular reception sessions held ÷ those the schedule owed by then
    (reception.queries.scheduled_by_then)."""
    reception = f["reception"]
    return percent(reception["held_as_scheduled"], reception["scheduled"])


def _commitments_done_rate(f: Figures) -> Decimal | None:
    dialogues = f["dialogues"]
    return percent(
        dialogues["commitments_done"], dialogues["commitments_done"] + dialogues["commitments_overdue"]
    )


RATES: dict[str, Callable[[Figures], Any]] = {
    "on_time_rate": lambda f: f["dossiers"]["on_time_rate"],
    "online_rate": _online_rate,
    "satisfaction_rate": lambda f: f["ratings"]["satisfaction_rate"],
    "decision_766_rate": lambda f: f["dossiers"]["decision_766_rate"],
    "not_dissatisfied_rate": lambda f: f["ratings"]["not_dissatisfied_rate"],
    "petitions_in_time_rate": _petitions_in_time_rate,
    "reception_sessions_held": lambda f: f["reception"]["sessions"],
    "reception_schedule_rate": _reception_schedule_rate,
    "dialogue_conferences_held": lambda f: f["dialogues"]["commune"] + f["dialogues"]["village"],
    "commitments_done_rate": _commitments_done_rate,
    "letters_sent": lambda f: sum(f["letters"].values()),
    "survey_satisfaction_rate": lambda f: f["surveys"]["endline"]["satisfaction_rate"],
}


SURVEY_FORMS = "survey_forms"
"""The section the assessment adds to a commune's figures when its set scores a form (surveys.form_rates)."""


def needs_survey_forms(criteria: Any) -> bool:
    return any(criterion.indicator.startswith(surveys.FORM_KEY_PREFIX) for criterion in criteria)


def flatten(figures: Figures, prefix: str = "") -> dict[str, Any]:
    """Every numeric key of the figures, dotted."""
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            flat |= flatten(value, f"{prefix}{key}.")
        elif value is None or isinstance(value, int | Decimal):
            flat[f"{prefix}{key}"] = value
    return flat


def _schema_keys(schema: Any, prefix: str = "") -> set[str]:
    """The dotted keys of an API schema of the figures (a dict field: one key per feedback kind)."""
    keys: set[str] = set()
    for name, info in schema.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            keys |= _schema_keys(kind, f"{prefix}{name}.")
        elif getattr(kind, "__origin__", None) is dict:
            inner = kind.__args__[1]
            kinds = PETITION_KINDS if name == "by_kind" else FeedbackItem.Kind.values
            for feedback_kind in kinds:
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    keys |= _schema_keys(inner, f"{prefix}{name}.{feedback_kind}.")
                else:
                    keys.add(f"{prefix}{name}.{feedback_kind}")
        elif name not in {"unit", "date_from", "date_to"}:
            keys.add(f"{prefix}{name}")
    return keys


def known_keys() -> set[str]:
    """Every indicator key a set may name: the figures' keys (as the API gives them) and the rates."""
    from thanthien.reports.api import FiguresOut

    return _schema_keys(FiguresOut) | {"feedback.received"} | set(RATES) | surveys.form_keys()


def value_of(key: str, figures: Figures, flat: dict[str, Any] | None = None) -> Any:
    """The value of an indicator key in the figures (a rate, or a dotted key)."""
    if key in RATES:
        return RATES[key](figures)
    if key.startswith(surveys.FORM_KEY_PREFIX):
        return figures.get(SURVEY_FORMS, {}).get(key.removeprefix(surveys.FORM_KEY_PREFIX))
    return (flat if flat is not None else flatten(figures)).get(key)


# Where the records behind a figure are listed: (URL name, query), the period's days added by the caller.
LINKS: dict[str, tuple[str, str]] = {
    "dossiers.late": ("dossiers:book", "timeliness=late"),
    "on_time_rate": ("dossiers:book", "timeliness=late"),
    "dossiers.online": ("dossiers:book", "channel=online"),
    "online_rate": ("dossiers:book", "channel=online"),
    "petitions.overdue": ("feedback:list", ""),
    "petitions_in_time_rate": ("feedback:list", ""),
}
