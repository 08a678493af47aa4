"""The one-stop rule sets in force: Decree 61/2018 as amended by 107/2021, then Decree 118/2025.

LAW.md §1d marks the article-level rules [C] (from general knowledge): the same numbers are carried into
the 2025 rule set until an administrator checks them against Decree 118/2025 and Circular 03/2025.
"""

from datetime import date, time

from django.db import migrations

RULE_SETS = [
    (
        date(2018, 6, 21),
        "Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021/NĐ-CP (hẹn lại ngày trả một lần; "
        "yêu cầu bổ sung một lần mỗi cơ quan; xin lỗi chậm nhất 01 ngày trước hạn)",
    ),
    (
        date(2025, 7, 1),
        "Nghị định 118/2025/NĐ-CP (giữ các mức của Nghị định 61/2018 và 107/2021 — cần đối chiếu "
        "với Nghị định 118/2025 và Thông tư 03/2025/TT-VPCP)",
    ),
]


def forward(apps, schema_editor):
    IntakeRule = apps.get_model("dossiers", "IntakeRule")
    for valid_from, legal_basis in RULE_SETS:
        IntakeRule.objects.get_or_create(
            valid_from=valid_from,
            defaults={
                "legal_basis": legal_basis,
                "office_opens": time(7, 0),
                "office_closes": time(17, 0),
                "paper_cutoff": time(15, 0),
                "online_after_hours_next_day": True,
                "clock_stops_for_supplement": True,
                "apology_days_before_due": 1,
                "max_postponements": 1,
                "max_supplement_requests": 1,
                "at_risk_days": 1,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial_dossiers")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
