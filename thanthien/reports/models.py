"""Periodic reports (báo cáo định kỳ): the dates a province sets, the reports communes write and submit, and
the weights of the province's ranking. Dates and weights are data, edited in the admin."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.models import TimeStampedModel


class ReportKind(models.TextChoices):
    SIX_MONTHLY = "six_monthly", _("Six-monthly")
    YEARLY = "yearly", _("Yearly")


class ReportSchedule(TimeStampedModel):
    """When a province wants a kind of report: a day of the year, and how many days before to remind.

    Seed 001 (Duy Tiên): by 15/6 and 15/12; seed 002: by 30/5 and 15/11. The row in force on the period's
    last day applies: the province's own, else the default (`unit` empty).
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the default for every province."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind)
    due_month = models.PositiveSmallIntegerField(
        _("due month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many days before"), default=7)
    valid_from = models.DateField(_("valid from"))
    legal_basis = models.CharField(_("legal basis"), max_length=500)

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "valid_from"], name="report_schedule_unique_from"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_day:02d}/{self.due_month:02d}"


class PeriodicReport(TimeStampedModel):
    """One commune's report for one period: the figures are counted when the document is made; the
    narrative parts are the official's own words."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="periodic_reports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    situation = models.TextField(_("situation"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    tasks_ahead = models.TextField(_("tasks ahead"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-period_end", "commune"]
        # A national reviewer: reads every province's figures and the country side by side
        # (reports.permissions.can_see_country); granted to a user or a group by a superuser in the admin.
        permissions = [("view_country", "Can read the figures of every province (national reviewer)")]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "kind", "period_start", "period_end"],
                name="periodic_report_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="periodic_report_period_order"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="periodic_report_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    @property
    def is_submitted_on_time(self) -> bool | None:
        """True or False once submitted; None while a draft."""
        if self.submitted_at is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.submitted_at) <= self.due_on


class RankingWeights(TimeStampedModel):
    """The weights of the province's composite score, in force from a date; shown on the ranking page.

    score = Σ weight × indicator ÷ Σ weights, each indicator on 0–100 (overdue petitions: 100 when none,
    minus `overdue_penalty` points each, at least 0).
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the default for every province."),
    )
    valid_from = models.DateField(_("valid from"))
    on_time = models.DecimalField(_("weight of the on-time rate"), max_digits=5, decimal_places=2)
    online = models.DecimalField(_("weight of the online rate"), max_digits=5, decimal_places=2)
    satisfaction = models.DecimalField(_("weight of satisfaction"), max_digits=5, decimal_places=2)
    petitions = models.DecimalField(_("weight of petitions handled in time"), max_digits=5, decimal_places=2)
    reports = models.DecimalField(_("weight of reports submitted on time"), max_digits=5, decimal_places=2)
    overdue_penalty = models.DecimalField(
        _("points off per overdue petition"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=500)

    class Meta:
        verbose_name = _("ranking weights")
        verbose_name_plural = _("ranking weights")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y} — {self.legal_basis}"


class CountBucket(models.Model):
    """A bucket of counted rows: one local day, or (`is_month`) one local month starting on `day`.

    Kept by database triggers (reports.summaries), in the transaction of each write; never edited by hand.
    No foreign key constraint to the unit: a trigger may write a bucket while a test database is flushed
    table by table; buckets of units that are gone are never read (reports.figures).
    """

    day = models.DateField(_("day"))
    is_month = models.BooleanField(_("whole month"), default=False)

    class Meta:
        abstract = True


class DossierCount(CountBucket):
    """Dossiers received by a commune on a day (or in a month), counted by where they stand now."""

    commune = models.ForeignKey(
        "units.Unit",
        verbose_name=_("commune"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    received = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    ready = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    in_progress = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    home_service = models.IntegerField(default=0)
    postponed = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("dossier count")
        verbose_name_plural = _("dossier counts")
        constraints = [
            models.UniqueConstraint(fields=["commune", "day", "is_month"], name="dossier_count_bucket")
        ]
        indexes = [models.Index(fields=["is_month", "day"], name="dossier_count_span")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.day:%d/%m/%Y}{' (month)' if self.is_month else ''}: {self.received}"


class RatingCount(CountBucket):
    """Ratings given in a commune on a day (or in a month) at one raw level, counted by what they count as."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("commune"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(pgettext_lazy("rating", "level"))
    total = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    neutral = models.IntegerField(default=0)
    dissatisfied = models.IntegerField(default=0)
    very_satisfied = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("rating count")
        verbose_name_plural = _("rating counts")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "is_month", "level"], name="rating_count_bucket")
        ]
        indexes = [models.Index(fields=["is_month", "day"], name="rating_count_span")]

    def __str__(self) -> str:
        span = " (month)" if self.is_month else ""
        return f"{self.unit_id} {self.day:%d/%m/%Y}{span} {self.level}: {self.total}"


class CountryLetterCount(CountBucket):
    """The country's letters issued on a day (or in a month), by group (letters.queries.COUNTED), in one of
    `summaries.STRIPES` rows: those whose id leaves that remainder. The country's year reads these, not its
    200,000 letters."""

    stripe = models.PositiveSmallIntegerField(_("stripe"))
    apology = models.IntegerField(default=0)
    congratulations = models.IntegerField(default=0)
    condolence = models.IntegerField(default=0)
    thanks = models.IntegerField(default=0)
    new_year = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("letter count of the country")
        verbose_name_plural = _("letter counts of the country")
        constraints = [
            models.UniqueConstraint(fields=["stripe", "day", "is_month"], name="country_letter_count_bucket")
        ]
        indexes = [models.Index(fields=["is_month", "day"], name="country_letter_count_span")]

    def __str__(self) -> str:
        return f"#{self.stripe} {self.day:%d/%m/%Y}{' (month)' if self.is_month else ''}"
