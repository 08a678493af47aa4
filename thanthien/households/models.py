"""A household's consent to have the commune gather what it did for it into one page (PDPL 91/2025/QH15)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanthien.core.models import TimeStampedModel

# The purpose read to the household and recorded with its consent (PDPL 91/2025/QH15: the purpose stated).
STORY_PURPOSE = _(
    "Gathering on one page, for the commune's staff who serve the household, what the commune did with it: "
    "its members' dossiers, the letters sent, the feedback answered, the visits to its village, the ratings "
    "given and the messages sent."
)


class HouseholdConsent(TimeStampedModel):
    """A household's consent to one purpose: given on a day, withdrawn (never deleted) on another.

    For the household story, `phones` are the members' phones the household names: the link between the
    household and the dossiers, letters, feedback and messages recorded under those phones (README).
    """

    class Purpose(models.TextChoices):
        STORY = "household_story", _("Household story")

    household = models.ForeignKey(
        "units.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    # The household's commune, kept on the row: consents are scoped and audited by it.
    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose, default=Purpose.STORY)
    stated_purpose = models.TextField(_("purpose as read to the household"))
    phones = models.JSONField(_("members' phones"), default=list, blank=True)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("household consent")
        verbose_name_plural = _("household consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="household_consent_one_in_force_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.purpose} {self.given_on:%d/%m/%Y}"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_at is None
