"""Feedback over HTTP: anyone may send it (rate-limited) and follow it by its tracking code."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from thanthien.core.middleware import client_ip
from thanthien.core.ratelimit import allow
from thanthien.feedback import services
from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import Unit

router = Router(tags=["feedback"])

# A person writes a few items an hour; a script posting hundreds is stopped at the door.
SUBMISSIONS_PER_WINDOW, LOOKUPS_PER_WINDOW, WINDOW_SECONDS = 10, 60, 600


class FeedbackIn(Schema):
    commune_code: str
    kind: str
    content: str
    topic: str = FeedbackItem.Topic.OTHER
    village_code: str | None = None
    is_anonymous: bool = True
    name: str = ""
    address: str = ""
    contact: str = ""
    client_key: str = ""


class TrackingOut(Schema):
    tracking_code: str


class PublicStatusOut(Schema):
    tracking_code: str
    commune: str
    kind: str
    status: str
    status_label: str
    received_on: date
    answer_due_on: date | None
    resolved_on: date | None
    public_answer: str


@router.post("", auth=None, response={201: TrackingOut}, url_name="feedback_create", summary="Send feedback")
def create_feedback(request: HttpRequest, payload: FeedbackIn) -> Status[dict[str, Any]]:
    """Send a reflection, recommendation, question, praise, complaint or denunciation to a commune.

    No account is needed. A complaint needs the sender's name; a denunciation without a name is kept as
    information but cannot be accepted as a denunciation (the laws on complaints and denunciations). The
    name, address and contact are encrypted and shown only to the official handling the item.
    """
    _limit(request, "feedback-submit", SUBMISSIONS_PER_WINDOW)
    commune = get_object_or_404(Unit.objects.communes(), code=payload.commune_code)
    village = None
    if payload.village_code:
        village = get_object_or_404(Unit, code=payload.village_code, parent=commune)
    named = bool(payload.name.strip()) and not payload.is_anonymous
    identity = services.Identity(payload.name.strip(), payload.address.strip(), payload.contact.strip())
    item = services.receive_feedback(
        commune,
        by=None,
        kind=payload.kind,
        channel=FeedbackItem.Channel.WEB_FORM,
        content=payload.content,
        topic=payload.topic,
        village=village,
        is_anonymous=not named,
        identity=identity if named else None,
        client_key=payload.client_key,
    )
    return Status(201, {"tracking_code": item.tracking_code})


@router.get("/{tracking_code}", auth=None, response=PublicStatusOut, url_name="feedback_status")
def feedback_status(request: HttpRequest, tracking_code: str) -> dict[str, Any]:
    """What anyone holding the tracking code may see: the status and the public answer, nobody's name."""
    _limit(request, "feedback-lookup", LOOKUPS_PER_WINDOW)
    item = get_object_or_404(FeedbackItem.objects.select_related("unit"), tracking_code=tracking_code.upper())
    return {
        "tracking_code": item.tracking_code,
        "commune": item.unit.name,
        "kind": item.kind,
        "status": item.status,
        "status_label": item.get_status_display(),
        "received_on": item.received_on,
        "answer_due_on": item.resolve_due_on or item.accept_due_on,
        "resolved_on": item.resolved_on,
        "public_answer": item.public_answer,
    }


def _limit(request: HttpRequest, scope: str, limit: int) -> None:
    if not allow(scope, client_ip(request) or "unknown", limit=limit, window_seconds=WINDOW_SECONDS):
        raise HttpError(429, _("Too many requests; wait a moment and try again."))
