"""The one-stop desk over HTTP, for integrations: receive a dossier, read it, record what happens to it.

Every write goes through `dossiers.services`; every read through `dossiers.permissions`. Errors are turned
into JSON once, in `thanthien/api.py`.
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status
from pydantic import field_validator

from thanthien.core import idempotency
from thanthien.core.validation import ADDRESS_MAX, CODE_MAX, COMMENT_MAX, CONTENT_MAX, NAME_MAX, InputSchema
from thanthien.dossiers import permissions, services, steps, workflow
from thanthien.dossiers.models import Dossier, DossierEvent
from thanthien.procedures.queries import procedure_by_code
from thanthien.units.models import User
from thanthien.units.queries import current_commune_by_code
from thanthien.units.users import ApiRequest

router = Router(tags=["dossiers"])


EventKind = Literal["supplement", "supplemented", "reject", "ready", "return", "hand_over", "postpone"]
EVENT_FIELDS = ("office", "missing_items", "reason", "note", "new_due_date")


# --- Schemas --------------------------------------------------------------------------------------------
class DossierIn(InputSchema):
    commune_code: str = Field(max_length=CODE_MAX, description="The commune's code, e.g. 16279.")
    procedure_code: str = Field(
        max_length=30, description="The procedure's code in the catalogue, or its national code."
    )
    applicant_name: str = Field(max_length=NAME_MAX)
    applicant_phone: str = Field("", max_length=20, description="Vietnamese mobile number; gets SMS.")
    applicant_address: str = Field("", max_length=ADDRESS_MAX)
    channel: Dossier.Channel = Dossier.Channel.IN_PERSON
    received_at: datetime | None = Field(
        None, description="When the desk received it (default: now); without an offset, Vietnam time."
    )

    @field_validator("received_at")
    @classmethod
    def _vietnam_time_when_naive(cls, value: datetime | None) -> datetime | None:
        if value is not None and timezone.is_naive(value):
            return timezone.make_aware(value)
        return value


class EventIn(InputSchema):
    kind: EventKind = Field(
        description="supplement (ask for missing papers), supplemented (they came), reject, ready, "
        "return (the applicant took the result), hand_over (to an office), postpone (apology slip)."
    )
    office: str = Field("", max_length=200, description="supplement: the asking office; hand_over: receiver.")
    missing_items: str = Field(
        "", max_length=CONTENT_MAX, description="supplement: what is missing or must be corrected."
    )
    reason: str = Field("", max_length=COMMENT_MAX, description="supplement, reject, postpone: why.")
    note: str = Field("", max_length=500, description="supplemented, hand_over: a note.")
    new_due_date: date | None = Field(None, description="postpone: the new return date.")


class EventOut(Schema):
    kind: str
    kind_label: str
    at: datetime
    old_status: str
    new_status: str
    note: str
    by: str | None

    @staticmethod
    def resolve_kind_label(obj: DossierEvent) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_by(obj: DossierEvent) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class DossierOut(Schema):
    code: str
    status: str
    status_label: str
    commune_code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    channel: str
    received_at: datetime
    counted_from: date
    due_date: date
    statutory_due_date: date = Field(description="The legal due date; a postponement moves only due_date.")
    timeliness: str | None = Field(description="early, on_time or late once the result is ready.")
    ready_at: datetime | None
    returned_at: datetime | None
    events: list[EventOut]

    # The JSON keeps its names for the clients (due_date, statutory_due_date); the model says due_on.
    @staticmethod
    def resolve_due_date(obj: Dossier) -> date:
        return obj.due_on

    @staticmethod
    def resolve_statutory_due_date(obj: Dossier) -> date:
        return obj.statutory_due_on

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_commune_code(obj: Dossier) -> str:
        return obj.commune.code

    @staticmethod
    def resolve_procedure_code(obj: Dossier) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_procedure_name(obj: Dossier) -> str:
        return obj.procedure.name

    @staticmethod
    def resolve_timeliness(obj: Dossier) -> str | None:
        return obj.timeliness or None

    @staticmethod
    def resolve_events(obj: Dossier) -> list[DossierEvent]:
        written = getattr(obj, "events_written", None)  # received just now: its history, as written
        return written if written is not None else list(obj.events.all())


class ErrorOut(Schema):
    errors: list[str]


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# --- Endpoints ------------------------------------------------------------------------------------------
# The headers of an answer by its status: a replay says so.
ANSWER_HEADERS = {200: {"Idempotent-Replayed": "true"}}


@router.post(
    "",
    response={200: DossierOut, 201: DossierOut, **ERRORS},
    url_name="dossier_create",
    summary="Receive a dossier",
)
def create_dossier(
    request: ApiRequest,
    response: HttpResponse,
    payload: DossierIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),  # read by dossier_answer
) -> Status[Dossier]:
    """Receive a complete dossier: it gets a code and a due date, and the applicant an SMS receipt.

    Send an `Idempotency-Key` header to retry safely: a retry with the same key and body within 24 hours
    returns the dossier made the first time (status 200, header `Idempotent-Replayed: true`).
    """
    status, dossier = dossier_answer(payload, request)
    for name, value in ANSWER_HEADERS.get(status, {}).items():
        response[name] = value
    return Status(status, dossier)


def dossier_answer(payload: DossierIn, request: HttpRequest) -> tuple[int, Dossier]:
    """The status and dossier of a received dossier (a ValidationError or PermissionDenied when refused),
    its headers in ANSWER_HEADERS: the operation above, and the same answered before the middleware stack
    (thanthien.api_lane). The client key is the request's `Idempotency-Key` header."""
    idempotency_key = request.headers.get("Idempotency-Key")
    if idempotency_key is not None:
        idempotency.check_key(idempotency_key)
    by: User = request.auth  # type: ignore[attr-defined]  # the API key's user
    dossier = _receive(payload, by=by, client_key=idempotency_key or "")
    if not idempotency.was_replayed(dossier):
        return 201, dossier  # its events come with it (`events_written`)
    return 200, _with_events(dossier)


