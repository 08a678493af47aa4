"""The leader's page of feedback figures: received, resolved, in progress and overdue, with charts."""

from typing import Any

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thanthien.feedback import queries
from thanthien.feedback.permissions import visible_feedback
from thanthien.reports.forms import SatisfactionFilterForm
from thanthien.units import permissions
from thanthien.units.models import Unit
from thanthien.units.users import AuthenticatedRequest


class FeedbackFilterForm(SatisfactionFilterForm):
    """A unit and a period; the figures are always by month."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["period"]


@require_GET
def feedback_figures(request: AuthenticatedRequest) -> HttpResponse:
    units = (
        permissions.visible_units(request.user)
        .filter(Q(level=Unit.Level.COMMUNE) | Q(level=Unit.Level.PROVINCE))
        .order_by("-level", "name")
    )
    today = timezone.localdate()
    form = FeedbackFilterForm(request.GET, units=units, today=today)
    counts = None
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        items = visible_feedback(request.user).filter(
            Q(unit__path=unit.path) | Q(unit__path__startswith=f"{unit.path}/")
        )
        counts = queries.counts(
            items, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"], today=today
        )
    chart = None
    if counts is not None:
        chart = {
            **counts.chart_data(),
            "labels": {"received": _("Received"), "resolved": _("Resolved"), "overdue": _("Overdue")},
        }
    return render(request, "reports/feedback.html", {"form": form, "counts": counts, "chart_data": chart})
