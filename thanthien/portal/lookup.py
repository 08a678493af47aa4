"""The public look-up of a dossier: its code plus the last 4 digits of the applicant's phone.

Shows the procedure, status, due date and steps, and of the applicant only the initials. Rate-limited
per address, and a wrong code and a wrong phone answer the same, so codes cannot be probed.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import BigIntegerField, CharField, Exists, F, OuterRef, QuerySet
from django.db.models.functions import Upper
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thanthien.core.middleware import client_ip
from thanthien.core.public_cache import mark_public
from thanthien.core.ratelimit import allow
from thanthien.core.statements import CompiledStatement, Slot
from thanthien.disclosure.public import public_commune
from thanthien.dossiers.links import rating_token
from thanthien.dossiers.models import Dossier, DossierEvent
from thanthien.ratings.models import Rating
from thanthien.units.models import Unit

LOOKUPS_PER_WINDOW = getattr(settings, "LOOKUP_RATE_LIMIT", 20)
WINDOW_SECONDS = 600


@login_not_required
@require_GET
def dossier_lookup(request: HttpRequest, slug: str) -> HttpResponse:
    commune = public_commune(slug)
    code = request.GET.get("ma", "").strip()
    last_digits = request.GET.get("so", "").strip()
    context = {"commune": commune, "code": code, "last_digits": last_digits}
    if not (code and last_digits):
        return mark_public(render(request, "portal/lookup.html", context))
    if not allow(
        "lookup", client_ip(request) or "unknown", limit=LOOKUPS_PER_WINDOW, window_seconds=WINDOW_SECONDS
    ):
        context["error"] = _("Too many look-ups from your connection. Please wait 10 minutes and try again.")
        return render(request, "portal/lookup.html", context, status=429)
    dossier = _find(commune, code, last_digits)
    if dossier is None:
        context["error"] = _(
            "No dossier matches this code and phone number. Check the receipt and try again."
        )
        return render(request, "portal/lookup.html", context, status=404)
    # The code and the phone's last digits prove the receipt is at hand, as its QR code does: the rating
    # link is offered (or followed at once, from the "Rate the service" button of the commune's home).
    rate_path = reverse("portal:rate", kwargs={"slug": commune.slug, "token": rating_token(dossier)})
    already_rated: bool = dossier.already_rated  # type: ignore[attr-defined]  # annotated in _find
    if request.GET.get("danh-gia") and not already_rated:
        return redirect(rate_path)
    context.update(
        dossier=dossier,
        events=_steps(dossier),
        rate_path=rate_path,
        already_rated=already_rated,
    )
    return render(request, "portal/lookup.html", context)


def _find(commune: Unit, code: str, last_digits: str) -> Dossier | None:
    if len(last_digits) != 4 or not last_digits.isdigit():
        return None
    found = _statement("dossier").instances(Dossier, {"commune": commune.pk, "code": code.upper()})
    dossier = found[0] if found else None
    if dossier is None or not dossier.applicant_phone.endswith(last_digits):
        return None
    return dossier


def _steps(dossier: Dossier) -> list[DossierEvent]:
    return _statement("steps").instances(DossierEvent, {"dossier": dossier.pk})


def _lookup_queries() -> dict[str, QuerySet[Any]]:
    """What a look-up reads: the dossier by its code in the commune, with its procedure's name and whether
    its link was used to rate (one round trip), then its steps (a second). Compiled once (`_statement`)."""
    rated = Rating.objects.filter(dossier=OuterRef("pk"), channel=Rating.Channel.LINK)
    dossier = (
        Dossier.objects.annotate(already_rated=Exists(rated), procedure_name=F("procedure__name"))
        .alias(code_upper=Upper("code"))  # as typed: upper or lower case (`code` is given upper)
        .filter(commune_id=Slot("commune", BigIntegerField()), code_upper=Slot("code", CharField()))
        .order_by()[:1]
    )
    steps = DossierEvent.objects.only("at", "kind", "dossier_id").filter(
        dossier_id=Slot("dossier", BigIntegerField())
    )
    return {"dossier": dossier, "steps": steps.order_by("at", "id")}


_compiled: dict[str, CompiledStatement] = {}


def _statement(name: str) -> CompiledStatement:
    if not _compiled:
        _compiled.update({key: CompiledStatement.of(rows) for key, rows in _lookup_queries().items()})
    return _compiled[name]
