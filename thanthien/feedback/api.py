"""Feedback over HTTP: anyone may send it (rate-limited) and follow it by its tracking code."""

from datetime import date, datetime
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from thanthien.core.api_errors import RATE_LIMITED
from thanthien.core.ratelimit import allow_request
from thanthien.core.validation import (
    INT_MAX,
    AddressText,
    CodeText,
    ContactText,
    ContentText,
    InputSchema,
    KeyText,
    NameText,
)
from thanthien.feedback import permissions, queries, services, steps, workflow
from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import Unit, User
from thanthien.units.queries import commune_by_code
from thanthien.units.users import ApiRequest

router = Router(tags=["feedback"])

# A person writes a few items an hour; a script posting hundreds is stopped at the door (the number of
# submissions is settings.FEEDBACK_SUBMISSIONS_PER_WINDOW).
LOOKUPS_PER_WINDOW, WINDOW_SECONDS = 60, 600


class FeedbackIn(InputSchema):
    commune_code: CodeText
    kind: str
    content: ContentText
    topic: str = FeedbackItem.Topic.OTHER
    village_code: CodeText | None = None
    is_anonymous: bool = True
    name: NameText = ""
    address: AddressText = ""
    contact: ContactText = ""
    client_key: KeyText = ""


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
    # Law on Complaints art. 33: the last day to complain again or sue (first-instance complaints only).
    second_complaint_until: date | None = None


@router.post(
    "",
    auth=None,
    response={201: TrackingOut},
    url_name="feedback_create",
    summary="Send feedback",
    openapi_extra=RATE_LIMITED,
)
def create_feedback(request: HttpRequest, payload: FeedbackIn) -> Status[dict[str, Any]]:
    """Send a reflection, recommendation, question, praise, complaint or denunciation to a commune.

    No account is needed. A complaint needs the sender's name; a denunciation without a name is kept as
    information but cannot be accepted as a denunciation (the laws on complaints and denunciations). The
    name, address and contact are encrypted and shown only to the official handling the item.
    """
    return Status(*feedback_answer(payload, request))


def feedback_answer(payload: FeedbackIn, request: HttpRequest) -> tuple[int, dict[str, Any]]:
    """The status and body of received feedback (an HttpError, Http404 or ValidationError when refused): the
    operation above, and the same answered before the middleware stack (thanthien.api_lane)."""
    _limit(request, "feedback-submit", settings.FEEDBACK_SUBMISSIONS_PER_WINDOW)
    commune = commune_by_code(payload.commune_code)
    if commune is None:
        raise Http404
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
        contact=payload.contact.strip() if named else "",  # encrypted with the identity
        client_key=payload.client_key,
    )
    return 201, {"tracking_code": item.tracking_code}


@router.get(
    "/{tracking_code}",
    auth=None,
    response=PublicStatusOut,
    url_name="feedback_status",
    openapi_extra=RATE_LIMITED,
)
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
        "second_complaint_until": services.second_complaint_until(item, timezone.localdate()),
    }


def _limit(request: HttpRequest, scope: str, limit: int) -> None:
    if not allow_request(request, scope, limit=limit, window_seconds=WINDOW_SECONDS):
        raise HttpError(429, _("Too many requests; wait a moment and try again."))


# --- Staff endpoints: the lifecycle of a case (API key or signed-in official) -----------------------------
class ErrorOut(Schema):
    errors: list[str]


STAFF_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
StepName = Literal[
    "classify",
    "accept",
    "decline",
    "assign",
    "extend",
    "verify",
    "dialogue",
    "resolve",
    "send",
    "close",
    "publish",
    "unpublish",
    "transfer",
    "useful",
]


class StaffFeedbackIn(InputSchema):
    commune_code: CodeText
    kind: str
    channel: str
    content: ContentText
    topic: str = FeedbackItem.Topic.OTHER
    village_code: CodeText | None = None
    received_on: date | None = None
    is_anonymous: bool = True
    is_signed: bool = False
    name: NameText = ""
    address: AddressText = ""
    contact: ContactText = ""
    client_key: KeyText = ""


class StepIn(InputSchema):
    step: StepName = Field(description="The step to record; its fields are those of the matching screen.")
    kind: str = ""
    topic: str = ""
    instance: str = ""
    is_complex: bool = False
    is_remote_area: bool = False
    accepted_on: date | None = None
    reason: str = ""
    legal_basis: str = ""
    assignee_id: int | None = None
    verified_on: date | None = None
    result: str = ""
    is_demand_different: bool = False
    notice_on: date | None = None  # the dialogue notice, where the law sets a notice period
    held_on: date | None = None
    minutes: str = ""
    is_minutes_signed: bool = False
    public_answer: str = ""
    publish: bool = False
    resolved_on: date | None = None
    decision_number: str = ""
    decision_on: date | None = None
    decision_content: str = ""
    mode: str = ""
    referral_body: str = ""
    referral_number: str = ""
    referral_on: date | None = None


class EventOut(Schema):
    kind: str
    kind_label: str
    at: datetime
    note: str


class StaffFeedbackOut(Schema):
    """A case as officials see it: never the sender's name, address or contact."""

    tracking_code: str
    commune_code: str
    village: str | None
    channel: str
    kind: str
    topic: str
    instance: str
    content: str
    status: str
    status_label: str
    is_anonymous: bool
    received_on: date
    accept_due_on: date | None
    forward_due_on: date | None
    notify_due_on: date | None
    resolve_due_on: date | None
    assignee: str | None
    decision_number: str
    decision_on: date | None
    public_answer: str
    is_published: bool
    answer_sent_on: date | None
    referral_body: str
    is_useful_contribution: bool
    events: list[EventOut] | None = None


