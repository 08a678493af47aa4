import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0007_identity_by_reference_and_no_published_denunciation"),
        ("reception", "0002_fill_meeting_duties"),
    ]

    operations = [
        migrations.AddField(
            model_name="receptionrecord",
            name="identity",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reception_records",
                to="feedback.senderidentity",
                verbose_name="visitor's identity (encrypted)",
            ),
        ),
    ]
