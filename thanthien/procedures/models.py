"""The catalogue of administrative procedures (thủ tục hành chính) a commune handles."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel


class Procedure(TimeStampedModel):
    class OnlineLevel(models.TextChoices):
        FULL_ONLINE = "full_online", _("Full online")
        PARTLY_ONLINE = "partly_online", _("Partly online")
        IN_PERSON = "in_person", _("In person only")

    class ResultKind(models.TextChoices):
        OTHER = "other", _("Other result")
        BIRTH = "birth_registration", _("Birth registration")
        MARRIAGE = "marriage_registration", _("Marriage registration")
        DEATH = "death_registration", _("Death registration")

    class TimeLimitUnit(models.TextChoices):
        # The same values as core.workdays.WORKING_DAYS / CALENDAR_DAYS, which do the counting.
        WORKING_DAYS = "working_days", _("working days")
        CALENDAR_DAYS = "calendar_days", _("calendar days")

    code = models.CharField(_("code"), max_length=30, unique=True)
    # The code of the national public-service portal (e.g. "1.001193"), beside the province's own `code`:
    # imports of the catalogue and of dossiers match a row by either.
    national_code = models.CharField(_("national code"), max_length=30, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=500)
    field = models.CharField(_("field"), max_length=150)
    # Folded code, name and field ("dang ky ket hon"): the same search on SQLite and PostgreSQL.
    search_key = models.CharField(_("search key"), max_length=800, db_index=True, editable=False)
    # In `time_limit_unit`; 0 = returned the same day, 0.5 = half a working day.
    time_limit_days = models.DecimalField(_("time limit (days)"), max_digits=5, decimal_places=1)
    # Most procedures are published in working days; a few laws write plain "ngày", which are calendar days
    # (Civil Code 2015 arts. 147–148; LAW.md §1e): land-dispute mediation, adoption, beliefs and religion.
    time_limit_unit = models.CharField(
        _("time limit counted in"),
        max_length=20,
        choices=TimeLimitUnit,
        default=TimeLimitUnit.WORKING_DAYS,
    )
    fee = models.PositiveBigIntegerField(_("fee (đồng)"), null=True, blank=True)
    charge = models.PositiveBigIntegerField(_("charge (đồng)"), null=True, blank=True)
    fee_note = models.CharField(_("fee note"), max_length=500, blank=True)
    required_papers = models.TextField(_("required papers"), blank=True, help_text=_("One paper per line."))
    online_level = models.CharField(
        _("online level"), max_length=20, choices=OnlineLevel, default=OnlineLevel.IN_PERSON
    )
    result_kind = models.CharField(
        _("result kind"), max_length=30, choices=ResultKind, default=ResultKind.OTHER
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["field", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit_days__gte=0), name="procedure_time_limit_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def papers(self) -> list[str]:
        return [line.strip() for line in self.required_papers.splitlines() if line.strip()]


class ProcedureForm(TimeStampedModel):
    """A blank form (tờ khai, mẫu đơn) an applicant fills for a procedure."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="forms"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="procedure-forms/")

    class Meta:
        verbose_name = _("procedure form")
        verbose_name_plural = _("procedure forms")
        ordering = ["procedure", "title"]

    def __str__(self) -> str:
        return self.title


class CommuneProcedure(TimeStampedModel):
    """Whether a commune offers a procedure of the catalogue, and its own fee, from a date (issue #18 item 1).

    Effective-dated like the other settings: the row in force on a day is the latest `valid_from` on or
    before it. A commune's own row comes first, then the shared row (no commune: every commune without its
    own), then the catalogue itself: a commune with no row offers the procedure at the catalogue's fee.
    """

    commune = models.ForeignKey(
        "units.Unit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every commune without a row of its own."),
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="commune_choices",
        limit_choices_to={"is_active": True},
    )
    offered = models.BooleanField(_("offered"), default=True)
    fee = models.PositiveBigIntegerField(
        _("fee (đồng)"),
        null=True,
        blank=True,
        help_text=_("Where the province sets a fee of its own; empty: the catalogue's fee."),
    )
    valid_from = models.DateField(_("in force from"))
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("procedure offered by a commune")
        verbose_name_plural = _("procedures offered by communes")
        ordering = ["commune_id", "procedure_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "procedure", "valid_from"],
                condition=Q(commune__isnull=False),
                name="commune_procedure_one_per_date",
            ),
            models.UniqueConstraint(
                fields=["procedure", "valid_from"],
                condition=Q(commune__isnull=True),
                name="commune_procedure_one_shared_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} — {self.commune or '*'}"
