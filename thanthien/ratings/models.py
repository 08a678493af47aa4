"""Citizens' satisfaction: the scale a commune uses, and every rating of a service and of an official."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

    # No index of its own: rating_unit_time (unit, rated_at) serves it. Every index costs each insert.
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    official = models.ForeignKey(  # no index of its own: rating_official_latest leads with it
        "units.Official",
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    scale = models.ForeignKey(
        RatingScale, verbose_name=_("scale"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(pgettext_lazy("rating", "level"))
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
            # An official's latest ratings, newest first, in the order the low-rate window reads them: the
            # prepared window statement walks it and stops at the window's size, whatever its plan guessed.
            models.Index(fields=["official", "-rated_at", "-id"], name="rating_official_latest"),
            # The ratings that rate a dossier dissatisfied (ratings.queries.rates_a_dossier_dissatisfied, the
            # same condition: a test compares them), a few among all: the figures look their dossiers up
            # instead of reading every dossier's ratings. Written only for such a rating.
            models.Index(
                fields=["dossier"],
                condition=Q(sentiment=Sentiment.DISSATISFIED) & Q(dossier__isnull=False),
                name="rating_dissatisfied_dossier",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(channel="link"), name="rating_one_link_rating_per_dossier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.level} {self.rated_at:%d/%m/%Y}"


class SatisfactionPolicy(TimeStampedModel):
    """A commune's satisfaction target and when an official's ratings alert the leader, from a date.

    `unit` empty is the default for communes without their own row; a later row replaces an earlier one.
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    target_rate = models.DecimalField(_("target satisfaction rate (%)"), max_digits=4, decimal_places=1)
    alert_window = models.PositiveSmallIntegerField(
        _("ratings counted for an official"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("The alert looks at this many of the official's latest ratings."),
    )
    alert_threshold = models.DecimalField(
        _("alert below this rate (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    alert_on_dissatisfied_comment = models.BooleanField(
        _("alert on every dissatisfied rating with a comment"), default=True
    )
    early_warning_weeks = models.PositiveSmallIntegerField(
        _("early warning: weeks looked at"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("An official's ratings of these last weeks are compared with the whole commune's."),
    )
    early_warning_margin = models.DecimalField(
        _("early warning: points below the commune"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("10.0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("satisfaction policy")
        verbose_name_plural = _("satisfaction policies")
        ordering = ["unit", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="satisfaction_policy_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.unit or _('Default')} {self.valid_from:%d/%m/%Y}"


class RatingAlert(TimeStampedModel):
    """Something in the ratings the leader must see and act on; recording the action closes it."""

    class Kind(models.TextChoices):
        LOW_RATE = "low_rate", _("Official rated low")
        DISSATISFIED_COMMENT = "dissatisfied_comment", _("Dissatisfied, with a comment")

    class Action(models.TextChoices):
        TALKED_TO = "talked_to", _("Talked to the official")
        RETRAINED = "retrained", _("Retrained")
        HANDLED = "handled", _("Handled under the rules")
        ANSWERED_CITIZEN = "answered_citizen", _("Answered the citizen")
        NO_ACTION = "no_action", _("Checked, nothing to do")

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    official = models.ForeignKey(
        "units.Official",
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rating_alerts",
    )
    rating = models.ForeignKey(
        Rating, verbose_name=_("rating that raised it"), on_delete=models.PROTECT, related_name="alerts"
    )
    rate = models.DecimalField(
        _("rate when raised (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    window = models.PositiveSmallIntegerField(_("ratings counted"), null=True, blank=True)
    threshold = models.DecimalField(_("threshold (%)"), max_digits=4, decimal_places=1, null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("what was done"), max_length=20, choices=Action, blank=True)
    action_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("rating alert")
        verbose_name_plural = _("rating alerts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "closed_at"], name="rating_alert_unit_open")]
        constraints = [
            # One open low-rate alert per official at a time; one comment alert per rating.
            models.UniqueConstraint(
                fields=["official"],
                condition=Q(kind="low_rate", closed_at__isnull=True),
                name="rating_alert_one_open_low_rate_per_official",
            ),
            models.UniqueConstraint(
                fields=["rating"],
                condition=Q(kind="dissatisfied_comment"),
                name="rating_alert_one_comment_alert_per_rating",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d/%m/%Y}"


# --- Survey campaigns (C5): paper slips, imports and phones, counted against a quota per village ----------


class Questionnaire(TimeStampedModel):
    """The questions of a survey slip, built by a commune; its campaigns share it so they compare."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["commune", "title"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Rating scale")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        TEXT = "text", _("Free text")

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(_("number"))  # 1, 2, 3 … as printed on the slip
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    # A scale question may stand for one SIPAS element, so the campaign's SIPAS-style index can be computed.
    element = models.CharField(_("SIPAS element"), max_length=20, choices=Rating.Element, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="question_unique_number"),
            models.CheckConstraint(
                condition=Q(element="") | Q(kind="scale"), name="question_element_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class QuestionChoice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="choice_unique_number")]

    def __str__(self) -> str:
        return self.label


class SurveyCampaign(TimeStampedModel):
    """One round of a survey in a commune: baseline before the model starts, endline after, or periodic."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        ENDLINE = "endline", _("Endline")
        PERIODIC = "periodic", _("Periodic")

    class RunBy(models.TextChoices):
        FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
        MASS_MOBILISATION_BLOC = "mass_mobilisation_bloc", _("Mass-mobilisation bloc")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="campaigns"
    )
    # The levels every scale answer of the campaign is read in: fixed when the campaign is created.
    scale = models.ForeignKey(
        RatingScale, verbose_name=_("scale"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    run_by = models.CharField(_("run by"), max_length=30, choices=RunBy)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    # The commune's target, e.g. 97% satisfied in seed 003; empty when none was set.
    target_rate = models.DecimalField(
        _("target satisfaction rate (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["commune", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period"),
            models.CheckConstraint(
                condition=Q(target_rate__isnull=True) | Q(target_rate__gte=0, target_rate__lte=100),
                name="campaign_target_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: date) -> bool:
        """Return True when citizens may answer by phone on `day`: the campaign is open and in its period."""
        return self.status == self.Status.OPEN and self.starts_on <= day <= self.ends_on


class VillageQuota(models.Model):
    """How many slips a campaign collects in one village (seed 003: 50 at the start, 100 at the end)."""

    campaign = models.ForeignKey(
        SurveyCampaign, verbose_name=_("survey campaign"), on_delete=models.CASCADE, related_name="quotas"
    )
    village = models.ForeignKey(
        "units.Unit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.PositiveIntegerField(_("slips wanted"))

    class Meta:
        verbose_name = _("village quota")
        verbose_name_plural = _("village quotas")
        ordering = ["campaign", "village__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "village"], name="quota_unique_village")]

    def __str__(self) -> str:
        return f"{self.village}: {self.target}"


class SurveyResponse(models.Model):
    """One filled slip. Nothing about the respondent is kept: only the village and the answers."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("Paper slip entered by an official")
        IMPORT = "import", _("Spreadsheet import")
        PHONE = "phone", _("Phone (QR code or link)")
        VILLAGE = "village", _("Village head's phone app")

    campaign = models.ForeignKey(
        SurveyCampaign, verbose_name=_("survey campaign"), on_delete=models.PROTECT, related_name="responses"
    )
    village = models.ForeignKey(
        "units.Unit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    slip_number = models.PositiveIntegerField(_("slip number"), null=True, blank=True)
    # Chosen by the client (the form's hidden field, "slip:<number>" for an import): a resend counts once.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64)
    submitted_at = models.DateTimeField(_("submitted at"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey slip")
        verbose_name_plural = _("survey slips")
        ordering = ["campaign", "-submitted_at", "-id"]
        indexes = [models.Index(fields=["campaign", "village"], name="response_campaign_village")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "idempotency_key"], name="response_unique_key"),
            models.UniqueConstraint(fields=["campaign", "slip_number"], name="response_unique_slip"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.slip_number or self.pk}"

    @property
    def unit_path(self) -> str:
        """The village's path, so the audit log files the slip under its commune."""
        return self.village.path


class Answer(models.Model):
    """The answer to one question on one slip: a level of the campaign's scale, choices, or text."""

    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("survey slip"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    level = models.PositiveSmallIntegerField(pgettext_lazy("rating", "level"), null=True, blank=True)
    # Copied from the scale, as for ratings: a later change of the scale never rewrites past answers.
    sentiment = models.CharField(_("counts as"), max_length=20, choices=Sentiment, blank=True)
    is_top = models.BooleanField(_("very satisfied"), default=False)
    choices = models.ManyToManyField(QuestionChoice, verbose_name=_("choices"), blank=True, related_name="+")
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.number}: {self.level or self.text[:40]}"
