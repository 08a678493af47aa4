"""Citizens' satisfaction: the scale a commune uses, and every rating of a service and of an official."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel


class Sentiment(models.TextChoices):
    """What a level of a scale counts as in the indices; the raw level is always kept too."""

    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Neutral")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class RatingScale(TimeStampedModel):
    """The levels a commune's citizens choose from (3, 4 or 5), from a date; `unit` empty = the default."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    name = models.CharField(_("name"), max_length=150)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        ordering = ["unit", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="rating_scale_unique_start")
        ]

    def __str__(self) -> str:
        return self.name


class RatingLevel(models.Model):
    scale = models.ForeignKey(
        RatingScale, verbose_name=_("scale"), on_delete=models.CASCADE, related_name="levels"
    )
    value = models.PositiveSmallIntegerField(
        _("value")
    )  # higher is better: 4 = very satisfied on a 4-level scale
    label = models.CharField(_("label"), max_length=60)
    sentiment = models.CharField(_("counts as"), max_length=20, choices=Sentiment)
    is_top = models.BooleanField(_("very satisfied"), default=False)

    class Meta:
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
        ordering = ["scale", "-value"]
        constraints = [models.UniqueConstraint(fields=["scale", "value"], name="rating_level_unique_value")]

    def __str__(self) -> str:
        return self.label


class Rating(models.Model):
    """One citizen's rating of one service (and of the official who served), however it was collected."""

    class Channel(models.TextChoices):
        KIOSK = "kiosk", _("Kiosk at the desk")
        LINK = "link", _("QR code or link")
        PAPER = "paper", _("Paper slip entered by an official")
        API = "api", _("Another system")

    class Element(models.TextChoices):
        """The SIPAS elements (LAW.md §3), rated optionally one by one."""

        ACCESS = "access", _("Access to the service")
        PROCEDURE = "procedure", _("The procedure")
        OFFICIAL = "official", _("The official's attitude and competence")
        RESULT = "result", _("The result")
        TIME = "time", _("The time taken")

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="ratings",
    )  # fmt: skip
    procedure = models.ForeignKey(
        "procedures.Procedure", verbose_name=_("procedure"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    official = models.ForeignKey(
        "units.Official", verbose_name=_("official"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="ratings",
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    scale = models.ForeignKey(
        RatingScale, verbose_name=_("scale"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    # Copied from the scale at the time: a later change of the scale never rewrites past ratings.
    sentiment = models.CharField(_("counts as"), max_length=20, choices=Sentiment)
    is_top = models.BooleanField(_("very satisfied"), default=False)
    details = models.JSONField(_("details by element"), default=dict, blank=True)
    reasons = models.JSONField(_("reasons ticked"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "rated_at"], name="rating_unit_time"),
            models.Index(fields=["official", "rated_at"], name="rating_official_time"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(channel="link"), name="rating_one_link_rating_per_dossier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.level} {self.rated_at:%d/%m/%Y}"
