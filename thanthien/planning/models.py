"""Running the model: plans and tasks (C13), the conduct code and commitments (C12), supervision (C16)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL


# --- Plans -------------------------------------------------------------------------------------------------


class PlanTemplate(TimeStampedModel):
    """A shipped model plan (seeds 000, 001, 004): its steps and targets, copied into a commune's plan."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    source = models.CharField(_("source"), max_length=300)
    legal_basis = models.TextField(_("legal basis"))
    # [{"title", "start_month", "end_month", "office_kind"}]; months count from the plan's first month (1).
    steps = models.JSONField(_("steps"), default=list)
    # [{"label", "figure", "comparison", "value"}]; `figure` is a key of reports.figures (tasks.overdue).
    targets = models.JSONField(_("targets"), default=list)

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Plan(TimeStampedModel):
    """A commune's (or a province's) plan to run the model (kế hoạch)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(
        PlanTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(pgettext_lazy("document", "number"), max_length=40)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    legal_basis = models.TextField(_("legal basis"))
    committee_decision = models.CharField(
        _("decision setting up the steering committee"), max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="planning_plan_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="planning_plan_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class PlanTarget(models.Model):
    """A target of a plan, checked against a live figure (e.g. satisfaction ≥ 97%)."""

    class Comparison(models.TextChoices):
        AT_LEAST = "gte", "≥"
        AT_MOST = "lte", "≤"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    label = models.CharField(_("target"), max_length=300)
    figure = models.CharField(_("figure"), max_length=80)
    comparison = models.CharField(_("comparison"), max_length=3, choices=Comparison)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.label


class PlanStep(models.Model):
    """A step of a plan with its dates (survey, launch and training, implementation, review…)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("step"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("responsible office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.title


class CommitteeMember(models.Model):
    """A member of a plan's steering committee (Ban chỉ đạo)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="committee")
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=200)
    committee_role = models.CharField(_("role in the committee"), max_length=100)

    class Meta:
        verbose_name = _("steering committee member")
        verbose_name_plural = _("steering committee members")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.full_name


# --- Supervision and review meetings -----------------------------------------------------------------------


class SupervisionPlan(TimeStampedModel):
    """A supervising body's plan for the year (Front, mass organisation, people's inspection board)."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "units.Office", verbose_name=_("supervising body"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    content = models.TextField(_("what will be supervised"))
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="planning_supervision_plan_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}"


class SupervisionVisit(TimeStampedModel):
    """One supervision visit or review (giám sát, phản biện) and what it found."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "units.Office", verbose_name=_("supervising body"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        SupervisionPlan,
        verbose_name=_("supervision plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=300)
    members = models.TextField(_("members"))
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return self.subject


class Recommendation(TimeStampedModel):
    """A recommendation of a visit; it becomes a commune task that must be answered."""

    visit = models.ForeignKey(
        SupervisionVisit,
        verbose_name=_("supervision visit"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation"))
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ReviewMeeting(TimeStampedModel):
    """The leader's weekly review meeting (giao ban); its decisions become tasks."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("held on"))
    chaired_by = models.CharField(_("chaired by"), max_length=150)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y}"


