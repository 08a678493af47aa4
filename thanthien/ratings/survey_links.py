"""Signed links (and QR codes) to a campaign's phone form, one per village: no login, nothing personal."""

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

from thanthien.ratings.models import SurveyCampaign
from thanthien.units.models import Unit

SALT = "ratings.survey-link"


def survey_token(campaign: SurveyCampaign, village: Unit) -> str:
    """Return the token of the phone link of one campaign in one village."""
    return signing.dumps([campaign.pk, village.pk], salt=SALT, compress=True)


def survey_from_token(token: str) -> tuple[SurveyCampaign, Unit] | None:
    """Return the campaign and village a token names, or None for a forged or damaged token."""
    try:
        campaign_pk, village_pk = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    related = ("commune", "scale", "questionnaire")
    found = SurveyCampaign.objects.select_related(*related).filter(pk=campaign_pk).first()
    village = Unit.objects.filter(pk=village_pk, level=Unit.Level.VILLAGE).first()
    if found is None or village is None or village.parent_id != found.commune_id:
        return None
    return found, village


def survey_url(campaign: SurveyCampaign, village: Unit, base: str | None = None) -> str:
    """Return the absolute phone link of a campaign in a village ("" when the commune has no public site)."""
    if not campaign.commune.slug:
        return ""
    token = survey_token(campaign, village)
    path = reverse("portal:survey", kwargs={"slug": campaign.commune.slug, "token": token})
    return f"{settings.SITE_URL if base is None else base}{path}"


def qr_data_uri(url: str) -> str:
    """Return a QR code of `url` as an SVG data URI, for an <img> (the CSP allows data: images)."""
    return segno.make(url, error="m").svg_data_uri(scale=4)
