"""The legal time limits of LAW.md §1a (complaints), §1b (denunciations) and §1c (citizen reception).

Reviewed data, not computed: every database gets the same rows. The laws' plain "ngày" (resolution
periods) is counted as calendar days with the Civil Code end rule (LAW.md §1e, default); whether practice
counts them as working days is not confirmed, so those rows say so in their note and an administrator can
change the counting.
"""

from datetime import date

from django.db import migrations

COMPLAINTS_2011 = date(2012, 7, 1)  # Law 02/2011/QH13 in force
DENUNCIATIONS_2018 = date(2019, 1, 1)  # Law 25/2018/QH14 in force
RECEPTION_2013 = date(2014, 7, 1)  # Law 42/2013/QH13 in force
DECREE_155_2026 = date(2026, 7, 1)  # Decree 155/2026/NĐ-CP with Law 136/2025/QH15

WD, CD = "working_days", "calendar_days"
KN = "Luật Khiếu nại 2011 (số 02/2011/QH13)"
TC = "Luật Tố cáo 2018 (số 25/2018/QH14)"
TCD = "Luật Tiếp công dân 2013 (số 42/2013/QH13)"
PLAIN_DAYS = "Luật ghi “ngày”: tính theo ngày lịch, Bộ luật Dân sự 2015 điều 147–148 ([C] chưa xác nhận cách tính)."
WD_READING = "Luật ghi “10 ngày”; Thông tư 07/2013/TT-TTCP điều 5 đọc là ngày làm việc."

# (case kind, step, instance, area, days, counting, repeats, valid from, legal basis, certainty, note)
ROWS = [
    ("complaint", "accept", "first", "normal", 10, WD, 1, COMPLAINTS_2011,
     f"{KN}, điều 27; Thông tư 07/2013/TT-TTCP, điều 5", "A", WD_READING),
    ("complaint", "accept", "second", "normal", 10, WD, 1, COMPLAINTS_2011,
     f"{KN}, điều 36", "A", WD_READING + " Áp dụng cùng cách đọc cho lần hai ([C])."),
    ("complaint", "accept", "first", "normal", 7, WD, 1, DECREE_155_2026,
     "Nghị định 155/2026/NĐ-CP, điều 10 (sửa điều 16 Nghị định 124/2020/NĐ-CP)", "B-",
     "Chỉ thấy bản chép lại của bên thứ ba; cần đối chiếu Công báo."),
    ("complaint", "accept", "second", "normal", 7, WD, 1, DECREE_155_2026,
     "Nghị định 155/2026/NĐ-CP, điều 10 (sửa điều 16 Nghị định 124/2020/NĐ-CP)", "B-",
     "Chỉ thấy bản chép lại của bên thứ ba; cần đối chiếu Công báo."),
    ("complaint", "resolve", "first", "normal", 30, CD, 1, COMPLAINTS_2011, f"{KN}, điều 28", "A", PLAIN_DAYS),
    ("complaint", "resolve_complex", "first", "normal", 45, CD, 1, COMPLAINTS_2011, f"{KN}, điều 28", "A", PLAIN_DAYS),
    ("complaint", "resolve", "first", "remote", 45, CD, 1, COMPLAINTS_2011, f"{KN}, điều 28", "A", PLAIN_DAYS),
    ("complaint", "resolve_complex", "first", "remote", 60, CD, 1, COMPLAINTS_2011, f"{KN}, điều 28", "A", PLAIN_DAYS),
    ("complaint", "resolve", "second", "normal", 45, CD, 1, COMPLAINTS_2011, f"{KN}, điều 37", "A", PLAIN_DAYS),
    ("complaint", "resolve_complex", "second", "normal", 60, CD, 1, COMPLAINTS_2011, f"{KN}, điều 37", "A", PLAIN_DAYS),
    ("complaint", "resolve", "second", "remote", 60, CD, 1, COMPLAINTS_2011, f"{KN}, điều 37", "A", PLAIN_DAYS),
    ("complaint", "resolve_complex", "second", "remote", 70, CD, 1, COMPLAINTS_2011, f"{KN}, điều 37", "A", PLAIN_DAYS),
    ("complaint", "send_decision", "first", "normal", 3, WD, 1, COMPLAINTS_2011, f"{KN}, điều 32", "A", ""),
    ("denunciation", "initial_handling", "", "normal", 7, WD, 1, DENUNCIATIONS_2018, f"{TC}, điều 24 khoản 1", "A", ""),
    ("denunciation", "initial_handling_extended", "", "normal", 10, WD, 1, DENUNCIATIONS_2018,
     f"{TC}, điều 24 khoản 1 (xác minh ở nhiều nơi hoặc ủy quyền)", "A", ""),
    ("denunciation", "forward", "", "normal", 5, WD, 1, DENUNCIATIONS_2018, f"{TC}, điều 24 khoản 2", "A", ""),
    ("denunciation", "notify", "", "normal", 5, WD, 1, DENUNCIATIONS_2018,
     f"{TC}, điều 29 khoản 3; Nghị định 31/2019/NĐ-CP, điều 9", "A", ""),
    ("denunciation", "resolve", "", "normal", 30, CD, 1, DENUNCIATIONS_2018, f"{TC}, điều 30 khoản 1", "A", PLAIN_DAYS),
    ("denunciation", "extension", "", "normal", 30, CD, 2, DENUNCIATIONS_2018,
     f"{TC}, điều 30 khoản 1 (phức tạp: gia hạn một lần; đặc biệt phức tạp: hai lần); Nghị định 31/2019/NĐ-CP, điều 3",
     "A", PLAIN_DAYS),
    ("reception", "answer_visitor", "", "normal", 10, WD, 1, RECEPTION_2013, f"{TCD}, điều 28 khoản 1", "A", ""),
    ("feedback", "answer", "", "normal", 10, WD, 1, RECEPTION_2013,
     "Quy định xử lý đơn (nay Thông tư 05/2021/TT-TTCP): thụ lý, chuyển, hướng dẫn hoặc lưu", "C",
     "Kiến nghị, phản ánh không có thời hạn giải quyết chung theo luật; 10 ngày làm việc là thông lệ, cần xác nhận."),
]


def forward(apps, schema_editor):
    LegalTimeLimit = apps.get_model("feedback", "LegalTimeLimit")
    for kind, step, instance, area, days, counting, repeats, valid_from, basis, certainty, note in ROWS:
        LegalTimeLimit.objects.get_or_create(
            case_kind=kind,
            step=step,
            instance=instance,
            area=area,
            valid_from=valid_from,
            defaults={
                "days": days,
                "counting": counting,
                "repeats": repeats,
                "legal_basis": basis,
                "certainty": certainty,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial_feedback")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
