"""What a paired device calls: its settings, and the ratings or items it sends (issue #20).

Authenticated by the device key only (`Authorization: Bearer <key>`), never by a login session: a kiosk
keeps working when the desk officer's session ends. A revoked key gets 401 with a message to show.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import HttpBearer

from thanthien.core.validation import (
    AddressText,
    CodeText,
    CommentText,
    ContactText,
    ContentText,
    InputSchema,
    KeyText,
    NameText,
)
from thanthien.devices import services
from thanthien.devices.models import DeviceKey
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.permissions import brought_feedback
from thanthien.ratings.models import SurveyCampaign
from thanthien.ratings.services import KIOSK_REASONS, scale_for
from thanthien.ratings.surveys import SlipSheet, village_campaigns
from thanthien.units.models import Official


def refusal_message(*, revoked: bool) -> str:
    """The words a refused device shows (in the page too, from the template, when it is offline)."""
    if revoked:
        return _(
            "This device's key was revoked. Nothing kept on it is lost: ask the commune's officer to pair "
            "it again, and what waits will be sent."
        )
    return _("This device is not paired. Ask the commune's officer to pair it.")


class DeviceAuth(HttpBearer):
    """`Authorization: Bearer prefix.secret` of a paired device; a wrong or revoked key is a 401."""

    def authenticate(self, request: HttpRequest, token: str) -> DeviceKey:
        try:
            return services.authenticate_device(token)
        except services.DeviceRefused as refused:
            raise HttpError(401, refusal_message(revoked=refused.revoked)) from refused


Kind = FeedbackItem.Kind
router = Router(tags=["devices"], auth=DeviceAuth())


def _device(request: HttpRequest, kind: str) -> DeviceKey:
    device: DeviceKey = request.auth  # type: ignore[attr-defined]  # DeviceAuth puts the key there
    if device.kind != kind:
        raise HttpError(403, _("You are not allowed to do this."))
    return device


class LevelOut(Schema):
    value: int
    label: str
    sentiment: str


class OfficialOut(Schema):
    id: int
    full_name: str
    title: str


class KioskOut(Schema):
    device: str
    commune_code: str
    commune_name: str
    levels: list[LevelOut]
    reasons: list[tuple[str, str]]
    officials: list[OfficialOut]


@router.get("/kiosk", response=KioskOut, url_name="device_kiosk", summary="A kiosk's settings")
def kiosk_settings(request: HttpRequest) -> dict[str, Any]:
    """The commune, its rating levels (best first), the reasons to tick and the officials at the desk."""
    device = _device(request, DeviceKey.Kind.KIOSK)
    commune = device.unit
    levels = scale_for(commune, timezone.localdate()).levels.order_by("-value")
    return {
        "device": device.name,
        "commune_code": commune.code,
        "commune_name": commune.name,
        "levels": list(levels),
        "reasons": [(key, str(label)) for key, label in KIOSK_REASONS],
        "officials": list(Official.objects.filter(unit=commune, is_active=True)),
    }


class KioskRatingIn(InputSchema):
    level: int
    official_id: int | None = None
    reasons: list[CodeText] = Field([], max_length=50)
    comment: CommentText = ""
    idempotency_key: KeyText
    rated_at: datetime | None = None


class RecordedOut(Schema):
    id: int
    replayed: bool


@router.post(
    "/kiosk/ratings",
    response={200: RecordedOut, 201: RecordedOut},
    url_name="device_kiosk_rating",
    summary="A kiosk's rating",
)
def kiosk_rating(request: HttpRequest, payload: KioskRatingIn) -> Status[dict[str, Any]]:
    """Record one rating of the kiosk's commune; the same `idempotency_key` again is answered 200, once."""
    device = _device(request, DeviceKey.Kind.KIOSK)
    outcome = services.record_kiosk_rating(device, **payload.model_dump())
    return Status(200 if outcome.replayed else 201, {"id": int(outcome.result), "replayed": outcome.replayed})


class ChoiceOut(Schema):
    value: str
    label: str
    may_be_anonymous: bool = True


class SlipChoiceOut(Schema):
    number: int
    label: str


class SlipQuestionOut(Schema):
    number: int
    text: str
    kind: str
    choices: list[SlipChoiceOut]


