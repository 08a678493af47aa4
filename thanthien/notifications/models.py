"""The outbox: every message to a citizen is a row first, sent by a worker, retried, never sent twice."""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel


class Notification(TimeStampedModel):
    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        ZALO = "zalo", _("Zalo")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.SMS)
    recipient = models.CharField(_("recipient"), max_length=254)
    body = models.TextField(_("message"))
    # What the message is about, e.g. "dossier:123:ready": the same event never queues two messages.
    dedupe_key = models.CharField(_("key"), max_length=200, unique=True)
    urgent = models.BooleanField(_("urgent"), default=False, help_text=_("Sent even in the quiet hours."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # A worker that takes a row to send it holds it until `lease_ends_at`; a worker that dies holding it
    # (killed, power cut) lets it go back to the queue when the lease runs out.
    claim_token = models.CharField(_("claimed by"), max_length=32, blank=True, db_index=True)
    lease_ends_at = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    provider_message_id = models.CharField(_("gateway's message id"), max_length=100, blank=True)
    segments = models.PositiveSmallIntegerField(_("SMS segments"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.dedupe_key}"

    @property
    def idempotency_key(self) -> str:
        """The key sent with every attempt of this message, so the gateway delivers it once.

        Derived from `dedupe_key` (unique, never changed), it is the same on every retry, after a timeout,
        after a worker was killed, on any worker; and it says nothing about the event to the gateway.
        """
        return hashlib.sha256(self.dedupe_key.encode()).hexdigest()[:32]


class QuietHours(TimeStampedModel):
    """The hours at night when non-urgent messages wait: for every commune, or for one, from a date."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every commune without a row of its own."),
    )
    starts_at = models.TimeField(_("from"), help_text=_("Local time, e.g. 21:00."))
    ends_at = models.TimeField(_("until"), help_text=_("Local time, e.g. 07:00; the same as 'from': none."))
    valid_from = models.DateField(_("in force from"))
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")
        ordering = ["unit_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                condition=models.Q(unit__isnull=False),
                name="quiet_hours_one_per_unit_and_date",
            ),
            models.UniqueConstraint(
                fields=["valid_from"],
                condition=models.Q(unit__isnull=True),
                name="quiet_hours_one_default_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
