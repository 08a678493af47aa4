"""The citizen rates the service of one dossier from the link on the receipt or in the SMS: once, no login."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanthien.core.middleware import client_ip
from thanthien.core.ratelimit import allow
from thanthien.core.validation import int_param
from thanthien.dossiers.links import LINK_DAYS, dossier_from_token
from thanthien.ratings import services
from thanthien.ratings.models import Rating
from thanthien.units.models import Unit

RATINGS_PER_WINDOW, WINDOW_SECONDS = 30, 600


@login_not_required
@require_http_methods(["GET", "POST"])
def rate_dossier(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    dossier = dossier_from_token(token)
    if dossier is None or dossier.commune.slug != slug:
        # Mistyped, damaged or older than LINK_DAYS: say so kindly, with the way back (404, never a trace).
        commune = Unit.objects.filter(slug=slug, level=Unit.Level.COMMUNE).first()
        context: dict[str, Any] = {"commune": commune, "link_days": LINK_DAYS}
        return render(request, "portal/rate_link_invalid.html", context, status=404)
    scale = services.scale_for(dossier.commune, timezone.localdate())
    context = {"dossier": dossier, "levels": scale.levels.all(), "commune": dossier.commune}
    if dossier.ratings.filter(channel=Rating.Channel.LINK).exists():
        # The link was used: 410 Gone, on a page that thanks the citizen all the same.
        return render(request, "portal/rate_done.html", {**context, "already": True}, status=410)
    if request.method == "POST":
        if not allow(
            "rate-link",
            client_ip(request) or "unknown",
            limit=RATINGS_PER_WINDOW,
            window_seconds=WINDOW_SECONDS,
        ):
            context["error"] = _(
                "Too many ratings from your connection. Please wait 10 minutes and try again."
            )
            return render(request, "portal/rate.html", context, status=429)
        try:
            services.record_rating(
                dossier.commune,
                level=int_param(request.POST.get("level"), 0),
                channel=Rating.Channel.LINK,
                dossier=dossier,
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "portal/rate.html", context, status=400)
        except IntegrityError:  # a second tab sent it at the same moment: the first one counts
            return render(request, "portal/rate_done.html", {**context, "already": True}, status=410)
        return render(request, "portal/rate_done.html", context)
    return render(request, "portal/rate.html", context)
