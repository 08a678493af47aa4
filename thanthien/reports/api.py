"""Figures over HTTP: GET /api/v1/reports/figures?unit=<code>&from=YYYY-MM-DD&to=YYYY-MM-DD.

The keys listed in issue 7 stay stable; more may be added beside them.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from thanthien.core.validation import InputSchema
from thanthien.reports import permissions
from thanthien.reports.figures import figures
from thanthien.units.users import ApiRequest

router = Router(tags=["reports"])


class FiguresQuery(InputSchema):
    unit: str | None = None  # None: the whole country (a superuser only)
    from_: date = Field(..., alias="from")
    to: date


class DossiersOut(Schema):
    received: int
    online: int
    returned: int
    ready: int
    early: int
    on_time: int
    late: int
    in_progress: int
    overdue: int
    at_risk: int
    rejected: int
    home_service: int
    postponed: int
    rated_dissatisfied: int = Field(description="Dossiers rated dissatisfied at least once.")
    on_time_rate: Decimal | None
    decision_766_rate: Decimal | None = Field(
        description="Decision 766: (dossiers − those rated dissatisfied) ÷ dossiers, in %."
    )


class LettersOut(Schema):
    apology: int
    congratulations: int
    condolence: int
    thanks: int
    new_year: int


class PetitionCountsOut(Schema):
    received: int
    resolved: int
    resolved_in_time: int
    in_progress: int
    overdue: int
    declined: int
    transferred: int
    average_days_to_resolve: Decimal | None


class PetitionsOut(PetitionCountsOut):
    by_kind: dict[str, PetitionCountsOut]


class ReceptionOut(Schema):
    sessions: int
    citizens: int
    scheduled: int
    held_as_scheduled: int
    answers_overdue: int


class DialoguesOut(Schema):
    commune: int
    village: int
    commitments_done: int
    commitments_due: int
    commitments_overdue: int


class FieldVisitsOut(Schema):
    visits: int


class RatingsOut(Schema):
    total: int
    very_satisfied: int
    satisfied: int
    neutral: int
    dissatisfied: int
    satisfaction_rate: Decimal | None
    very_satisfied_rate: Decimal | None
    not_dissatisfied_rate: Decimal | None
    average_score: Decimal | None


class SurveySideOut(RatingsOut):
    campaigns: int
    slips: int


class SurveysOut(Schema):
    campaigns: int
    baseline: SurveySideOut
    endline: SurveySideOut


class TasksOut(Schema):
    total: int
    done: int
    done_on_time: int
    overdue: int


class SupervisionOut(Schema):
    visits: int
    recommendations: int
    answered: int
    answered_on_time: int


class ConductOut(Schema):
    commitments_signed: int
    officials: int
    violations: int
    disciplined: int


class FiguresOut(Schema):
    unit: str | None
    date_from: date
    date_to: date
    dossiers: DossiersOut
    letters: LettersOut
    petitions: PetitionsOut
    feedback: dict[str, int]
    reception: ReceptionOut
    dialogues: DialoguesOut
    field_visits: FieldVisitsOut
    ratings: RatingsOut
    surveys: SurveysOut
    tasks: TasksOut
    supervision: SupervisionOut
    conduct: ConductOut
    disclosure: dict[str, int]


@router.get("/figures", response=FiguresOut, url_name="report_figures", summary="Figures of a unit")
def report_figures(request: ApiRequest, filters: Query[FiguresQuery]) -> dict[str, Any]:
    """Every figure of a commune, a province or district (its communes), or the country, between two days."""
    user = request.auth
    if filters.from_ > filters.to:
        raise ValidationError(_("The start date is after the end date."))
    if filters.unit is None:
        if not permissions.can_see_country(user):
            raise PermissionDenied
        unit = None
    else:
        unit = permissions.get_figures_unit_for_user(user, filters.unit)
    result = figures(unit, filters.from_, filters.to)
    return {"unit": unit.code if unit else None, "date_from": filters.from_, "date_to": filters.to, **result}
