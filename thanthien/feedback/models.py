"""Feedback, complaints and denunciations: the legal time limits, the cases, and the senders' identities."""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.models import TimeStampedModel
from thanthien.feedback import deadlines, intake


class LegalTimeLimit(TimeStampedModel):
    """One legal time limit in force from a date (LAW.md §1a–§1c), kept as data because decrees change it.

    A case keeps the limits in force on the day it was received.
    """

    class CaseKind(models.TextChoices):
        COMPLAINT = deadlines.CaseKind.COMPLAINT.value, _("Complaint")
        DENUNCIATION = deadlines.CaseKind.DENUNCIATION.value, _("Denunciation")
        RECEPTION = deadlines.CaseKind.RECEPTION.value, _("Citizen reception")
        FEEDBACK = deadlines.CaseKind.FEEDBACK.value, _("Reflection or recommendation")

    class Step(models.TextChoices):
        ACCEPT = deadlines.Step.ACCEPT.value, _("Accept or decline")
        RESOLVE = deadlines.Step.RESOLVE.value, _("Resolve")
        RESOLVE_COMPLEX = deadlines.Step.RESOLVE_COMPLEX.value, _("Resolve a complex case")
        SEND_DECISION = deadlines.Step.SEND_DECISION.value, _("Send the decision")
        INITIAL_HANDLING = deadlines.Step.INITIAL_HANDLING.value, _("Initial handling")
        INITIAL_HANDLING_EXTENDED = (
            deadlines.Step.INITIAL_HANDLING_EXTENDED.value,
            _("Initial handling, verified at several places"),
        )
        FORWARD = deadlines.Step.FORWARD.value, _("Forward to the competent body")
        NOTIFY = deadlines.Step.NOTIFY.value, _("Notify the acceptance")
        EXTENSION = deadlines.Step.EXTENSION.value, _("Extension")
        ANSWER_VISITOR = deadlines.Step.ANSWER_VISITOR.value, _("Answer the visitor")
        ANSWER = deadlines.Step.ANSWER.value, _("Answer")
        COMPLAIN_AGAIN = deadlines.Step.COMPLAIN_AGAIN.value, _("Complain again or go to court")
        DIALOGUE_NOTICE = deadlines.Step.DIALOGUE_NOTICE.value, _("Notice before a dialogue")

    class Instance(models.TextChoices):
        NONE = "", _("Not applicable")
        FIRST = deadlines.Instance.FIRST.value, _("First instance")
        SECOND = deadlines.Instance.SECOND.value, _("Second instance")

    class Area(models.TextChoices):
        NORMAL = deadlines.Area.NORMAL.value, _("Normal area")
        REMOTE = deadlines.Area.REMOTE.value, _("Remote or hard-to-reach area")

    class Counting(models.TextChoices):
        WORKING_DAYS = deadlines.Counting.WORKING_DAYS.value, _("Working days")
        CALENDAR_DAYS = (
            deadlines.Counting.CALENDAR_DAYS.value,
            _("Days (next working day if the last is a day off)"),
        )

    class Certainty(models.TextChoices):
        A = "A", _("[A] read in the legal text")
        B = "B", _("[B] good secondary source")
        B_MINUS = "B-", _("[B-] weak secondary source")
        C = "C", _("[C] not verified")

    case_kind = models.CharField(_("case kind"), max_length=20, choices=CaseKind)
    step = models.CharField(_("step"), max_length=30, choices=Step)
    instance = models.CharField(_("instance"), max_length=10, choices=Instance, blank=True, default="")
    area = models.CharField(_("area"), max_length=10, choices=Area, default=Area.NORMAL)
    days = models.PositiveSmallIntegerField(_("length (days)"))
    counting = models.CharField(_("counting"), max_length=20, choices=Counting)
    repeats = models.PositiveSmallIntegerField(
        _("times it may be applied"),
        default=1,
        help_text=_("For extensions: how many the law allows at most."),
    )
    valid_from = models.DateField(_("valid from"))
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    certainty = models.CharField(_("certainty"), max_length=2, choices=Certainty)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("legal time limit")
        verbose_name_plural = _("legal time limits")
        ordering = ["case_kind", "step", "instance", "area", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_kind", "step", "instance", "area", "valid_from"], name="legal_time_limit_unique"
            ),
            models.CheckConstraint(condition=Q(repeats__gte=1), name="legal_time_limit_repeats_positive"),
        ]

    def __str__(self) -> str:
        kind, step = self.get_case_kind_display(), self.get_step_display()
        return f"{kind} — {step}: {self.days} ({self.valid_from:%d/%m/%Y})"

    def as_row(self) -> deadlines.LimitRow:
        """Return the row as the plain value the pure rules take."""
        return deadlines.LimitRow(
            case_kind=self.case_kind,
            step=self.step,
            days=self.days,
            counting=self.counting,
            valid_from=self.valid_from,
            instance=self.instance,
            area=self.area,
            repeats=self.repeats,
        )


