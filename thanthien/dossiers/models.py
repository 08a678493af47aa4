"""One-stop dossiers: receipt, deadlines, supplements, rejection, apology and new date, hand-overs, return."""

from datetime import time
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel
from thanthien.core.text import fold_vietnamese


class IntakeRule(TimeStampedModel):
    """The one-stop rules in force from a date (LAW.md §1d), kept as data because they change by decree.

    A dossier keeps the rule set in force on the day it was received.
    """

    valid_from = models.DateField(_("valid from"), unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    office_opens = models.TimeField(_("office opens"), default=time(7, 0))
    office_closes = models.TimeField(_("office closes"), default=time(17, 0))
    paper_cutoff = models.TimeField(
        _("paper dossiers after this hour count from the next working day"), default=time(15, 0)
    )
    online_after_hours_next_day = models.BooleanField(
        _("online dossiers filed outside working hours count from the next working day"), default=True
    )
    clock_stops_for_supplement = models.BooleanField(
        _("the clock stops while the applicant supplements"), default=True
    )
    apology_days_before_due = models.PositiveSmallIntegerField(
        _("apology slip issued at least this many working days before the due date"), default=1
    )
    max_postponements = models.PositiveSmallIntegerField(_("new return dates allowed"), default=1)
    max_supplement_requests = models.PositiveSmallIntegerField(
        _("supplement requests allowed per office"), default=1
    )
    at_risk_days = models.PositiveSmallIntegerField(
        _("a dossier not ready this many working days before its due date is at risk"), default=1
    )

    class Meta:
        verbose_name = _("one-stop rule set")
        verbose_name_plural = _("one-stop rule sets")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y} — {self.legal_basis}"


