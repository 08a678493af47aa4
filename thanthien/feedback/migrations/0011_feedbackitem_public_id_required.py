from django.db import migrations, models

import thanthien.feedback.models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0010_feedbackitem_public_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="feedbackitem",
            name="public_id",
            field=models.CharField(
                default=thanthien.feedback.models.new_public_id,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="public number",
            ),
        ),
    ]
