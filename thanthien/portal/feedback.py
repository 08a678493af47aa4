"""The public feedback form and its tracking page: no login, rate-limited, a honeypot for robots."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.core.middleware import client_ip
from thanthien.core.ratelimit import allow
from thanthien.disclosure.public import public_commune
from thanthien.feedback import queries, services
from thanthien.feedback.forms import PublicFeedbackForm
from thanthien.feedback.models import FeedbackItem
from thanthien.units import queries as unit_queries
from thanthien.units.models import Unit

LOOKUPS_PER_WINDOW, WINDOW_SECONDS = 60, 600


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest, slug: str) -> HttpResponse:
    commune = public_commune(slug)
    # A refused file (type, size) refuses the form with what was typed kept: nothing is saved.
    form = bound_form(request, commune)
    context = {"commune": commune, "form": form}
    if not form.is_bound:
        return render(request, "portal/feedback_form.html", context)
    if form.is_robot:  # thank it and keep nothing
        return render(request, "portal/feedback_form.html", {**context, "robot": True})
    sent = send_feedback(request, commune, form)
    if sent.limited:
        context["error"] = _(
            "Too many submissions from your connection. Please wait 10 minutes and try again."
        )
        return render(request, "portal/feedback_form.html", context, status=429)
    if sent.item is not None:
        return redirect(sent_page(commune, sent.item))
    if sent.error is not None:
        form.add_error(None, sent.error)
    return render(request, "portal/feedback_form.html", context, status=400)


def bound_form(request: HttpRequest, commune: Unit) -> PublicFeedbackForm:
    """The request's form, bound to what it sends, made once whoever asks (the view, `portal.form_lane`):
    a file sent with it is read once."""
    if "feedback_form" not in request.__dict__:
        villages = unit_queries.kept_villages(commune)
        form = PublicFeedbackForm(request.POST or None, request.FILES or None, villages=villages)
        request.__dict__["feedback_form"] = form
    bound: PublicFeedbackForm = request.__dict__["feedback_form"]
    return bound


@dataclass(frozen=True)
class FeedbackSent:
    """What became of a feedback form sent: its `item` (received), or over the address's limit (`limited`),
    or refused: by the form's own checks (the form says why) or by the services (`error`)."""

    item: FeedbackItem | None = None
    limited: bool = False
    error: ValidationError | None = None


def send_feedback(request: HttpRequest, commune: Unit, form: PublicFeedbackForm) -> FeedbackSent:
    """Count the address, then receive what the form sends if it is valid; once per request, whoever asks
    (the view, `portal.form_lane`): a request the lane leaves to the view gets the lane's outcome."""
    if "feedback_sent" not in request.__dict__:
        request.__dict__["feedback_sent"] = _send(request, commune, form)
    sent: FeedbackSent = request.__dict__["feedback_sent"]
    return sent


def _send(request: HttpRequest, commune: Unit, form: PublicFeedbackForm) -> FeedbackSent:
    limit = settings.FEEDBACK_SUBMISSIONS_PER_WINDOW
    address = client_ip(request) or "unknown"
    if not allow("feedback-form", address, limit=limit, window_seconds=WINDOW_SECONDS):
        return FeedbackSent(limited=True)
    if not form.is_valid():
        return FeedbackSent()
    try:
        return FeedbackSent(item=_receive(commune, form))
    except ValidationError as error:
        return FeedbackSent(error=error)


def sent_page(commune: Unit, item: FeedbackItem) -> str:
    """The "sent" page the form lands on (`feedback_sent`)."""
    return reverse("portal:feedback_sent", args=[commune.slug, item.tracking_code])


def _receive(commune: Unit, form: PublicFeedbackForm) -> FeedbackItem:
    data = form.cleaned_data
    name = data["name"].strip()
    identity = services.Identity(name, data["address"].strip(), data["contact"].strip()) if name else None
    return services.receive_feedback(
        commune,
        by=None,
        kind=data["kind"],
        channel=FeedbackItem.Channel.WEB_FORM,
        content=data["content"],
        topic=data["topic"],
        village=data["village"],
        is_anonymous=identity is None,
        identity=identity,
        # Where to send the answer: kept in the encrypted identity with the name (services._receive).
        contact=data["contact"].strip() if identity else "",
        client_key=data["client_key"],
        attachment=data["attachment"],
    )


def _counted_look_up(
    request: HttpRequest, slug: str, code: str
) -> tuple[Unit, FeedbackItem | None, HttpResponse | None]:
    """The commune and the item a tracking code names, counted against the address's look-ups (429 past
    the limit, before the code is even tried); 404 for a code the commune does not know."""
    commune = public_commune(slug)
    if not allow(
        "feedback-lookup",
        client_ip(request) or "unknown",
        limit=LOOKUPS_PER_WINDOW,
        window_seconds=WINDOW_SECONDS,
    ):
        limited = {"commune": commune, "limited": True}
        return commune, None, render(request, "portal/feedback_status.html", limited, status=429)
    return commune, get_object_or_404(FeedbackItem, unit=commune, tracking_code=code.strip().upper()), None


@login_not_required
@require_GET
def feedback_sent(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """ "Đã gửi": where the form lands, the tracking code large, what happens next. Nothing personal."""
    commune, item, refused = _counted_look_up(request, slug, code)
    if refused is not None:
        return refused
    # Not refused: the item was found.
    context = {"commune": commune, "item": item, "attachments": item.attachments.count()}  # type: ignore[union-attr]
    return render(request, "portal/feedback_sent.html", context)


@login_not_required
@require_GET
def feedback_status(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The status and public answer of an item, for whoever holds its tracking code; never a name."""
    commune, item, refused = _counted_look_up(request, slug, code)
    if refused is not None:
        return refused
    until = services.second_complaint_until(item, timezone.localdate())  # type: ignore[arg-type]  # found
    context = {"commune": commune, "item": item, "second_complaint_until": until}
    return render(request, "portal/feedback_status.html", context)


@login_not_required
@require_GET
def feedback_lookup(request: HttpRequest, slug: str) -> HttpResponse:
    """The box where a citizen types the tracking code."""
    commune = public_commune(slug)
    code = request.GET.get("ma", "").strip()
    if code:
        return redirect("portal:feedback_status", slug=commune.slug, code=code.upper()[:12])
    return render(request, "portal/feedback_status.html", {"commune": commune})


@login_not_required
@require_GET
def published_answers(request: HttpRequest, slug: str) -> HttpResponse:
    """The answers the commune chose to publish: topic, village, dates and the answer; never the sender,
    nor the submission's own words (they may name people)."""
    commune = public_commune(slug)
    items = queries.published_answers(commune).select_related("village")
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(request, "portal/feedback_answers.html", {"commune": commune, "page": page})
