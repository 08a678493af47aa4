"""The one-stop desk's screens: today's work, receive, a dossier's page and its actions, receipt, book."""

from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thanthien.core import audit
from thanthien.core.links import public_url
from thanthien.core.models import AuditEvent
from thanthien.dossiers import exports, permissions, queries, services, steps, workflow
from thanthien.dossiers import messages as dossier_messages
from thanthien.dossiers.forms import (
    BookFilterForm,
    HandOverForm,
    PostponeForm,
    ReceiveForm,
    RejectForm,
    SupplementForm,
)
from thanthien.dossiers.models import Dossier, Postponement, Rejection
from thanthien.units.users import AuthenticatedRequest


@require_GET
def today(request: AuthenticatedRequest) -> HttpResponse:
    dossiers = permissions.visible_dossiers(request.user).select_related("procedure")
    day = timezone.localdate()
    sections = [
        ("late", _("Late, no apology slip"), queries.late_without_slip(dossiers, day)),
        ("at_risk", _("At risk: apology slip drafted"), queries.with_draft_slip(dossiers)),
        ("due", _("Due today"), queries.due_on(dossiers, day)),
        ("waiting", _("Waiting for supplements"), queries.waiting_for_supplements(dossiers)),
        ("received", _("Received today"), queries.received_on(dossiers, day)),
    ]
    context = {
        "sections": [(key, title, list(rows.order_by("due_on")[:50])) for key, title, rows in sections],
        "can_receive": permissions.handled_communes(request.user).exists(),
    }
    return render(request, "dossiers/today.html", context)


def receive(request: AuthenticatedRequest) -> HttpResponse:
    chosen = request.GET.get("commune") or request.POST.get("commune")
    commune = permissions.get_handled_commune_for_user(request.user, chosen)
    form = ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.receive_dossier(commune, by=request.user, **_without_empty(form.cleaned_data))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier %(code)s received.") % {"code": dossier.code})
            return redirect("dossiers:receipt", code=dossier.code)
    return render(request, "dossiers/receive.html", {"form": form, "commune": commune})


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "")}


@require_GET
def detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    dossier = permissions.get_dossier_for_user(request.user, code)
    return render(request, "dossiers/detail.html", _detail_context(request, dossier))


def _detail_context(request: AuthenticatedRequest, dossier: Dossier, **forms: Any) -> dict[str, Any]:
    steps = workflow.available_steps(dossier, request.user)
    draft = dossier.postponements.filter(status=Postponement.Status.DRAFT).first()
    postpone_initial = {"new_due_date": draft.new_due_on} if draft else {}
    return {
        "dossier": dossier,
        "events": dossier.events.select_related("actor"),
        "handovers": dossier.handovers.select_related("giver", "receiver"),
        "supplements": dossier.supplement_requests.all(),
        "postponements": dossier.postponements.exclude(status=Postponement.Status.CANCELLED),
        "letters": dossier.letters.all(),
        "draft": draft,
        "steps": steps,  # what the user may do now (dossiers.workflow): the page offers exactly these
        "handover_form": forms.get("handover_form") or HandOverForm(commune=dossier.commune),
        "supplement_form": forms.get("supplement_form") or SupplementForm(),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "postpone_form": forms.get("postpone_form") or PostponeForm(initial=postpone_initial),
        "error": forms.get("error"),
    }


def _act(request: AuthenticatedRequest, code: str, kind: str) -> HttpResponse:
    """Take one step of a dossier's page (dossiers.steps); on a refused step show the page with the reason."""
    dossier = permissions.get_dossier_for_user(request.user, code)
    action = steps.ACTIONS[kind]
    form = _step_form(action.form, request.POST, dossier)
    if form is not None and not form.is_valid():
        return render(
            request,
            "dossiers/detail.html",
            _detail_context(request, dossier, **{action.form_name: form}),
            status=400,
        )
    try:
        steps.take_step(kind, dossier, by=request.user, arguments=form.cleaned_data if form else {})
    except ValidationError as error:
        context = _detail_context(request, dossier, error=" ".join(error.messages))
        return render(request, "dossiers/detail.html", context, status=400)
    messages.success(request, str(action.done))
    return redirect("dossiers:detail", code=dossier.code)


