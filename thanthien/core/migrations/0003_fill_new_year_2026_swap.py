"""Add the New Year 2026 swap the `holidays` package does not know: Friday 2/1 off, Saturday 10/1 worked."""

from datetime import date

from django.db import migrations

# Reported from VPCP document 12729/VPCP-KGVX of 25/12/2025 (Deputy PM's approval of the Ministry of Home
# Affairs' proposal); seen only in a secondary source, so the legal basis says it must be checked.
LEGAL_BASIS = "Văn bản 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (nguồn thứ cấp, cần đối chiếu)"
ROWS = [
    (date(2026, 1, 2), "day_off", "Nghỉ Tết Dương lịch 2026 (hoán đổi sang thứ Bảy 10/01/2026)"),
    (date(2026, 1, 10), "working_day", "Làm bù cho ngày nghỉ 02/01/2026"),
]


def forward(apps, schema_editor):
    CalendarAdjustment = apps.get_model("core", "CalendarAdjustment")
    for day, kind, name in ROWS:
        CalendarAdjustment.objects.get_or_create(date=day, defaults={"kind": kind, "name": name, "legal_basis": LEGAL_BASIS})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_fill_calendar_adjustments")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
