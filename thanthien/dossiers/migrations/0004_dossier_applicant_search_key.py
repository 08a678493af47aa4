"""The applicant's name folded (no diacritics, lower case), so the tracking book finds it typed without
diacritics; the dossiers already stored get theirs here."""

import unicodedata

from django.db import migrations, models

BATCH = 2000


def _fold(text: str) -> str:
    # Frozen copy of thanthien.core.text.fold_vietnamese: a migration does not import the app's code.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def fill_search_keys(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    rows = Dossier.objects.only("id", "applicant_name").order_by("id")
    batch = []
    for dossier in rows.iterator(chunk_size=BATCH):
        dossier.applicant_search_key = _fold(dossier.applicant_name)
        batch.append(dossier)
        if len(batch) == BATCH:
            Dossier.objects.bulk_update(batch, ["applicant_search_key"])
            batch = []
    if batch:
        Dossier.objects.bulk_update(batch, ["applicant_search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_index_working_dossiers"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="applicant_search_key",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=150,
                verbose_name="applicant, for search",
            ),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
