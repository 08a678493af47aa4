"""The citizen rates the service of one dossier from the link on the receipt or in the SMS: once, no login."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import BigIntegerField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanthien.core.ratelimit import allow_request
from thanthien.core.statements import CompiledStatement, Slot
from thanthien.core.validation import int_param
from thanthien.dossiers.links import LINK_DAYS, dossier_pk_from_token
from thanthien.dossiers.models import Dossier
from thanthien.ratings import services
from thanthien.ratings.models import Rating
from thanthien.ratings.queries import rated_by_link
from thanthien.units.models import Unit
from thanthien.units.queries import commune_by_slug

WINDOW_SECONDS = 600
DONE_TEMPLATE = "portal/rate_done.html"


@login_not_required
@require_http_methods(["GET", "POST"])
def rate_dossier(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    commune = commune_by_slug(slug)
    dossier = linked_dossier(commune, token) if commune is not None else None
    if dossier is None:
        # Mistyped, damaged or older than LINK_DAYS: say so kindly, with the way back (404, never a trace).
        context: dict[str, Any] = {"commune": commune, "link_days": LINK_DAYS}
        return render(request, "portal/rate_link_invalid.html", context, status=404)
    scale = services.scale_for(dossier.commune, timezone.localdate())
    context = {"dossier": dossier, "levels": scale.levels.all(), "commune": dossier.commune}
    if dossier.rated_by_link:  # type: ignore[attr-defined]  # read with the dossier (linked_dossier)
        # The link was used: 410 Gone, on a page that thanks the citizen all the same.
        return render(request, DONE_TEMPLATE, {**context, "already": True}, status=410)
    if request.method == "POST":
        sent = send_rating(request, dossier)
        if sent.status in (200, 410):  # 410: a second tab sent it at the same moment, the first one counts
            done = {**context, "already": sent.status == 410}
            return render(request, DONE_TEMPLATE, done, status=sent.status)
        return render(request, "portal/rate.html", {**context, "error": sent.error}, status=sent.status)
    return render(request, "portal/rate.html", context)


@dataclass(frozen=True)
class Sent:
    """What became of a rating sent from a dossier's link: `status` 200 (recorded), 410 (the link was used
    meanwhile), 429 (the address is over its limit) or 400 (refused; `error` says why)."""

    status: int
    error: str = ""


def send_rating(request: HttpRequest, dossier: Dossier) -> Sent:
    """Count the address, then record the rating the form sends; once per request, whoever asks (the view,
    `portal.form_lane`): a request the lane leaves to the view gets the lane's outcome."""
    if "rating_sent" not in request.__dict__:
        request.__dict__["rating_sent"] = _send(request, dossier)
    sent: Sent = request.__dict__["rating_sent"]
    return sent


def _send(request: HttpRequest, dossier: Dossier) -> Sent:
    limit = settings.RATING_LINK_RATINGS_PER_WINDOW
    if not allow_request(request, "rate-link", limit=limit, window_seconds=WINDOW_SECONDS):
        return Sent(429, _("Too many ratings from your connection. Please wait 10 minutes and try again."))
    try:
        services.record_rating(
            dossier.commune,
            level=int_param(request.POST.get("level"), 0),
            channel=Rating.Channel.LINK,
            dossier=dossier,
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        return Sent(400, " ".join(error.messages))
    except IntegrityError:  # the link's one rating is in already (rating_one_link_rating_per_dossier)
        return Sent(410)
    return Sent(200)


def linked_dossier(commune: Unit, token: str) -> Dossier | None:
    """The dossier of the commune that a rating token names, with `rated_by_link` (its link was used), in
    one statement compiled once; None for a forged, damaged or expired token or another commune's dossier.
    Its commune is the one given (no query)."""
    pk = dossier_pk_from_token(token)
    if pk is None:
        return None
    found = _linked_statement().instances(Dossier, {"pk": pk, "commune": commune.pk})
    if not found:
        return None
    dossier = found[0]
    dossier.commune = commune
    return dossier


_linked: list[CompiledStatement] = []


def _linked_statement() -> CompiledStatement:
    if not _linked:
        rows = Dossier.objects.filter(
            pk=Slot("pk", BigIntegerField()), commune_id=Slot("commune", BigIntegerField())
        ).annotate(rated_by_link=rated_by_link())
        _linked.append(CompiledStatement.of(rows, prepared=True))  # by the primary key: one plan fits all
    return _linked[0]
