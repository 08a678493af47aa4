"""The staff pages: the obligations calendar, publishing an item, its postings and questions; announcements
with their message counts and the loudspeaker script."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanthien.core import audit
from thanthien.disclosure import permissions, queries, services
from thanthien.disclosure.forms import (
    AnnouncementForm,
    ConsentForm,
    DisclosureItemForm,
    NewAnnouncementForm,
    PostingForm,
    TakeDownForm,
)
from thanthien.units.permissions import chosen_commune
from thanthien.units.users import AuthenticatedRequest


def _commune(request: AuthenticatedRequest) -> Any:
    return chosen_commune(permissions.publishing_communes(request.user), request.GET.get("commune"))


@require_GET
def calendar_view(request: AuthenticatedRequest) -> HttpResponse:
    """The chairman's list: overdue, due, posted too briefly; the recent items; this year's compliance."""
    commune = _commune(request)
    today = timezone.localdate()
    items = permissions.visible_disclosure_items(request.user).filter(commune=commune)
    context = {
        "commune": commune,
        "calendar": queries.calendar_items(commune, today),
        "recent": items.select_related("obligation")[:30],
        "compliance": queries.compliance(items, today.replace(month=1, day=1), today, today),
        "communes": permissions.publishing_communes(request.user),
    }
    return render(request, "disclosure/calendar.html", context)


@require_http_methods(["GET", "POST"])
def item_create(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    form = DisclosureItemForm(request.POST or None, request.FILES or None, commune=commune)
    if form.is_bound and form.is_valid():
        try:
            item = services.publish_disclosure(commune, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Disclosure saved. Record where it is posted."))
            return redirect("disclosure:detail", pk=item.pk)
    return render(
        request,
        "disclosure/item_form.html",
        {"commune": commune, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_GET
def item_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = permissions.get_disclosure_item_for_user(request.user, pk)
    return render(
        request,
        "disclosure/item_detail.html",
        _detail_context(request, item, PostingForm(commune=item.commune)),
    )


def _detail_context(request: AuthenticatedRequest, item: Any, posting_form: PostingForm) -> dict[str, Any]:
    can_publish = permissions.can_publish_disclosure(request.user, item.commune)
    return {
        "item": item,
        "files": item.files.all(),
        "postings": item.postings.select_related("village"),
        "questions": item.questions.select_related("feedback"),
        "posting_form": posting_form if can_publish else None,
        "take_down_form": TakeDownForm() if can_publish else None,
        "state": queries.calendar_state(item, timezone.localdate()),
    }


@require_POST
def posting_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = permissions.get_disclosure_item_for_user(request.user, pk)
    form = PostingForm(request.POST, commune=item.commune)
    if form.is_valid():
        try:
            services.record_posting(item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("disclosure:detail", pk=item.pk)
    return render(request, "disclosure/item_detail.html", _detail_context(request, item, form), status=400)


@require_POST
def posting_take_down(request: AuthenticatedRequest, pk: int, posting_id: int) -> HttpResponse:
    item = permissions.get_disclosure_item_for_user(request.user, pk)
    posting = item.postings.filter(pk=posting_id).first()
    form = TakeDownForm(request.POST)
    if posting is None or not form.is_valid():
        messages.error(request, _("Give the day it was taken down."))
    else:
        try:
            services.take_down_posting(posting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("disclosure:detail", pk=item.pk)


@require_GET
def announcement_list(request: AuthenticatedRequest) -> HttpResponse:
    commune = _commune(request)
    announcements = permissions.visible_announcements(request.user).filter(commune=commune)[:50]
    rows = [(a, queries.message_counts(a)) for a in announcements]
    return render(request, "disclosure/announcement_list.html", {"commune": commune, "rows": rows})


@require_http_methods(["GET", "POST"])
def announcement_create(request: AuthenticatedRequest) -> HttpResponse:
    """A new announcement; `?template=new_year` starts from the chairman's Lunar New Year greeting."""
    commune = _commune(request)
    initial = {}
    if request.GET.get("template") == "new_year":
        initial = services.new_year_greeting(commune, timezone.localdate().year + 1)
    form = NewAnnouncementForm(request.POST or None, request.FILES or None, commune=commune, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.create_announcement(commune, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Announcement saved; it goes out at its publication time."))
            return redirect(f"{reverse('disclosure:announcements')}?commune={commune.pk}")
    return render(request, "disclosure/announcement_form.html", {"commune": commune, "form": form})


@require_http_methods(["GET", "POST"])
def announcement_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change an announcement that has not gone out yet."""
    announcement = permissions.get_announcement_for_user(request.user, pk)
    commune = announcement.commune
    if not permissions.can_publish_disclosure(request.user, commune):
        raise PermissionDenied
    initial = {name: getattr(announcement, name) for name in services.EDITABLE_FIELDS}
    initial["villages"] = list(announcement.villages.all())
    form = AnnouncementForm(request.POST or None, request.FILES or None, commune=commune, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.edit_announcement(announcement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Announcement changed."))
            return redirect(f"{reverse('disclosure:announcements')}?commune={commune.pk}")
    context = {"commune": commune, "form": form, "announcement": announcement}
    return render(request, "disclosure/announcement_form.html", context)


@require_POST
def announcement_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    announcement = permissions.get_announcement_for_user(request.user, pk)
    try:
        services.cancel_announcement(announcement, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Announcement cancelled: it is off the public site."))
    return redirect(f"{reverse('disclosure:announcements')}?commune={announcement.commune_id}")


@require_GET
def announcement_script(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The loudspeaker script: plain text, large print, with its reading time."""
    announcement = permissions.get_announcement_for_user(request.user, pk)
    if not permissions.can_publish_disclosure(request.user, announcement.commune):
        raise PermissionDenied
    audit.record("announcement.script", announcement, by=request.user)
    minutes = queries.reading_minutes(f"{announcement.title} {announcement.body}")
    return render(request, "disclosure/loudspeaker_script.html", {"a": announcement, "minutes": minutes})


@require_http_methods(["GET", "POST"])
def consents(request: AuthenticatedRequest) -> HttpResponse:
    """Households' consents to the commune's messages (PDPL 91/2025): recorded with their purpose, withdrawn
    (never deleted); only households with a consent in force get announcements."""
    commune = _commune(request)
    if not permissions.can_publish_disclosure(request.user, commune):
        raise PermissionDenied
    form = ConsentForm(request.POST or None, commune=commune)
    if form.is_bound and form.is_valid():
        services.record_consent(by=request.user, **form.cleaned_data)
        messages.success(request, _("Consent recorded."))
        return redirect(f"{reverse('disclosure:consents')}?commune={commune.pk}")
    recorded = queries.consents_of(commune)
    audit.record("consent.list", commune, by=request.user)
    return render(
        request, "disclosure/consents.html", {"commune": commune, "form": form, "consents": recorded}
    )


@require_POST
def consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consent = permissions.get_consent_for_user(request.user, pk)
    services.withdraw_consent(consent, by=request.user, withdrawn_on=timezone.localdate())
    messages.success(request, _("Consent withdrawn: the household gets no more messages."))
    return redirect(f"{reverse('disclosure:consents')}?commune={consent.household.village.parent_id}")
