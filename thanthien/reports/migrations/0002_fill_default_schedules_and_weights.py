"""The default report dates (seed 001: by 15/6 and 15/12) and ranking weights; provinces add their own."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SEED_001 = "Kế hoạch nhân rộng mô hình của UBND thị xã Duy Tiên ngày 31/12/2020: báo cáo 6 tháng trước 15/6, năm trước 15/12"
WEIGHTS_BASIS = "Trọng số mặc định của hệ thống; tỉnh điều chỉnh theo bộ tiêu chí của mình"


def forward(apps, schema_editor):
    ReportSchedule = apps.get_model("reports", "ReportSchedule")
    RankingWeights = apps.get_model("reports", "RankingWeights")
    start = date(2021, 1, 1)
    ReportSchedule.objects.get_or_create(
        unit=None, kind="six_monthly", valid_from=start,
        defaults={"due_month": 6, "due_day": 15, "remind_days_before": 7, "legal_basis": SEED_001},
    )
    ReportSchedule.objects.get_or_create(
        unit=None, kind="yearly", valid_from=start,
        defaults={"due_month": 12, "due_day": 15, "remind_days_before": 7, "legal_basis": SEED_001},
    )
    RankingWeights.objects.get_or_create(
        unit=None, valid_from=start,
        defaults={
            "on_time": Decimal("30"), "online": Decimal("15"), "satisfaction": Decimal("30"),
            "petitions": Decimal("15"), "reports": Decimal("10"), "overdue_penalty": Decimal("10"),
            "legal_basis": WEIGHTS_BASIS,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_periodic_reports_and_ranking")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
