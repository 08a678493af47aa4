"""The home page every official lands on: today, their units, and the one-stop figures."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thanthien.core.calendars import default_calendar
from thanthien.reports.dashboard import desk_figures
from thanthien.units import permissions


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    calendar = default_calendar()
    context = {
        "units": permissions.home_units(request.user).select_related("parent"),
        "today": today,
        "is_working_day": calendar.is_working_day(today),
        "next_working_day": calendar.add_working_days(today, 1),
        "desk": desk_figures(request.user, today),
    }
    return render(request, "reports/home.html", context)
