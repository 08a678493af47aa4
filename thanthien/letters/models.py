"""Letter templates (data, by commune and start date), letters of care and the register of each year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel
from thanthien.letters.kinds import LETTER_KIND_CHOICES, LETTER_KINDS, TemplateKind


class LetterTemplate(TimeStampedModel):
    """The Word template of one kind of document in force from a date: the default, or a commune's own.

    A default row (no commune) reads its file from the package (`letters/data/templates/<kind>.docx`); a
    commune's row holds the uploaded file itself, so the template and its row commit together.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=TemplateKind)
    commune = models.ForeignKey(
        "units.Unit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_templates",
        help_text=_("Empty for the default template every commune uses until it uploads its own."),
    )
    valid_from = models.DateField(_("valid from"))
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    # The number's symbol after the slash, e.g. "TCM-UBND"; Decree 30/2020 has no abbreviation for "thư công".
    symbol = models.CharField(_("symbol"), max_length=30, blank=True)
    content = models.BinaryField(_("Word file"), blank=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "commune", "-valid_from", "-id"]

    def __str__(self) -> str:
        owner = self.commune.name if self.commune is not None else _("default")
        return f"{self.get_kind_display()} — {owner} — {self.valid_from:%d/%m/%Y}"

    @property
    def is_default(self) -> bool:
        return self.commune_id is None


class Letter(TimeStampedModel):
    """A letter of care: drafted by a trigger, approved and signed by a leader, then numbered."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        CANCELLED = "cancelled", _("Cancelled")

    class Capacity(models.TextChoices):
        CHAIRMAN = "chairman", _("Chairman, on behalf of the People's Committee (TM.)")
        VICE_CHAIRMAN = "vice_chairman", _("Vice-chairman, for the chairman (KT.)")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=LETTER_KIND_CHOICES)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    # What the letter is about, e.g. "dossier:12:congratulations_birth": one letter per event, ever.
    source_key = models.CharField(_("event key"), max_length=200, unique=True)
    event_label = models.CharField(_("event"), max_length=255, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    postponement = models.ForeignKey(
        "dossiers.Postponement",
        verbose_name=_("apology slip"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    household = models.ForeignKey(
        "units.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    # A letter to the sender of a petition (a thank-you letter) names them only here, by reference to
    # feedback's encrypted identity store: `recipient_name` then holds a label without the person's name,
    # and only an identity reader's own download prints the real name and address (letters.views.download).
    sender_identity = models.ForeignKey(
        "feedback.SenderIdentity",
        verbose_name=_("sender's identity (encrypted)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    recipient_name = models.CharField(_("recipient"), max_length=150)
    recipient_address = models.CharField(_("recipient's address"), max_length=255, blank=True)
    recipient_phone = models.CharField(_("recipient's phone"), max_length=20, blank=True)
    has_sms_consent = models.BooleanField(_("agrees to messages by SMS/Zalo"), default=False)
    fields = models.JSONField(_("fields of the letter"), default=dict, blank=True)
    drafted_at = models.DateTimeField(_("drafted at"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The register (sổ đăng ký văn bản đi): set together, when the letter is issued.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("number in the register"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=30, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    capacity = models.CharField(_("signs as"), max_length=20, choices=Capacity, blank=True)
    template = models.ForeignKey(
        LetterTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-drafted_at", "-id"]
        indexes = [
            models.Index(fields=["commune", "status", "kind"], name="letter_commune_status_kind"),
            models.Index(fields=["commune", "issued_on"], name="letter_commune_issued_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "register_number"],
                condition=Q(register_number__isnull=False),
                name="letter_unique_number_per_year",
            ),
            models.CheckConstraint(
                condition=Q(status="issued", register_number__isnull=False, issued_on__isnull=False)
                | (~Q(status="issued") & Q(register_number__isnull=True)),
                name="letter_numbered_exactly_when_issued",
            ),
            models.CheckConstraint(condition=Q(kind__in=list(LETTER_KINDS)), name="letter_kind_is_a_letter"),
        ]

    def __str__(self) -> str:
        if self.register_number is not None:
            return f"{self.register_number:02d}/{self.symbol} — {self.recipient_name}"
        return f"{self.get_kind_display()} — {self.recipient_name}"


class PrintJob(TimeStampedModel):
    """Letters being made into one file for printing, in the background: a village's New Year letters
    take a minute or more, longer than a page should wait. Only the person who asked downloads it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Could not be made")

    class Format(models.TextChoices):
        DOCX = "docx", _("One Word file, a page per letter")
        ZIP = "zip", _("A zip of Word files")
        PDF = "pdf", "PDF"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="+"
    )
    letter_ids = models.JSONField(_("letters"), default=list)
    format = models.CharField(_("format"), max_length=10, choices=Format)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    content = models.BinaryField(_("file"), blank=True, editable=False)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="print_job_status_created")]

    def __str__(self) -> str:
        return f"{self.get_format_display()} — {len(self.letter_ids)}"

    @property
    def file_name(self) -> str:
        return f"thu-{self.created_at:%Y%m%d}-{self.pk}.{self.format}"

    @property
    def is_waiting(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
