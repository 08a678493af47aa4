"""Every means of contact moves into the encrypted identity store; a denunciation is never published.

Issue #13 items 4 and 6. The Fernet encryption is written here with `cryptography` and the settings key, as
feedback/crypto.py does it, because a migration never imports app code.
"""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import migrations


def cipher() -> MultiFernet:
    """The identity key of the settings, as feedback/crypto.py reads it (first key encrypts)."""
    keys = [key.strip() for key in str(getattr(settings, "FEEDBACK_IDENTITY_KEY", "")).split(",") if key.strip()]
    if not keys:
        raise RuntimeError("FEEDBACK_IDENTITY_KEY is needed to move identities into the encrypted store.")
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(fernet: MultiFernet, text: str) -> str:
    text = (text or "").strip()
    return fernet.encrypt(text.encode("utf-8")).decode("ascii") if text else ""


def move_contacts(apps, schema_editor):
    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    SenderIdentity = apps.get_model("feedback", "SenderIdentity")
    items = FeedbackItem.objects.exclude(contact="")
    if not items.exists():
        return
    fernet = cipher()
    for item in items.iterator():
        row = SenderIdentity.objects.filter(item_id=item.pk).first()
        if row is None:
            SenderIdentity.objects.create(
                item_id=item.pk, name_encrypted="", contact_encrypted=encrypt(fernet, item.contact)
            )
        elif not row.contact_encrypted:
            row.contact_encrypted = encrypt(fernet, item.contact)
            row.save(update_fields=["contact_encrypted"])
    items.update(contact="")


def take_denunciations_down(apps, schema_editor):
    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    FeedbackItem.objects.filter(kind="denunciation", is_published=True).update(is_published=False)


class Migration(migrations.Migration):
    # Data only: PostgreSQL cannot alter a table with pending deferred checks in the same transaction.
    dependencies = [("feedback", "0005_dialogue_notice")]

    operations = [
        migrations.RunPython(move_contacts, migrations.RunPython.noop),
        migrations.RunPython(take_denunciations_down, migrations.RunPython.noop),
    ]
