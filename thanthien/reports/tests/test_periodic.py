"""Periodic reports: due dates per province as data, last period's text offered, submission, reminders."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from thanthien.notifications.models import Notification
from thanthien.reports import periods, services
from thanthien.reports.models import PeriodicReport, ReportSchedule
from thanthien.units.models import Official

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def seed_002_dates(province):
    for kind, month, day in (("six_monthly", 5, 30), ("yearly", 11, 15)):
        ReportSchedule.objects.create(
            unit=province,
            kind=kind,
            due_month=month,
            due_day=day,
            remind_days_before=5,
            valid_from=date(2024, 1, 1),
            legal_basis="Kế hoạch 2024 của UBND xã (seed 002)",
        )


def test_a_province_without_its_own_dates_uses_15_june_and_15_december(commune):
    assert services.due_on(commune, "six_monthly", 2026) == date(2026, 6, 15)
    assert services.due_on(commune, "yearly", 2026) == date(2026, 12, 15)


def test_a_province_that_set_its_own_dates_uses_them(province, commune):
    seed_002_dates(province)

    assert services.due_on(commune, "six_monthly", 2026) == date(2026, 5, 30)
    assert services.due_on(commune, "yearly", 2026) == date(2026, 11, 15)


def test_a_new_report_starts_from_last_periods_text(commune, leader):
    first = services.start_report(commune, kind="six_monthly", year=2026, by=leader)
    services.update_report(
        first, by=leader, situation="Xã thuần nông, 5 thôn.", strengths="Trả hồ sơ đúng hạn."
    )

    second = services.start_report(commune, kind="yearly", year=2027, by=leader)

    assert second.situation == "Xã thuần nông, 5 thôn." and second.strengths == "Trả hồ sơ đúng hạn."
    assert services.start_report(commune, kind="yearly", year=2027, by=leader) == second


def test_only_the_communes_leaders_write_a_report(commune, officer, outsider_officer):
    with pytest.raises(PermissionDenied):
        services.start_report(commune, kind="yearly", year=2026, by=officer)
    with pytest.raises(PermissionDenied):
        services.start_report(commune, kind="yearly", year=2026, by=outsider_officer)


def test_a_report_is_submitted_once_with_its_texts_and_the_province_sees_it_on_time(commune, leader):
    report = services.start_report(commune, kind="six_monthly", year=2026, by=leader)
    with pytest.raises(ValidationError):
        services.submit_report(report, by=leader)
    services.update_report(
        report, by=leader, situation="Tình hình chung.", strengths="Ưu điểm.", tasks_ahead="Nhiệm vụ."
    )

    with time_machine.travel(datetime(2026, 6, 12, 10, tzinfo=VN), tick=False):
        report = services.submit_report(report, by=leader)

    assert report.status == PeriodicReport.Status.SUBMITTED and report.is_submitted_on_time is True
    with pytest.raises(ValidationError):
        services.update_report(report, by=leader, situation="Sửa sau khi nộp")


def test_reminders_go_to_the_leaders_in_the_window_once_and_not_after_submission(province, commune, leader):
    seed_002_dates(province)
    Official.objects.create(
        unit=commune,
        user=leader,
        full_name=leader.full_name,
        title="Chủ tịch",
        phone="0912111222",
        is_leader=True,
    )

    early = services.sweep_report_reminders(date(2026, 5, 20))
    due_soon = services.sweep_report_reminders(date(2026, 5, 26))
    again = services.sweep_report_reminders(date(2026, 5, 27))

    assert (early, due_soon) == (0, 1)
    assert Notification.objects.filter(dedupe_key__startswith="report-reminder:").count() == 1
    assert "30/05/2026" in Notification.objects.get().body and again == 1  # the same key: nothing new queued


def test_the_word_document_has_the_decree_30_parts_in_times_new_roman(commune, leader):
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)
    report = services.update_report(
        report,
        by=leader,
        number="12/BC-UBND",
        situation="Xã có 5 thôn.",
        strengths="Đúng hẹn.",
        tasks_ahead="Duy trì mô hình.",
        proposals="Cấp kinh phí.",
        signer_name="Nguyễn Văn Chủ Tịch",
        recipients="- UBND tỉnh (b/c);\n- Lưu: VT.",
    )

    document = Document(io.BytesIO(services.report_document(report)))

    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert "ỦY BAN NHÂN DÂN" in header[0] and "XÃ HOẰNG CÁT" in header[0] and "Số: 12/BC-UBND" in header[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1] and "Độc lập - Tự do - Hạnh phúc" in header[1]
    assert "Hoằng Cát, ngày 15 tháng 12 năm 2026" in header[1]
    text = [paragraph.text for paragraph in document.paragraphs]
    for heading in (
        "BÁO CÁO",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text
    signature = [cell.text for cell in document.tables[-1].rows[0].cells]
    assert "Nơi nhận:" in signature[0] and "UBND tỉnh (b/c);" in signature[0]
    assert "TM. ỦY BAN NHÂN DÂN" in signature[1] and "Nguyễn Văn Chủ Tịch" in signature[1]
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_the_reminder_window_is_a_pure_rule():
    assert periods.needs_reminder(date(2026, 6, 15), date(2026, 6, 8), 7, None)
    assert not periods.needs_reminder(date(2026, 6, 15), date(2026, 6, 7), 7, None)
    assert not periods.needs_reminder(date(2026, 6, 15), date(2026, 6, 16), 7, None)
    assert periods.due_date(2026, 6, 31) == date(2026, 6, 30)
