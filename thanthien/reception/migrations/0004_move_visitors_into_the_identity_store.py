"""Each reception log entry's visitor name and address move into feedback's encrypted identity store.

Issue #13 item 2. The Fernet encryption is written here with `cryptography` and the settings key, as
feedback/crypto.py does it, because a migration never imports app code. A split entry shares its original's
row, as reception.services does.
"""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import migrations


def cipher() -> MultiFernet:
    keys = [key.strip() for key in str(getattr(settings, "FEEDBACK_IDENTITY_KEY", "")).split(",") if key.strip()]
    if not keys:
        raise RuntimeError("FEEDBACK_IDENTITY_KEY is needed to move identities into the encrypted store.")
    return MultiFernet([Fernet(key) for key in keys])


def move_visitors(apps, schema_editor):
    ReceptionRecord = apps.get_model("reception", "ReceptionRecord")
    SenderIdentity = apps.get_model("feedback", "SenderIdentity")
    records = ReceptionRecord.objects.filter(identity__isnull=True)
    if not records.exists():
        return
    fernet = cipher()

    def encrypt(text):
        text = (text or "").strip()
        return fernet.encrypt(text.encode("utf-8")).decode("ascii") if text else ""

    # Originals first (a NULL sorts last on PostgreSQL, first on SQLite: no ordering trick), then the parts.
    originals = records.filter(split_from__isnull=True).order_by("pk")
    ordered = [*originals, *records.exclude(split_from=None).order_by("pk")]
    for record in ordered:
        original = ReceptionRecord.objects.filter(pk=record.split_from_id).first() if record.split_from_id else None
        if original is not None and original.identity_id is not None:
            record.identity_id = original.identity_id
        else:
            record.identity_id = SenderIdentity.objects.create(
                name_encrypted=encrypt(record.visitor_name), address_encrypted=encrypt(record.visitor_address)
            ).pk
        record.visitor_name = record.visitor_address = ""
        record.save(update_fields=["identity", "visitor_name", "visitor_address"])


class Migration(migrations.Migration):
    dependencies = [("reception", "0003_visitor_identity_reference")]

    operations = [migrations.RunPython(move_visitors, migrations.RunPython.noop)]
