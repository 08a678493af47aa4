"""Pairing a device to its unit, revoking it, knowing it again, and what a paired device may record.

A key is "prefix.secret" (as an API key, `units.tokens`): the prefix finds the row, a SHA-256 of the secret
is compared in constant time. Pairing and revoking are audited; a revoked key is refused with a message the
device shows, and the device keeps its queue until it is paired again.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.core.models import AuditEvent
from thanthien.devices import permissions
from thanthien.devices.models import DeviceKey
from thanthien.feedback import services as feedback
from thanthien.feedback.models import FeedbackItem
from thanthien.ratings import services as ratings
from thanthien.ratings import surveys
from thanthien.ratings.models import Rating, SurveyResponse
from thanthien.units.models import Unit, User
from thanthien.units.queries import active_official
from thanthien.units.tokens import hash_secret

PREFIX_BYTES = 5  # 10 hex characters
SECRET_BYTES = 32
PREFIX_ATTEMPTS = 5
LAST_USED_EVERY = timedelta(minutes=1)
_NO_SUCH_HASH = hash_secret("no such device")


class DeviceRefused(Exception):
    """The key is unknown, or was revoked: the device keeps what it holds and asks to be paired again."""

    def __init__(self, *, revoked: bool) -> None:
        super().__init__("revoked" if revoked else "unknown")
        self.revoked = revoked


@dataclass(frozen=True)
class Paired:
    device: DeviceKey
    key: str  # shown to the device once, never stored in clear


def _tidy_name(name: str, default: str) -> str:
    return " ".join(name.split())[:100] or default


@transaction.atomic
def pair_kiosk(commune: Unit, *, name: str, by: User) -> Paired:
    """Pair a tablet as the rating kiosk of `commune`; its key records that commune's ratings only."""
    if not permissions.can_pair_kiosk(by, commune):
        raise PermissionDenied
    return _pair(DeviceKey.Kind.KIOSK, commune, name=_tidy_name(name, _("Rating kiosk")), user=None, by=by)


@transaction.atomic
def pair_village_phone(village: Unit, *, name: str, by: User) -> Paired:
    """Pair the village head's phone to their village; its key brings that village's items, as them."""
    if not permissions.can_pair_village_phone(by, village):
        raise PermissionDenied
    default = _("Phone of %(name)s") % {"name": by.full_name or by.username}
    return _pair(DeviceKey.Kind.VILLAGE, village, name=_tidy_name(name, default), user=by, by=by)


def _pair(kind: str, unit: Unit, *, name: str, user: User | None, by: User) -> Paired:
    secret = secrets.token_urlsafe(SECRET_BYTES)
    for _attempt in range(PREFIX_ATTEMPTS):
        prefix = secrets.token_hex(PREFIX_BYTES)
        try:
            with transaction.atomic():  # a savepoint: a prefix collision rolls back this insert only
                device = DeviceKey.objects.create(
                    kind=kind,
                    unit=unit,
                    user=user,
                    name=name,
                    prefix=prefix,
                    secret_hash=hash_secret(secret),
                    paired_by=by,
                )
            break
        except IntegrityError:
            if not DeviceKey.objects.filter(prefix=prefix).exists():
                raise
    else:
        raise ValidationError(_("Could not make a new device key; try again."))
    changes = {"kind": kind, "unit": unit.code, "name": name, "prefix": prefix}
    audit.record(AuditEvent.Action.CREATE, device, by=by, changes=changes)
    return Paired(device, f"{prefix}.{secret}")


@transaction.atomic
def revoke_device_key(device: DeviceKey, *, by: User) -> DeviceKey:
    """Revoke a device's key at once: its next call is refused; what it still holds stays on it."""
    device = DeviceKey.objects.select_for_update().select_related("unit").get(pk=device.pk)
    if not permissions.can_revoke_device_key(by, device):
        raise PermissionDenied
    if device.is_revoked:
        raise ValidationError(_("This device was already revoked."))
    device.revoked_at, device.revoked_by = timezone.now(), by
    device.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, device, by=by, changes={"revoked": [False, True]})
    return device


def authenticate_device(raw: str) -> DeviceKey:
    """Return the paired device of a key; DeviceRefused for a wrong, malformed or revoked one.

    A village phone is refused too once its holder is no longer the village's head or is locked out.
    Side effect: notes when the key was last used, at most once a minute.
    """
    prefix, dot, secret = raw.strip().partition(".")
    longest = DeviceKey._meta.get_field("prefix").max_length
    if not dot or not prefix or not secret or len(prefix) > longest:  # type: ignore[operator]  # a CharField's is set
        raise DeviceRefused(revoked=False)
    device = DeviceKey.objects.select_related("unit", "user").filter(prefix=prefix).first()
    expected = device.secret_hash if device is not None else _NO_SUCH_HASH
    if not hmac.compare_digest(expected, hash_secret(secret)) or device is None:
        raise DeviceRefused(revoked=False)
    if device.is_revoked:
        raise DeviceRefused(revoked=True)
    if device.user is not None and not (
        device.user.is_active and permissions.can_pair_village_phone(device.user, device.unit)
    ):
        raise DeviceRefused(revoked=True)
    now = timezone.now()
    if device.last_used_at is None or now - device.last_used_at >= LAST_USED_EVERY:
        DeviceKey.objects.filter(pk=device.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
        ).update(last_used_at=now)
    return device