def _step_form(form_class: type[Form] | None, data: Any, dossier: Dossier) -> Form | None:
    if form_class is HandOverForm:  # its list is the dossier's commune's officials and offices
        return HandOverForm(data, commune=dossier.commune)
    return form_class(data) if form_class else None


@require_POST
def hand_over(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _act(request, code, "hand_over")


@require_POST
def request_supplement(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _act(request, code, "supplement")


@require_POST
def record_supplement(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _act(request, code, "supplemented")


@require_POST
def reject(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _act(request, code, "reject")


@require_POST
def mark_ready(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _act(request, code, "ready")


@require_POST
def return_result(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _act(request, code, "return")


@require_POST
def postpone(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _act(request, code, "postpone")


@require_GET
def receipt(request: AuthenticatedRequest, code: str) -> HttpResponse:
    dossier = permissions.get_dossier_for_user(request.user, code)
    if not dossier.commune.slug:
        raise Http404
    lookup_path = reverse("portal:lookup", kwargs={"slug": dossier.commune.slug})
    lookup_url = public_url(f"{lookup_path}?ma={dossier.code}")
    rate_url = dossier_messages.rating_url(dossier)
    context = {
        "dossier": dossier,
        "qr": segno.make(lookup_url, error="m").svg_data_uri(scale=4),
        "lookup_url": lookup_url,
        "rate_qr": segno.make(rate_url, error="l").svg_data_uri(scale=3),
        "rate_url": rate_url,
    }
    return render(request, "dossiers/receipt.html", context)


@require_GET
def book(request: AuthenticatedRequest) -> HttpResponse:
    form = BookFilterForm(request.GET or None)
    dossiers = _filtered_book(permissions.visible_dossiers(request.user), form)
    if request.GET.get("format") == "xlsx":
        audit.record(AuditEvent.Action.EXPORT, None, by=request.user, object_repr=_("Dossier tracking book"))
        return exports.book_xlsx_response(dossiers)
    page = Paginator(dossiers.select_related("procedure"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dossiers/book.html", {"form": form, "page": page, "query": query.urlencode()})


def _filtered_book(dossiers: Any, form: BookFilterForm) -> Any:
    if not form.is_valid():
        return dossiers
    data = form.cleaned_data
    for field in ("status", "timeliness", "channel"):
        if data[field]:
            dossiers = dossiers.filter(**{field: data[field]})
    if data["received_from"]:
        dossiers = dossiers.filter(received_at__date__gte=data["received_from"])
    if data["received_to"]:
        dossiers = dossiers.filter(received_at__date__lte=data["received_to"])
    if data["q"]:
        dossiers = queries.search(dossiers, data["q"])
    return dossiers.order_by("-received_at", "-id")


@require_GET
def home_service(request: AuthenticatedRequest) -> HttpResponse:
    dossiers = queries.home_service(permissions.visible_dossiers(request.user)).select_related("procedure")
    rows = dossiers.filter(status__in=queries.OPEN).order_by("due_on")
    return render(request, "dossiers/home_service.html", {"dossiers": rows})


@require_GET
def postponement_slip(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    dossier = permissions.get_dossier_for_user(request.user, code)
    postponement = get_object_or_404(dossier.postponements, pk=pk)
    return render(
        request, "dossiers/postponement_slip.html", {"dossier": dossier, "postponement": postponement}
    )


@require_GET
def supplement_slip(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    dossier = permissions.get_dossier_for_user(request.user, code)
    supplement = get_object_or_404(dossier.supplement_requests.select_related("requested_by"), pk=pk)
    return render(request, "dossiers/supplement_slip.html", {"dossier": dossier, "supplement": supplement})


@require_GET
def rejection_slip(request: AuthenticatedRequest, code: str) -> HttpResponse:
    dossier = permissions.get_dossier_for_user(request.user, code)
    rejection = get_object_or_404(Rejection.objects.select_related("rejected_by"), dossier=dossier)
    return render(request, "dossiers/rejection_slip.html", {"dossier": dossier, "rejection": rejection})
