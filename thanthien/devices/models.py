"""Devices paired to a unit: a rating kiosk at the commune's desk, a village head's phone (issue #20).

A device key records and nothing else: a kiosk's only the ratings of its commune, a village phone's only
the items its village head brings. Only a hash of the secret is kept; the full key goes to the device once,
when it is paired, and lives in the device's own storage (IndexedDB). A revoked key stays, for the record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel


class DeviceKey(TimeStampedModel):
    class Kind(models.TextChoices):
        KIOSK = "kiosk", _("Rating kiosk")
        VILLAGE = "village", _("Village head's phone")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    # The commune of a kiosk; the village of a village head's phone.
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="device_keys"
    )
    # The village head a phone records for; empty for a kiosk, which acts for no one.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("village head"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="device_keys",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    secret_hash = models.CharField(_("secret hash"), max_length=64)
    paired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("paired by"), on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("device key")
        verbose_name_plural = _("device keys")
        ordering = ["unit", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="kiosk", user__isnull=True)
                | models.Q(kind="village", user__isnull=False),
                name="device_key_village_phone_has_its_head",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
