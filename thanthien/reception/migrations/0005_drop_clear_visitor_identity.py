import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reception", "0004_move_visitors_into_the_identity_store")]

    operations = [
        migrations.RemoveField(model_name="receptionrecord", name="visitor_address"),
        migrations.RemoveField(model_name="receptionrecord", name="visitor_name"),
        migrations.AlterField(
            model_name="receptionrecord",
            name="identity",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reception_records",
                to="feedback.senderidentity",
                verbose_name="visitor's identity (encrypted)",
            ),
        ),
    ]
