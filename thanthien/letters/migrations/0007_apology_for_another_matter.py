"""An apology letter for another matter than a late dossier, written by staff; its default template
(letters/data/templates/apology_other.docx, Decree 30/2020 layout) is in force from the same day as the
other defaults."""

from datetime import date

from django.db import migrations, models


DECREE_30 = "Nghị định 30/2020/NĐ-CP ngày 05/03/2020 về công tác văn thư, Phụ lục I (thể thức văn bản)"


def add_default_template(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.get_or_create(
        kind="apology_other",
        commune=None,
        valid_from=date(2020, 3, 5),
        defaults={"symbol": "TXL-UBND", "legal_basis": DECREE_30, "file_name": "apology_other.docx"},
    )


def remove_default_template(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.filter(kind="apology_other", commune=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0006_existing_thanks_letters_name_no_one"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="letter",
            name="letter_kind_is_a_letter",
        ),
        migrations.AlterField(
            model_name="letter",
            name="kind",
            field=models.CharField(
                choices=[
                    ("apology", "Apology letter"),
                    ("apology_other", "Apology letter (another matter)"),
                    ("thanks", "Thank-you letter"),
                    ("congratulations_birth", "Congratulations on a birth"),
                    ("congratulations_marriage", "Congratulations on a marriage"),
                    ("new_year", "New Year letter"),
                    ("condolence", "Condolence letter"),
                ],
                max_length=30,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="kind",
            field=models.CharField(
                choices=[
                    ("apology", "Apology letter"),
                    ("apology_other", "Apology letter (another matter)"),
                    ("thanks", "Thank-you letter"),
                    ("congratulations_birth", "Congratulations on a birth"),
                    ("congratulations_marriage", "Congratulations on a marriage"),
                    ("new_year", "New Year letter"),
                    ("condolence", "Condolence letter"),
                    ("receipt", "Receipt and appointment"),
                    ("supplement_request", "Supplement request"),
                    ("rejection", "Rejection slip"),
                    ("postponement_slip", "Apology slip with a new date"),
                ],
                max_length=30,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "apology",
                            "apology_other",
                            "thanks",
                            "congratulations_birth",
                            "congratulations_marriage",
                            "new_year",
                            "condolence",
                        ],
                    )
                ),
                name="letter_kind_is_a_letter",
            ),
        ),
        migrations.RunPython(add_default_template, remove_default_template),
    ]
