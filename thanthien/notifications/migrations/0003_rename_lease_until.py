from django.db import migrations


class Migration(migrations.Migration):
    """Times end in `_at` (README, "Names")."""

    dependencies = [("notifications", "0002_delivery_status_lease_and_quiet_hours")]

    operations = [migrations.RenameField("notification", "lease_until", "lease_ends_at")]
