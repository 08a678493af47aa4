"""Back-office pages of the survey campaigns: list, builder, quotas, fast paper entry, import, results."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.core.uploads import import_upload
from thanthien.core.validation import is_number
from thanthien.ratings import permissions, surveys
from thanthien.ratings.forms import (
    CampaignForm,
    CompareForm,
    PaperSlipForm,
    QuotaForm,
    SlipImportForm,
    question_formset,
    specs_of,
)
from thanthien.ratings.models import SurveyCampaign, SurveyResponse
from thanthien.ratings.survey_import import XLSX_CONTENT_TYPE, import_survey_slips, template_workbook
from thanthien.ratings.survey_links import qr_data_uri, survey_url
from thanthien.ratings.survey_results import campaign_results, compare_campaigns, progress_by_campaign
from thanthien.units import queries as unit_queries
from thanthien.units.users import AuthenticatedRequest


@require_GET
def campaign_list(request: AuthenticatedRequest) -> HttpResponse:
    campaigns = list(permissions.visible_campaigns(request.user).select_related("commune"))
    progress = progress_by_campaign(campaigns)
    context = {
        "campaigns": [(campaign, progress[campaign.pk]) for campaign in campaigns],
        "can_create": permissions.campaign_communes(request.user).exists(),
    }
    return render(request, "ratings/campaign_list.html", context)


@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthenticatedRequest) -> HttpResponse:
    communes = permissions.campaign_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = CampaignForm(data, communes=communes)
    formset = question_formset(data, add="add_question" in request.POST)
    if data is not None and "add_question" not in data and form.is_valid() and formset.is_valid():
        try:
            campaign = surveys.create_campaign(
                form.cleaned_data["commune"],
                details=form.details(),
                questionnaire=form.cleaned_data["questionnaire"],
                questions=specs_of(formset),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campaign created. Now set the number of slips per village."))
            return redirect("ratings:campaign_quotas", pk=campaign.pk)
    return render(request, "ratings/campaign_form.html", {"form": form, "formset": formset})


@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _campaign_to_run(request, pk)
    locked = surveys.has_slips(campaign.questionnaire)
    data = request.POST if request.method == "POST" else None
    communes = permissions.campaign_communes(request.user)
    form = CampaignForm(data, communes=communes, editing=True, initial=_campaign_initial(campaign))
    formset = question_formset(
        data, initial=surveys.question_specs(campaign.questionnaire), add="add_question" in request.POST
    )
    if data is not None and "add_question" not in data and form.is_valid() and (locked or formset.is_valid()):
        try:
            questions = None if locked else specs_of(formset)
            surveys.update_campaign(campaign, details=form.details(), questions=questions, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("ratings:campaign_results", pk=campaign.pk)
    context = {"form": form, "formset": formset, "campaign": campaign, "locked": locked}
    return render(request, "ratings/campaign_form.html", context)


def _campaign_initial(campaign: SurveyCampaign) -> dict[str, Any]:
    names = ["title", "kind", "run_by", "starts_on", "ends_on", "target_rate", "status"]
    return {name: getattr(campaign, name) for name in names}


def _campaign_to_run(request: AuthenticatedRequest, pk: int) -> SurveyCampaign:
    campaign = permissions.get_campaign_for_user(request.user, pk)
    if not permissions.can_run_campaign(request.user, campaign.commune):
        raise PermissionDenied
    return campaign


def _campaign_to_fill(request: AuthenticatedRequest, pk: int) -> SurveyCampaign:
    campaign = permissions.get_campaign_for_user(request.user, pk)
    if not permissions.can_enter_slips(request.user, campaign):
        raise PermissionDenied
    return campaign


@require_http_methods(["GET", "POST"])
def campaign_quotas(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _campaign_to_run(request, pk)
    villages = list(unit_queries.villages(campaign.commune))
    targets = dict(campaign.quotas.values_list("village", "target"))
    form = QuotaForm(request.POST or None, villages=villages, targets=targets)
    if form.is_bound and form.is_valid():
        try:
            surveys.set_quotas(campaign, targets=form.targets(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Quotas saved."))
            return redirect("ratings:campaign_results", pk=campaign.pk)
    return render(request, "ratings/campaign_quotas.html", {"campaign": campaign, "form": form})


@require_http_methods(["GET", "POST"])
def slip_entry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Type paper slips one after the other: the village stays, the slip number goes up by one."""
    campaign = _campaign_to_fill(request, pk)
    sheet = surveys.SlipSheet.of(campaign)
    villages = unit_queries.villages(campaign.commune)
    initial = _next_slip(campaign, request.GET.get("village"))
    form = PaperSlipForm(
        request.POST or None,
        questions=sheet.questions,
        levels=sheet.levels,
        villages=villages,
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = surveys.record_survey_response(
                campaign,
                village=data["village"],
                answers=form.answers(),
                channel=SurveyResponse.Channel.PAPER,
                idempotency_key=data["idempotency_key"],
                slip_number=data["slip_number"],
                by=request.user,
                sheet=sheet,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = _("Slip %(number)s saved.") % {"number": recorded.response.slip_number or ""}
            messages.success(request, saved)
            url = reverse("ratings:slip_entry", kwargs={"pk": campaign.pk})
            return redirect(f"{url}?village={recorded.response.village_id}")
    context = {"campaign": campaign, "form": form, "progress": progress_by_campaign([campaign])[campaign.pk]}
    return render(request, "ratings/slip_entry.html", context)


def _next_slip(campaign: SurveyCampaign, village: str | None) -> dict[str, Any]:
    numbers = campaign.responses.exclude(slip_number=None).values_list("slip_number", flat=True)
    last = numbers.order_by("-slip_number").first()
    initial: dict[str, Any] = {"slip_number": (last or 0) + 1}
    if village and is_number(village):
        initial["village"] = int(village)
    return initial


@require_http_methods(["GET", "POST"])
def slip_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _campaign_to_fill(request, pk)
    form, report = import_upload(
        request, SlipImportForm, lambda data: import_survey_slips(campaign, data["file"], by=request.user)
    )
    if report is not None and not report.errors:
        done = _("Slips imported: %(created)d; already entered, skipped: %(skipped)d.")
        messages.success(request, done % {"created": report.created, "skipped": len(report.skipped)})
        return redirect("ratings:campaign_results", pk=campaign.pk)
    return render(request, "ratings/slip_import.html", {"campaign": campaign, "form": form, "report": report})


@require_GET
def slip_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, pk)
    response = HttpResponse(template_workbook(campaign), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}-slips.xlsx"'
    return response


@require_GET
def campaign_results_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, pk)
    context = {
        "campaign": campaign,
        "results": campaign_results(campaign),
        "can_run": permissions.can_run_campaign(request.user, campaign.commune),
        "can_enter": permissions.can_enter_slips(request.user, campaign),
    }
    return render(request, "ratings/campaign_results.html", context)


@require_GET
def phone_links(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The phone link and QR code of each village, to print and hand out or post at the village hall."""
    campaign = _campaign_to_run(request, pk)
    links = []
    for quota in campaign.quotas.select_related("village").order_by("village__name"):
        url = survey_url(campaign, quota.village)
        links.append({"village": quota.village, "url": url, "qr": qr_data_uri(url) if url else ""})
    return render(request, "ratings/phone_links.html", {"campaign": campaign, "links": links})


@require_GET
def campaign_compare(request: AuthenticatedRequest) -> HttpResponse:
    """A baseline beside an endline of the same commune: each question, overall, and the target."""
    campaigns = permissions.visible_campaigns(request.user).select_related("commune")
    form = CompareForm(request.GET or None, campaigns=campaigns)
    comparison = None
    if form.is_bound and form.is_valid():
        comparison = compare_campaigns(form.cleaned_data["baseline"], form.cleaned_data["endline"])
    return render(request, "ratings/campaign_compare.html", {"form": form, "comparison": comparison})