@router.get("/{code}", response={200: DossierOut, **ERRORS}, url_name="dossier_detail", summary="Read")
def get_dossier(request: ApiRequest, code: str) -> Dossier:
    """Return a dossier of the caller's communes with its history; any other code is 404."""
    return _with_events(permissions.get_dossier_for_user(request.auth, code))


@router.post(
    "/{code}/events",
    response={200: DossierOut, **ERRORS},
    url_name="dossier_event",
    summary="Record a step",
)
def add_event(request: ApiRequest, code: str, payload: EventIn) -> Dossier:
    """Move the dossier along (see `kind`) and return it; a step its status does not allow is 422."""
    user = request.auth
    dossier = permissions.get_dossier_for_user(user, code)
    _check_event(payload, dossier)
    given = {name: getattr(payload, name) for name in EVENT_FIELDS}
    steps.take_step(payload.kind, dossier, by=user, arguments=steps.api_arguments(payload.kind, given))
    return _with_events(permissions.get_dossier_for_user(user, code))


# --- Helpers --------------------------------------------------------------------------------------------
def _receive(payload: DossierIn, *, by: User, client_key: str) -> Dossier:
    commune = current_commune_by_code(payload.commune_code)
    if commune is None:
        raise ValidationError(
            _("There is no commune with the code %(code)s.") % {"code": payload.commune_code}
        )
    procedure = procedure_by_code(payload.procedure_code)
    if procedure is None:
        raise ValidationError(
            _("There is no procedure with the code %(code)s in the catalogue.")
            % {"code": payload.procedure_code}
        )
    return services.receive_dossier(
        commune,
        procedure=procedure,
        applicant_name=payload.applicant_name,
        applicant_phone=payload.applicant_phone,
        applicant_address=payload.applicant_address,
        channel=payload.channel,
        received_at=payload.received_at,
        by=by,
        client_key=client_key,
    )


def _with_events(dossier: Dossier) -> Dossier:
    events = DossierEvent.objects.select_related("actor")
    prefetch_related_objects([dossier], Prefetch("events", queryset=events))
    return dossier


def _check_event(payload: EventIn, dossier: Dossier) -> None:
    """The step's input and the dossier's status, as dossiers.workflow.STEPS declares them (422)."""
    workflow.check_step_input(
        payload.kind, {n for n in EVENT_FIELDS if getattr(payload, n) not in ("", None)}
    )
    workflow.check_step_status(dossier, payload.kind)