class CampaignOut(Schema):
    id: int
    title: str
    levels: list[LevelOut]
    questions: list[SlipQuestionOut]


class VillageOut(Schema):
    device: str
    village_name: str
    commune_name: str
    head: str
    kinds: list[ChoiceOut]
    topics: list[ChoiceOut]
    campaigns: list[CampaignOut]


@router.get("/village", response=VillageOut, url_name="device_village", summary="A village phone's settings")
def village_settings(request: HttpRequest) -> dict[str, Any]:
    """The village, its commune, its head, and the kinds and topics of items the phone records."""
    device = _device(request, DeviceKey.Kind.VILLAGE)
    return {
        "device": device.name,
        "village_name": device.unit.name,
        "commune_name": device.unit.parent.name if device.unit.parent else "",
        "head": device.user.full_name or device.user.username,  # type: ignore[union-attr]  # a village phone's
        "kinds": [
            {
                "value": kind.value,
                "label": str(kind.label),
                "may_be_anonymous": kind != FeedbackItem.Kind.COMPLAINT,
            }
            for kind in services.VILLAGE_KINDS
        ],
        "topics": [{"value": value, "label": str(label)} for value, label in FeedbackItem.Topic.choices],
        "campaigns": [
            _campaign(campaign) for campaign in village_campaigns(device.unit, timezone.localdate())
        ],
    }


def _campaign(campaign: SurveyCampaign) -> dict[str, Any]:
    sheet = SlipSheet.of(campaign)
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "levels": sheet.levels,
        "questions": [
            {"number": q.number, "text": q.text, "kind": q.kind, "choices": list(q.choices.all())}
            for q in sheet.questions
        ],
    }


class VillageItemIn(InputSchema):
    client_key: KeyText
    kind: CodeText
    content: ContentText
    topic: CodeText = FeedbackItem.Topic.OTHER
    is_anonymous: bool = False
    name: NameText = ""
    address: AddressText = ""
    contact: ContactText = ""
    has_consent: bool = False


class BroughtOut(Schema):
    tracking_code: str
    kind: str
    kind_label: str
    content: str
    received_on: date
    status: str
    status_label: str
    resolved_on: date | None
    public_answer: str


def _brought(item: FeedbackItem) -> dict[str, Any]:
    """What the village head sees of an item they brought: what became of it, never the sender."""
    return {
        "tracking_code": item.tracking_code,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "content": item.content[:200],
        "received_on": item.received_on,
        "status": item.status,
        "status_label": item.get_status_display(),
        "resolved_on": item.resolved_on,
        "public_answer": item.public_answer if item.is_published else "",
    }


@router.post(
    "/village/items", response={201: BroughtOut}, url_name="device_village_item", summary="A village item"
)
def village_item(request: HttpRequest, payload: VillageItemIn) -> Status[dict[str, Any]]:
    """Bring one item of the village into the commune's intake, once per `client_key`."""
    device = _device(request, DeviceKey.Kind.VILLAGE)
    item = services.bring_village_item(device, **payload.model_dump())
    return Status(201, _brought(item))


class VillageSlipIn(InputSchema):
    campaign_id: int
    answers: dict[int, int | list[int] | CommentText]
    idempotency_key: KeyText


@router.post(
    "/village/slips",
    response={200: RecordedOut, 201: RecordedOut},
    url_name="device_village_slip",
    summary="A survey slip from the village",
)
def village_slip(request: HttpRequest, payload: VillageSlipIn) -> Status[dict[str, Any]]:
    """Record one survey slip the village head collected in their village, once per `idempotency_key`."""
    device = _device(request, DeviceKey.Kind.VILLAGE)
    recorded = services.bring_village_slip(device, **payload.model_dump())
    return Status(
        200 if recorded.replayed else 201, {"id": recorded.response.pk, "replayed": recorded.replayed}
    )


@router.get(
    "/village/items", response=list[BroughtOut], url_name="device_village_items", summary="Items brought"
)
def village_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The last 100 items the village head brought, newest first, with what became of each."""
    device = _device(request, DeviceKey.Kind.VILLAGE)
    # A village phone's key always acts as its village head (services.pair_village_phone).
    brought = brought_feedback(device.user)  # type: ignore[arg-type]  # see above
    items = brought.filter(village=device.unit).order_by("-received_on", "-id")[:100]
    return [_brought(item) for item in items]
