"""Demo data for the demo commune (seed 003), made through the services as real use would make it.

The published schedule (the chairman every Thursday; the Party secretary on the 10th and 25th, "2 days a
month"), a few past sessions with log entries (one made a petition), one commune-level dialogue conference
and five village meetings (seed 003: "1 hội nghị đối thoại, 5 cuộc họp thôn") with their commitments, and a
field visit. Running it again changes nothing.
"""

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from thanthien.reception import services
from thanthien.reception.models import ReceptionRule, ReceptionSession
from thanthien.units.models import Office, Official, Unit, User

CHAIRMAN, SECRETARY = "chutich", "bithu"
RECEPTION_ROOM = "Phòng tiếp công dân, trụ sở UBND xã Hoằng Cát"
THURSDAY = 3
ENTRIES = [
    (
        "Nguyễn Văn Hùng",
        "Thôn 1",
        "complaint",
        "land",
        1,
        "Khiếu nại việc đo đạc, cấp giấy chứng nhận quyền sử dụng đất thửa số 215",
        "Đo đạc lại ranh giới thửa đất",
    ),
    (
        "Lê Thị Mai",
        "Thôn 2",
        "recommendation",
        "infrastructure",
        3,
        "Kiến nghị sửa chữa cống thoát nước đầu thôn bị sụt lún",
        "Sửa cống trước mùa mưa",
    ),
    (
        "Trịnh Văn Nam",
        "Thôn 4",
        "reflection",
        "social_policy",
        1,
        "Phản ánh việc chậm chi trả trợ cấp người cao tuổi tháng trước",
        "Chi trả đủ và đúng hạn",
    ),
]
VILLAGE_TOPICS = [
    "Vệ sinh môi trường, thu gom rác thải",
    "Làm đường giao thông nông thôn",
    "Chuyển đổi cơ cấu cây trồng",
    "An ninh trật tự thôn xóm",
    "Chính sách bảo hiểm y tế hộ cận nghèo",
]


def _official(username: str) -> Official:
    return Official.objects.select_related("user").get(user__username=username)


@transaction.atomic
def create_demo_reception(commune: Unit) -> int:
    """Make the demo schedule, log, dialogues and field visit (once); return how many sessions were made."""
    if ReceptionRule.objects.filter(commune=commune).exists():
        return 0
    chairman, secretary = _official(CHAIRMAN), _official(SECRETARY)
    by: User = chairman.user  # type: ignore[assignment]  # the demo's chairman has a login
    today = timezone.localdate()
    _schedule(commune, by, chairman, secretary, today)
    sessions = ReceptionSession.objects.filter(commune=commune)
    _log(by, list(sessions.filter(held_on__lt=today, capacity="chairman").order_by("-held_on")[:2]), today)
    _dialogues(commune, by, chairman, secretary, today)
    _field_visit(commune, by, chairman, today)
    return sessions.count()


def _schedule(commune: Unit, by: User, chairman: Official, secretary: Official, today: date) -> None:
    start = today.replace(day=1) - timedelta(days=60)
    services.add_reception_rule(
        commune,
        by=by,
        leader=chairman,
        capacity="chairman",
        frequency="weekly",
        weekdays=[THURSDAY],
        place=RECEPTION_ROOM,
        starts_at=time(7, 30),
        ends_at=time(11, 0),
        valid_from=start,
    )
    services.add_reception_rule(
        commune,
        by=by,
        leader=secretary,
        capacity="party_secretary",
        frequency="monthly",
        month_days=[10, 25],
        place="Phòng họp Đảng ủy xã Hoằng Cát",
        starts_at=time(8, 0),
        ends_at=time(11, 0),
        valid_from=start,
    )
    services.generate_sessions(commune, by=by, first=start, last=today + timedelta(days=90))


