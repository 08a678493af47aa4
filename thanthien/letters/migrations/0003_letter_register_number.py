from django.db import migrations, models


class Migration(migrations.Migration):
    """Letter.number becomes Letter.register_number (số vào sổ), the glossary's name; the data stays."""

    dependencies = [("letters", "0002_fill_default_templates")]

    operations = [
        migrations.RemoveConstraint(model_name="letter", name="letter_unique_number_per_year"),
        migrations.RemoveConstraint(model_name="letter", name="letter_numbered_exactly_when_issued"),
        migrations.RenameField(model_name="letter", old_name="number", new_name="register_number"),
        migrations.AlterField(
            model_name="letter",
            name="register_number",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="number in the register"),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.UniqueConstraint(
                condition=models.Q(("register_number__isnull", False)),
                fields=("commune", "year", "register_number"),
                name="letter_unique_number_per_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("issued_on__isnull", False), ("register_number__isnull", False), ("status", "issued")),
                    models.Q(models.Q(("status", "issued"), _negated=True), ("register_number__isnull", True)),
                    _connector="OR",
                ),
                name="letter_numbered_exactly_when_issued",
            ),
        ),
    ]
