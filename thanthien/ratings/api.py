"""Ratings over HTTP: kiosks and other systems post them, never counted twice; units in scope read figures."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from thanthien.core import idempotency
from thanthien.core.validation import CodeText, CommentText, InputSchema, KeyText
from thanthien.dossiers.permissions import get_dossier_for_user
from thanthien.ratings import indices, permissions, queries, services
from thanthien.units.models import User
from thanthien.units.permissions import visible_units
from thanthien.units.queries import active_official, commune_by_code
from thanthien.units.users import ApiRequest

router = Router(tags=["ratings"])


class RatingIn(InputSchema):
    commune_code: CodeText
    level: int
    channel: Literal["kiosk", "api"] = "api"
    official_id: int | None = None
    dossier_code: CodeText | None = None
    details: dict[CodeText, int] = {}
    reasons: list[CodeText] = Field([], max_length=50)
    comment: CommentText = ""
    idempotency_key: KeyText
    rated_at: datetime | None = None


class RatingOut(Schema):
    id: int
    sentiment: str
    replayed: bool


class SummaryOut(Schema):
    unit: str
    date_from: date | None
    date_to: date | None
    total: int
    by_level: dict[int, int]
    satisfied: int
    neutral: int
    dissatisfied: int
    satisfaction_rate: Decimal | None
    not_dissatisfied_rate: Decimal | None
    average_score: Decimal | None


class SummaryQuery(InputSchema):
    """`from` and `to` (as the issue spells them) or `date_from` and `date_to`: the same dates."""

    unit: str
    date_from: date | None = None
    date_to: date | None = None
    from_: date | None = Field(None, alias="from")
    to: date | None = None

    @property
    def start(self) -> date | None:
        return self.date_from or self.from_

    @property
    def end(self) -> date | None:
        return self.date_to or self.to


@router.post(
    "", response={200: RatingOut, 201: RatingOut}, url_name="rating_create", summary="Record a rating"
)
def create_rating(request: ApiRequest, response: HttpResponse, payload: RatingIn) -> Status[dict[str, Any]]:
    """Record one rating; the same `idempotency_key` again returns the first one (200), never a second."""
    return Status(*rating_answer(payload, request.auth))


def rating_answer(payload: RatingIn, user: User) -> tuple[int, dict[str, Any]]:
    """The status and body of a recorded rating (a ValidationError or PermissionDenied when refused): the
    operation above, and the same answered before the middleware stack (thanthien.api_lane)."""
    idempotency.check_key(payload.idempotency_key)  # required here: a kiosk always resends
    rating = _record(payload, user)
    replayed = idempotency.was_replayed(rating)
    return 200 if replayed else 201, {"id": rating.pk, "sentiment": rating.sentiment, "replayed": replayed}


@router.get("/summary", response=SummaryOut, url_name="rating_summary", summary="Figures of a unit")
def rating_summary(request: ApiRequest, filters: Query[SummaryQuery]) -> dict[str, Any]:
    """Counts per level and the rates of a unit (and the units below it) over an optional period."""
    unit = get_object_or_404(visible_units(request.auth), code=filters.unit)
    ratings = permissions.visible_ratings(request.auth).filter(unit__path__startswith=unit.path)
    if filters.start:
        ratings = ratings.filter(rated_at__date__gte=filters.start)
    if filters.end:
        ratings = ratings.filter(rated_at__date__lte=filters.end)
    tally = queries.tally(ratings)
    return {
        "unit": unit.code,
        "date_from": filters.start,
        "date_to": filters.end,
        "total": tally.total,
        "by_level": dict(tally.by_level),
        "satisfied": tally.satisfied,
        "neutral": tally.neutral,
        "dissatisfied": tally.dissatisfied,
        "satisfaction_rate": indices.satisfaction_rate(tally),
        "not_dissatisfied_rate": indices.not_dissatisfied_rate(tally),
        "average_score": indices.average_score(tally),
    }


def _record(payload: RatingIn, user: User) -> Any:
    commune = commune_by_code(payload.commune_code)
    if commune is None:
        raise ValidationError(
            _("There is no commune with the code %(code)s.") % {"code": payload.commune_code}
        )
    if not permissions.can_record_rating(user, commune):
        raise PermissionDenied
    official = None
    if payload.official_id is not None:
        official = active_official(commune, payload.official_id)
        if official is None:
            raise ValidationError(_("The official works for another commune."))
    dossier = get_dossier_for_user(user, payload.dossier_code) if payload.dossier_code else None
    return services.record_rating(
        commune,
        level=payload.level,
        channel=payload.channel,
        dossier=dossier,
        official=official,
        details=payload.details,
        reasons=payload.reasons,
        comment=payload.comment,
        rated_at=payload.rated_at,
        by=user,
        client_key=payload.idempotency_key,
    )
