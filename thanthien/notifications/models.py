"""The outbox: every message to a citizen is a row first, sent by a worker, retried, never sent twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel


class Notification(TimeStampedModel):
    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        ZALO = "zalo", _("Zalo")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.SMS)
    recipient = models.CharField(_("recipient"), max_length=254)
    body = models.TextField(_("message"))
    # What the message is about, e.g. "dossier:123:ready": the same event never queues two messages.
    dedupe_key = models.CharField(_("key"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.dedupe_key}"
