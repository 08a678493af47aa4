"""The API's busiest writes answered before the middleware stack, as the API answers them.

A kiosk's or a rating link's `POST /api/v1/ratings`, a citizen's `POST /api/v1/feedback` or a one-stop
system's `POST /api/v1/dossiers` costs more in the plumbing than in the write: the seventeen middleware,
the URL resolver and django-ninja's operation take about as long as the write's transaction.
`ApiWriteLaneMiddleware`, right after the look-up's, takes a POST of such an operation with a JSON body and
no cookie (a bearer API key where the operation needs one), and answers it with:
- the same checks: the API key through `units.tokens.authenticate_api_token`, the body through the
  operation's own schema, then the operation's own function (`ratings.api.rating_answer`,
  `feedback.api.feedback_answer`, `dossiers.api.dossier_answer`): permissions, the rate limit of the
  client's address, the rules in force, the client key, the write and its alerts;
- the same answer: the body through the operation's response schema and the API's renderer, and the
  operation's headers (a replayed dossier's `Idempotent-Replayed`);
- the same headers and language: the security, CSP, language, request-context (the audit's client address)
  and frame middleware of MIDDLEWARE run around it.
Whatever the lane does not answer goes down the stack to the operation, which gives the error in the
request's language: a wrong or missing key, a body the schema refuses, a refusal of the operation (its
transaction was rolled back, nothing is left of the attempt), a cookie, another path or method. A rate
limit counts the request once (`core.ratelimit.allow_request`): the stack's operation gets the lane's verdict.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils.cache import patch_vary_headers
from ninja import Schema
from ninja.errors import HttpError
from pydantic import ValidationError as SchemaError

from thanthien.core.middleware import Declined, LaneMiddleware
from thanthien.dossiers.api import ANSWER_HEADERS, DossierIn, DossierOut, dossier_answer
from thanthien.feedback.api import FeedbackIn, TrackingOut, feedback_answer
from thanthien.ratings.api import RatingIn, RatingOut, rating_answer
from thanthien.units.tokens import authenticate_api_token

REFUSALS = (
    ValidationError,
    PermissionDenied,
    Http404,
    HttpError,
    SchemaError,
    RequestDataTooBig,
    UnicodeDecodeError,
)


@dataclass(frozen=True)
class Lane:
    """An operation the lane answers: its input and output schemas, its function (given the payload and the
    request, whose `auth` is the API key's user where the operation needs one), whether it does, and the
    headers its answer has by status."""

    payload: type[Schema]
    answer: Callable[[Any, HttpRequest], tuple[int, Any]]
    output: type[Schema]
    needs_api_key: bool = True
    headers: Mapping[int, Mapping[str, str]] = field(default_factory=dict)


def _rating(payload: Any, request: HttpRequest) -> tuple[int, dict[str, Any]]:
    return rating_answer(payload, request.auth)  # type: ignore[attr-defined]  # the API key's user


LANES = {
    "api:rating_create": Lane(RatingIn, _rating, RatingOut),
    "api:feedback_create": Lane(FeedbackIn, feedback_answer, TrackingOut, needs_api_key=False),
    "api:dossier_create": Lane(DossierIn, dossier_answer, DossierOut, headers=ANSWER_HEADERS),
}


class ApiWriteLaneMiddleware(LaneMiddleware):
    """Answer the busiest API writes before the rest of the stack (module doc)."""

    def takes(self, request: HttpRequest) -> bool:
        lane = _lane_of(request)
        if lane is None:
            return False
        request.api_lane = lane  # type: ignore[attr-defined]  # read by _answer, inside the middleware
        return True

    def answer(self, request: HttpRequest) -> HttpResponse:
        return _answer(request)


def _lane_of(request: HttpRequest) -> Lane | None:
    if request.method != "POST" or request.COOKIES:
        return None
    lane = _lanes_by_path().get(request.path_info)
    if lane is None or request.content_type != "application/json":
        return None
    if not lane.needs_api_key:
        return lane
    scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
    return lane if scheme.lower() == "bearer" and key else None


@cache
def _lanes_by_path() -> dict[str, Lane]:
    prefix = get_script_prefix()
    return {"/" + reverse(name).removeprefix(prefix): lane for name, lane in LANES.items()}


def _answer(request: HttpRequest) -> HttpResponse:
    from thanthien.api import api  # the API's renderer and content type (it imports every app's router)

    lane: Lane = request.api_lane  # type: ignore[attr-defined]  # set by ApiWriteLaneMiddleware
    if lane.needs_api_key:
        request.auth = authenticate_api_token(request.headers["Authorization"].partition(" ")[2])  # type: ignore[attr-defined]
        if request.auth is None:  # type: ignore[attr-defined]
            raise Declined
    try:
        payload = lane.payload.model_validate(_json(request.body))
        status, body = lane.answer(payload, request)
    except REFUSALS as refused:
        raise Declined from refused
    response = api.create_response(request, lane.output.model_validate(body).model_dump(), status=status)
    for name, value in lane.headers.get(status, {}).items():
        response[name] = value
    patch_vary_headers(response, ("Cookie",))  # the API also takes a session: the stack's session says so
    return response


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except json.JSONDecodeError as unreadable:
        raise Declined from unreadable
