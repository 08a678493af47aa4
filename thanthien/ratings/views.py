"""The kiosk at the desk: a tablet, signed in as the desk officer, on which citizens rate the service."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from thanthien.dossiers.permissions import get_handled_commune_for_user
from thanthien.ratings.services import scale_for
from thanthien.units.models import Official

# Stored as these stable keys in Rating.reasons, so that counting them does not depend on the language.
KIOSK_REASONS = [
    ("friendly", _("Friendly attitude")),
    ("clear_guidance", _("Clear guidance")),
    ("quick", _("Dealt with quickly")),
    ("long_wait", _("Had to wait long")),
    ("unclear_guidance", _("Guidance was unclear")),
]


@require_GET
def kiosk(request: HttpRequest) -> HttpResponse:
    commune = get_handled_commune_for_user(request.user)
    officials = Official.objects.filter(unit=commune, is_active=True)
    chosen = request.GET.get("official")
    if chosen and not chosen.isdigit():
        raise Http404
    if chosen:
        official = get_object_or_404(officials, pk=chosen)
    else:
        official = officials.filter(user=request.user).first()
    context = {
        "commune": commune,
        "official": official,
        "officials": officials,
        "levels": scale_for(commune, timezone.localdate()).levels.order_by("-value"),
        "reasons": KIOSK_REASONS,
        "api_url": reverse("api:api-root") + "ratings",
    }
    return render(request, "ratings/kiosk.html", context)