def new_public_id() -> str:
    """Return a random number for a case in public lists (Open311): 12 hex digits, never the tracking code."""
    return secrets.token_hex(6)


class FeedbackItem(TimeStampedModel):
    """One submission to a commune: a reflection, recommendation, complaint, denunciation, question or praise.

    The sender's identity is never stored here in clear: it sits encrypted in `SenderIdentity`.
    """

    class Channel(models.TextChoices):
        SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
        HOTLINE = "hotline", _("Hotline")
        LEADER_PHONE = "leader_phone", _("Leader's phone")
        EMAIL = "email", _("E-mail")
        ZALO = "zalo", _("Zalo")
        FACEBOOK = "facebook", _("Facebook")
        WEB_FORM = "web_form", _("Web form")
        DESK = "desk", _("At the desk")
        RECEPTION_SESSION = "reception_session", _("Citizen reception session")
        DIALOGUE = "dialogue", _("Dialogue conference")
        FIELD_VISIT = "field_visit", _("Field visit")
        VILLAGE_HEAD = "village_head", _("Brought from the village")  # by its head or the Front's member

    class Kind(models.TextChoices):
        REFLECTION = "reflection", _("Reflection")
        RECOMMENDATION = "recommendation", _("Recommendation")
        COMPLAINT = "complaint", _("Complaint")
        DENUNCIATION = "denunciation", _("Denunciation")
        QUESTION = "question", _("Question to the commune")
        PRAISE = "praise", _("Praise")

    class Topic(models.TextChoices):
        LAND = "land", _("Land")
        SOCIAL_POLICY = "social_policy", _("Social policy")
        ENVIRONMENT = "environment", _("Environment")
        PUBLIC_ORDER = "public_order", _("Public order")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")
        ADMINISTRATIVE_PROCEDURE = "administrative_procedure", _("Administrative procedure")
        OTHER = "other", _("Other")

    class ReferralMode(models.TextChoices):
        TRANSFER = "transfer", _("Transferred to the competent body")
        GUIDE = "guide", _("Sender guided to the competent body")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Answered or resolved")
        CLOSED = "closed", _("Closed")
        TRANSFERRED = "transferred", _("Transferred")

    # No index of its own: feedback_unit_received (unit, received_on) serves it; each index costs inserts.
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="feedback_items",
        db_index=False,
    )
    village = models.ForeignKey(
        "units.Unit",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Printed on the receipt and typed by the citizen to look the case up: never the primary key.
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    # The case's number in public lists (feedback/open311.py). Not the tracking code: that one opens the
    # case's look-up, and a public list must not hand it to everyone.
    public_id = models.CharField(
        _("public number"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic, default=Topic.OTHER)
    instance = models.CharField(
        _("instance"), max_length=10, choices=LegalTimeLimit.Instance, blank=True, default=""
    )
    content = models.TextField(_("content"))
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_signed = models.BooleanField(_("signed or finger-printed"), default=False)
    # How to send the answer (a phone or an e-mail) is part of the person's identity: it is kept encrypted in
    # SenderIdentity.contact_encrypted, never on the case (LAW.md rule 11).
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED)
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    is_complex = models.BooleanField(_("complex case"), default=False)
    is_remote_area = models.BooleanField(_("remote or hard-to-reach area"), default=False)
    is_initial_handling_extended = models.BooleanField(_("verified at several places"), default=False)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    # Due dates computed by feedback.services from the limits in force on `received_on` (deadlines.py).
    accept_due_on = models.DateField(_("accept or answer by"), null=True, blank=True)
    forward_due_on = models.DateField(_("forward by, if not competent"), null=True, blank=True)
    notify_due_on = models.DateField(_("notify the acceptance by"), null=True, blank=True)
    resolve_due_on = models.DateField(_("resolve by"), null=True, blank=True)
    assignee = models.ForeignKey(
        "units.Official",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    decline_reason = models.TextField(_("reason for not accepting"), blank=True)
    decline_legal_basis = models.CharField(_("legal basis for not accepting"), max_length=255, blank=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    is_published = models.BooleanField(_("answer published"), default=False)
    # The steps of handling a case (feedback.services), each recorded once on the case itself.
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verification_result = models.TextField(_("verification result"), blank=True)
    # Law on Complaints art. 30: a dialogue is mandatory when the demand and the verification still differ.
    is_demand_different = models.BooleanField(
        _("the demand differs from the verification result"), default=False
    )
    dialogue_notice_on = models.DateField(_("dialogue notice sent on"), null=True, blank=True)
    dialogue_on = models.DateField(_("dialogue held on"), null=True, blank=True)
    dialogue_minutes = models.TextField(_("dialogue minutes"), blank=True)
    is_dialogue_minutes_signed = models.BooleanField(_("minutes signed, or refusals noted"), default=False)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_content = models.TextField(_("decision content"), blank=True)
    decision_send_due_on = models.DateField(_("send the decision by"), null=True, blank=True)
    # Law on Complaints art. 33: the window for a second complaint runs from the day the decision arrives.
    decision_received_on = models.DateField(_("decision received on"), null=True, blank=True)
    answer_sent_on = models.DateField(_("answer sent on"), null=True, blank=True)
    answer_sent_via = models.CharField(_("answer sent via"), max_length=20, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    referral_mode = models.CharField(
        _("transfer or guidance"), max_length=10, choices=ReferralMode, blank=True, default=""
    )
    referral_number = models.CharField(_("referral letter number"), max_length=60, blank=True)
    referral_on = models.DateField(_("referral letter date"), null=True, blank=True)
    referral_body = models.CharField(_("competent body"), max_length=255, blank=True)
    is_useful_contribution = models.BooleanField(_("useful contribution"), default=False)
    useful_marked_at = models.DateTimeField(_("marked useful at"), null=True, blank=True)
    useful_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked useful by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The letters app records the thank-you letter it drafted here (see services.mark_useful_contribution).
    thanks_letter_ref = models.CharField(_("thank-you letter"), max_length=60, blank=True)
    box_opening = models.ForeignKey(
        "feedback.SuggestionBoxOpening",
        verbose_name=_("suggestion box opening"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "resolve_due_on"], name="feedback_unit_status_due"),
            models.Index(fields=["unit", "received_on"], name="feedback_unit_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="complaint") | Q(is_anonymous=False),
                name="feedback_complaint_not_anonymous",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="feedback_declined_has_reason"
            ),
            models.CheckConstraint(condition=Q(extensions__lte=2), name="feedback_at_most_two_extensions"),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(intake.UNPUBLISHABLE_KINDS)) | Q(is_published=False),
                name="feedback_unpublishable_kind_not_published",
            ),
            models.CheckConstraint(
                condition=~Q(status="transferred") | ~Q(referral_body=""),
                name="feedback_transferred_names_the_body",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def may_publish(self) -> bool:
        """Whether the answer may go on the public page (feedback.intake.may_publish, the one rule)."""
        return intake.may_publish(self.kind)

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def current_due_on(self) -> date | None:
        """The due date of the step the case waits for: acceptance (or the answer), then resolution."""
        if self.status == self.Status.RECEIVED:
            return self.accept_due_on
        if self.status in {self.Status.ACCEPTED, self.Status.IN_PROGRESS}:
            # A reflection, question or visitor's content has one limit only: its answer.
            return self.resolve_due_on or self.accept_due_on
        return None


CLOSED_STATUSES = frozenset(
    {
        FeedbackItem.Status.DECLINED,
        FeedbackItem.Status.RESOLVED,
        FeedbackItem.Status.CLOSED,
        FeedbackItem.Status.TRANSFERRED,
    }
)


class FeedbackAttachment(models.Model):
    """A photo or file the sender attached on the public form: JPEG, PNG or PDF (feedback.attachments).

    The bytes are kept under the data folder, never under static or media, and read back only through the
    case's page (feedback.views.attachment), which checks who may see the case and records the reading.
    """

    item = models.ForeignKey(
        FeedbackItem, verbose_name=_("feedback item"), on_delete=models.PROTECT, related_name="attachments"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    stored_as = models.CharField(max_length=255)  # relative to attachments.attachment_folder()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class SuggestionBoxOpening(TimeStampedModel):
    """One opening of a suggestion box: when, where, who opened it, and the items found (entered as cases)."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="box_openings"
    )
    opened_on = models.DateField(_("opened on"))
    location = models.CharField(_("where the box is"), max_length=200)
    opened_by = models.CharField(_("opened by"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    item_count = models.PositiveSmallIntegerField(_("items found"), default=0)

    class Meta:
        verbose_name = _("suggestion box opening")
        verbose_name_plural = _("suggestion box openings")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.location} — {self.opened_on:%d/%m/%Y}"


class FeedbackEvent(models.Model):
    """One step in the timeline of a case. Never names the sender."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        CLASSIFIED = "classified", _("Classified")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not accepted")
        ASSIGNED = "assigned", _("Assigned")
        EXTENDED = "extended", _("Extended")
        VERIFIED = "verified", _("Verification recorded")
        DIALOGUE = "dialogue", _("Dialogue recorded")
        RESOLVED = "resolved", _("Resolved")
        ANSWER_SENT = "answer_sent", _("Answer sent")
        DECISION_RECEIVED = "decision_received", _("Decision received by the complainant")
        PUBLISHED = "published", _("Publication changed")
        CLOSED = "closed", _("Closed")
        TRANSFERRED = "transferred", _("Transferred or guided")
        USEFUL = "useful", _("Marked as a useful contribution")
        WARNING = "warning", _("Deadline warning sent")
        BREACH = "breach", _("Deadline missed")

    item = models.ForeignKey(
        FeedbackItem, verbose_name=_("feedback item"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    # For warnings and breaches: which due date (field name) and which date, so each is recorded once.
    limit = models.CharField(_("limit"), max_length=30, blank=True)
    due_on = models.DateField(pgettext_lazy("deadline", "due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "limit", "due_on"],
                condition=Q(kind__in=["warning", "breach"]),
                name="feedback_event_one_reminder_per_limit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind}"


class SenderIdentity(TimeStampedModel):
    """A sender's name, address and contact, encrypted at rest (feedback.crypto).

    The one identity store of every petition and reception record: a case holds its row through `item`, a
    reception log entry (reception.ReceptionRecord.identity) through a reference to a row without an item.
    Read only through `services.reveal_identity` / `services.reveal_stored_identity`, which check the reader
    (permissions.can_read_identity, the one rule) and audit the reading.
    Law on Denunciations arts. 8(3), 9(1), 56: a denouncer's identity is kept secret.
    """

    item = models.OneToOneField(
        FeedbackItem,
        verbose_name=_("feedback item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="identity",
    )
    name_encrypted = models.TextField(_("name (encrypted)"))
    address_encrypted = models.TextField(_("address (encrypted)"), blank=True)
    contact_encrypted = models.TextField(_("contact (encrypted)"), blank=True)

    class Meta:
        verbose_name = _("sender's identity")
        verbose_name_plural = _("senders' identities")

    def __str__(self) -> str:
        return f"#{self.pk}"
