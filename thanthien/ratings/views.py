"""Screens of the ratings: the kiosk citizens touch at the desk, paper slips typed in, the leader's alerts."""

from datetime import date, datetime, time
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.core import idempotency
from thanthien.dossiers.permissions import get_dossier_for_user, get_handled_commune_for_user
from thanthien.ratings import permissions, queries, services
from thanthien.ratings.forms import CloseAlertForm, RatingSlipForm
from thanthien.ratings.indices import satisfaction_rate
from thanthien.ratings.models import Rating
from thanthien.ratings.services import scale_for
from thanthien.units.models import Official, Unit
from thanthien.units.permissions import get_official_for_user
from thanthien.units.users import AuthenticatedRequest


@require_http_methods(["GET", "POST"])
def paper_slip(request: AuthenticatedRequest) -> HttpResponse:
    """Type in paper rating slips one after another; a double click or a resend saves a slip once."""
    commune = get_handled_commune_for_user(request.user, request.GET.get("commune"))
    if not permissions.can_enter_paper_slip(request.user, commune):
        raise PermissionDenied
    today = timezone.localdate()
    form_kwargs: dict[str, Any] = {
        "officials": Official.objects.filter(unit=commune, is_active=True),
        "levels": scale_for(commune, today).levels.order_by("-value"),
        "today": today,
    }
    form = RatingSlipForm(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            rating = _save_paper_slip(request, commune, form)
        except Http404:
            form.add_error("dossier_code", _("There is no such dossier in your commune."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if idempotency.was_replayed(rating):
                messages.info(request, _("This slip was already saved."))
            else:
                messages.success(request, _("Slip saved. Enter the next one."))
            return redirect(f"{reverse('ratings:paper_slip')}?commune={commune.pk}")
    entered_today = Rating.objects.filter(
        unit=commune, channel=Rating.Channel.PAPER, entered_by=request.user, rated_at__date=today
    ).count()  # a running count for the person typing
    return render(
        request, "ratings/paper_slip.html", {"commune": commune, "form": form, "entered_today": entered_today}
    )


def _save_paper_slip(request: AuthenticatedRequest, commune: Unit, form: RatingSlipForm) -> Rating:
    data = form.cleaned_data
    dossier = (
        get_dossier_for_user(request.user, data["dossier_code"].strip()) if data["dossier_code"] else None
    )
    return services.record_rating(
        commune,
        level=data["level"],
        channel=Rating.Channel.PAPER,
        dossier=dossier,
        procedure=data["procedure"],
        official=data["official"],
        details=form.details(),
        comment=data["comment"],
        rated_at=timezone.make_aware(datetime.combine(data["rated_on"], time(12))),
        by=request.user,
        client_key=data["submission_key"],
    )


@require_GET
def alert_list(request: AuthenticatedRequest) -> HttpResponse:
    """The leader's inbox of rating alerts: open ones first, newest first."""
    show = request.GET.get("show", "open")
    alerts = permissions.visible_alerts(request.user).select_related("unit", "official", "rating")
    if show == "open":
        alerts = alerts.filter(closed_at__isnull=True)
    elif show == "closed":
        alerts = alerts.filter(closed_at__isnull=False)
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(request, "ratings/alert_list.html", {"page": page, "show": show})


@require_http_methods(["GET", "POST"])
def alert_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One alert, with the rating that raised it; the leader records what was done, which closes it."""
    alert = permissions.get_alert_for_user(request.user, pk)
    can_close = alert.is_open and permissions.can_close_alert(request.user, alert)
    form = CloseAlertForm(request.POST or None)
    if request.method == "POST":
        if not can_close:
            raise PermissionDenied
        if form.is_valid():
            services.close_alert(alert, by=request.user, **form.cleaned_data)
            messages.success(request, _("The alert is closed."))
            return redirect("ratings:alert_list")
    level = alert.rating.scale.levels.filter(value=alert.rating.level).first()
    context = {"alert": alert, "form": form if can_close else None, "level": level}
    return render(request, "ratings/alert_detail.html", context)


TREND_MONTHS = 12


@require_GET
def official_trend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An official's satisfaction month by month, with the commune's line beside it, and the reasons ticked;
    the early warning when it applies. To the commune's leaders and to the official themself (403 to the
    official's colleagues, 404 to other communes)."""
    official = get_official_for_user(request.user, pk)
    if not permissions.can_view_official_trend(request.user, official):
        raise PermissionDenied
    today = timezone.localdate()
    since = date(today.year - (1 if today.month < TREND_MONTHS else 0), (today.month % TREND_MONTHS) + 1, 1)
    reason_labels = dict(services.KIOSK_REASONS)
    rows = [
        {
            "month": month.month,
            "total": month.official.total,
            "rate": satisfaction_rate(month.official),
            "commune_total": month.commune.total,
            "commune_rate": satisfaction_rate(month.commune),
            "reasons": [(reason_labels.get(key, key), count) for key, count in month.reasons.items()],
        }
        for month in queries.official_monthly_trend(official, since, today)
    ]
    warning = next(
        (w for w in services.early_warnings(official.unit, today) if w.official.pk == official.pk), None
    )
    context = {"official": official, "rows": rows, "warning": warning, "since": since, "today": today}
    return render(request, "ratings/official_trend.html", context)
