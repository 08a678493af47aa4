"""GET /api/v1/assessments?unit=&year= and GET /api/v1/indices/766?unit=&from=&to=; read scoping as for the
figures (reports.permissions): a unit the reader may see, the whole country for a superuser only."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router

from thanthien.assessment import services
from thanthien.assessment.index766 import UNCERTAIN, index_766
from thanthien.assessment.models import SelfAssessment
from thanthien.core.validation import EARLIEST_DATE, LATEST_DATE, InputSchema
from thanthien.reports import permissions as report_permissions
from thanthien.units.models import User
from thanthien.units.users import ApiRequest

assessments_router = Router(tags=["assessment"])
indices_router = Router(tags=["assessment"])


class AssessmentQuery(InputSchema):
    unit: str
    year: int = Field(..., ge=EARLIEST_DATE.year, le=LATEST_DATE.year)


class IndexQuery(InputSchema):
    unit: str | None = None  # None: the whole country (a superuser only)
    from_: date = Field(..., alias="from")
    to: date


def _unit(user: User, code: str | None) -> Any:
    if code is None:
        if not report_permissions.can_see_country(user):
            raise PermissionDenied
        return None
    return report_permissions.get_figures_unit_for_user(user, code)


def score_out(result: services.Score | None) -> dict[str, Any] | None:
    """A score as the API gives it: total, passed, points per group and per criterion."""
    return result.as_json() if result is not None else None


@assessments_router.get("", url_name="assessments", summary="A commune's self-assessment of a year")
def assessments(request: ApiRequest, filters: Query[AssessmentQuery]) -> dict[str, Any]:
    """The set in force, the status, the self score (the submitted snapshot, or live before submission),
    the appraised score, per group and per criterion."""
    commune = _unit(request.auth, filters.unit)
    assessment = SelfAssessment.objects.filter(commune=commune, year=filters.year).first()
    if assessment is None:
        criteria_set = services.set_in_force(commune, filters.year)
        if criteria_set is None:
            raise ValidationError(_("No criteria set is in force for this commune and year."))
        live = services.score(commune, filters.year, criteria_set)
        return {
            "unit": commune.code,
            "year": filters.year,
            "set": criteria_set.code,
            "status": None,
            "self_score": None,
            "live_score": score_out(live),
            "appraised_score": None,
        }
    submitted = assessment.status != SelfAssessment.Status.DRAFT
    appraised = services.appraised_score(assessment) if submitted else None
    return {
        "unit": commune.code,
        "year": filters.year,
        "set": assessment.criteria_set.code,
        "status": assessment.status,
        "self_score": {key: assessment.snapshot[key] for key in ("total", "passed", "groups", "criteria")}
        if submitted
        else None,
        "live_score": score_out(services.score_assessment(assessment)),
        "appraised_score": score_out(appraised),
        "passed": assessment.passed,
    }


@indices_router.get("/766", url_name="index_766", summary="The Decision 766 index, month by month")
def decision_766(request: ApiRequest, filters: Query[IndexQuery]) -> dict[str, Any]:
    if filters.from_ > filters.to:
        raise ValidationError(_("The start date is after the end date."))
    unit = _unit(request.auth, filters.unit)
    months = index_766(unit, filters.from_, filters.to)
    uncertain = sorted(
        code for month in months[:1] for code, c in month.score.criteria.items() if UNCERTAIN in c.name
    )
    return {
        "unit": unit.code if unit else None,
        "inferred_formulas": uncertain,
        "months": [
            {
                "month": month.first.strftime("%Y-%m"),
                **{k: v for k, v in month.score.as_json().items() if k != "passed"},
            }
            for month in months
        ],
    }
