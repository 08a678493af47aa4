"""The dossier app's dates end in `_on` (STYLE §9): due_date → due_on, statutory_due_date → statutory_due_on,
step_due_date → step_due_on, old/new_due_date → old/new_due_on.

Only Django's idea of the fields changes: every column keeps its name (db_column), so the database is not
touched (no table rebuild on SQLite, which would drop the count triggers; their SQL names these columns).
The indexes and constraints keep their names and columns; they are re-stated under the new field names.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_dossier_applicant_gender"),
        ("procedures", "0005_commune_procedure_and_national_code"),
        ("units", "0007_village_front_member"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="dossier",
                    name="dossier_due_not_before_legal",
                ),
                migrations.RemoveConstraint(
                    model_name="postponement",
                    name="postponement_moves_later",
                ),
                migrations.RemoveIndex(
                    model_name="dossier",
                    name="dossier_commune_status_due",
                ),
                migrations.RemoveIndex(
                    model_name="dossier",
                    name="dossier_working_received",
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="due_date",
                    field=models.DateField(db_column="due_date", verbose_name="due date"),
                ),
                migrations.RenameField(
                    model_name="dossier",
                    old_name="due_date",
                    new_name="due_on",
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="statutory_due_date",
                    field=models.DateField(db_column="statutory_due_date", verbose_name="legal due date"),
                ),
                migrations.RenameField(
                    model_name="dossier",
                    old_name="statutory_due_date",
                    new_name="statutory_due_on",
                ),
                migrations.AlterField(
                    model_name="handover",
                    name="step_due_date",
                    field=models.DateField(db_column="step_due_date", verbose_name="step due date"),
                ),
                migrations.RenameField(
                    model_name="handover",
                    old_name="step_due_date",
                    new_name="step_due_on",
                ),
                migrations.AlterField(
                    model_name="postponement",
                    name="new_due_date",
                    field=models.DateField(db_column="new_due_date", verbose_name="new due date"),
                ),
                migrations.RenameField(
                    model_name="postponement",
                    old_name="new_due_date",
                    new_name="new_due_on",
                ),
                migrations.AlterField(
                    model_name="postponement",
                    name="old_due_date",
                    field=models.DateField(db_column="old_due_date", verbose_name="old due date"),
                ),
                migrations.RenameField(
                    model_name="postponement",
                    old_name="old_due_date",
                    new_name="old_due_on",
                ),
                migrations.AddIndex(
                    model_name="dossier",
                    index=models.Index(
                        fields=["commune", "status", "due_on"], name="dossier_commune_status_due"
                    ),
                ),
                migrations.AddIndex(
                    model_name="dossier",
                    index=models.Index(
                        condition=models.Q(("status__in", ["received", "in_progress"])),
                        fields=["received_at"],
                        include=("id", "commune", "due_on"),
                        name="dossier_working_received",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="dossier",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("due_on__gte", models.F("statutory_due_on"))),
                        name="dossier_due_not_before_legal",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="postponement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("new_due_on__gt", models.F("old_due_on"))),
                        name="postponement_moves_later",
                    ),
                ),
            ],
        ),
    ]
