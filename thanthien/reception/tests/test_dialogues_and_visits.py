"""Dialogue conferences and their commitments, the yearly duty, the Word minutes, and field visits."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from conftest import make_person
from thanthien.feedback.models import FeedbackItem
from thanthien.reception import minutes, queries, services
from thanthien.reception.models import DialogueCommitment
from thanthien.reception.tests.conftest import plan_dialogue, visit_village
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_december_2026():
    with time_machine.travel(date(2026, 12, 1)):
        yield


def test_a_year_without_a_commune_dialogue_is_flagged_and_a_held_one_clears_it(commune, leader, chairman):
    commune.valid_from = date(2025, 7, 1)
    dialogue = plan_dialogue(commune, leader, chairman)

    before = queries.missed_dialogue_years(commune, date(2027, 1, 5))
    services.record_dialogue_held(dialogue, by=leader, held_on=date(2026, 6, 15), attendance=120)
    after = queries.missed_dialogue_years(commune, date(2027, 1, 5))

    assert [(year.year, year.held, year.required) for year in before] == [(2025, 0, 1), (2026, 0, 1)]
    assert [year.year for year in after] == [2025]


def test_village_conferences_do_not_meet_the_communes_yearly_duty(commune, leader, chairman, villages):
    commune.valid_from = date(2026, 1, 1)
    village_meeting = plan_dialogue(
        commune, leader, chairman, level="village", village=villages[0], title="Họp thôn 1"
    )
    services.record_dialogue_held(village_meeting, by=leader, held_on=date(2026, 5, 1))

    years = queries.dialogue_years(commune, date(2026, 12, 1))

    assert [(y.year, y.held, y.is_past, y.is_missing) for y in years] == [(2026, 0, False, True)]


def test_a_village_conference_names_its_village_and_a_commune_one_does_not(
    commune, leader, chairman, villages
):
    with pytest.raises(ValidationError):
        plan_dialogue(commune, leader, chairman, level="village")
    with pytest.raises(ValidationError):
        plan_dialogue(commune, leader, chairman, village=villages[0])


def test_the_fatherland_front_plans_a_dialogue_but_a_desk_officer_may_not(
    commune, chairman, officer, fatherland_front
):
    front = make_person("mttq", commune, Role.SUPERVISOR)

    dialogue = plan_dialogue(commune, front, chairman, offices=[fatherland_front])

    assert list(dialogue.offices.all()) == [fatherland_front]
    with pytest.raises(PermissionDenied):
        plan_dialogue(commune, officer, chairman)


def test_a_commitment_is_followed_until_its_owner_marks_it_done(commune, leader, chairman, secretary):
    dialogue = plan_dialogue(commune, leader, chairman)
    services.record_dialogue_held(dialogue, by=leader, held_on=date(2026, 6, 15))
    issue = services.add_dialogue_issue(
        dialogue,
        by=leader,
        raised_by="Thôn 3",
        content="Đường liên thôn xuống cấp",
        answer="Xã đưa vào kế hoạch sửa chữa quý III",
        answered_by=chairman,
    )
    late = services.add_dialogue_commitment(
        dialogue,
        by=leader,
        content="Sửa đường liên thôn 3",
        owner=chairman,
        due_on=date(2026, 9, 30),
        issue=issue,
    )
    soon = services.add_dialogue_commitment(
        dialogue, by=leader, content="Lắp đèn đường thôn 2", owner=secretary, due_on=date(2026, 12, 20)
    )
    services.add_dialogue_commitment(
        dialogue, by=leader, content="Nạo vét kênh", owner=secretary, due_on=date(2027, 3, 1)
    )

    due = list(queries.open_commitments(DialogueCommitment.objects.all(), date(2026, 12, 1)))
    services.complete_commitment(late, by=leader, result="Đã rải nhựa 1,2 km", done_on=date(2026, 11, 20))
    late.refresh_from_db()

    assert due == [late, soon]
    assert late.is_overdue(date(2026, 12, 1)) is False
    assert (late.status, late.done_on) == ("done", date(2026, 11, 20))
    assert list(queries.open_commitments(DialogueCommitment.objects.all(), date(2026, 12, 1))) == [soon]
    with pytest.raises(ValidationError):
        services.complete_commitment(late, by=leader, result="lần hai")


def test_a_commitment_needs_an_official_of_the_commune_and_a_due_date_after_the_conference(
    commune, other_commune, leader, chairman
):
    from thanthien.units.models import Official

    dialogue = plan_dialogue(commune, leader, chairman)
    stranger = Official.objects.create(unit=other_commune, full_name="Người Xã Khác", title="Công chức")

    with pytest.raises(ValidationError):
        services.add_dialogue_commitment(
            dialogue, by=leader, content="x", owner=stranger, due_on=date(2026, 7, 1)
        )
    with pytest.raises(ValidationError):
        services.add_dialogue_commitment(
            dialogue, by=leader, content="x", owner=chairman, due_on=date(2026, 6, 1)
        )


def test_an_issue_raised_at_a_dialogue_becomes_one_feedback_item(commune, leader, chairman, villages):
    dialogue = plan_dialogue(
        commune, leader, chairman, level="village", village=villages[1], title="Đối thoại thôn 2"
    )
    issue = services.add_dialogue_issue(
        dialogue, by=leader, raised_by="Hội Nông dân", content="Thiếu nước tưới"
    )

    first = services.send_dialogue_issue_to_feedback(issue, by=leader, topic="infrastructure")
    second = services.send_dialogue_issue_to_feedback(issue, by=leader)

    assert first == second
    assert (first.channel, first.village, first.is_anonymous) == ("dialogue", villages[1], True)


def test_the_minutes_open_in_word_with_the_decree_30_header(
    commune, leader, chairman, fatherland_front, villages
):
    dialogue = plan_dialogue(commune, leader, chairman, offices=[fatherland_front], villages=villages[:2])
    dialogue = services.record_dialogue_held(dialogue, by=leader, held_on=date(2026, 6, 5), attendance=150)
    issue = services.add_dialogue_issue(
        dialogue, by=leader, raised_by="Thôn 1", content="Ô nhiễm chuồng trại"
    )
    services.add_dialogue_commitment(
        dialogue,
        by=leader,
        content="Kiểm tra các hộ chăn nuôi",
        owner=chairman,
        due_on=date(2026, 7, 5),
        issue=issue,
    )

    document = Document(BytesIO(minutes.minutes_docx(dialogue)))

    header = document.tables[0].rows[0].cells
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert [p.text for p in header[0].paragraphs] == ["ỦY BAN NHÂN DÂN", "XÃ HOẰNG CÁT"]
    assert [p.text for p in header[1].paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hoằng Cát, ngày 05 tháng 6 năm 2026",
    ]
    assert "BIÊN BẢN HỘI NGHỊ ĐỐI THOẠI" in texts
    assert any("Ủy ban MTTQ xã Hoằng Cát" in text and "Thôn 1" in text for text in texts)
    assert any(text == "1. Thôn 1: Ô nhiễm chuồng trại" for text in texts)
    commitments = document.tables[1]
    assert [cell.text for cell in commitments.rows[1].cells] == [
        "1",
        "Kiểm tra các hộ chăn nuôi",
        "Nguyễn Văn Chủ Tịch",
        "05/07/2026",
    ]
    fonts = {run.font.name for paragraph in document.paragraphs for run in paragraph.runs}
    assert fonts == {"Times New Roman"}
    assert header[1].paragraphs[1].runs[0].bold and header[1].paragraphs[1].runs[0].underline
    assert header[1].paragraphs[2].runs[0].italic


def test_what_a_field_visit_raises_becomes_feedback_items_of_its_village(commune, leader, chairman, villages):
    visit = visit_village(
        commune, leader, villages[2], chairman, purpose="Kiểm tra tiến độ làm đường giao thông nông thôn"
    )

    issue = services.add_field_visit_issue(
        visit, by=leader, content="Mương thoát nước bị tắc", topic="environment"
    )

    item = issue.feedback_item
    assert (item.channel, item.kind, item.village, item.received_on) == (
        "field_visit",
        "reflection",
        villages[2],
        date(2026, 11, 26),
    )
    assert FeedbackItem.objects.filter(channel="field_visit").count() == 1


def test_a_field_visit_issue_cannot_be_a_complaint_without_a_complainant(commune, leader, chairman, villages):
    visit = visit_village(commune, leader, villages[0], chairman)

    with pytest.raises(ValidationError):
        services.add_field_visit_issue(visit, by=leader, content="Khiếu nại", kind="complaint")
    assert not FeedbackItem.objects.exists()


def test_a_field_visit_to_another_communes_village_is_refused(commune, other_commune, leader, chairman):
    from conftest import make_unit

    foreign = make_unit("38-hx-1", "Thôn Xuân 1", "village", other_commune)

    with pytest.raises(ValidationError):
        visit_village(commune, leader, foreign, chairman, purpose="x")