# --- What a kiosk records -----------------------------------------------------------------------------------
def record_kiosk_rating(
    device: DeviceKey,
    *,
    idempotency_key: str,
    level: int,
    official_id: int | None = None,
    reasons: list[str] | None = None,
    comment: str = "",
    rated_at: datetime | None = None,
) -> idempotency.Outcome:
    """Record one rating of the kiosk's commune, once per key: a resend after a lost answer counts once.

    The keys are the commune's, not the device's: a rating sent again after re-pairing is still one rating.
    """
    if device.kind != DeviceKey.Kind.KIOSK:
        raise PermissionDenied
    commune = device.unit
    sent = {
        "level": level,
        "official": official_id,
        "reasons": reasons or [],
        "comment": comment,
        "rated_at": rated_at.isoformat() if rated_at else None,
    }

    def record() -> str:
        official = None
        if official_id is not None:
            official = active_official(commune, official_id)
            if official is None:
                raise ValidationError(_("The official works for another commune."))
        rating = ratings.record_rating(
            commune,
            level=level,
            channel=Rating.Channel.KIOSK,
            official=official,
            reasons=reasons,
            comment=comment,
            rated_at=min(rated_at, timezone.now()) if rated_at else None,
        )
        return str(rating.pk)

    return idempotency.run_once(
        f"device:kiosk:{commune.pk}",
        actor=None,
        key=idempotency_key,
        fingerprint=idempotency.fingerprint_of(repr(sorted(sent.items()))),
        action=record,
    )


# --- What a village head's phone brings: survey slips ---------------------------------------------------
def bring_village_slip(
    device: DeviceKey, *, campaign_id: int, answers: dict[int, Any], idempotency_key: str
) -> surveys.Recorded:
    """Record one survey slip collected in the phone's village, once per key; nothing about the respondent."""
    if device.kind != DeviceKey.Kind.VILLAGE or device.user is None:
        raise PermissionDenied
    campaign = surveys.village_campaigns(device.unit, timezone.localdate()).filter(pk=campaign_id).first()
    if campaign is None:
        raise ValidationError(_("This survey is not open at the moment."))
    return surveys.record_survey_response(
        campaign,
        village=device.unit,
        answers=answers,
        channel=SurveyResponse.Channel.VILLAGE,
        idempotency_key=idempotency_key,
        by=device.user,
    )


# --- What a village head's phone brings: requests and reflections --------------------------------------
VILLAGE_KINDS = (
    FeedbackItem.Kind.RECOMMENDATION,
    FeedbackItem.Kind.REFLECTION,
    FeedbackItem.Kind.QUESTION,
    FeedbackItem.Kind.PRAISE,
    FeedbackItem.Kind.COMPLAINT,
    FeedbackItem.Kind.DENUNCIATION,
)


@transaction.atomic
def bring_village_item(
    device: DeviceKey,
    *,
    client_key: str,
    kind: str,
    content: str,
    topic: str = FeedbackItem.Topic.OTHER,
    is_anonymous: bool = False,
    name: str = "",
    address: str = "",
    contact: str = "",
    has_consent: bool = False,
) -> FeedbackItem:
    """Bring one request or reflection of the village into the commune's intake, once per `client_key`.

    A name, an address or a contact is passed on only with the person's consent (PDPL: the purpose is the
    answer to their item); without it the item is refused, never stored with the identity. Whether it may be
    anonymous is the intake's rule (a complaint may not).
    """
    if device.kind != DeviceKey.Kind.VILLAGE or device.user is None:
        raise PermissionDenied
    has_identity = any(value.strip() for value in (name, address, contact))
    if has_identity and not is_anonymous and not has_consent:
        raise ValidationError(
            _("The person's consent is needed to pass on their name and contact; or send it anonymously.")
        )
    identity = feedback.Identity(name.strip(), address.strip(), contact.strip()) if has_identity else None
    village = device.unit
    # Received on the day it reaches the commune: the legal clocks start there, not in the village.
    item = feedback.receive_feedback(
        village.parent,  # type: ignore[arg-type]  # a village always has its commune
        by=device.user,
        kind=kind,
        channel=FeedbackItem.Channel.VILLAGE_HEAD,
        content=content,
        topic=topic,
        village=village,
        is_anonymous=is_anonymous,
        identity=None if is_anonymous else identity,
        client_key=client_key,
    )
    if identity is not None and not is_anonymous:
        _record_consent(item, by=device.user)
    return item


CONSENT_PURPOSE = "answer"  # PDPL: the one purpose the person agreed to, the answer to their item


def _record_consent(item: FeedbackItem, *, by: User) -> None:
    """Write down, once per item, that the person agreed to pass on their identity, and for what."""
    object_id = str(item.pk)
    done = AuditEvent.objects.filter(
        object_type=item._meta.label, object_id=object_id, changes__consent_purpose=CONSENT_PURPOSE
    )
    if not done.exists():
        changes = {"consent_purpose": CONSENT_PURPOSE, "collected_by": "village_head"}
        audit.record(AuditEvent.Action.UPDATE, item, by=by, changes=changes)
