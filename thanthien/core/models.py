"""Shared kernel tables: timestamps, the audit log, and the working-day calendar's adjustments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One line of the audit log: who did or saw what, when, from where. Append-only."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        VIEW = "view", _("Viewed protected data")
        EXPORT = "export", _("Exported")
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        LOGIN_FAILED = "login_failed", _("Failed login")
        OTP = "otp", _("Two-factor change")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    unit_path = models.CharField(_("unit path"), max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    path = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class CalendarAdjustment(TimeStampedModel):
    """A day the government announced as different from the statutory calendar.

    The `holidays` package already knows statutory holidays and in-lieu days off; this table holds
    what it does not: Saturdays worked in exchange for a day off (làm bù) and one-off extra days off.
    """

    class Kind(models.TextChoices):
        WORKING_DAY = "working_day", _("Working day (make-up day)")
        DAY_OFF = "day_off", _("Day off")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("calendar adjustment")
        verbose_name_plural = _("calendar adjustments")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class IdempotencyRecord(models.Model):
    """A request that must take effect once: its key, what it asked, and what it made (e.g. a dossier code).

    Written in the same transaction as the effect, so a retry after a crash, a resend from a kiosk, or two
    simultaneous attempts with one key all end with one effect.
    """

    scope = models.CharField(_("scope"), max_length=50)
    # The caller's user id, "" for none: a plain column, because a NULL would never collide in a unique index.
    actor_key = models.CharField(_("actor"), max_length=40, blank=True)
    key_hash = models.CharField(_("key hash"), max_length=64)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    result = models.CharField(_("result"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["scope", "actor_key", "key_hash"], name="idempotency_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key_hash[:8]}"


class YearlyCounter(models.Model):
    """The last number given in one of a commune's numbered books for a year (the letter register, the
    reception log); its row is locked while a number is taken (core.numbering)."""

    book = models.CharField(_("book"), max_length=30)
    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("yearly counter")
        verbose_name_plural = _("yearly counters")
        constraints = [
            models.UniqueConstraint(fields=["book", "commune", "year"], name="yearly_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.book} {self.year}: {self.last_number}"
