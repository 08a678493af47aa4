"""Signed, unguessable links that let the applicant of one dossier rate it (once) without logging in."""

from django.core import signing

from thanthien.dossiers.models import Dossier

SALT = "dossiers.rating-link"
LINK_DAYS = 60


def rating_token(dossier: Dossier) -> str:
    """Return the token of a dossier's rating link; it names the dossier and nothing about the applicant."""
    return signing.dumps(dossier.pk, salt=SALT, compress=True)


def dossier_pk_from_token(token: str) -> int | None:
    """Return the id of the dossier a rating token names, or None for a forged, damaged or expired token."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    return pk if isinstance(pk, int) else None
