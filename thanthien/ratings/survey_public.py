"""The phone form of a survey campaign, reached by the signed link or QR code of one village: no login.

Open only while the campaign is open and within its dates; rate-limited per address; a hidden field that
people never fill catches robots; the key generated with the page makes a resent form count once.
"""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanthien.core.middleware import client_ip
from thanthien.core.ratelimit import allow
from thanthien.ratings import surveys
from thanthien.ratings.forms import PhoneSlipForm
from thanthien.ratings.models import SurveyResponse
from thanthien.ratings.survey_links import survey_from_token

SLIPS_PER_WINDOW, WINDOW_SECONDS = 20, 600  # a family may answer on one phone; a robot may not flood


@login_not_required
@require_http_methods(["GET", "POST"])
def phone_survey(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    found = survey_from_token(token)
    if found is None or found[0].commune.slug != slug:
        raise Http404
    campaign, village = found
    context: dict[str, Any] = {"campaign": campaign, "village": village, "commune": campaign.commune}
    if not campaign.is_open_on(timezone.localdate()):
        return render(request, "ratings/phone_closed.html", context, status=410)
    sheet = surveys.SlipSheet.of(campaign)
    form = PhoneSlipForm(request.POST or None, questions=sheet.questions, levels=sheet.levels)
    context["form"] = form
    if not form.is_bound:
        return render(request, "ratings/phone_survey.html", context)
    if form.is_robot:  # thank it and keep nothing
        return render(request, "ratings/phone_thanks.html", context)
    address = client_ip(request) or "unknown"
    if not allow("survey-phone", address, limit=SLIPS_PER_WINDOW, window_seconds=WINDOW_SECONDS):
        context["error"] = _("Too many answers from your connection. Please wait 10 minutes and try again.")
        return render(request, "ratings/phone_survey.html", context, status=429)
    if form.is_valid():
        try:
            surveys.record_survey_response(
                campaign,
                village=village,
                answers=form.answers(),
                channel=SurveyResponse.Channel.PHONE,
                idempotency_key=form.cleaned_data["idempotency_key"],
                sheet=sheet,
            )
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            return render(request, "ratings/phone_thanks.html", context)
    return render(request, "ratings/phone_survey.html", context, status=400)
