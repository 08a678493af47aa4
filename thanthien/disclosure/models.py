"""Public disclosure (Law on Grassroots Democracy 10/2022/QH15): what a commune must publish, what it
published, where it was posted and for how long; the commune's announcements and who agreed to get them."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.models import TimeStampedModel


def new_public_code() -> str:
    return secrets.token_urlsafe(9)


class Place(models.TextChoices):
    """Where an item is posted (Law 10/2022/QH15, art. 12: the forms of disclosure)."""

    COMMUNE_OFFICE = "commune_office", _("Commune office")
    CULTURE_HOUSE = "culture_house", _("Village culture house")
    WEBSITE = "website", _("Website")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker")


class Certainty(models.TextChoices):
    """How sure we are of a legal entry (the grades of LAW.md)."""

    A = "A", _("A: read in the legal text")
    B = "B", _("B: from reliable secondary sources")
    C = "C", _("C: inferred or unverified")


class DisclosureObligation(TimeStampedModel):
    """One thing a commune must publish, in force from a day: its legal basis, places and periods."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    certainty = models.CharField(_("certainty"), max_length=1, choices=Certainty)
    places = models.JSONField(_("where it must be posted"), default=list)
    min_posting_days = models.PositiveSmallIntegerField(
        _("minimum days posted"), null=True, blank=True, help_text=_("Empty: no minimum set by law.")
    )
    publish_within_days = models.PositiveSmallIntegerField(
        _("publish within (days of approval)"), null=True, blank=True, help_text=_("Empty: no limit set.")
    )
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("disclosure obligation")
        verbose_name_plural = _("disclosure obligations")
        ordering = ["name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="disclosure_obligation_code_from"),
        ]

    def __str__(self) -> str:
        return self.name


class DisclosureItem(TimeStampedModel):
    """One thing the commune published: from an approval, with files and the record of its postings."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="disclosure_items"
    )
    obligation = models.ForeignKey(DisclosureObligation, verbose_name=_("category"), on_delete=models.PROTECT)
    public_code = models.CharField(_("public code"), max_length=16, unique=True, default=new_public_code)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    approval_ref = models.CharField(_("approved by (document)"), max_length=255, blank=True)
    approved_on = models.DateField(_("approved on"))
    # Copied from the obligation in force on the day of approval, so a later change of the rule does not
    # rewrite what was due.
    due_on = models.DateField(_("to be published by"), null=True, blank=True)
    min_posting_days = models.PositiveSmallIntegerField(_("minimum days posted"), null=True, blank=True)
    first_posted_on = models.DateField(_("first posted on"), null=True, blank=True)
    villages = models.ManyToManyField(
        "units.Unit", verbose_name=_("villages concerned"), blank=True, related_name="+"
    )
    search_key = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-approved_on", "-id"]
        indexes = [models.Index(fields=["commune", "due_on"], name="disclosure_item_due")]

    def __str__(self) -> str:
        return self.title


class Beneficiary(models.Model):
    """One beneficiary of a policy item, minimised (least personal data): initials and village, never the full
    name, address or phone; `detail` says what they receive ("Hỗ trợ làm nhà: 40.000.000 đ")."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="beneficiaries")
    initials = models.CharField(_("initials"), max_length=40)
    village = models.ForeignKey(
        "units.Unit",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    detail = models.CharField(_("what they receive"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["item", "order"]

    def __str__(self) -> str:
        return self.initials


class DisclosureFile(TimeStampedModel):
    item = models.ForeignKey(DisclosureItem, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to="disclosure/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Posting(TimeStampedModel):
    """Where and when an item was posted (niêm yết), and when it was taken down."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.PROTECT, related_name="postings")
    place = models.CharField(_("place"), max_length=20, choices=Place)
    village = models.ForeignKey(
        "units.Unit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    posted_on = models.DateField(_("posted on"))
    taken_down_on = models.DateField(_("taken down on"), null=True, blank=True)
    is_too_brief = models.BooleanField(_("taken down too early"), default=False)

    class Meta:
        ordering = ["posted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(taken_down_on__isnull=True)
                | models.Q(taken_down_on__gte=models.F("posted_on")),
                name="posting_taken_down_after_posted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_place_display()} {self.posted_on:%d/%m/%Y}"


class ItemQuestion(TimeStampedModel):
    """A citizen's question about an item: the feedback it became (kept in the feedback app)."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.PROTECT, related_name="questions")
    feedback = models.OneToOneField("feedback.FeedbackItem", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.feedback.tracking_code


class Announcement(TimeStampedModel):
    """News or a notice of the commune, published at a set time to the site and to consenting households."""

    class Category(models.TextChoices):
        URGENT = "urgent", _("Urgent")
        EVENT = "event", pgettext_lazy("announcement", "Event")
        POLICY = "policy", _("Policy")
        GREETING = "greeting", _("Greeting")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="announcements"
    )
    public_code = models.CharField(max_length=16, unique=True, default=new_public_code)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    image = models.ImageField(_("image"), upload_to="announcements/%Y/%m/", blank=True)
    publish_at = models.DateTimeField(_("publish at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    villages = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("villages"),
        blank=True,
        related_name="+",
        help_text=_("None chosen: the whole commune."),
    )
    sent_at = models.DateTimeField(_("sent to households at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Cancelled: off the public site from then; if not sent yet, never sent. Messages already sent stay sent.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-publish_at", "-id"]

    def __str__(self) -> str:
        return self.title


class MessageConsent(TimeStampedModel):
    """A household's consent to get the commune's announcements on a channel (PDPL 91/2025/QH15)."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        ZALO = "zalo", _("Zalo")

    household = models.ForeignKey("units.Household", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("consent to messages")
        verbose_name_plural = _("consents to messages")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.channel}"