def _staff_out(item: FeedbackItem, *, with_events: bool = False) -> dict[str, Any]:
    fields = (
        "tracking_code",
        "channel",
        "kind",
        "topic",
        "instance",
        "content",
        "status",
        "is_anonymous",
        "received_on",
        "accept_due_on",
        "forward_due_on",
        "notify_due_on",
        "resolve_due_on",
        "decision_number",
        "decision_on",
        "public_answer",
        "is_published",
        "answer_sent_on",
        "referral_body",
        "is_useful_contribution",
    )
    out = {name: getattr(item, name) for name in fields}
    out.update(
        commune_code=item.unit.code,
        village=item.village.name if item.village else None,
        status_label=item.get_status_display(),
        assignee=str(item.assignee) if item.assignee else None,
    )
    if with_events:
        out["events"] = [
            {"kind": event.kind, "kind_label": event.get_kind_display(), "at": event.at, "note": event.note}
            for event in item.events.all()
        ]
    return out


@router.get(
    "/staff/cases",
    response={200: list[StaffFeedbackOut], **STAFF_ERRORS},
    url_name="feedback_cases",
    summary="List cases",
)
def list_staff_feedback(
    request: ApiRequest,
    kind: str = "",
    status: str = "",
    channel: str = "",
    topic: str = "",
    overdue: bool = False,
    q: str = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=INT_MAX),
) -> list[dict[str, Any]]:
    """The cases the caller may see, newest first; filters as on the list screen."""
    items = permissions.visible_feedback(request.auth).select_related("unit", "village", "assignee")
    for name, value in (("kind", kind), ("status", status), ("channel", channel), ("topic", topic)):
        if value:
            items = items.filter(**{name: value})
    if overdue:
        items = queries.overdue(items, timezone.localdate())
    items = queries.search(items, q).order_by("-received_on", "-id")
    return [_staff_out(item) for item in items[offset : offset + limit]]


@router.post(
    "/staff/cases",
    response={201: StaffFeedbackOut, **STAFF_ERRORS},
    url_name="feedback_case_create",
    summary="Record a case from any channel",
)
def create_staff_feedback(request: ApiRequest, payload: StaffFeedbackIn) -> Status[dict[str, Any]]:
    """Record what came by phone, e-mail, Zalo, Facebook or the desk. A `client_key` makes a resend safe."""
    user = request.auth
    commune = permissions.get_receiving_commune_for_user(
        user, str(get_object_or_404(Unit.objects.communes(), code=payload.commune_code).pk)
    )
    village = (
        get_object_or_404(Unit, code=payload.village_code, parent=commune) if payload.village_code else None
    )
    named = bool(payload.name.strip()) and not payload.is_anonymous
    identity = services.Identity(payload.name.strip(), payload.address.strip(), payload.contact.strip())
    item = services.receive_feedback(
        commune,
        by=user,
        kind=payload.kind,
        channel=payload.channel,
        content=payload.content,
        topic=payload.topic,
        received_on=payload.received_on,
        village=village,
        is_anonymous=not named,
        is_signed=payload.is_signed,
        identity=identity if named else None,
        contact=payload.contact.strip() if named else "",
        client_key=payload.client_key,
    )
    return Status(201, _staff_out(item))


@router.get(
    "/staff/cases/{tracking_code}",
    response={200: StaffFeedbackOut, **STAFF_ERRORS},
    url_name="feedback_case_detail",
    summary="Read a case with its timeline",
)
def feedback_detail(request: ApiRequest, tracking_code: str) -> dict[str, Any]:
    item = permissions.get_feedback_by_code(request.auth, tracking_code)
    return _staff_out(item, with_events=True)


@router.post(
    "/staff/cases/{tracking_code}/steps",
    response={200: StaffFeedbackOut, **STAFF_ERRORS},
    url_name="feedback_case_step",
    summary="Record a step of a case",
)
def staff_step(request: ApiRequest, tracking_code: str, payload: StepIn) -> dict[str, Any]:
    """Classify, accept, decline, assign, extend, verify, dialogue, resolve, send, close, publish, unpublish,
    transfer or mark useful. A step the law or the case's state refuses is answered 422 with the reason."""
    user = request.auth
    item = permissions.get_feedback_by_code(user, tracking_code)
    item = _run_step(item, user, payload)
    return _staff_out(permissions.get_feedback_by_code(user, item.tracking_code), with_events=True)


STEP_FIELDS = tuple(name for name in StepIn.model_fields if name != "step")


def _run_step(item: FeedbackItem, user: User, payload: StepIn) -> FeedbackItem:
    """Run the step through feedback.steps, with the input feedback.workflow.STEPS requires (422), when the
    table offers it to the user on the item now (403 who may not, 422 a step not open in its state)."""
    given = {name for name in STEP_FIELDS if getattr(payload, name) not in (None, "")}
    workflow.check_step_input(payload.step, given)
    workflow.check_step(payload.step, item, user)
    arguments = steps.ACTIONS[payload.step].api_arguments(item, payload)
    return steps.take_step(payload.step, item, by=user, arguments=arguments)
