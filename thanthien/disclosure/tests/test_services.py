from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thanthien.disclosure import calendar, queries, services
from thanthien.disclosure.models import DisclosureFile, DisclosureItem, ItemQuestion, Place
from thanthien.disclosure.tests.factories import budget, item, pdf
from thanthien.feedback.models import FeedbackItem
from thanthien.notifications.models import Notification
from thanthien.reports.figures import figures
from thanthien.units.models import Official


def test_an_item_is_due_within_the_days_of_its_obligation():
    assert calendar.due_on(date(2026, 1, 5), 30) == date(2026, 2, 4)
    assert calendar.due_on(date(2026, 1, 5), None) is None


def test_a_posting_shorter_than_the_minimum_is_too_brief():
    assert calendar.is_too_brief(date(2026, 1, 1), date(2026, 1, 29), 30)
    assert not calendar.is_too_brief(date(2026, 1, 1), date(2026, 1, 30), 30)
    assert not calendar.is_too_brief(date(2026, 1, 1), None, 30)


def test_publication_state_of_items():
    due = date(2026, 2, 4)
    assert calendar.publication_state(due, date(2026, 2, 4), date(2026, 3, 1)) == calendar.ON_TIME
    assert calendar.publication_state(due, date(2026, 2, 5), date(2026, 3, 1)) == calendar.LATE
    assert calendar.publication_state(due, None, date(2026, 2, 5)) == calendar.OVERDUE
    assert calendar.publication_state(due, None, date(2026, 2, 4)) == calendar.DUE


@pytest.mark.django_db
def test_officer_publishes_an_item_with_a_pdf_and_its_due_day_from_the_obligation(commune, officer):
    published = item(commune, officer, files=[pdf()])

    assert published.due_on == date(2026, 2, 4)
    assert published.min_posting_days == budget().min_posting_days == 90
    assert published.files.get().content_type == "application/pdf"
    assert "du toan ngan sach" in published.search_key


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "chỉ được đính kèm"),
        (SimpleUploadedFile("gia-mao.pdf", b"<html>not a pdf</html>"), "không thực sự là tệp PDF"),
    ],
)
def test_a_wrong_file_is_refused_in_vietnamese_and_nothing_is_saved(commune, officer, upload, message):
    with pytest.raises(ValidationError) as refused:
        item(commune, officer, files=[pdf(), upload])

    assert message in " ".join(refused.value.messages)
    assert not DisclosureItem.objects.exists()
    assert not DisclosureFile.objects.exists()


@pytest.mark.django_db
def test_an_oversized_file_is_refused(commune, officer, settings):
    settings.DISCLOSURE_MAX_FILE_MB = 1
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))

    with pytest.raises(ValidationError) as refused:
        item(commune, officer, files=[big])

    assert "lớn hơn 1 MB" in " ".join(refused.value.messages)
    assert not DisclosureItem.objects.exists()


@pytest.mark.django_db
def test_an_officer_of_another_commune_may_not_publish(commune, outsider_officer):
    with pytest.raises(PermissionDenied):
        item(commune, outsider_officer)


@pytest.mark.django_db
def test_late_and_too_brief_postings_are_counted_in_the_figures(commune, officer):
    on_time = item(commune, officer, title="Đúng hạn")
    services.record_posting(on_time, by=officer, place=Place.COMMUNE_OFFICE, posted_on=date(2026, 2, 1))
    late = item(commune, officer, title="Muộn")
    services.record_posting(late, by=officer, place=Place.WEBSITE, posted_on=date(2026, 2, 10))
    brief = item(commune, officer, title="Gỡ sớm")
    posting = services.record_posting(
        brief, by=officer, place=Place.COMMUNE_OFFICE, posted_on=date(2026, 1, 10)
    )
    services.take_down_posting(posting, by=officer, taken_down_on=date(2026, 2, 1))
    item(commune, officer, title="Chưa đăng")

    counted = figures(commune, date(2026, 2, 1), date(2026, 2, 28), today=date(2026, 3, 1))["disclosure"]

    assert counted == {"due": 4, "published_on_time": 2, "late": 1, "overdue": 1, "too_brief": 1, "posted": 2}
    january = figures(commune, date(2026, 1, 1), date(2026, 1, 31), today=date(2026, 3, 1))
    assert january["disclosure"]["posted"] == 1  # posted in January although due in February
    assert january["disclosure"]["due"] == 0
    calendar_list = queries.calendar_items(commune, date(2026, 3, 1))
    assert [i.title for i in calendar_list["overdue"]] == ["Chưa đăng"]
    assert [i.title for i in calendar_list["too_brief"]] == ["Gỡ sớm"]


@pytest.mark.django_db
def test_a_question_about_an_item_arrives_as_feedback_linked_to_it(commune, officer):
    published = item(commune, officer)

    feedback = services.ask_about_item(published, question="Khoản chi sửa đường là bao nhiêu?")

    assert feedback.kind == FeedbackItem.Kind.QUESTION
    assert feedback.unit == commune
    assert "Dự toán ngân sách xã năm 2026" in feedback.content
    assert ItemQuestion.objects.get(item=published).feedback == feedback


@pytest.mark.django_db
def test_search_finds_items_without_diacritics(commune, officer):
    item(commune, officer, title="Quyết toán ngân sách 2025")
    item(commune, officer, title="Kế hoạch sử dụng đất")

    found = queries.search_items(DisclosureItem.objects.all(), "quyet toan")

    assert [i.title for i in found] == ["Quyết toán ngân sách 2025"]


@pytest.mark.django_db
def test_leaders_are_reminded_once_of_a_due_then_once_of_an_overdue_item(commune, officer, leader):
    Official.objects.create(
        unit=commune, user=leader, full_name="Chủ Tịch", title="Chủ tịch", phone="0912000999", is_leader=True
    )
    due = item(commune, officer, title="Dự toán quý I")  # due on 04/02/2026

    remind = services.remind_due_disclosures
    soon = remind(date(2026, 2, 2)) + remind(date(2026, 2, 3))
    late = remind(date(2026, 2, 5)) + remind(date(2026, 2, 6))

    assert (soon, late) == (2, 2)  # counted per run; the outbox keeps one message per item and state
    bodies = sorted(Notification.objects.filter(recipient="0912000999").values_list("body", flat=True))
    assert len(bodies) == 2
    assert "Quá hạn công khai" in bodies[0] and "04/02/2026" in bodies[0]
    assert "Sắp đến hạn công khai" in bodies[1] and "Dự toán quý I" in bodies[1]
    services.record_posting(due, by=officer, place=Place.WEBSITE, posted_on=date(2026, 2, 7))
    assert services.remind_due_disclosures(date(2026, 2, 8)) == 0