class Dossier(TimeStampedModel):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_SUPPLEMENT = "awaiting_supplement", _("Waiting for supplements")
        READY = "ready", _("Result ready")
        RETURNED = "returned", _("Returned")
        REJECTED = "rejected", _("Rejected")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        POST = "post", _("By post")
        AT_HOME = "at_home", _("At home")

    class Gender(models.TextChoices):
        # Only how letters and slips address the applicant: "ông" or "bà"; "ông/bà" when not recorded.
        MALE = "male", _("Mr (ông)")
        FEMALE = "female", _("Ms (bà)")

    class Timeliness(models.TextChoices):
        EARLY = "early", _("Early")
        ON_TIME = "on_time", _("On time")
        LATE = "late", _("Late")

    # No index of its own: dossier_commune_received (commune, received_at) serves it (indexes cost inserts).
    commune = models.ForeignKey(
        "units.Unit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    intake_rule = models.ForeignKey(
        IntakeRule, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    applicant_name = models.CharField(_("applicant"), max_length=150)
    # The name folded ("nguyen thi anh"): the tracking book finds "Nguyễn Thị Ánh" typed without diacritics,
    # the same on SQLite and PostgreSQL. Kept by save() and by the import's bulk insert.
    applicant_search_key = models.CharField(
        _("applicant, for search"), max_length=150, blank=True, db_index=True, editable=False
    )
    applicant_gender = models.CharField(
        _("address the applicant as"), max_length=10, choices=Gender, blank=True
    )
    applicant_phone = models.CharField(_("applicant's phone"), max_length=20, blank=True)
    applicant_address = models.CharField(_("applicant's address"), max_length=255, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel, default=Channel.IN_PERSON)
    status = models.CharField(_("status"), max_length=30, choices=Status, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counted_from = models.DateField(_("counted from"))
    # The legal due date: moved by stopped clocks (supplements), never by a postponement.
    statutory_due_on = models.DateField(_("legal due date"), db_column="statutory_due_date")
    # The date promised to the applicant: the legal one, or the new date of an apology slip.
    due_on = models.DateField(_("due date"), db_column="due_date")
    ready_at = models.DateTimeField(_("result ready at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    timeliness = models.CharField(_("timeliness"), max_length=10, choices=Timeliness, blank=True)
    postponement_count = models.PositiveSmallIntegerField(_("new dates given"), default=0)
    is_imported = models.BooleanField(_("imported"), default=False)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["commune", "status", "due_on"], name="dossier_commune_status_due"),
            models.Index(fields=["commune", "received_at"], name="dossier_commune_received"),
            # The public look-up: a code as the citizen typed it, upper or lower case (portal.lookup).
            models.Index("commune", Upper("code"), name="dossier_commune_code_upper"),
            # The few dossiers still being worked on, for figures that depend on today (overdue, at risk).
            models.Index(
                fields=["received_at"],
                include=["id", "commune", "due_on"],
                condition=Q(status__in=["received", "in_progress"]),
                name="dossier_working_received",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("statutory_due_on")), name="dossier_due_not_before_legal"
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(status="returned"),
                name="dossier_returned_at_only_when_returned",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def derive_fields(self) -> None:
        """Fill what is derived from other fields (core.inserts runs it too, as it does not call save)."""
        self.applicant_search_key = fold_vietnamese(self.applicant_name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "applicant_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "applicant_search_key"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.RETURNED, self.Status.REJECTED}

    @property
    def is_home_service(self) -> bool:
        return self.channel == self.Channel.AT_HOME

    @property
    def applicant_initials(self) -> str:
        """Return the initials, all the public look-up shows of the applicant: "Nguyễn Văn An" → "N.V.A."."""
        return initials_of(self.applicant_name)


def initials_of(name: str) -> str:
    """Return a name's initials: "Nguyễn Văn An" → "N.V.A."."""
    return "".join(f"{word[0].upper()}." for word in name.split())


class DossierEvent(models.Model):
    """One step in a dossier's history. Written only by dossiers.services; never changed."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        HANDED_OVER = "handed_over", _("Handed over")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
        SUPPLEMENTED = "supplemented", _("Supplemented")
        REJECTED = "rejected", _("Rejected")
        READY = "ready", _("Result ready")
        RETURNED = "returned", _("Returned")
        POSTPONEMENT_DRAFTED = "postponement_drafted", _("Apology slip drafted")
        POSTPONED = "postponed", _("New date given with an apology")
        IMPORTED = "imported", _("Imported")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    old_status = models.CharField(_("old status"), max_length=30, blank=True)
    new_status = models.CharField(_("new status"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.kind}"


class Handover(models.Model):
    """One line of the control slip (phiếu kiểm soát): who gave the dossier to whom, when, and how timely."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="handovers"
    )
    step = models.PositiveSmallIntegerField(_("step"))
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("giver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_office = models.CharField(_("receiving office"), max_length=200, blank=True)
    handed_at = models.DateTimeField(_("handed over at"))
    step_due_on = models.DateField(_("step due date"), db_column="step_due_date")
    timeliness = models.CharField(_("timeliness"), max_length=10, choices=Dossier.Timeliness)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["dossier", "step"]
        constraints = [models.UniqueConstraint(fields=["dossier", "step"], name="handover_unique_step")]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.step}"


class SupplementRequest(TimeStampedModel):
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what is missing, once and fully."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="supplement_requests"
    )
    office = models.CharField(_("requesting office"), max_length=200)
    missing_items = models.TextField(_("missing or to be corrected"))
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplied_at = models.DateTimeField(_("supplied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.office}"


class Rejection(TimeStampedModel):
    """Phiếu từ chối tiếp nhận, giải quyết hồ sơ."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="rejection"
    )
    reasons = models.TextField(_("reasons"))
    rejected_at = models.DateTimeField(_("rejected at"))
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rejection")
        verbose_name_plural = _("rejections")

    def __str__(self) -> str:
        return str(self.dossier)


class Postponement(TimeStampedModel):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: drafted (often by the sweep), then issued by an official."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        CANCELLED = "cancelled", _("Cancelled")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="postponements"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    reason = models.TextField(_("reason"), blank=True)
    old_due_on = models.DateField(_("old due date"), db_column="old_due_date")
    new_due_on = models.DateField(_("new due date"), db_column="new_due_date")
    drafted_at = models.DateTimeField(_("drafted at"))
    is_drafted_by_sweep = models.BooleanField(_("drafted by the system"), default=False)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("apology slip")
        verbose_name_plural = _("apology slips")
        ordering = ["dossier", "drafted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status="draft"), name="postponement_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(new_due_on__gt=models.F("old_due_on")), name="postponement_moves_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.new_due_on:%d/%m/%Y}"