class SupervisionOpinion(TimeStampedModel):
    """The Front's supervision opinion on a petition case or a dialogue commitment."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    feedback_item = models.ForeignKey(
        "feedback.FeedbackItem",
        verbose_name=_("petition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dialogue_commitment = models.ForeignKey(
        "reception.DialogueCommitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("opinion"))
    given_by = models.ForeignKey(USER, verbose_name=_("given by"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("supervision opinion")
        verbose_name_plural = _("supervision opinions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_item__isnull=False, dialogue_commitment__isnull=True)
                | Q(feedback_item__isnull=True, dialogue_commitment__isnull=False),
                name="planning_opinion_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


# --- Tasks -------------------------------------------------------------------------------------------------


class Task(TimeStampedModel):
    """Something the commune must do by a date, from a plan step or anywhere else (nhiệm vụ)."""

    class Source(models.TextChoices):
        PLAN_STEP = "plan_step", _("Plan step")
        RECOMMENDATION = "recommendation", _("Supervision recommendation")
        DIALOGUE = "dialogue", _("Dialogue commitment")
        REVIEW = "review", _("Review meeting")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("task", "Open")
        DONE = "done", pgettext_lazy("task", "Done")
        DECLINED = "declined", _("Answered with reasons")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("task"), max_length=500)
    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.OTHER)
    step = models.ForeignKey(
        PlanStep,
        verbose_name=_("plan step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task",
    )
    dialogue_commitment = models.ForeignKey(
        "reception.DialogueCommitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_meeting = models.ForeignKey(
        ReviewMeeting,
        verbose_name=_("review meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    official = models.ForeignKey(
        "units.Official",
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(pgettext_lazy("to be done by", "due date"))
    remind_days_before = models.PositiveSmallIntegerField(_("remind working days before"), default=2)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["commune", "status", "due_on"], name="planning_task_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True)
                | (~Q(status="open") & Q(done_on__isnull=False)),
                name="planning_task_done_on_when_answered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_answered(self) -> bool:
        return self.status != self.Status.OPEN

    @property
    def is_on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due_on

    def is_overdue(self, today: date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today


class TaskNote(models.Model):
    """A progress note on a task, and every change of its state."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="notes")
    written_at = models.DateTimeField(_("at"), auto_now_add=True)
    written_by = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class TaskEvidence(models.Model):
    """A file that shows the task was done (minh chứng); its type and size are checked on upload."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to="task-evidence/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("file type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


# --- Conduct code, commitments, violations ------------------------------------------------------------------


class ConductCode(TimeStampedModel):
    """A conduct code: shipped (no commune) or a commune's own; its rules are rows."""

    commune = models.ForeignKey(
        "units.Unit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conduct code")
        verbose_name_plural = _("conduct codes")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ConductRule(models.Model):
    """One rule of a code, in its group ("4 xin": "Xin chào", …)."""

    code = models.ForeignKey(
        ConductCode, verbose_name=_("conduct code"), on_delete=models.PROTECT, related_name="rules"
    )
    group = models.CharField(_("group"), max_length=100)
    text = models.CharField(pgettext_lazy("conduct code", "rule"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("conduct rule")
        verbose_name_plural = _("conduct rules")
        ordering = ["code", "order"]

    def __str__(self) -> str:
        return f"{self.group}: {self.text}"


class CodeAdoption(TimeStampedModel):
    """A commune adopts a code from a date; the latest adoption on or before a day is the code in force."""

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.ForeignKey(
        ConductCode, verbose_name=_("conduct code"), on_delete=models.PROTECT, related_name="adoptions"
    )
    effective_from = models.DateField(_("in force from"))
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    adopted_by = models.ForeignKey(
        USER, verbose_name=_("adopted by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("code adoption")
        verbose_name_plural = _("code adoptions")
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "effective_from"], name="planning_one_code_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.effective_from:%d/%m/%Y})"


class Commitment(TimeStampedModel):
    """An official's signed commitment to the code for a year (bản cam kết)."""

    official = models.ForeignKey(
        "units.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.ForeignKey(
        ConductCode, verbose_name=_("conduct code"), on_delete=models.PROTECT, related_name="+"
    )
    signed_on = models.DateField(_("signed on"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-year", "official"]
        constraints = [
            models.UniqueConstraint(fields=["official", "year"], name="planning_one_commitment_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.official} {self.year}"


class Violation(TimeStampedModel):
    """A breach of the conduct code by an official, from any source, and the measure taken."""

    class Source(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint about the official")
        RATING_ALERT = "rating_alert", _("Low-rating alert")
        SUPERVISION = "supervision", _("Supervision finding")
        LEADER_CHECK = "leader_check", _("Leader's own check")

    class Measure(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        CRITICISM = "criticism", _("Criticism")
        DISCIPLINE = "discipline", _("Discipline")

    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    official = models.ForeignKey(
        "units.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(
        ConductRule,
        verbose_name=_("rule broken"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("what happened"))
    source = models.CharField(_("source"), max_length=20, choices=Source)
    feedback_item = models.ForeignKey(
        "feedback.FeedbackItem",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rating_alert = models.OneToOneField(
        "ratings.RatingAlert",
        verbose_name=_("rating alert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visit = models.ForeignKey(
        SupervisionVisit,
        verbose_name=_("supervision visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    measure = models.CharField(_("measure taken"), max_length=20, choices=Measure)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    is_repeat = models.BooleanField(_("repeated"), default=False)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.official} {self.occurred_on:%d/%m/%Y}"


class OfficialPhoto(TimeStampedModel):
    """The photo on an official's badge, shown on the desk page and the public site."""

    official = models.OneToOneField(
        "units.Official", verbose_name=_("official"), on_delete=models.CASCADE, related_name="badge_photo"
    )
    photo = models.FileField(_("photo"), upload_to="badges/")

    class Meta:
        verbose_name = _("badge photo")
        verbose_name_plural = _("badge photos")

    def __str__(self) -> str:
        return str(self.official)
