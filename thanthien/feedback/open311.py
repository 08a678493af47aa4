"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the feedback intake, in JSON.

- Services are the kinds of feedback a citizen can send (`FeedbackItem.Kind`); `jurisdiction_id` is the
  commune's code.
- A posted request is received like the public web form (`services.receive_feedback`, channel web form,
  no official): the API key (`api_key`, the project's API keys, units/tokens.py) says which integration
  sends it, the client's address is rate-limited like the other public forms, and a `client_key` (or an
  `Idempotency-Key` header) makes a resend return the first request.
- Only kinds whose answer may be published (`feedback.intake.may_publish`, the one rule) are listed or
  shown; the description and the answer are shown only once the commune has published the case's answer.
  `service_request_id` is the case's public number, never its tracking code (which opens the case's
  look-up): the tracking code goes to the sender only, in the answer to their POST.
- No answer ever holds the sender's name, address, phone or e-mail: they go to the encrypted identity store.
- The place (`lat`/`long`, `address_string`) is written into the case's content for the officials: a spot
  next to a house identifies its sender in a village, so it is public only inside a published description.

Errors are the spec's: a JSON array of {"code": <HTTP status>, "description": "..."}.
"""

import json
import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from thanthien.core.middleware import client_ip
from thanthien.core.ratelimit import allow
from thanthien.core.validation import (
    ADDRESS_MAX,
    CODE_MAX,
    CONTACT_MAX,
    CONTENT_MAX,
    KEY_MAX,
    NAME_MAX,
    bad_character,
)
from thanthien.feedback import queries, services
from thanthien.feedback.models import CLOSED_STATUSES, FeedbackItem
from thanthien.units.models import Unit
from thanthien.units.tokens import authenticate_api_token

logger = logging.getLogger(__name__)

SPEC_URL = "https://wiki.open311.org/GeoReport_v2"
WINDOW_SECONDS = 600
READS_PER_WINDOW = 60  # as the look-up of a case by its code (feedback/api.py)
DEFAULT_DAYS = 90  # the spec: without dates, the requests of the last 90 days
MAX_RESULTS = 1000  # the spec: at most 1000 requests per answer
MAX_IDS = 100  # service_request_id=a,b,c: at most this many at once
Kind = FeedbackItem.Kind

GROUP_FEEDBACK = gettext_lazy("Reflections, recommendations and questions")
GROUP_PETITIONS = gettext_lazy("Complaints and denunciations")
# service_code -> (description, keywords, group). Every kind a citizen may send on the public web form.
SERVICES: dict[str, tuple[Any, Any, Any]] = {
    Kind.REFLECTION: (
        gettext_lazy("Tell the commune about a problem you see: a broken road, rubbish, a dark lamp."),
        gettext_lazy("road, rubbish, lighting, environment, public order"),
        GROUP_FEEDBACK,
    ),
    Kind.RECOMMENDATION: (
        gettext_lazy("Suggest how the commune could do something better."),
        gettext_lazy("suggestion, idea, improvement"),
        GROUP_FEEDBACK,
    ),
    Kind.QUESTION: (
        gettext_lazy("Ask the commune a question; the answer comes within the legal time limit."),
        gettext_lazy("question, procedure, policy"),
        GROUP_FEEDBACK,
    ),
    Kind.PRAISE: (
        gettext_lazy("Thank or praise an official or a team of the commune."),
        gettext_lazy("thanks, praise"),
        GROUP_FEEDBACK,
    ),
    Kind.COMPLAINT: (
        gettext_lazy(
            "Complain about a decision or an act of the commune. The law requires your full name "
            "(first_name, last_name); it is kept secret."
        ),
        gettext_lazy("complaint, decision"),
        GROUP_PETITIONS,
    ),
    Kind.DENUNCIATION: (
        gettext_lazy(
            "Denounce a breach of the law. Your identity is kept secret, and a denunciation is never "
            "listed publicly; follow it with the tracking code you receive."
        ),
        gettext_lazy("denunciation, breach of the law"),
        GROUP_PETITIONS,
    ),
}


class Open311Error(Exception):
    """An answer in the spec's error format."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def error_response(code: int, description: str) -> JsonResponse:
    return _json([{"code": code, "description": description}], status=code)


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def open311_view(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """No login (an integration or anyone), no CSRF (no session is used), JSON only, errors as the spec's."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            if fmt != "json":
                raise Open311Error(400, _("Only the JSON format is served: use .json."))
            return view(request, *args, **kwargs)
        except Open311Error as error:
            return error_response(error.code, error.description)
        except ValidationError as error:
            return error_response(400, " ".join(error.messages))
        except PermissionDenied:
            return error_response(403, _("You are not allowed to do this."))
        except RequestDataTooBig:
            return error_response(400, _("The request is too large; send less text."))

    return csrf_exempt(login_not_required(wrapper))


# --- Views ------------------------------------------------------------------------------------------------
@open311_view
def service_list(request: HttpRequest) -> HttpResponse:
    """GET services.json: the kinds of feedback, the same in every commune."""
    _require_method(request, "GET")
    _limit_reads(request)
    if request.GET.get("jurisdiction_id"):
        _commune(request.GET)
    return _json([_service_out(code) for code in SERVICES])


@open311_view
def request_list(request: HttpRequest) -> HttpResponse:
    """GET requests.json lists a commune's public requests; POST requests.json sends one."""
    if request.method == "POST":
        return _create(request)
    _require_method(request, "GET")
    _limit_reads(request)
    params = request.GET
    items = queries.open311_requests(_commune(params, required=True))
    ids = _list_param(params, "service_request_id")
    if ids:  # the spec: the ids override every other filter
        if len(ids) > MAX_IDS:
            raise Open311Error(400, _("At most %(max)d service_request_id at once.") % {"max": MAX_IDS})
        items = items.filter(public_id__in=ids)
    else:
        items = _filtered(items, params)
    return _json([_request_out(item) for item in items.order_by("-created_at", "-id")[:MAX_RESULTS]])


@open311_view
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    """GET requests/{id}.json: one public request, as a list of one (the spec's shape)."""
    _require_method(request, "GET")
    _limit_reads(request)
    commune = _commune(request.GET) if request.GET.get("jurisdiction_id") else None
    item = queries.open311_requests(commune).filter(public_id=request_id).first()
    if item is None:
        raise Open311Error(404, _("No such service_request_id."))
    return _json([_request_out(item)])


# --- Posting a request ------------------------------------------------------------------------------------
def _create(request: HttpRequest) -> HttpResponse:
    limit, ip = settings.FEEDBACK_SUBMISSIONS_PER_WINDOW, client_ip(request) or "unknown"
    if not allow("open311-submit", ip, limit=limit, window_seconds=WINDOW_SECONDS):
        raise Open311Error(429, _("Too many requests; wait a moment and try again."))
    data = _posted(request)
    key = data.get("api_key", "") or _bearer(request)
    if not key or authenticate_api_token(key) is None:
        raise Open311Error(403, _("api_key was not provided or is not valid."))
    commune = _commune(data, required=True)
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    if code not in SERVICES:
        raise Open311Error(404, _("No such service_code: see services.json."))
    description = _text(data, "description", CONTENT_MAX)
    if not description:
        raise Open311Error(400, _("description was not provided."))
    place = _place(data)
    name = " ".join(filter(None, (_text(data, "last_name", NAME_MAX), _text(data, "first_name", NAME_MAX))))
    contact = _text(data, "phone", CONTACT_MAX) or _text(data, "email", CONTACT_MAX)
    client_key = _text(data, "client_key", KEY_MAX) or request.headers.get("Idempotency-Key", "")[:KEY_MAX]
    identity = services.Identity(name[:NAME_MAX], "", contact) if name else None
    item = services.receive_feedback(
        commune,
        by=None,
        kind=code,
        channel=FeedbackItem.Channel.WEB_FORM,
        content=f"{description}\n\n{place}",
        is_anonymous=identity is None,
        identity=identity,
        contact=contact if identity else "",  # kept encrypted with the name, as the web form does
        client_key=client_key,
    )
    # Operations log: the public number and the kind; never a name, a place or a contact.
    logger.info("open311 request %s received: %s", item.public_id, item.kind)
    notice = _("Received. Your tracking code is %(code)s; keep it to follow your request.") % {
        "code": item.tracking_code
    }
    if commune.slug:
        lookup = reverse("portal:feedback_status", args=[commune.slug, item.tracking_code])
        notice += " " + _("Look it up at %(url)s") % {"url": request.build_absolute_uri(lookup)}
    return _json([{"service_request_id": item.public_id, "service_notice": notice}], status=201)


def _posted(request: HttpRequest) -> dict[str, str]:
    """The form fields (the spec's application/x-www-form-urlencoded), or a JSON object's."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise Open311Error(400, _("The body is not valid JSON.")) from None
        if not isinstance(body, dict):
            raise Open311Error(400, _("The body must be a JSON object."))
        return {
            str(k): "" if v is None else str(v) for k, v in body.items() if not isinstance(v, dict | list)
        }
    return {key: request.POST.get(key, "") for key in request.POST}


def _bearer(request: HttpRequest) -> str:
    scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


def _text(data: Any, name: str, max_length: int) -> str:
    value = data.get(name, "").strip()
    if len(value) > max_length:
        message = _("%(field)s is too long: at most %(max)d.") % {"field": name, "max": max_length}
        raise Open311Error(400, message)
    if bad_character(value) is not None:
        raise Open311Error(400, _("%(field)s is not valid.") % {"field": name})
    return value


def _place(data: dict[str, str]) -> str:
    """The place of the issue as a line of the case's content; the spec wants coordinates or an address."""
    address = _text(data, "address_string", ADDRESS_MAX)
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    parts = [address] if address else []
    if lat or long:
        try:
            lat_value, long_value = float(lat), float(long)
        except ValueError:
            raise Open311Error(400, _("lat and long must both be numbers.")) from None
        if not (-90 <= lat_value <= 90 and -180 <= long_value <= 180):
            raise Open311Error(400, _("lat must be within ±90 and long within ±180."))
        parts.append(f"{lat_value:.6f}, {long_value:.6f}")
    if not parts:
        raise Open311Error(400, _("Give the place: lat and long, or address_string."))
    return _("Place: %(place)s") % {"place": " — ".join(parts)}


# --- Reading ----------------------------------------------------------------------------------------------
def _filtered(items: QuerySet[FeedbackItem], params: Any) -> QuerySet[FeedbackItem]:
    codes = _list_param(params, "service_code")
    if any(code not in SERVICES for code in codes):
        raise Open311Error(400, _("No such service_code: see services.json."))
    if codes:
        items = items.filter(kind__in=codes)
    statuses = set(_list_param(params, "status"))
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status is open, closed, or both separated by a comma."))
    if statuses == {"open"}:
        items = items.exclude(status__in=CLOSED_STATUSES)
    elif statuses == {"closed"}:
        items = items.filter(status__in=CLOSED_STATUSES)
    start, end = _moment(params, "start_date"), _moment(params, "end_date")
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_DAYS)
    if start is not None:
        items = items.filter(created_at__gte=start)
    if end is not None:
        items = items.filter(created_at__lte=end)
    return items


