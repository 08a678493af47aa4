"""The public feedback form and its tracking page: no login, rate-limited, a honeypot for robots."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.core.middleware import client_ip
from thanthien.core.ratelimit import allow, allow_request
from thanthien.disclosure.public import public_commune
from thanthien.feedback import queries, services
from thanthien.feedback.forms import PublicFeedbackForm
from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import Unit

LOOKUPS_PER_WINDOW, WINDOW_SECONDS = 60, 600
FORM_TEMPLATE = "portal/feedback_form.html"


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest, slug: str) -> HttpResponse:
    commune = public_commune(slug)
    if not (request.POST or request.FILES):
        blank = PublicFeedbackForm(villages=_villages(commune))
        return render(request, FORM_TEMPLATE, {"commune": commune, "form": blank})
    submitted = submit_feedback(request, commune)
    if submitted.item is not None:
        return sent_page_redirect(commune, submitted.item)
    context = {"commune": commune, "form": submitted.form, "robot": submitted.robot, "error": submitted.error}
    return render(request, FORM_TEMPLATE, context, status=submitted.status)


def sent_page_redirect(commune: Unit, item: FeedbackItem) -> HttpResponse:
    """Where a received submission lands: its "sent" page, the tracking code large."""
    return redirect("portal:feedback_sent", slug=commune.slug, code=item.tracking_code)


@dataclass(frozen=True)
class Submitted:
    """What became of a submitted form: received (`item`, 302), a robot thanked and nothing kept (200),
    the address over its limit (429, `error`) or refused (400: the form's errors say why)."""

    form: PublicFeedbackForm
    status: int
    item: FeedbackItem | None = None
    robot: bool = False
    error: str = ""


def submit_feedback(request: HttpRequest, commune: Unit) -> Submitted:
    """Check the form the request sends, count the address, then receive it; once per request, whoever asks
    (the view, `portal.form_lane`): a request the lane leaves to the view gets the lane's outcome."""
    if "feedback_submitted" not in request.__dict__:
        request.__dict__["feedback_submitted"] = _submit(request, commune)
    submitted: Submitted = request.__dict__["feedback_submitted"]
    return submitted


def _submit(request: HttpRequest, commune: Unit) -> Submitted:
    # A refused file (type, size) refuses the form with what was typed kept: nothing is saved.
    form = PublicFeedbackForm(request.POST, request.FILES or None, villages=_villages(commune))
    if form.is_robot:  # thank it and keep nothing
        return Submitted(form, 200, robot=True)
    limit = settings.FEEDBACK_SUBMISSIONS_PER_WINDOW
    if not allow_request(request, "feedback-form", limit=limit, window_seconds=WINDOW_SECONDS):
        error = _("Too many submissions from your connection. Please wait 10 minutes and try again.")
        return Submitted(form, 429, error=error)
    if form.is_valid():
        try:
            item = _receive(commune, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return Submitted(form, 302, item=item)
    return Submitted(form, 400)


def _villages(commune: Unit) -> QuerySet[Unit]:
    return commune.children.order_by("name")


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
