"""The public reception schedule of a commune, as a page and as an iCalendar feed: no visitor data, ever."""

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thanthien.core.public_cache import public_page
from thanthien.disclosure.public import public_commune
from thanthien.reception.ical import schedule_ics
from thanthien.reception.models import ReceptionSession
from thanthien.units.models import Unit

PAGE_DAYS, PAGE_PAST_DAYS, FEED_PAST_DAYS, FEED_DAYS = 60, 30, 30, 120


def _commune(slug: str) -> Unit:
    return public_commune(slug)


def _published(commune: Unit, first, last) -> QuerySet[ReceptionSession]:
    return (
        ReceptionSession.objects.filter(commune=commune, held_on__range=(first, last))
        .select_related("leader")
        .order_by("held_on", "starts_at")
    )


@login_not_required
@require_GET
@public_page
def reception_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """Law 42/2013 art. 24(2): the schedule and place of reception are published on the website."""
    commune = _commune(slug)
    today = timezone.localdate()
    sessions = _published(commune, today, today + timedelta(days=PAGE_DAYS))
    # The last month's sessions too, newest first, each saying whether it was held: the schedule is kept.
    past = _published(commune, today - timedelta(days=PAGE_PAST_DAYS), today - timedelta(days=1)).reverse()
    context = {"commune": commune, "sessions": sessions, "past": past}
    return render(request, "portal/reception_schedule.html", context)


@login_not_required
@require_GET
@public_page
def reception_ics(request: HttpRequest, slug: str) -> HttpResponse:
    commune = _commune(slug)
    today = timezone.localdate()
    sessions = _published(commune, today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_DAYS))
    body = schedule_ics(commune, sessions, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="tiep-cong-dan-{commune.slug}.ics"'
    return response
