"""The commune's reception schedule as an iCalendar feed (RFC 5545), in Vietnam's time zone."""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from thanthien.reception.models import ReceptionSession
from thanthien.units.models import Unit

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(session: ReceptionSession, moment) -> datetime:
    return datetime.combine(session.held_on, moment, tzinfo=VIETNAM)


def schedule_ics(commune: Unit, sessions: Iterable[ReceptionSession], *, stamp: datetime) -> bytes:
    """Return the sessions as an .ics file; each event keeps one UID, so calendars update it in place."""
    calendar = Calendar()
    calendar.add("prodid", "-//Than Thien//Tiep cong dan//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Citizen reception schedule — %(commune)s") % {"commune": commune.name})
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "thanthien"
    for session in sessions:
        event = Event()
        event.add("uid", f"reception-session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", _at(session, session.starts_at))
        event.add("dtend", _at(session, session.ends_at))
        summary = _("Citizen reception: %(name)s (%(title)s)")
        event.add("summary", summary % {"name": session.leader.full_name, "title": session.leader.title})
        event.add("location", session.place)
        if session.is_shifted:
            moved = _("Moved from %(day)s, a day off.")
            event.add("description", moved % {"day": f"{session.planned_on:%d/%m/%Y}"})
        event.add(
            "status", "CANCELLED" if session.status == ReceptionSession.Status.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
