"""The case loses its clear contact; an identity may be held by reference; a denunciation is never published."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("feedback", "0006_move_contacts_into_the_identity_store")]

    operations = [
        migrations.RemoveConstraint(
            model_name="feedbackitem",
            name="feedback_denunciation_contact_encrypted",
        ),
        migrations.RemoveField(
            model_name="feedbackitem",
            name="contact",
        ),
        migrations.AlterField(
            model_name="senderidentity",
            name="item",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="identity",
                to="feedback.feedbackitem",
                verbose_name="feedback item",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind__in", ["denunciation"]), _negated=True), ("is_published", False), _connector="OR"
                ),
                name="feedback_unpublishable_kind_not_published",
            ),
        ),
    ]
