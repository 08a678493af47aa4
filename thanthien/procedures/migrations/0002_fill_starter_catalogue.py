"""Load the starter catalogue of common commune procedures (procedures/data/starter_catalogue.json).

A procedure whose code is already there is left as it is: an administrator's edits are never overwritten.
Migrations must not import app code, so the diacritics folding of core.text is copied here.
"""

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "starter_catalogue.json"


def fold(text):
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def fill_starter_catalogue(apps, schema_editor):
    Procedure = apps.get_model("procedures", "Procedure")
    entries = json.loads(CATALOGUE.read_text(encoding="utf-8"))["procedures"]
    for entry in entries:
        code, name, field = entry["code"], entry["name"], entry["field"]
        Procedure.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "field": field,
                "search_key": fold(f"{code} {name} {field}"),
                "time_limit_days": Decimal(str(entry["time_limit_days"])),
                "fee": entry.get("fee"),
                "charge": entry.get("charge"),
                "fee_note": entry.get("fee_note", ""),
                "required_papers": "\n".join(entry.get("required_papers", [])),
                "online_level": entry.get("online_level", "in_person"),
                "result_kind": entry.get("result_kind", "other"),
                "legal_basis": entry.get("legal_basis", ""),
                "is_active": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_initial_catalogue"),
    ]

    operations = [
        migrations.RunPython(fill_starter_catalogue, migrations.RunPython.noop),
    ]
