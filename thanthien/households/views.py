"""A household's story and its consent: thin pages over `households.services`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thanthien.households import services
from thanthien.households.forms import StoryConsentForm
from thanthien.households.models import HouseholdConsent
from thanthien.units.permissions import get_story_household_for_user, visible_story_households
from thanthien.units.users import AuthenticatedRequest


@require_GET
def household_list(request: AuthenticatedRequest) -> HttpResponse:
    """The households of the communes the user serves, with whether their story may be read."""
    households = (
        visible_story_households(request.user)
        .select_related("village")
        .order_by("village__name", "head_name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        households = households.filter(head_name__icontains=query)
    in_force = set(
        HouseholdConsent.objects.filter(
            household__in=households, purpose=HouseholdConsent.Purpose.STORY, withdrawn_at__isnull=True
        ).values_list("household_id", flat=True)
    )
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    return render(request, "households/household_list.html", {"page": page, "q": query, "in_force": in_force})


@require_GET
def household_story(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The household's story while its consent holds; else a notice and nothing more (the refusal audited)."""
    household = get_story_household_for_user(request.user, pk)
    read = services.read_household_story(household, by=request.user)
    context = {"household": household, "read": read, "form": None if read.consent else StoryConsentForm()}
    return render(request, "households/household_story.html", context)


@require_POST
def consent_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = get_story_household_for_user(request.user, pk)
    form = StoryConsentForm(request.POST)
    if form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "has_agreed"}
        try:
            services.record_story_consent(household, by=request.user, **data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("households:story", pk=household.pk)
    read = services.StoryRead(None, [])
    return render(
        request,
        "households/household_story.html",
        {"household": household, "read": read, "form": form},
        status=400,
    )


@require_POST
def consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = get_story_household_for_user(request.user, pk)
    consent = get_object_or_404(
        HouseholdConsent.objects.filter(
            household=household, purpose=HouseholdConsent.Purpose.STORY, withdrawn_at__isnull=True
        )
    )
    services.withdraw_story_consent(consent, by=request.user)
    messages.success(request, _("Consent withdrawn: the household's story is no longer read."))
    return redirect("households:story", pk=household.pk)
