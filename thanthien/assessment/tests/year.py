"""A commune's year 2023 recorded through the services, small enough to count by hand (`EXPECTED`), and a
criteria set over it written as the XLSX file a province would load."""

from datetime import date, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import openpyxl
import time_machine

from thanthien.assessment.sets import COLUMNS, SET_FIELDS
from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.feedback import services as feedback_services
from thanthien.feedback.services import Identity
from thanthien.ratings import services as rating_services
from thanthien.reception import services as reception_services
from thanthien.units.models import Official

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2023
END_OF_YEAR = date(2023, 12, 31)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def record_dossiers(commune, officer) -> None:
    """Ten dossiers, four online: four returned the day they came (early), three on their due day, three
    three days late."""
    procedure = make_procedure("TEST-CT", "Chứng thực bản sao từ bản chính", days="3")
    days = [date(2023, 3, 6) + timedelta(days=7 * number) for number in range(10)]  # Mondays
    for number, day in enumerate(days):
        with time_machine.travel(at(day, 9), tick=False) as clock:
            dossier = dossier_services.receive_dossier(
                commune,
                procedure=procedure,
                applicant_name="Lê Thị Hoa",
                channel="online" if number < 4 else "in_person",
                by=officer,
            )
            ready_on = day if number < 4 else dossier.statutory_due_on
            if number >= 7:
                ready_on = dossier.statutory_due_on + timedelta(days=3)
            clock.move_to(at(ready_on, 16))
            dossier_services.mark_ready(dossier, by=officer)
            dossier_services.return_dossier(dossier, by=officer)


def record_ratings(commune) -> None:
    """Six ratings: three very satisfied, one satisfied, one neutral, one dissatisfied (4 of 6 satisfied).
    The dissatisfied one rates the dossier received that morning (one of April's four: 3 of 4 not rated
    dissatisfied, Decision 766's 75.0 %)."""
    rated = Dossier.objects.get(commune=commune, received_at=at(date(2023, 4, 3), 9))
    for level in (4, 4, 4, 3, 2, 1):
        rating_services.record_rating(
            commune,
            level=level,
            channel="kiosk",
            rated_at=at(date(2023, 4, 3), 10),
            dossier=rated if level == 1 else None,
        )


def record_petitions(commune, officer, leader) -> None:
    """Three complaints: two resolved within their time, one left open long past its day."""
    sender = Identity("Nguyễn Văn Bình", "Thôn Cát Lợi", "0912 345 678")
    for received_on, resolved in (
        (date(2023, 3, 6), True),
        (date(2023, 5, 15), True),
        (date(2023, 6, 12), False),
    ):
        with time_machine.travel(at(received_on, 10), tick=False) as clock:
            item = feedback_services.receive_feedback(
                commune,
                by=officer,
                kind="complaint",
                channel="desk",
                is_signed=True,
                identity=sender,
                content="Đơn khiếu nại về việc cấp giấy chứng nhận quyền sử dụng đất.",
                received_on=received_on,
            )
            item = feedback_services.accept_feedback(item, by=leader, accepted_on=received_on)
            if resolved:
                resolved_on = received_on + timedelta(days=9)
                clock.move_to(at(resolved_on, 10))
                feedback_services.resolve_feedback(
                    item,
                    by=leader,
                    public_answer="Đã giải quyết.",
                    resolved_on=resolved_on,
                    decision_number="05/QĐ-UBND",
                    decision_on=resolved_on,
                    decision_content="Giải quyết khiếu nại.",
                )


def record_meetings(commune, leader) -> None:
    """Two reception sessions held by the chairman, one commune-level dialogue conference."""
    chairman = leader.official
    with time_machine.travel(at(date(2023, 9, 20), 8), tick=False):
        for day in (date(2023, 7, 10), date(2023, 8, 14)):
            session = reception_services.schedule_ad_hoc_session(
                commune,
                by=leader,
                leader=chairman,
                capacity="chairman",
                held_on=day,
                starts_at=time(7, 30),
                ends_at=time(11),
                place="Phòng tiếp công dân",
                reason="Tiếp công dân định kỳ",
            )
            reception_services.mark_session_held(session, by=leader)
        dialogue = reception_services.schedule_dialogue(
            commune,
            by=leader,
            level="commune",
            title="Hội nghị đối thoại với Nhân dân",
            planned_on=date(2023, 9, 14),
            place="Hội trường UBND xã",
            chaired_by=chairman,
        )
        reception_services.record_dialogue_held(dialogue, by=leader, held_on=date(2023, 9, 14), attendance=80)


