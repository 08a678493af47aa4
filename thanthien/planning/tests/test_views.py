"""The planning pages through the test client: scoping, the dashboard, the alert link, the Word files."""

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from docx import Document

from thanthien.core.calendars import default_calendar
from thanthien.planning import services
from thanthien.planning.models import ConductCode, PlanTemplate, Task, Violation
from thanthien.planning.tests.helpers import dialogue_commitment, front_chair, official_with_login
from thanthien.ratings.models import RatingAlert
from thanthien.ratings.services import record_rating

pytestmark = pytest.mark.django_db


def _plan(commune, leader):
    return services.create_plan_from_template(
        PlanTemplate.objects.get(code="seed-001"),
        unit=commune,
        number="05/KH-UBND",
        title="Kế hoạch xây dựng chính quyền thân thiện năm 2026",
        issued_on=date(2026, 1, 15),
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 12, 31),
        by=leader,
    )


def _head_texts(document):
    return [cell.text for cell in document.tables[0].rows[0].cells]


def test_the_plan_opens_in_word_with_the_decree_30_layout(client, commune, leader):
    plan = _plan(commune, leader)
    services.add_committee_member(
        plan,
        full_name="Nguyễn Văn Chủ Tịch",
        position="Chủ tịch UBND xã",
        committee_role="Trưởng ban",
        by=leader,
    )
    client.force_login(leader)

    response = client.get(f"/planning/plans/{plan.pk}/word/")

    document = Document(BytesIO(response.content))
    left, right = _head_texts(document)
    assert "ỦY BAN NHÂN DÂN" in left and "XÃ HOẰNG CÁT" in left and "Số: 05/KH-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Hoằng Cát, ngày 15 tháng 01 năm 2026" in right
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts and any("Trưởng ban" in t for t in texts)
    assert all(run.font.name == "Times New Roman" for p in document.paragraphs for run in p.runs if run.text)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.left_margin.mm), round(section.right_margin.mm)) == (
        210,
        30,
        15,
    )


def test_the_commitment_opens_in_word_with_the_code_and_the_signature(client, commune, leader):
    official = official_with_login(commune, "canbo21", "Bùi Thị Hai Mốt")
    services.adopt_conduct_code(
        commune,
        code=ConductCode.objects.get(name="4 xin, 4 luôn, 5 không"),
        effective_from=date(2026, 1, 1),
        by=leader,
    )
    commitment = services.sign_commitment(official, year=2026, signed_on=date(2026, 2, 3), by=leader)
    client.force_login(leader)

    document = Document(BytesIO(client.get(f"/planning/conduct/commitments/{commitment.pk}/word/").content))

    left, right = _head_texts(document)
    assert "ỦY BAN NHÂN DÂN" in left and "Hoằng Cát, ngày 03 tháng 02 năm 2026" in right
    texts = [p.text for p in document.paragraphs]
    assert "BẢN CAM KẾT" in texts and "- Xin chào." in texts and texts[-1] == "Bùi Thị Hai Mốt"


def test_another_commune_gets_404_for_plans_tasks_and_visits(client, commune, leader, outsider_officer):
    plan = _plan(commune, leader)
    task = plan.steps.first().tasks.get()
    client.force_login(outsider_officer)

    assert client.get(f"/planning/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/planning/tasks/{task.pk}/").status_code == 404
    assert client.post(f"/planning/tasks/{task.pk}/answer/", {"outcome": "done"}).status_code == 404


def test_the_plan_page_shows_each_target_and_the_value_now(client, commune, leader):
    plan = _plan(commune, leader)
    client.force_login(leader)

    page = client.get(f"/planning/plans/{plan.pk}/").content.decode()

    assert page.count('data-testid="target-row"') == 4
    assert "Tỷ lệ hài lòng ≥ 97%" in page


def test_a_task_overdue_by_one_working_day_is_on_the_dashboard_and_in_my_tasks(
    client, commune, leader, time_machine
):
    assignee = official_with_login(commune, "canbo22", "Cao Văn Hai Hai")
    due = date(2026, 12, 4)
    services.create_task(commune, title="Thay bảng niêm yết", due_on=due, official=assignee, by=leader)
    time_machine.move_to(default_calendar().next_working_day(due).isoformat() + " 09:00 +07:00")
    client.force_login(leader)

    dashboard = client.get("/").content.decode()
    client.force_login(assignee.user)
    mine = client.get("/planning/tasks/").content.decode()

    assert 'data-testid="leader-overdue-tasks"><strong>1</strong>' in dashboard
    assert "Thay bảng niêm yết" in mine and "Quá hạn" in mine


