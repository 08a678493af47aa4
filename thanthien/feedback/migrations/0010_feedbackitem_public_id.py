"""Every case gets a public number (Open311's service_request_id): not the tracking code, which opens its look-up.

Added empty and filled row by row (one value per row); 0010 then makes it required, in its own transaction
(PostgreSQL refuses to alter a table with pending trigger events after an update). A callable default on
AddField would give every existing row the same value.
"""

import secrets

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    batch = []
    for item in FeedbackItem.objects.filter(public_id__isnull=True).only("pk").iterator(chunk_size=2000):
        item.public_id = secrets.token_hex(6)
        batch.append(item)
        if len(batch) >= 2000:
            FeedbackItem.objects.bulk_update(batch, ["public_id"])
            batch = []
    FeedbackItem.objects.bulk_update(batch, ["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0009_public_feedback_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackitem",
            name="public_id",
            field=models.CharField(
                editable=False, max_length=16, null=True, unique=True, verbose_name="public number"
            ),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
    ]
