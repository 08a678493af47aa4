"""Read-only questions other apps ask of the assessments."""

from datetime import date
from decimal import Decimal

from thanthien.assessment.models import SelfAssessment
from thanthien.units.models import Unit


def appraised_scores(communes: list[Unit], date_from: date, date_to: date) -> dict[int, Decimal]:
    """{commune id: appraised total} of the communes' approved self-assessments of the year `date_to` falls
    in (the province ranking can rank by it, reports.rollup.SCORE_SOURCES)."""
    approved = SelfAssessment.objects.filter(
        commune__in=communes, year=date_to.year, status=SelfAssessment.Status.APPROVED
    ).exclude(appraised_total=None)
    totals = approved.values_list("commune_id", "appraised_total")
    return dict(totals)  # type: ignore[arg-type]  # no None: excluded above
