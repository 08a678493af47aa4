"""What the assessment app adds to other apps' pages, one tag each: the leader's live score against the pass
mark with the three criteria that lose the most points; a commune's recognised years on its public site."""

from typing import Any

from django import template
from django.utils import timezone

from thanthien.assessment import services
from thanthien.assessment.models import SelfAssessment
from thanthien.units.models import Unit

register = template.Library()


@register.inclusion_tag("assessment/_live_score.html")
def assessment_live_score(commune: Unit) -> dict[str, Any]:
    """The year's live score of the commune against the set in force (nothing without a set)."""
    year = timezone.localdate().year
    criteria_set = services.set_in_force(commune, year)
    if criteria_set is None:
        return {"score": None}
    assessment = SelfAssessment.objects.filter(commune=commune, year=year).first()
    score = (
        services.score_assessment(assessment) if assessment else services.score(commune, year, criteria_set)
    )
    return {
        "score": score,
        "criteria_set": criteria_set,
        "assessment": assessment,
        "year": year,
        "losing": [
            {"code": c.code, "name": c.name, "lost": c.full - (c.points or 0)} for c in score.losing_most(3)
        ],
    }


@register.inclusion_tag("assessment/_recognised_years.html")
def recognised_years(commune: Unit) -> dict[str, Any]:
    years = SelfAssessment.objects.filter(commune=commune, status=SelfAssessment.Status.APPROVED, passed=True)
    return {"years": list(years.order_by("-year").values_list("year", flat=True))}


@register.inclusion_tag("assessment/_report_section.html")
def assessment_report_section(commune: Unit, year: int) -> dict[str, Any]:
    """The periodic report's section on the year's self-assessment, when one exists."""
    found = SelfAssessment.objects.filter(commune=commune, year=year).select_related("criteria_set")
    assessment = found.first()
    if assessment is None:
        return {"assessment": None}
    live = services.score_assessment(assessment)
    return {"assessment": assessment, "live": live}
