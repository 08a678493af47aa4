"""Where leaders meet the people: the reception schedule and log, dialogue conferences, field visits."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.formatting import WEEKDAY_NAMES
from thanthien.core.models import TimeStampedModel
from thanthien.core.validation import is_number
from thanthien.reception import schedule


class Capacity(models.TextChoices):
    """In what capacity a leader receives citizens: the legal duty depends on it."""

    CHAIRMAN = "chairman", _("Chairman of the People's Committee")
    VICE_CHAIRMAN = "vice_chairman", _("Vice-chairman of the People's Committee")
    PARTY_SECRETARY = "party_secretary", _("Party secretary")
    OTHER = "other", _("Other leader or assigned official")


class MeetingDuty(TimeStampedModel):
    """A legal duty to meet the people, in force from a date: kept as data because the laws change.

    E.g. the commune chairman receives citizens at least 1 day a week (Law on Citizen Reception 2013
    art. 15(2)); the commune holds at least 1 dialogue conference a year (Law on Grassroots Democracy 2022
    art. 32).
    """

    class Kind(models.TextChoices):
        RECEPTION = "reception", _("Citizen reception days")
        DIALOGUE = "dialogue", _("Commune-level dialogue conferences")

    class Period(models.TextChoices):
        WEEK = schedule.Period.WEEK.value, _("week")
        MONTH = schedule.Period.MONTH.value, _("month")
        YEAR = schedule.Period.YEAR.value, _("year")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    capacity = models.CharField(
        _("capacity"),
        max_length=20,
        choices=Capacity,
        blank=True,
        help_text=_("For reception days: whose duty it is."),
    )
    times = models.PositiveSmallIntegerField(_("at least (times)"))
    period = models.CharField(_("per"), max_length=10, choices=Period)
    valid_from = models.DateField(_("valid from"))
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("duty to meet the people")
        verbose_name_plural = _("duties to meet the people")
        ordering = ["kind", "capacity", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "capacity", "valid_from"], name="meeting_duty_unique"),
            models.CheckConstraint(condition=Q(times__gte=1), name="meeting_duty_times_positive"),
        ]

    def __str__(self) -> str:
        who = self.get_capacity_display()
        return f"{self.get_kind_display()} {who}: {self.times}/{self.get_period_display()}"

    def as_duty(self) -> schedule.Duty:
        return schedule.Duty(times=self.times, period=self.period)


class ReceptionRule(TimeStampedModel):
    """A leader's recurring reception day: "the chairman every Thursday", "the secretary on the 10th"."""

    class Frequency(models.TextChoices):
        WEEKLY = schedule.Frequency.WEEKLY.value, _("Every week")
        MONTHLY = schedule.Frequency.MONTHLY.value, _("Every month")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="reception_rules"
    )
    leader = models.ForeignKey(
        "units.Official", verbose_name=_("leader"), on_delete=models.PROTECT, related_name="reception_rules"
    )
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency)
    # Comma-separated numbers: weekdays 0 (Monday) … 6; days of the month 1 … 31; nth weekday 1 … 4, -1.
    weekdays = models.CharField(_("weekdays"), max_length=20, blank=True)
    month_days = models.CharField(_("days of the month"), max_length=40, blank=True)
    nths = models.CharField(_("which weekday of the month"), max_length=20, blank=True)
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reception rule")
        verbose_name_plural = _("reception rules")
        ordering = ["commune", "capacity", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="reception_rule_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader.full_name}: {self.get_frequency_display()}"

    @property
    def weekday_names(self) -> list[str]:
        return [str(WEEKDAY_NAMES[day]) for day in _numbers(self.weekdays) if 0 <= day < len(WEEKDAY_NAMES)]

    def as_spec(self) -> schedule.RuleSpec:
        return schedule.RuleSpec(
            frequency=self.frequency,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            weekdays=_numbers(self.weekdays),
            month_days=_numbers(self.month_days),
            nths=_numbers(self.nths),
        )


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.replace(" ", "").split(",") if is_number(part.lstrip("-")))


