from django.db import migrations


class Migration(migrations.Migration):
    """Dates end in `_on` (README, "Names")."""

    dependencies = [("assessment", "0001_criteria_sets_and_self_assessments")]

    operations = [migrations.RenameField("selfassessment", "return_due", "return_due_on")]
