"""Criteria sets as data (a province's or the country's), and a commune's yearly self-assessment against one.

A set: groups → criteria, each with its points and how it is scored (`Criterion.Method`): from a figure the
system counts (`indicator`, with a `rule` of assessment.scoring), from a survey, or by a person with evidence.
A submitted self-assessment keeps a frozen snapshot (values, points, evidence, the figures) and its hash.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel


class CriteriaSet(TimeStampedModel):
    class Purpose(models.TextChoices):
        RECOGNITION = "recognition", _("recognition of a friendly government")
        INDEX_766 = "index_766", _("Decision 766 service-quality index")

    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose, default=Purpose.RECOGNITION)
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    # None: a national set (Decision 766); otherwise the province that issued it.
    province = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria_sets",
        verbose_name=_("province"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    pass_total = models.DecimalField(_("pass mark (points)"), max_digits=6, decimal_places=2)
    # Optional: no group may score below this share (%) of its points.
    group_floor_percent = models.DecimalField(
        _("lowest share of each group (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-valid_from", "code"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class CriterionGroup(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=500)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_group_code_in_set")
        ]
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    class Method(models.TextChoices):
        INDICATOR = "indicator", _("from a figure")
        SURVEY = "survey", _("from a survey")
        MANUAL = "manual", _("scored by a person")

    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=1000)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    method = models.CharField(_("method"), max_length=10, choices=Method)
    indicator = models.CharField(_("indicator"), max_length=100, blank=True)
    rule = models.CharField(_("scoring rule"), max_length=300, blank=True)
    evidence = models.CharField(_("evidence to attach"), max_length=1000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class SelfAssessment(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for more evidence")
        APPROVED = "approved", _("approved")

    commune = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="self_assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(_("snapshot at submission"), default=dict, blank=True)
    snapshot_hash = models.CharField(_("snapshot hash"), max_length=64, blank=True)
    return_note = models.TextField(_("why it was returned"), blank=True)
    return_due_on = models.DateField(_("more evidence due by"), null=True, blank=True)
    appraised_total = models.DecimalField(
        _("appraised score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("reached the standard"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "commune__name"]
        constraints = [models.UniqueConstraint(fields=["commune", "year"], name="one_self_assessment_a_year")]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.commune} — {self.year}"


class CriterionEntry(models.Model):
    """One criterion of a self-assessment: the commune's note and score (manual ones), the reviewer's view."""

    class Verdict(models.TextChoices):
        AGREED = "agreed", _("agreed")
        ADJUSTED = "adjusted", _("another score")

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    self_points = models.DecimalField(_("self score"), max_digits=6, decimal_places=2, null=True, blank=True)
    verdict = models.CharField(_("appraisal"), max_length=10, choices=Verdict, blank=True)
    appraised_points = models.DecimalField(
        _("appraised score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reviewer's reason"), blank=True)

    class Meta:
        ordering = ["criterion__group__order", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_entry_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.code}"


class Evidence(models.Model):
    entry = models.ForeignKey(CriterionEntry, on_delete=models.CASCADE, related_name="evidence")
    file_name = models.CharField(_("file name"), max_length=255)
    stored_as = models.CharField(max_length=255)  # relative to the data folder
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.file_name
