"""Seed 003's year (Hoằng Cát, 01/01–30/10/2023) recorded through the services, part by part.

Each part records what the system must count back (`EXPECTED`): the dossiers (among them the birth, marriage
and death registrations whose completion drafts the congratulation and condolence letters), the petitions,
the letters signed by the chairman, the dialogue conferences and the ratings.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from thanthien.core.calendars import default_calendar
from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.feedback import services as feedback_services
from thanthien.feedback.services import Identity
from thanthien.letters import services as letter_services
from thanthien.letters.models import Letter
from thanthien.ratings import services as rating_services
from thanthien.reception import services as reception_services
from thanthien.units.models import Official

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR_FROM, YEAR_TO = date(2023, 1, 1), date(2023, 10, 30)
RECEIVED, ONLINE, AT_HOME, ON_DUE_DAY = 903, 383, 8, 100
RATINGS = 60
# Of the 903 dossiers: births and marriages (116 congratulation letters), deaths (36 condolence letters).
BIRTHS, MARRIAGES, DEATHS, THANKS = 80, 36, 36, 9
VILLAGE_DIALOGUES = 5
PETITION_TEXT = "Đơn đề nghị giải quyết tranh chấp ranh giới đất giữa hai hộ ở thôn Cát Lợi."
SENDER = Identity("Nguyễn Văn Bình", "Thôn Cát Lợi, xã Hoằng Cát", "0912 345 678")

EXPECTED = {
    "dossiers": {
        "received": 903,
        "online": 383,
        "returned": 903,
        "early": 803,
        "on_time": 100,
        "late": 0,
        "in_progress": 0,
        "home_service": 8,
        "postponed": 0,
    },
    "petitions": {"received": 5, "resolved": 4, "in_progress": 1, "overdue": 0},
    "letters": {"apology": 0, "congratulations": 116, "condolence": 36, "thanks": 9, "new_year": 0},
    "dialogues": {"commune": 1, "village": 5},
    "ratings": {
        "total": RATINGS,
        "very_satisfied": RATINGS,
        "satisfied": 0,
        "neutral": 0,
        "dissatisfied": 0,
        "satisfaction_rate": "100.0",
    },
}


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


def procedures_by_number():
    """Return a function giving each dossier's procedure: births, marriages, deaths first, then the others."""
    birth = make_procedure("TEST-KS", "Đăng ký khai sinh", days="3", result_kind="birth_registration")
    marriage = make_procedure("TEST-KH", "Đăng ký kết hôn", days="3", result_kind="marriage_registration")
    death = make_procedure("TEST-KT", "Đăng ký khai tử", days="3", result_kind="death_registration")
    other = make_procedure("TEST-CT", "Chứng thực bản sao từ bản chính", days="3")
    bounds = [(BIRTHS, birth), (BIRTHS + MARRIAGES, marriage), (BIRTHS + MARRIAGES + DEATHS, death)]
    return lambda number: next((found for bound, found in bounds if number < bound), other)


def record_dossiers(commune, officer) -> None:
    """903 dossiers, 383 online and 8 at home: 100 ready on their due day, the others the day they came."""
    procedure_of = procedures_by_number()
    days = working_days(YEAR_FROM, date(2023, 10, 20))
    with time_machine.travel(_at(days[0], 9), tick=False) as clock:
        for number in range(RECEIVED):
            clock.move_to(_at(days[number % len(days)], 9))
            dossier = dossier_services.receive_dossier(
                commune,
                procedure=procedure_of(number),
                applicant_name="Lê Thị Hoa",
                channel=channel_of(number),
                by=officer,
            )
            ready_on = dossier.statutory_due_on if number < ON_DUE_DAY else days[number % len(days)]
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
        with time_machine.travel(_at(received_on, 10), tick=False) as clock:
            item = feedback_services.receive_feedback(
                commune,
                by=officer,
                kind=kind,
                channel="desk",
                content=PETITION_TEXT,
                received_on=received_on,
                is_signed=True,
                identity=SENDER,
            )
            item = feedback_services.accept_feedback(item, by=leader, accepted_on=received_on)
            if resolved:
                resolved_on = received_on + timedelta(days=9)
                clock.move_to(_at(resolved_on, 10))
                feedback_services.resolve_feedback(
                    item,
                    by=leader,
                    public_answer="Đã hòa giải thành.",
                    resolved_on=resolved_on,
                    decision_number="05/QĐ-UBND",
                    decision_on=resolved_on,
                    decision_content="Giải quyết theo kết quả hòa giải.",
                )


def record_ratings(commune) -> None:
    """Sixty ratings at the desk's kiosk, every one "very satisfied" (the top level of the scale)."""
    days = working_days(YEAR_FROM, YEAR_TO)
    for number in range(RATINGS):
        rating_services.record_rating(
            commune, level=4, channel="kiosk", rated_at=_at(days[number * 3 % len(days)], 11)
        )


def record_letters(commune, leader) -> None:
    """Nine thank-you letters to households that gave land for the inter-village road, then the chairman
    signs every draft of the year: the 152 the completed registrations drafted and these nine."""
    with time_machine.travel(_at(date(2023, 10, 27), 8), tick=False):
        for number in range(THANKS):
            letter_services.draft_letter(
                commune,
                kind="thanks",
                source_key=f"seed003:road:{number}",
                recipient_name=f"Hộ ông Lê Văn Hiến {number + 1}",
                fields={"contribution": "hiến đất mở rộng đường liên thôn Cát Lợi – Cát Thành"},
                by=leader,
            )
        drafts = list(Letter.objects.filter(commune=commune, status=Letter.Status.DRAFT))
        letter_services.issue_letters(drafts, by=leader)


def record_dialogues(commune, leader, villages) -> None:
    """One commune-level dialogue with the Fatherland Front and the mass organisations, and a working
    dialogue with the Front's committee in each of the five villages (seed 003)."""
    chairman = leader.official
    planned = [("commune", None, date(2023, 9, 14))]
    planned += [("village", village, date(2023, 4, 3 + number)) for number, village in enumerate(villages)]
    with time_machine.travel(_at(date(2023, 10, 30), 8), tick=False):
        for level, village, day in planned:
            dialogue = reception_services.schedule_dialogue(
                commune,
                by=leader,
                level=level,
                title="Hội nghị đối thoại",
                planned_on=day,
                place="Hội trường UBND xã",
                chaired_by=chairman,
                village=village,
            )
            reception_services.record_dialogue_held(dialogue, by=leader, held_on=day, attendance=60)


def record_year(commune, officer, leader, villages) -> None:
    Official.objects.create(unit=commune, user=leader, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch xã")
    record_dossiers(commune, officer)
    record_petitions(commune, officer, leader)
    record_letters(commune, leader)
    record_dialogues(commune, leader, villages)
    record_ratings(commune)
