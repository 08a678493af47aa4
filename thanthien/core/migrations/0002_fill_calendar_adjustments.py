"""Pre-fill the calendar adjustments with the make-up working Saturdays (làm bù) announced for 2015–2040."""

from datetime import date

from django.db import migrations

# Reviewed data, not computed at migrate time, so every database gets the same rows. It lists every swap
# the `holidays` package (0.109) names for the calendar's years: the package marks the weekday given off
# ("substituted from <Saturday>") but does not know the Saturday as a working day, so the Saturday is kept
# here. core/tests/test_calendar_command.py fails when a newer package names a swap missing from the table:
# add it in a new data migration. Where the announcing document's number was not verified, the legal basis
# says so instead of guessing one.
_NUMBER_TO_ADD = "cần bổ sung số văn bản"
MAKE_UP_DAYS = [
    # (Saturday worked, weekday given off in exchange, legal basis)
    (
        date(2014, 12, 27),
        date(2015, 1, 2),
        f"Hoán đổi ngày làm việc dịp Tết Dương lịch 2015 cho cán bộ, công chức, viên chức ({_NUMBER_TO_ADD})",
    ),
    (
        date(2015, 2, 14),
        date(2015, 2, 16),
        f"Hoán đổi ngày làm việc dịp Tết Nguyên đán 2015 cho cán bộ, công chức, viên chức ({_NUMBER_TO_ADD})",
    ),
    (
        date(2015, 4, 25),
        date(2015, 4, 29),
        f"Hoán đổi ngày làm việc dịp lễ 30/4–1/5/2015 cho cán bộ, công chức, viên chức ({_NUMBER_TO_ADD})",
    ),
    (
        date(2019, 1, 5),
        date(2018, 12, 31),
        "Công văn 6519/VPCP-KGVX năm 2018 của Văn phòng Chính phủ về lịch nghỉ lễ, Tết năm 2019 "
        "của cán bộ, công chức, viên chức",
    ),
    (
        date(2019, 5, 4),
        date(2019, 4, 29),
        "Công văn 6519/VPCP-KGVX năm 2018 của Văn phòng Chính phủ về lịch nghỉ lễ, Tết năm 2019 "
        "của cán bộ, công chức, viên chức",
    ),
    (
        date(2024, 5, 4),
        date(2024, 4, 29),
        "Công văn 2450/VPCP-KGVX ngày 12/4/2024 của Văn phòng Chính phủ về hoán đổi ngày làm việc "
        "dịp lễ 30/4–1/5/2024",
    ),
    (
        date(2025, 4, 26),
        date(2025, 5, 2),
        f"Hoán đổi ngày làm việc dịp lễ 30/4–1/5/2025 được Thủ tướng Chính phủ đồng ý ({_NUMBER_TO_ADD})",
    ),
    (
        date(2026, 8, 22),
        date(2026, 8, 31),
        f"Thông báo của Bộ Nội vụ về lịch nghỉ lễ Quốc khánh 2/9/2026 ({_NUMBER_TO_ADD})",
    ),
]


def forward(apps, schema_editor):
    CalendarAdjustment = apps.get_model("core", "CalendarAdjustment")
    for make_up_day, day_off, legal_basis in MAKE_UP_DAYS:
        # get_or_create: never overwrite a row an administrator already keeps for that date.
        CalendarAdjustment.objects.get_or_create(
            date=make_up_day,
            defaults={
                "kind": "working_day",
                "name": f"Làm bù cho ngày nghỉ {day_off:%d/%m/%Y}",
                "legal_basis": legal_basis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial_audit_and_calendar"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