def record_year(commune, officer, leader) -> None:
    Official.objects.create(unit=commune, user=leader, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch xã")
    record_dossiers(commune, officer)
    record_ratings(commune)
    record_petitions(commune, officer, leader)
    record_meetings(commune, leader)


# Columns: group_code, group_name, group_points, criterion_code, criterion_name, points, method, indicator,
# rule, evidence.
ROWS = [
    (
        "I",
        "Cải cách hành chính",
        9,
        "I.1",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
        5,
        "indicator",
        "on_time_rate",
        ">=95: 5; >=60: 3; else 0",
        "",
    ),
    (
        "I",
        "Cải cách hành chính",
        9,
        "I.2",
        "Tỷ lệ hồ sơ nộp trực tuyến",
        4,
        "indicator",
        "online_rate",
        "linear 0..80",
        "",
    ),
    (
        "II",
        "Mức độ hài lòng",
        10,
        "II.1",
        "Tỷ lệ hài lòng khi đánh giá tại bộ phận một cửa",
        5,
        "indicator",
        "satisfaction_rate",
        ">=90: 5; >=60: 2; else 0",
        "",
    ),
    (
        "II",
        "Mức độ hài lòng",
        10,
        "II.2",
        "Đơn thư giải quyết trong hạn",
        5,
        "indicator",
        "petitions_in_time_rate",
        "linear 50..100",
        "",
    ),
    (
        "III",
        "Tiếp xúc, đối thoại",
        6,
        "III.1",
        "Số buổi tiếp công dân đã tổ chức",
        3,
        "indicator",
        "reception_sessions_held",
        ">=2: 3; else 0",
        "",
    ),
    (
        "III",
        "Tiếp xúc, đối thoại",
        6,
        "III.2",
        "Có tổ chức hội nghị đối thoại",
        2,
        "indicator",
        "dialogue_conferences_held",
        "yes",
        "",
    ),
    (
        "III",
        "Tiếp xúc, đối thoại",
        6,
        "III.3",
        "Không có hồ sơ trễ hạn",
        1,
        "indicator",
        "dossiers.late",
        "no",
        "",
    ),
    (
        "IV",
        "Văn hóa công sở",
        5,
        "IV.1",
        "Thực hiện quy tắc ứng xử của cán bộ, công chức",
        5,
        "manual",
        "",
        "",
        "Kế hoạch, biên bản kiểm tra công vụ",
    ),
]
SET = {
    "code": "TEST-2023",
    "name": "Bộ tiêu chí thử năm 2023",
    "purpose": "recognition",
    "province": "",
    "valid_from": "01/01/2023",
    "valid_to": "31/12/2023",
    "legal_basis": "Quyết định thử",
    "pass_total": 18,
    "group_floor_percent": "",
}
# What the year above gives each indicator criterion: (value, points).
EXPECTED = {
    "I.1": ("70.0", "3"),  # 7 of 10 early or on time
    "I.2": ("40.0", "2"),  # 4 of 10 online, 40/80 of 4 points
    "II.1": ("66.7", "2"),  # 4 of 6 satisfied
    "II.2": ("66.7", "1.67"),  # 2 of 3 not overdue; (66.7-50)/50 of 5 points
    "III.1": ("2", "3"),
    "III.2": ("1", "2"),
    "III.3": ("3", "0"),  # three late dossiers
}
INDICATOR_TOTAL = "13.67"


def set_file(rows=ROWS, set_fields=SET) -> BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(list(row))
    meta = workbook.create_sheet("set")
    for name in SET_FIELDS:
        meta.append([name, set_fields.get(name, "")])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
