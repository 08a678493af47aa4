"""The home page every official lands on: today, their units, and the one-stop figures."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thanthien.core.calendars import default_calendar
from thanthien.ratings.permissions import visible_alerts
from thanthien.reception.queries import missed_dialogues
from thanthien.reports.dashboard import desk_figures
from thanthien.reports.forms import SatisfactionFilterForm
from thanthien.reports.satisfaction import satisfaction_figures
from thanthien.units import permissions
from thanthien.units.models import Unit


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    calendar = default_calendar()
    units = permissions.home_units(request.user).select_related("parent")
    context = {
        "units": units,
        "today": today,
        "is_working_day": calendar.is_working_day(today),
        "next_working_day": calendar.add_working_days(today, 1),
        "desk": desk_figures(request.user, today),
        "open_rating_alerts": visible_alerts(request.user).filter(closed_at__isnull=True).count(),
        "missed_dialogues": missed_dialogues(units, today),
    }
    return render(request, "reports/home.html", context)


@require_GET
def satisfaction(request: HttpRequest) -> HttpResponse:
    """Satisfaction of a commune or a province: rates, SIPAS index, breakdowns, charts, open alerts."""
    units = permissions.visible_units(request.user).filter(
        Q(level=Unit.Level.COMMUNE) | Q(level=Unit.Level.PROVINCE)
    ).order_by("-level", "name")  # the province first, then its communes  # fmt: skip
    form = SatisfactionFilterForm(request.GET, units=units, today=timezone.localdate())
    figures = None
    if form.is_valid():
        figures = satisfaction_figures(request.user, **form.cleaned_data)
    context = {"form": form, "figures": figures, "chart_data": figures.chart_data() if figures else None}
    return render(request, "reports/satisfaction.html", context)
