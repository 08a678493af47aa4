"""The triggers that keep DossierCount and RatingCount exact, and a first count of the rows already there."""

from django.db import migrations


def install(apps, schema_editor):
    from thanthien.reports import summaries

    summaries.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from thanthien.reports import summaries

    summaries.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_dossier_and_rating_counts"),
        ("dossiers", "0002_fill_intake_rules"),
        ("ratings", "0004_survey_campaigns"),
    ]
    operations = [migrations.RunPython(install, uninstall)]
