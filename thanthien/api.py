"""The one HTTP API, under /api/v1/. Each app adds a router; errors are mapped here once."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from thanthien.assessment.api import assessments_router, indices_router
from thanthien.core.api_errors import document_errors
from thanthien.devices.api import router as devices_router
from thanthien.disclosure.api import router as public_router
from thanthien.dossiers.api import router as dossiers_router
from thanthien.feedback.api import router as feedback_router
from thanthien.ratings.api import router as ratings_router
from thanthien.reports.api import router as reports_router
from thanthien.units.tokens import api_auth


class ThanThienAPI(NinjaAPI):
    """The error answers of the handlers below are documented once, for every operation (core.api_errors)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(**kwargs))


# An integration sends `Authorization: Bearer <API key>`; a signed-in official's browser, its session.
api = ThanThienAPI(title="Thân Thiện API", version="1", urls_namespace="api", auth=api_auth)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"errors": exc.messages}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"errors": [_("You are not allowed to do this.")]}, status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"errors": [_("Not found.")]}, status=404)


@api.exception_handler(RequestDataTooBig)
def on_body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, force_grouping=True)
    message = _("The request is larger than %(limit)s bytes; send less text.") % {"limit": limit}
    return api.create_response(request, {"errors": [message]}, status=413)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = _("Send a valid API key (Authorization: Bearer …) or sign in.")
    return api.create_response(request, {"errors": [message]}, status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's own messages are English; ours (raised with gettext) are already translated.
    known = {
        400: _("The request could not be read: send JSON (Content-Type: application/json)."),
        403: _("You are not allowed to do this."),
        429: _("Too many requests; wait a moment and try again."),
    }
    message = known.get(exc.status_code, str(exc))
    return api.create_response(request, {"errors": [message]}, status=exc.status_code)


OUR_ERROR_TYPES = {"control_character", "implausible_date", "int_too_large", "string_too_long_ceiling"}


@api.exception_handler(SchemaError)
def on_schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """Say which fields are wrong in Vietnamese; `detail` keeps pydantic's own report for developers."""
    messages = []
    for error in exc.errors:
        names = [str(part) for part in error.get("loc", ()) if part not in {"body", "payload", "header"}]
        field = ".".join(names) or "?"
        if error.get("type") == "missing":
            messages.append(_("%(field)s is required.") % {"field": field})
        elif error.get("type") in OUR_ERROR_TYPES:  # raised by core.validation, already in Vietnamese
            messages.append(f"{field}: {error['msg']}")
        elif "max_length" in error.get("ctx", {}):
            messages.append(
                _("%(field)s is too long: at most %(max)d.")
                % {"field": field, "max": error["ctx"]["max_length"]}
            )
        elif "expected" in error.get("ctx", {}):
            messages.append(
                _("%(field)s is not valid; expected %(expected)s.")
                % {"field": field, "expected": error["ctx"]["expected"]}
            )
        else:
            messages.append(_("%(field)s is not valid.") % {"field": field})
    return api.create_response(request, {"errors": messages, "detail": exc.errors}, status=422)


@api.get("/health", auth=None, tags=["system"])
def health(request: HttpRequest) -> dict[str, str]:
    """Return "ok" when the web process and its database answer."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


api.add_router("/dossiers", dossiers_router)
api.add_router("/ratings", ratings_router)
api.add_router("/feedback", feedback_router)
api.add_router("/reports", reports_router)
api.add_router("/public", public_router)
api.add_router("/assessments", assessments_router)
api.add_router("/indices", indices_router)
api.add_router("/devices", devices_router)
