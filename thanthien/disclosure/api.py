"""Open data over HTTP: GET /api/v1/public/communes/{code}/board (no login, cached, rate-limited)."""

from datetime import date, time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from thanthien.core.public_cache import RateRule, mark_public
from thanthien.disclosure.board import CACHE_SECONDS, board_figures
from thanthien.reports.api import DialoguesOut, DossiersOut, PetitionsOut, RatingsOut, ReceptionOut
from thanthien.units.models import Unit

router = Router(tags=["public"])
REQUESTS_PER_MINUTE = 120  # per client address; settings.PUBLIC_BOARD_REQUESTS_PER_MINUTE overrides


def _board_refusal() -> HttpResponse:
    body = LimitedOut(errors=[_("Too many requests; try again in a minute.")]).model_dump_json()
    return HttpResponse(body, status=429, content_type="application/json")


BOARD_RATE = RateRule(
    scope="public-board",
    limit=lambda: getattr(settings, "PUBLIC_BOARD_REQUESTS_PER_MINUTE", REQUESTS_PER_MINUTE),
    window_seconds=60,
    refusal=_board_refusal,
    batch=10,  # read-only and kept whole: an address may get up to 9 more per web process
)


class BoardPeriodOut(Schema):
    date_from: date
    date_to: date
    dossiers: DossiersOut
    ratings: RatingsOut
    feedback: dict[str, int]
    petitions: PetitionsOut
    reception: ReceptionOut
    dialogues: DialoguesOut
    disclosure: dict[str, int]


class NextReceptionOut(Schema):
    held_on: date
    starts_at: time
    ends_at: time
    place: str


class BoardOut(Schema):
    commune: str
    name: str
    today: date
    month: BoardPeriodOut
    year: BoardPeriodOut
    next_reception: NextReceptionOut | None


class LimitedOut(Schema):
    errors: list[str]


@router.get(
    "/communes/{code}/board",
    auth=None,
    response={200: BoardOut, 429: LimitedOut},
    url_name="public_board",
    summary="A commune's transparency board",
)
def public_board(request: HttpRequest, code: str) -> Any:
    """This month's and this year's figures of a commune, the same as /reports/figures for those days."""
    refused = BOARD_RATE.refuse(request)
    if refused is not None:
        return refused
    today = timezone.localdate()
    key = f"disclosure-board-json:{code}:{today.isoformat()}"
    body = cache.get(key)
    if body is None:  # the JSON itself is kept, so a hit costs no query and no serialising
        commune = get_object_or_404(Unit, code=code, level=Unit.Level.COMMUNE)
        body = BoardOut.model_validate(board_figures(commune, today)).model_dump_json()
        cache.set(key, body, CACHE_SECONDS)
    return mark_public(HttpResponse(body, content_type="application/json"), CACHE_SECONDS, BOARD_RATE)
