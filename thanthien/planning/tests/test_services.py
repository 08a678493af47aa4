"""Plans from templates, tasks and their reminders, supervision answers, the code and violations."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thanthien.core.calendars import default_calendar
from thanthien.notifications.models import Notification
from thanthien.planning import services
from thanthien.planning.models import ConductCode, PlanTemplate, Task, Violation
from thanthien.planning.tests.helpers import dialogue_commitment, front_chair, front_of, official_with_login
from thanthien.ratings.models import RatingAlert
from thanthien.ratings.services import record_rating
from thanthien.reports.figures import figures
from thanthien.units.models import Office, Official

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def test_the_three_seed_templates_and_two_codes_ship_as_data():
    assert set(PlanTemplate.objects.values_list("code", flat=True)) == {"seed-000", "seed-001", "seed-004"}
    codes = {code.name: code.rules.count() for code in ConductCode.objects.filter(commune=None)}
    assert codes == {"5 biết, 3 không, 4 thể hiện": 12, "4 xin, 4 luôn, 5 không": 13}


def test_a_plan_from_a_template_has_its_dated_steps_targets_and_one_task_per_step(commune, leader):
    template = PlanTemplate.objects.get(code="seed-000")

    plan = services.create_plan_from_template(
        template,
        unit=commune,
        number="12/KH-UBND",
        title="Kế hoạch xây dựng mô hình năm 2026",
        issued_on=date(2026, 1, 20),
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 12, 31),
        by=leader,
    )

    steps = list(plan.steps.all())
    assert [s.title for s in steps] == [s["title"] for s in template.steps]
    assert (steps[0].starts_on, steps[0].ends_on) == (date(2026, 2, 1), date(2026, 2, 28))
    assert steps[-1].ends_on == date(2026, 12, 31)
    tasks = Task.objects.filter(step__plan=plan)
    assert tasks.count() == 6 and {t.due_on for t in tasks} == {s.ends_on for s in steps}
    assert plan.targets.count() == 4 and plan.legal_basis == template.legal_basis


def test_an_officer_cannot_create_a_plan(commune, officer):
    with pytest.raises(PermissionDenied):
        services.create_plan_from_template(
            PlanTemplate.objects.first(),
            unit=commune,
            number="1",
            title="x",
            issued_on=date(2026, 1, 1),
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            by=officer,
        )


def test_a_task_due_in_working_days_skips_the_weekend(commune, leader):
    friday = date(2026, 12, 4)

    task = services.create_task(
        commune, title="Niêm yết lại thủ tục", due_in_working_days=2, by=leader, today=friday
    )

    assert task.due_on == date(2026, 12, 8)


def test_a_task_overdue_by_one_working_day_counts_as_overdue(commune, leader):
    due = date(2026, 12, 4)  # a Friday; the next working day is Monday 7/12
    task = services.create_task(commune, title="Sửa bảng niêm yết", due_on=due, by=leader)
    monday = default_calendar().next_working_day(due)

    counted = figures(commune, date(2026, 12, 1), date(2026, 12, 31), today=monday)["tasks"]

    assert task.is_overdue(monday) and not task.is_overdue(due)
    assert counted == {"total": 1, "done": 0, "done_on_time": 0, "overdue": 1}


def test_reminders_go_before_the_due_date_and_when_overdue_once_each(commune, leader):
    assignee = official_with_login(commune, "canbo01", "Đỗ Thị Tư Pháp", phone="0912345678")
    task = services.create_task(
        commune, title="Báo cáo 6 tháng", due_on=date(2026, 12, 9), official=assignee, by=leader
    )

    assert services.send_task_reminders(date(2026, 12, 4)) == 0  # 3 working days before: too early
    assert services.send_task_reminders(date(2026, 12, 7)) == 1
    assert services.send_task_reminders(date(2026, 12, 8)) == 0  # the same reminder, not again
    assert services.send_task_reminders(date(2026, 12, 10)) == 1
    assert services.send_task_reminders(date(2026, 12, 11)) == 0

    keys = sorted(Notification.objects.values_list("dedupe_key", flat=True))
    assert keys == [
        f"planning:task:{task.pk}:before:2026-12-09",
        f"planning:task:{task.pk}:overdue:2026-12-09",
    ]
    assert Notification.objects.filter(recipient="0912345678").count() == 2


def test_a_task_for_an_office_reminds_its_heads_with_a_contact_once_each(commune, leader):
    office = Office.objects.create(
        unit=commune, kind=Office.Kind.PEOPLES_COMMITTEE, name="Văn phòng HĐND-UBND"
    )
    head = official_with_login(commune, "truongvp1", "Trưởng Văn Phòng", phone="0911111111")
    deputy = official_with_login(commune, "phovp02", "Phó Văn Phòng", phone="")
    deputy.user.email = "pho.vp@xa.gov.vn"
    deputy.user.save()
    no_contact = official_with_login(commune, "truongvp3", "Không Liên Lạc", phone="")
    member = official_with_login(commune, "nhanvien4", "Nhân Viên", phone="0944444444")
    Official.objects.filter(pk__in=[head.pk, deputy.pk, no_contact.pk]).update(office=office, is_leader=True)
    Official.objects.filter(pk=member.pk).update(office=office)
    task = services.create_task(
        commune, title="Tổng kết năm", due_on=date(2026, 12, 9), office=office, by=leader
    )

    assert services.send_task_reminders(date(2026, 12, 4)) == 0
    assert services.send_task_reminders(date(2026, 12, 7)) == 2  # the two heads with a contact
    assert services.send_task_reminders(date(2026, 12, 8)) == 0
    assert services.send_task_reminders(date(2026, 12, 10)) == 2
    assert services.send_task_reminders(date(2026, 12, 11)) == 0

    sent = sorted(Notification.objects.values_list("channel", "recipient", "dedupe_key"))
    assert sent == sorted(
        [
            ("sms", "0911111111", f"planning:task:{task.pk}:before:2026-12-09:official:{head.pk}"),
            ("sms", "0911111111", f"planning:task:{task.pk}:overdue:2026-12-09:official:{head.pk}"),
            ("email", "pho.vp@xa.gov.vn", f"planning:task:{task.pk}:before:2026-12-09:official:{deputy.pk}"),
            ("email", "pho.vp@xa.gov.vn", f"planning:task:{task.pk}:overdue:2026-12-09:official:{deputy.pk}"),
        ]
    )


def test_a_task_for_an_office_without_a_head_reminds_its_members(commune, leader):
    office = Office.objects.create(unit=commune, kind=Office.Kind.ONE_STOP_DESK, name="Bộ phận một cửa")
    first = official_with_login(commune, "motcua01", "Một Cửa Một", phone="0921111111")
    second = official_with_login(commune, "motcua02", "Một Cửa Hai", phone="0922222222")
    Official.objects.filter(pk__in=[first.pk, second.pk]).update(office=office)
    services.create_task(
        commune, title="Niêm yết thủ tục", due_on=date(2026, 12, 3), office=office, by=leader
    )

    assert services.send_task_reminders(date(2026, 12, 4)) == 2
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == ["0921111111", "0922222222"]


def test_a_task_done_late_is_done_but_not_on_time(commune, leader):
    task = services.create_task(commune, title="Họp dân thôn 3", due_on=date(2026, 12, 4), by=leader)

    services.complete_task(task, on=date(2026, 12, 7), by=leader)

    counted = figures(commune, date(2026, 12, 1), date(2026, 12, 31), today=date(2026, 12, 9))["tasks"]
    assert counted == {"total": 1, "done": 1, "done_on_time": 0, "overdue": 0}


def test_evidence_must_be_an_allowed_type_whose_content_matches(commune, leader):
    task = services.create_task(commune, title="Lắp camera", due_on=date(2026, 12, 31), by=leader)

    services.add_task_evidence(task, upload=SimpleUploadedFile("biên bản.pdf", PDF), by=leader)
    with pytest.raises(ValidationError):
        services.add_task_evidence(task, upload=SimpleUploadedFile("virus.exe", b"MZ\x90"), by=leader)
    with pytest.raises(ValidationError):
        services.add_task_evidence(task, upload=SimpleUploadedFile("giả.pdf", b"<html>"), by=leader)

    assert [(e.name, e.kind, e.size) for e in task.evidence.all()] == [("biên bản.pdf", "pdf", len(PDF))]


def _visit(commune, chair, recommendations):
    return services.record_visit(
        commune,
        body=front_of(commune),
        visited_on=date(2026, 11, 2),
        subject="Giám sát Bộ phận một cửa",
        members="Hoàng Thị Mặt Trận, Lê Văn Thanh Tra",
        findings="Bảng niêm yết thủ tục cũ.",
        recommendations=recommendations,
        by=chair,
    )


def test_each_recommendation_becomes_an_open_commune_task_with_its_due_date(commune):
    chair = front_chair(commune)

    visit = _visit(
        commune,
        chair,
        [("Cập nhật bảng niêm yết", date(2026, 11, 30)), ("Bố trí ghế chờ", date(2026, 12, 15))],
    )

    tasks = Task.objects.filter(recommendation__visit=visit).order_by("due_on")
    assert [(t.title, t.due_on, t.status, t.source) for t in tasks] == [
        ("Cập nhật bảng niêm yết", date(2026, 11, 30), "open", "recommendation"),
        ("Bố trí ghế chờ", date(2026, 12, 15), "open", "recommendation"),
    ]


def test_a_recommendation_answered_late_counts_as_answered_but_not_on_time(commune, leader):
    chair = front_chair(commune)
    visit = _visit(
        commune,
        chair,
        [
            ("Cập nhật bảng niêm yết", date(2026, 11, 30)),
            ("Bố trí ghế chờ", date(2026, 12, 15)),
            ("Thêm quạt", date(2026, 12, 15)),
        ],
    )
    late, on_time, _open = (r.task for r in visit.recommendations.order_by("id"))

    services.complete_task(late, on=date(2026, 12, 1), by=leader)
    services.decline_task(on_time, reasons="Chưa có kinh phí năm 2026", on=date(2026, 12, 10), by=leader)

    counted = figures(commune, date(2026, 11, 1), date(2026, 11, 30), today=date(2026, 12, 10))["supervision"]
    assert counted == {"visits": 1, "recommendations": 3, "answered": 2, "answered_on_time": 1}


def test_the_front_chair_reopens_an_answer_but_cannot_answer_or_create_tasks(commune, leader):
    chair = front_chair(commune)
    task = _visit(commune, chair, [("Cập nhật bảng niêm yết", date(2026, 11, 30))]).recommendations.get().task
    services.complete_task(task, on=date(2026, 11, 20), by=leader)

    with pytest.raises(PermissionDenied):
        services.create_task(commune, title="x", due_on=date(2026, 12, 1), by=chair)
    services.reopen_task(task, reason="Bảng vẫn chưa thay", by=chair)

    task.refresh_from_db()
    assert (task.status, task.done_on, task.recommendation.reopened_count) == ("open", None, 1)
    with pytest.raises(PermissionDenied):
        services.complete_task(task, by=chair)


def test_review_meeting_decisions_become_tasks_due_in_working_days(commune, leader):
    assignee = official_with_login(commune, "canbo02", "Vũ Văn Địa Chính")

    meeting = services.record_review_meeting(
        commune,
        held_on=date(2026, 12, 4),
        chaired_by="Nguyễn Văn Chủ Tịch",
        notes="Giao ban tuần 49",
        decisions=[("Rà soát hồ sơ đất đai trễ hẹn", assignee, 3)],
        by=leader,
    )

    task = meeting.tasks.get()
    assert (task.official, task.due_on, task.source) == (assignee, date(2026, 12, 9), "review")


def test_a_commitment_is_signed_to_the_code_in_force_that_day(commune, leader):
    official = official_with_login(commune, "canbo03", "Trịnh Thị Văn Hóa")
    first = ConductCode.objects.get(name="5 biết, 3 không, 4 thể hiện")
    own = services.write_conduct_code(
        commune, name="Quy tắc riêng của xã", rules_=[("3 không", "Không trễ hẹn")], by=leader
    )
    services.adopt_conduct_code(commune, code=first, effective_from=date(2025, 1, 1), by=leader)
    services.adopt_conduct_code(commune, code=own, effective_from=date(2026, 7, 1), by=leader)

    early = services.sign_commitment(official, year=2026, signed_on=date(2026, 1, 5), by=leader)

    assert early.code == first and services.code_in_force(commune, date(2026, 7, 1)) == own
    with pytest.raises(ValidationError):
        services.sign_commitment(official, year=2026, signed_on=date(2026, 8, 1), by=leader)


def test_a_violation_from_a_low_rating_alert_is_linked_both_ways_and_repeats_are_marked(commune, leader):
    official = official_with_login(commune, "canbo04", "Lý Văn Một Cửa")
    rating = record_rating(commune, level=1, channel="kiosk", official=official, comment="Thái độ khó chịu")
    alert = RatingAlert.objects.get(rating=rating)
    rule = ConductCode.objects.get(name="4 xin, 4 luôn, 5 không").rules.get(text="Luôn mỉm cười")

    first = services.record_violation(
        official,
        source=Violation.Source.RATING_ALERT,
        rating_alert=alert,
        occurred_on=date(2026, 12, 1),
        description="Người dân phản ánh thái độ",
        measure=Violation.Measure.REMINDER,
        rule=rule,
        by=leader,
    )
    second = services.record_violation(
        official,
        source=Violation.Source.LEADER_CHECK,
        occurred_on=date(2026, 12, 3),
        rule=rule,
        description="Lãnh đạo kiểm tra",
        measure=Violation.Measure.CRITICISM,
        by=leader,
    )

    assert first.rating_alert == alert and services.violation_of_alert(alert) == first
    assert (first.is_repeat, second.is_repeat) == (False, True)
    with pytest.raises(ValidationError):  # one violation per alert
        services.record_violation(
            official,
            source=Violation.Source.RATING_ALERT,
            rating_alert=alert,
            occurred_on=date(2026, 12, 4),
            description="x",
            measure="reminder",
            by=leader,
        )


def test_a_discipline_needs_its_legal_basis_and_decision(commune, leader):
    official = official_with_login(commune, "canbo05", "Mai Văn Kỷ Luật")

    with pytest.raises(ValidationError):
        services.record_violation(
            official,
            source="leader_check",
            occurred_on=date(2026, 12, 1),
            description="Trễ hẹn nhiều lần",
            measure="discipline",
            by=leader,
        )

    assert not Violation.objects.exists()


def test_the_figures_count_exactly_what_was_recorded(commune, other_commune, leader):
    a = official_with_login(commune, "canbo06", "Phan Thị Sáu")
    official_with_login(commune, "canbo07", "Phan Văn Bảy")
    services.adopt_conduct_code(
        commune, code=ConductCode.objects.first(), effective_from=date(2026, 1, 1), by=leader
    )
    services.sign_commitment(a, year=2026, signed_on=date(2026, 1, 10), by=leader)
    services.record_violation(
        a,
        source="leader_check",
        occurred_on=date(2026, 3, 1),
        description="Trễ hẹn",
        measure="discipline",
        legal_basis="Nghị định 112/2020/NĐ-CP",
        decision="Quyết định 05/QĐ-UBND",
        by=leader,
    )
    services.record_violation(
        a,
        source="leader_check",
        occurred_on=date(2025, 3, 1),
        description="Cũ",
        measure="reminder",
        by=leader,
    )
    services.create_task(commune, title="Trong kỳ", due_on=date(2026, 6, 1), by=leader)
    services.create_task(commune, title="Ngoài kỳ", due_on=date(2027, 6, 1), by=leader)

    counted = figures(commune, date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 12, 4))
    elsewhere = figures(other_commune, date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 12, 4))

    assert counted["conduct"] == {"commitments_signed": 1, "officials": 2, "violations": 1, "disciplined": 1}
    assert counted["tasks"] == {"total": 1, "done": 0, "done_on_time": 0, "overdue": 1}
    assert elsewhere["conduct"] == {
        "commitments_signed": 0,
        "officials": 0,
        "violations": 0,
        "disciplined": 0,
    }
    assert elsewhere["tasks"]["total"] == 0


def test_the_front_chair_adds_an_opinion_to_a_dialogue_commitment_they_can_read(commune):
    chair = front_chair(commune)
    commitment = dialogue_commitment(commune, date(2026, 9, 1))

    opinion = services.add_supervision_opinion(
        dialogue_commitment=commitment, text="Đã sửa một nửa", by=chair
    )

    assert opinion.commune == commune and opinion.given_by == chair


def test_another_commune_cannot_record_supervision_here(commune, other_commune):
    outsider = front_chair(other_commune, "mttq_xa_khac")

    with pytest.raises(PermissionDenied):
        _visit(commune, outsider, [])


def test_the_reminder_command_is_safe_to_run_twice(commune, leader, time_machine):
    from django.core.management import call_command

    assignee = official_with_login(commune, "canbo08", "Kiều Văn Tám", phone="0987000111")
    services.create_task(
        commune, title="Kiểm tra hòm thư", due_on=date(2026, 12, 8), official=assignee, by=leader
    )
    time_machine.move_to("2026-12-07 08:00 +07:00")

    call_command("remind_tasks")
    call_command("remind_tasks")

    assert Notification.objects.filter(recipient="0987000111").count() == 1
