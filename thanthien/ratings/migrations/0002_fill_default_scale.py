"""The default four-level scale used on kiosks and portals (LAW.md §3): only "Không hài lòng" is dissatisfied."""

from datetime import date

from django.db import migrations

LEVELS = [
    (4, "Rất hài lòng", "satisfied", True),
    (3, "Hài lòng", "satisfied", False),
    (2, "Bình thường", "neutral", False),
    (1, "Không hài lòng", "dissatisfied", False),
]


def forward(apps, schema_editor):
    RatingScale = apps.get_model("ratings", "RatingScale")
    RatingLevel = apps.get_model("ratings", "RatingLevel")
    scale, created = RatingScale.objects.get_or_create(
        unit=None,
        valid_from=date(2018, 6, 21),
        defaults={
            "name": "Thang 4 mức (Rất hài lòng, Hài lòng, Bình thường, Không hài lòng)",
            "legal_basis": "Thang đo thường dùng trên kiosk, cổng dịch vụ công; mức được tính là hài lòng "
            "theo Quyết định 766/QĐ-TTg (chỉ “Không hài lòng” là không hài lòng)",
        },
    )
    if created:
        for value, label, sentiment, is_top in LEVELS:
            RatingLevel.objects.create(scale=scale, value=value, label=label, sentiment=sentiment, is_top=is_top)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial_ratings")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