def test_a_violation_from_an_alert_shows_on_the_alert_page_and_links_back(client, commune, leader):
    official = official_with_login(commune, "canbo23", "Hà Thị Hai Ba")
    rating = record_rating(commune, level=1, channel="kiosk", official=official, comment="Không chào hỏi")
    alert = RatingAlert.objects.get(rating=rating)
    client.force_login(leader)

    response = client.post(
        f"/planning/conduct/violations/new/?commune={commune.pk}&alert={alert.pk}",
        {
            "official": official.pk,
            "source": "rating_alert",
            "occurred_on": "2026-12-02",
            "description": "Không chào hỏi người dân",
            "measure": "reminder",
        },
    )

    violation = Violation.objects.get()
    assert response.status_code == 302 and violation.rating_alert == alert
    alert_page = client.get(f"/ratings/alerts/{alert.pk}/").content.decode()
    assert 'data-testid="alert-violation"' in alert_page
    official_page = client.get(f"/planning/officials/{official.pk}/").content.decode()
    assert f"/ratings/alerts/{alert.pk}/" in official_page


def test_a_colleague_does_not_see_an_officials_violations_on_their_page(client, commune, leader):
    official = official_with_login(commune, "canbo24", "Hà Văn Hai Bốn")
    colleague = official_with_login(commune, "canbo25", "Hà Văn Hai Lăm")
    services.record_violation(
        official,
        source="leader_check",
        occurred_on=date(2026, 12, 1),
        description="Trễ hẹn",
        measure="criticism",
        by=leader,
    )

    client.force_login(colleague.user)
    seen_by_colleague = client.get(f"/planning/officials/{official.pk}/").content.decode()
    client.force_login(official.user)
    seen_by_self = client.get(f"/planning/officials/{official.pk}/").content.decode()

    assert 'data-testid="violation-row"' not in seen_by_colleague
    assert 'data-testid="violation-row"' in seen_by_self


