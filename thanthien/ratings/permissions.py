"""Who may record ratings, read their figures, and run or fill in survey campaigns."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, memberships_of, unit_scope
from thanthien.ratings.models import Rating, RatingAlert, SurveyCampaign
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import VILLAGE_ROLES, acts_for_commune, communes_with_role

# Who closes an alert and who enters paper slips: the rules the services enforce.
ALERT_CLOSERS = frozenset({Role.LEADER})
PAPER_ENTRY_ROLES = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMINISTRATOR})
RECORDERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR})
# The Fatherland Front and the mass-mobilisation bloc (supervisors) run the surveys, with the commune's
# leaders and administrators; the commune's officers help by entering the paper slips.
CAMPAIGN_RUNNERS = frozenset({Role.SUPERVISOR, Role.LEADER, Role.ADMINISTRATOR})
SLIP_ENTERERS = CAMPAIGN_RUNNERS | {Role.DESK_OFFICER}
VILLAGE_HEADS = VILLAGE_ROLES  # the village head and the Front's member at the village (units.permissions)


def can_record_rating(user: User, commune: Unit) -> bool:
    """A kiosk logged in as the desk, or an integration acting for the commune, records its ratings."""
    return acts_for_commune(user, commune, RECORDERS)


def visible_ratings(user: User) -> QuerySet[Rating]:
    """Return the ratings of the units the user belongs to, and below (any role reads the figures)."""
    return Rating.objects.filter(unit_scope(user, "unit__path"))


ALERT_READERS = frozenset({Role.LEADER, Role.SUPERVISOR, Role.REVIEWER, Role.ADMINISTRATOR})


def visible_alerts(user: User) -> QuerySet[RatingAlert]:
    """The leaders, the Fatherland Front and those above them see a commune's rating alerts."""
    return RatingAlert.objects.filter(unit_scope(user, "unit__path", ALERT_READERS))


def get_alert_for_user(user: User, pk: int) -> RatingAlert:
    """Return an alert the user may see; 404 for a missing one and for another unit's alike."""
    return get_object_or_404(visible_alerts(user).select_related("unit", "official", "rating"), pk=pk)


# Who reads an official's month-by-month trend and early warnings: the commune's leaders (and those above
# them), and the official themself for their own trend (issue #20 item 4). Other officials of the commune
# do not: an official's ratings are not their colleagues' business.
TREND_READERS = frozenset({Role.LEADER})


def can_view_official_trend(user: User, official: Any) -> bool:
    """A leader of the official's commune (or above it), or the official themself, reads their trend."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if official.user_id is not None and official.user_id == user.pk:
        return True
    return has_role_at(user, official.unit.path, TREND_READERS)


def early_warning_communes(user: User) -> QuerySet[Unit]:
    """Return the communes whose early warnings the user's home lists: those where they are a leader.

    The commune's own leaders only (not a province's, whose home would count every commune's ratings);
    those above open an official's trend page through `can_view_official_trend`.
    """
    paths = {path for path, role in memberships_of(user) if role in TREND_READERS}
    return Unit.objects.filter(path__in=paths, level=Unit.Level.COMMUNE, valid_to__isnull=True).order_by(
        "name"
    )


def can_close_alert(user: User, alert: RatingAlert) -> bool:
    return has_role_at(user, alert.unit.path, ALERT_CLOSERS)


def can_enter_paper_slip(user: User, commune: Unit) -> bool:
    return acts_for_commune(user, commune, PAPER_ENTRY_ROLES)


def can_run_campaign(user: User, commune: Unit) -> bool:
    """The commune's Fatherland Front (supervisor), leaders and administrators run its survey campaigns."""
    return acts_for_commune(user, commune, CAMPAIGN_RUNNERS)


def can_enter_slips(user: User, campaign: SurveyCampaign) -> bool:
    """Those who run the campaign and the commune's desk officers enter paper slips and import sheets."""
    return has_role_at(user, campaign.commune.path, SLIP_ENTERERS)


def can_enter_village_slips(user: User, campaign: SurveyCampaign, village: Unit) -> bool:
    """A village head enters the slips collected in their own village, for a campaign of its commune."""
    return village.parent_id == campaign.commune_id and has_role_at(user, village.path, VILLAGE_HEADS)


def campaign_communes(user: User) -> QuerySet[Unit]:
    """Return the communes where the user may run survey campaigns."""
    return communes_with_role(user, CAMPAIGN_RUNNERS).filter(valid_to__isnull=True).order_by("name")


def visible_campaigns(user: User) -> QuerySet[SurveyCampaign]:
    """Return the campaigns of the units the user belongs to, and below (any role reads the results)."""
    return SurveyCampaign.objects.filter(unit_scope(user, "commune__path"))


def get_campaign_for_user(user: User, pk: int) -> SurveyCampaign:
    """Return the campaign, or raise Http404 for 'missing' and 'not yours' alike."""
    related = ("commune", "questionnaire", "scale")
    return get_object_or_404(visible_campaigns(user).select_related(*related), pk=pk)
