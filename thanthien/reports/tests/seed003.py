"""Seed 003's year (Hoằng Cát, 01/01–30/10/2023) recorded through the services, part by part.

Each part records what the system must count back: `DOSSIERS`, `PETITIONS`, `RATINGS`. The letters, the
reception and the dialogues (issue 6 and the reception app) are added here as more `record_*` parts with
their expected figures once their apps are merged.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from thanthien.core.calendars import default_calendar
from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.feedback import services as feedback_services
from thanthien.feedback.services import Identity
from thanthien.ratings import services as rating_services

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR_FROM, YEAR_TO = date(2023, 1, 1), date(2023, 10, 30)
RECEIVED, ONLINE, AT_HOME, ON_DUE_DAY = 903, 383, 8, 100
RATINGS = 60
PETITION_TEXT = "Đơn đề nghị giải quyết tranh chấp ranh giới đất giữa hai hộ ở thôn Cát Lợi."
SENDER = Identity("Nguyễn Văn Bình", "Thôn Cát Lợi, xã Hoằng Cát", "0912 345 678")

EXPECTED = {
    "dossiers": {"received": 903, "online": 383, "returned": 903, "early": 803, "on_time": 100, "late": 0,
                 "in_progress": 0, "home_service": 8, "postponed": 0},
    "petitions": {"received": 5, "resolved": 4, "in_progress": 1, "overdue": 0},
    "ratings": {"total": RATINGS, "very_satisfied": RATINGS, "satisfied": 0, "neutral": 0, "dissatisfied": 0,
                "satisfaction_rate": "100.0"},
}  # fmt: skip


def working_days(start: date, end: date) -> list[date]:
    calendar = default_calendar()
    days, day = [], start
    while day <= end:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def channel_of(number: int) -> str:
    if number < ONLINE:
        return "online"
    if number < ONLINE + AT_HOME:
        return "at_home"
    return "in_person"


def record_dossiers(commune, officer) -> None:
    """903 dossiers, 383 online and 8 at home: 100 ready on their due day, the others the day they came."""
    procedure = make_procedure(days="3")
    days = working_days(YEAR_FROM, date(2023, 10, 20))
    with time_machine.travel(_at(days[0], 9), tick=False) as clock:
        for number in range(RECEIVED):
            clock.move_to(_at(days[number % len(days)], 9))
            dossier = dossier_services.receive_dossier(
                commune,
                procedure=procedure,
                applicant_name="Lê Thị Hoa",
                channel=channel_of(number),
                by=officer,
            )
            ready_on = dossier.statutory_due_date if number < ON_DUE_DAY else days[number % len(days)]
            clock.move_to(_at(ready_on, 16))
            dossier_services.mark_ready(dossier, by=officer)
            dossier_services.return_dossier(dossier, by=officer)


def record_petitions(commune, officer, leader) -> None:
    """Five petitions ("đơn thư") of the year: four resolved, one still being handled."""
    petitions = [
        ("complaint", date(2023, 3, 6), True),
        ("complaint", date(2023, 5, 15), True),
        ("denunciation", date(2023, 6, 12), True),
        ("recommendation", date(2023, 8, 7), True),
        ("reflection", date(2023, 10, 23), False),
    ]
    for kind, received_on, resolved in petitions:
        with time_machine.travel(_at(received_on, 10), tick=False):
            item = feedback_services.receive_feedback(
                commune, by=officer, kind=kind, channel="desk", content=PETITION_TEXT,
                received_on=received_on, is_signed=True, identity=SENDER,
            )  # fmt: skip
            item = feedback_services.accept_case(item, by=leader, accepted_on=received_on)
            if resolved:
                feedback_services.resolve_case(
                    item,
                    by=leader,
                    public_answer="Đã hòa giải thành.",
                    resolved_on=received_on + timedelta(days=9),
                )


def record_ratings(commune) -> None:
    """Sixty ratings at the desk's kiosk, every one "very satisfied" (the top level of the scale)."""
    days = working_days(YEAR_FROM, YEAR_TO)
    for number in range(RATINGS):
        rating_services.record_rating(
            commune, level=4, channel="kiosk", rated_at=_at(days[number * 3 % len(days)], 11)
        )


def record_year(commune, officer, leader) -> None:
    record_dossiers(commune, officer)
    record_petitions(commune, officer, leader)
    record_ratings(commune)