def test_an_officials_page_shows_the_citizens_thanks_and_the_monthly_ratings(
    client, commune, leader, time_machine
):
    time_machine.move_to(datetime(2026, 12, 15, 10, tzinfo=UTC))
    official = official_with_login(commune, "canbo26", "Hà Văn Hai Sáu")
    other = official_with_login(commune, "canbo27", "Hà Văn Hai Bảy")
    november = datetime(2026, 11, 10, 9, tzinfo=UTC)
    record_rating(
        commune, level=4, channel="kiosk", official=official, comment="Cảm ơn chị tận tình", rated_at=november
    )
    record_rating(
        commune, level=4, channel="kiosk", official=official, rated_at=november
    )  # no words: no thanks
    record_rating(commune, level=1, channel="kiosk", official=official, comment="Chờ lâu quá")
    record_rating(commune, level=4, channel="kiosk", official=other, comment="Cảm ơn anh Hai Bảy")

    client.force_login(leader)
    response = client.get(f"/planning/officials/{official.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="thanks"') == 1
    assert "Cảm ơn chị tận tình" in page
    assert "Chờ lâu quá" not in page and "Hai Bảy" not in page.split("<h2>")[-1]
    months = {m["month"]: (m["total"], m["rate"]) for m in response.context["months"]}
    assert months[date(2026, 11, 1)] == (2, 100)
    assert months[date(2026, 12, 1)] == (1, 0)
    assert page.count('data-testid="month-row"') == 12


def test_the_front_chair_cannot_open_the_plan_form_or_answer_a_task(client, commune, leader):
    chair = front_chair(commune)
    task = services.create_task(commune, title="Họp dân", due_on=date(2026, 12, 31), by=leader)
    client.force_login(chair)

    assert client.get("/planning/plans/new/").status_code == 403
    client.post(f"/planning/tasks/{task.pk}/answer/", {"outcome": "done", "result": "xong"})
    task.refresh_from_db()
    assert task.status == "open"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def test_the_desk_page_and_the_public_site_show_badge_number_and_photo(client, commune, leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    desk = official_with_login(commune, "canbo26", "Lục Thị Một Cửa")
    client.force_login(leader)
    client.post(f"/planning/officials/{desk.pk}/photo/", {"upload": SimpleUploadedFile("anh.png", PNG)})

    client.force_login(desk.user)
    desk_page = client.get("/dossiers/").content.decode()
    client.logout()
    public = client.get(f"/x/{commune.slug}/").content.decode()
    photo = client.get(f"/planning/badges/{desk.pk}/")

    for page in (desk_page, public):
        assert "Lục Thị Một Cửa" in page and f"Số thẻ {desk.badge_number}" in page
        assert f"/planning/badges/{desk.pk}/" in page
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG


def test_evidence_is_downloaded_only_by_those_who_see_the_task(client, commune, leader, outsider_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = services.create_task(commune, title="Lắp camera", due_on=date(2026, 12, 31), by=leader)
    evidence = services.add_task_evidence(task, upload=SimpleUploadedFile("ảnh.png", PNG), by=leader)

    client.force_login(outsider_officer)
    assert client.get(f"/planning/evidence/{evidence.pk}/").status_code == 404
    client.force_login(leader)
    assert client.get(f"/planning/evidence/{evidence.pk}/").status_code == 200


def test_a_review_meeting_decision_becomes_a_task_through_the_page(client, commune, leader):
    assignee = official_with_login(commune, "canbo27", "Tô Văn Giao Ban")
    client.force_login(leader)

    response = client.post(
        f"/planning/reviews/new/?commune={commune.pk}",
        {
            "held_on": "2026-12-04",
            "chaired_by": "Nguyễn Văn Chủ Tịch",
            "notes": "Giao ban tuần 49",
            "dec-TOTAL_FORMS": "1",
            "dec-INITIAL_FORMS": "0",
            "dec-0-title": "Rà soát hồ sơ trễ hẹn",
            "dec-0-official": assignee.pk,
            "dec-0-working_days": "3",
        },
    )

    assert response.status_code == 302
    from thanthien.planning.models import Task

    task = Task.objects.get(source="review")
    assert (task.official, task.due_on) == (assignee, date(2026, 12, 9))


def test_the_front_chair_adds_an_opinion_shown_on_the_commitment_list(client, commune, leader, time_machine):
    time_machine.move_to("2026-12-04 09:00 +07:00")
    chair = front_chair(commune)
    commitment = dialogue_commitment(commune, date(2026, 12, 20))
    client.force_login(chair)

    client.post(
        f"/planning/supervision/opinions/new/?commitment={commitment.pk}", {"text": "Mới sửa một nửa"}
    )

    page = client.get("/reception/commitments/").content.decode()
    assert "Mới sửa một nửa" in page


def test_a_violation_from_a_complaint_is_recorded_through_the_page_with_its_case(client, commune, leader):
    from thanthien.feedback.models import FeedbackItem

    official = official_with_login(commune, "canbo29", "Đàm Văn Hai Chín")
    complaint = FeedbackItem.objects.create(
        unit=commune, kind="complaint", channel="desk", content="Gây khó dễ", received_on=date(2026, 11, 30)
    )
    client.force_login(leader)

    client.post(
        f"/planning/conduct/violations/new/?commune={commune.pk}",
        {
            "official": official.pk,
            "source": "complaint",
            "feedback_item": complaint.pk,
            "occurred_on": "2026-11-28",
            "description": "Gây khó dễ cho người dân",
            "measure": "criticism",
        },
    )

    assert Violation.objects.get().feedback_item == complaint


def test_the_task_form_sent_twice_creates_one_task(client, commune, leader):
    client.force_login(leader)
    page = client.get("/planning/tasks/new/").content.decode()
    key = page.split('name="client_key" value="', 1)[1].split('"', 1)[0]
    form = {"title": "Sửa đường thôn 2", "due_in_working_days": "5", "client_key": key}

    first = client.post("/planning/tasks/new/", form)
    again = client.post("/planning/tasks/new/", form)

    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Task.objects.filter(title="Sửa đường thôn 2").count() == 1