def _moment(params: Any, name: str) -> datetime | None:
    """An ISO 8601 date-time (a time zone given, or Vietnam's), or a date (its midnight)."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None and (day := parse_date(raw)) is not None:
            moment = datetime.combine(day, time())
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, _("%(field)s is not a date and time (ISO 8601).") % {"field": name})
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _list_param(params: Any, name: str) -> list[str]:
    return [part.strip() for part in params.get(name, "").split(",") if part.strip()]


def _commune(params: Any, *, required: bool = False) -> Unit:
    code = params.get("jurisdiction_id", "").strip()
    if not code:
        if required:
            raise Open311Error(400, _("jurisdiction_id (the commune's code) was not provided."))
        raise Open311Error(404, _("No such jurisdiction_id."))  # pragma: no cover - callers check first
    commune = Unit.objects.communes().filter(code=code[:CODE_MAX]).first()
    if commune is None:
        raise Open311Error(404, _("No such jurisdiction_id."))
    return commune


def _service_out(code: str) -> dict[str, Any]:
    description, keywords, group = SERVICES[code]
    return {
        "service_code": code,
        "service_name": str(Kind(code).label),
        "description": str(description),
        "metadata": False,
        "type": "realtime",
        "keywords": str(keywords),
        "group": str(group),
    }


def _request_out(item: FeedbackItem) -> dict[str, Any]:
    """The public face of a case: its text and answer only once the commune published them; nobody's name."""
    published = item.is_published and item.may_publish
    due = item.current_due_on
    expected = datetime.combine(due, time(23, 59, 59)) if due else None
    return {
        "service_request_id": item.public_id,
        "status": "open" if item.is_open else "closed",
        "status_notes": item.public_answer if published else str(item.get_status_display()),
        "service_name": str(item.get_kind_display()),
        "service_code": item.kind,
        "description": item.content if published else "",
        "agency_responsible": item.unit.name,
        "service_notice": None,
        "requested_datetime": _iso(item.created_at),
        "updated_datetime": _iso(item.updated_at),
        "expected_datetime": _iso(timezone.make_aware(expected)) if expected else None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _require_method(request: HttpRequest, method: str) -> None:
    if request.method != method:
        raise Open311Error(405, _("Method not allowed."))


def _limit_reads(request: HttpRequest) -> None:
    ip = client_ip(request) or "unknown"
    if not allow("open311-read", ip, limit=READS_PER_WINDOW, window_seconds=WINDOW_SECONDS):
        raise Open311Error(429, _("Too many requests; wait a moment and try again."))