class ReceptionSession(TimeStampedModel):
    """One reception session (buổi tiếp công dân): from a rule, or ad hoc."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        AD_HOC = "ad_hoc", _("Ad hoc")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="reception_sessions"
    )
    rule = models.ForeignKey(
        ReceptionRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    leader = models.ForeignKey(
        "units.Official",
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="reception_sessions",
    )
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.REGULAR)
    planned_on = models.DateField(_("day the rule names"))
    held_on = models.DateField(_("date"))  # after the holiday shift
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    place = models.CharField(_("place"), max_length=200)
    reason = models.CharField(_("reason"), max_length=300, blank=True)  # for an ad-hoc session
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    # LAW.md "What a software system must enforce" item 12: whether the leader received in person.
    is_received_in_person = models.BooleanField(_("received in person"), default=True)

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["held_on", "starts_at", "id"]
        indexes = [models.Index(fields=["commune", "held_on"], name="reception_session_day")]
        constraints = [
            # Generating a period twice makes each session once.
            models.UniqueConstraint(
                fields=["rule", "planned_on"], name="reception_session_once_per_rule_day"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="reception_session_hours"
            ),
            models.CheckConstraint(
                condition=Q(held_on__gte=models.F("planned_on")), name="reception_session_shift"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.leader.full_name}"

    @property
    def is_shifted(self) -> bool:
        return self.held_on != self.planned_on


class ReceptionRecord(TimeStampedModel):
    """One entry of the reception log (sổ tiếp công dân), with the columns of Law 42/2013 art. 25.

    One kind per entry: mixed content is split into several entries (art. 25). The visitor's name and
    address are what the law asks; they are kept encrypted and shown only to the identity readers.
    """

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        DENUNCIATION = "denunciation", _("Denunciation")
        RECOMMENDATION = "recommendation", _("Recommendation")
        REFLECTION = "reflection", _("Reflection")

    class Answer(models.TextChoices):
        # Law on Citizen Reception 2013 art. 28(1): what the visitor is told within 10 working days.
        NONE = "", _("Not answered yet")
        ACCEPTED = "accepted", _("Accepted for handling")
        NEEDS_TIME = "needs_time", _("Needs more time for verification")
        REFUSED = "refused", _("Refused (not competent or not eligible)")
        FORWARDED = "forwarded", _("Forwarded to the competent body")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="reception_records"
    )
    session = models.ForeignKey(
        ReceptionSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("no."))
    received_on = models.DateField(_("date"))
    # The visitor's name and address, encrypted in feedback's one identity store (Law on Denunciations
    # arts. 8(3), 56); read only through reception.services.reveal_visitor (feedback's reader rule, audited).
    # A split entry shares its original's row.
    identity = models.ForeignKey(
        "feedback.SenderIdentity",
        verbose_name=_("visitor's identity (encrypted)"),
        on_delete=models.PROTECT,
        related_name="reception_records",
    )
    village = models.ForeignKey(
        "units.Unit",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("content"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    topic = models.CharField(_("topic"), max_length=30, default="other")  # FeedbackItem.Topic values
    people_count = models.PositiveSmallIntegerField(_("number of people"), default=1)
    prior_handling = models.TextField(_("prior handling by competent bodies"), blank=True)
    request = models.TextField(_("visitor's request"), blank=True)
    outcome = models.TextField(_("how it was received and handled"), blank=True)
    answer = models.CharField(
        _("answer to the visitor"), max_length=20, choices=Answer, blank=True, default=""
    )
    answer_due_on = models.DateField(_("answer due by"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    split_from = models.ForeignKey(
        "self",
        verbose_name=_("split from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    feedback_item = models.OneToOneField(
        "feedback.FeedbackItem",
        verbose_name=_("petition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception_record",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("reception log entry")
        verbose_name_plural = _("reception log")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "number"], name="reception_record_number_unique"
            ),
            models.CheckConstraint(condition=Q(people_count__gte=1), name="reception_record_people_positive"),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_on__isnull=False), name="reception_record_answer_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d}/{self.year}"

    def is_answer_overdue(self, today: date) -> bool:
        """Not answered by the due date, or answered after it."""
        if self.answered_on is None:
            return today > self.answer_due_on
        return self.answered_on > self.answer_due_on


class Dialogue(TimeStampedModel):
    """A dialogue conference (hội nghị đối thoại) of the commune or of a village with the people.

    Law on Grassroots Democracy 2022 (No. 10/2022/QH15) art. 32: the commune People's Committee, with the
    Fatherland Front, holds at least one a year.
    """

    class Level(models.TextChoices):
        COMMUNE = "commune", pgettext_lazy("dialogue level", "Commune")
        VILLAGE = "village", pgettext_lazy("dialogue level", "Village")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="dialogues"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level)
    village = models.ForeignKey(
        "units.Unit",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("subject"), max_length=300)
    planned_on = models.DateField(_("planned date"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    chaired_by = models.ForeignKey(
        "units.Official",
        verbose_name=_("chaired by"),
        on_delete=models.PROTECT,
        related_name="chaired_dialogues",
    )
    offices = models.ManyToManyField(
        "units.Office",
        verbose_name=_("Fatherland Front and mass organisations"),
        blank=True,
        related_name="+",
    )
    villages = models.ManyToManyField(
        "units.Unit", verbose_name=_("villages taking part"), blank=True, related_name="+"
    )
    attendance = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    other_participants = models.TextField(_("other participants"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    summary = models.TextField(_("summary of the minutes"), blank=True)

    class Meta:
        verbose_name = _("dialogue conference")
        verbose_name_plural = _("dialogue conferences")
        ordering = ["-planned_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="commune", village__isnull=True)
                | Q(level="village", village__isnull=False),
                name="dialogue_village_level",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False), name="dialogue_held_dated"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def day(self) -> date:
        return self.held_on or self.planned_on


class DialogueIssue(TimeStampedModel):
    """An issue raised at a dialogue conference, and the answer given there."""

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.PROTECT, related_name="issues"
    )
    raised_by = models.CharField(_("raised by"), max_length=200)  # "Thôn 3", "Hội Nông dân": no ID data
    content = models.TextField(_("issue raised"))
    answer = models.TextField(_("answer given"), blank=True)
    answered_by = models.ForeignKey(
        "units.Official",
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    feedback_item = models.OneToOneField(
        "feedback.FeedbackItem",
        verbose_name=_("feedback item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogue_issue",
    )

    class Meta:
        verbose_name = _("issue raised at a dialogue")
        verbose_name_plural = _("issues raised at dialogues")
        ordering = ["dialogue", "id"]

    def __str__(self) -> str:
        return self.content[:60]


class DialogueCommitment(TimeStampedModel):
    """What the commune took on at a dialogue (nội dung tiếp thu, cam kết), followed until done."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("commitment", "In progress")
        DONE = "done", _("Done")

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.PROTECT, related_name="commitments"
    )
    issue = models.ForeignKey(
        DialogueIssue,
        verbose_name=_("issue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    content = models.TextField(_("commitment"))
    owner = models.ForeignKey(
        "units.Official",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="dialogue_commitments",
    )
    due_on = models.DateField(pgettext_lazy("to be done by", "due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("dialogue commitment")
        verbose_name_plural = _("dialogue commitments")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True) | Q(status="done", done_on__isnull=False),
                name="dialogue_commitment_done_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:60]

    def is_overdue(self, today: date) -> bool:
        return self.status == self.Status.OPEN and today > self.due_on


class FieldVisit(TimeStampedModel):
    """A leaders' visit to a village (xuống cơ sở): when, where, who, what was raised."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="field_visits"
    )
    village = models.ForeignKey(
        "units.Unit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("date"))
    leaders = models.ManyToManyField(
        "units.Official", verbose_name=_("who went"), related_name="field_visits"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on:%d/%m/%Y} {self.village}"


class FieldVisitIssue(TimeStampedModel):
    """What the people raised during a field visit; each becomes a feedback item (channel: field visit)."""

    visit = models.ForeignKey(
        FieldVisit, verbose_name=_("field visit"), on_delete=models.PROTECT, related_name="issues"
    )
    content = models.TextField(_("issue raised"))
    feedback_item = models.OneToOneField(
        "feedback.FeedbackItem",
        verbose_name=_("feedback item"),
        on_delete=models.PROTECT,
        related_name="field_visit_issue",
    )

    class Meta:
        verbose_name = _("issue raised on a field visit")
        verbose_name_plural = _("issues raised on field visits")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.content[:60]
