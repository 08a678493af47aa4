"""Thank-you letters already drafted from feedback lose the sender's name and address in clear (issue #13).

They point at the case's encrypted identity instead, and carry the label the service now writes
("Người gửi ý kiến <code>"). Nothing is encrypted here: the case's identity row already holds the person.
The audit rows that named such a letter ("Thư cảm ơn — <name>") are redacted to the same label: the only
change ever made to the audit log, to take a protected person's name out of it.
"""

from django.db import migrations

LABEL = "Người gửi ý kiến %s"


def name_no_one(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    AuditEvent = apps.get_model("core", "AuditEvent")
    SenderIdentity = apps.get_model("feedback", "SenderIdentity")
    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    for letter in Letter.objects.filter(kind="thanks", source_key__startswith="feedback:", sender_identity=None):
        item_pk = letter.source_key.split(":")[1]
        item = FeedbackItem.objects.filter(pk=item_pk).first()
        row = SenderIdentity.objects.filter(item_id=item_pk).first()
        if item is None or row is None:
            continue
        letter.sender_identity_id = row.pk
        letter.recipient_name = LABEL % item.tracking_code
        letter.recipient_address = letter.recipient_phone = ""
        letter.save(update_fields=["sender_identity", "recipient_name", "recipient_address", "recipient_phone"])
        AuditEvent.objects.filter(object_type="letters.Letter", object_id=str(letter.pk)).update(
            object_repr=f"Thư cảm ơn — {letter.recipient_name}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0005_thanks_letter_names_the_sender_by_reference"),
        ("core", "0005_yearly_counters"),
    ]

    operations = [migrations.RunPython(name_no_one, migrations.RunPython.noop)]