def _log(by: User, sessions: list[ReceptionSession], today: date) -> None:
    if not sessions:
        return
    records = []
    for number, (name, village, kind, topic, people, content, request) in enumerate(ENTRIES):
        session = sessions[number % len(sessions)]
        records.append(
            services.record_reception_entry(
                session,
                by=by,
                visitor_name=name,
                visitor_address=f"{village}, xã Hoằng Cát",
                content=content,
                kind=kind,
                topic=topic,
                people_count=people,
                request=request,
                outcome="Tiếp nhận, hướng dẫn công dân; chuyển bộ phận chuyên môn xem xét",
            )
        )
    services.create_petition(records[0], by=by)
    services.answer_visitor(
        records[1], by=by, answer="accepted", answered_on=min(today, records[1].answer_due_on)
    )


def _dialogues(commune: Unit, by: User, chairman: Official, secretary: Official, today: date) -> None:
    villages = list(Unit.objects.filter(parent=commune, level=Unit.Level.VILLAGE).order_by("name")[:5])
    offices = Office.objects.filter(
        unit=commune, kind__in=[Office.Kind.FATHERLAND_FRONT, Office.Kind.MASS_ORGANISATION]
    )
    held_on = today - timedelta(days=120)
    dialogue = services.schedule_dialogue(
        commune,
        by=by,
        level="commune",
        title=f"Hội nghị đối thoại giữa chính quyền với Nhân dân năm {held_on.year}",
        planned_on=held_on,
        place="Hội trường UBND xã Hoằng Cát",
        chaired_by=chairman,
        offices=offices,
        villages=villages,
    )
    services.record_dialogue_held(
        dialogue,
        by=by,
        held_on=held_on,
        attendance=180,
        summary=(
            "Hội nghị tiếp thu 12 ý kiến; lãnh đạo xã trả lời trực tiếp 10 ý kiến, "
            "2 ý kiến hẹn trả lời bằng văn bản."
        ),
    )
    road = services.add_dialogue_issue(
        dialogue,
        by=by,
        raised_by="Thôn 3",
        content="Đường liên thôn 3 – thôn 4 xuống cấp, đi lại khó khăn",
        answer="Xã đưa vào kế hoạch duy tu năm nay",
        answered_by=chairman,
    )
    lights = services.add_dialogue_issue(
        dialogue, by=by, raised_by="Hội Phụ nữ xã", content="Đề nghị lắp đèn chiếu sáng đường trục thôn 2"
    )
    done = services.add_dialogue_commitment(
        dialogue,
        by=by,
        content="Vá ổ gà, rải đá tuyến đường liên thôn 3 – thôn 4",
        owner=chairman,
        due_on=held_on + timedelta(days=60),
        issue=road,
    )
    services.complete_commitment(
        done, by=by, result="Đã vá và rải đá 1,5 km", done_on=held_on + timedelta(days=45)
    )
    services.add_dialogue_commitment(
        dialogue,
        by=by,
        content="Lắp 20 bóng đèn đường trục thôn 2",
        owner=secretary,
        due_on=today + timedelta(days=20),
        issue=lights,
    )
    for number, (village, topic) in enumerate(zip(villages, VILLAGE_TOPICS, strict=False)):
        day = held_on + timedelta(days=7 * (number + 1))
        meeting = services.schedule_dialogue(
            commune,
            by=by,
            level="village",
            village=village,
            title=f"Họp thôn, đối thoại: {topic}",
            planned_on=day,
            place=f"Nhà văn hóa {village.name}",
            chaired_by=secretary if number % 2 else chairman,
        )
        services.record_dialogue_held(meeting, by=by, held_on=day, attendance=60 + 5 * number)


def _field_visit(commune: Unit, by: User, chairman: Official, today: date) -> None:
    village = Unit.objects.filter(parent=commune, level=Unit.Level.VILLAGE).order_by("name")[2:3].first()
    if village is None:
        return
    visit = services.record_field_visit(
        commune,
        by=by,
        village=village,
        visited_on=today - timedelta(days=6),
        leaders=[chairman],
        purpose="Kiểm tra tiến độ làm đường giao thông nông thôn",
        notes="Cùng trưởng thôn và Ban công tác Mặt trận",
    )
    services.add_field_visit_issue(
        visit,
        by=by,
        content="Rãnh thoát nước dọc đường mới làm bị đất lấp, cần nạo vét",
        kind="recommendation",
        topic="environment",
    )
