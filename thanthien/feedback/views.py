"""The officers' screens for feedback: intake from every channel, suggestion boxes, the case list and page.

Every write goes through feedback.services; every read through feedback.permissions. No screen shows a
sender's identity except the case page, after the assignee or a leader asks for it (and that is audited).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.feedback import attachments, exports, forms, permissions, queries, services, steps, workflow
from thanthien.feedback.models import FeedbackItem
from thanthien.units import queries as unit_queries
from thanthien.units.models import Official, Unit
from thanthien.units.users import AuthenticatedRequest


def _villages(commune: Unit, *, keeping: Unit | None = None) -> QuerySet[Unit]:
    return unit_queries.villages_offered(commune, keeping=[keeping])


@require_http_methods(["GET", "POST"])
def intake(request: AuthenticatedRequest) -> HttpResponse:
    """One form for the hotline, a leader's phone, e-mail, Zalo, Facebook and the desk."""
    commune = permissions.get_receiving_commune_for_user(request.user, request.GET.get("commune"))
    form = forms.IntakeForm(request.POST or None, villages=_villages(commune))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        name = data["name"].strip()
        identity = services.Identity(name, data["address"].strip(), data["contact"].strip()) if name else None
        anonymous = data["is_anonymous"] or identity is None
        try:
            item = services.receive_feedback(
                commune,
                by=request.user,
                kind=data["kind"],
                channel=data["channel"],
                content=data["content"],
                topic=data["topic"],
                received_on=data["received_on"],
                village=data["village"],
                is_anonymous=anonymous,
                is_signed=data["is_signed"],
                identity=identity,
                contact="" if anonymous else data["contact"].strip(),
                client_key=data["client_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Recorded as %(code)s.") % {"code": item.tracking_code})
            return redirect(f"{request.path}?commune={commune.pk}")
    status = 400 if form.is_bound else 200
    return render(request, "feedback/intake.html", {"form": form, "commune": commune}, status=status)


@require_http_methods(["GET", "POST"])
def box_opening(request: AuthenticatedRequest) -> HttpResponse:
    """Record a suggestion box's opening and the items found in it, in one go."""
    commune = permissions.get_receiving_commune_for_user(request.user, request.GET.get("commune"))
    villages = _villages(commune)
    form = forms.BoxOpeningForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    formset = forms.BoxItemFormSet(request.POST or None, prefix="items", form_kwargs={"villages": villages})
    error = ""
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        found = [_box_item(row) for row in formset.cleaned_data if row.get("content", "").strip()]
        try:
            opening = services.record_box_opening(commune, by=request.user, items=found, **form.cleaned_data)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request, _("Box opening recorded with %(count)d items.") % {"count": opening.item_count}
            )
            return redirect("feedback:list")
    context = {"form": form, "formset": formset, "commune": commune, "error": error}
    return render(request, "feedback/box_opening.html", context, status=400 if form.is_bound else 200)


def _box_item(row: dict[str, Any]) -> services.BoxItem:
    name = row.get("name", "").strip()
    identity = services.Identity(name, row.get("address", "").strip()) if name else None
    return services.BoxItem(
        kind=row["kind"],
        content=row["content"],
        topic=row["topic"],
        village=row.get("village"),
        identity=identity,
        is_signed=bool(name),
    )


@require_GET
def feedback_list(request: AuthenticatedRequest) -> HttpResponse:
    """The cases the user may see, filtered; as a page or an Excel file. No sender is ever named here."""
    items = permissions.visible_feedback(request.user)
    villages = Unit.objects.filter(parent__in=items.values("unit")).order_by("name")
    form = forms.FeedbackFilterForm(request.GET or None, villages=villages)
    items = _filtered(items, form)
    if request.GET.get("format") == "xlsx":
        audit.record(AuditEvent.Action.EXPORT, None, by=request.user, object_repr=_("Feedback cases"))
        return exports.feedback_xlsx_response(items)
    page = Paginator(items.select_related("village", "assignee"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "can_receive": permissions.receiving_communes(request.user).exists(),
    }
    return render(request, "feedback/feedback_list.html", context)


def _filtered(items: QuerySet[FeedbackItem], form: forms.FeedbackFilterForm) -> QuerySet[FeedbackItem]:
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        for name in ("kind", "status", "channel", "topic", "village"):
            if data[name]:
                items = items.filter(**{name: data[name]})
        if data["overdue"]:
            items = queries.overdue(items, timezone.localdate())
        items = queries.search(items, data["q"])
    return items.order_by("-received_on", "-id")


@require_GET
def feedback_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    item = permissions.get_feedback_by_code(request.user, code)
    return render(request, "feedback/feedback_detail.html", _item_context(request, item))


@require_GET
def attachment(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    """A file the sender attached, to whoever may open it (permissions.can_open_attachments); recorded."""
    item = permissions.get_feedback_by_code(request.user, code)
    if not permissions.can_open_attachments(request.user, item):
        raise PermissionDenied
    found = get_object_or_404(item.attachments, pk=pk)
    audit.record(AuditEvent.Action.VIEW, item, by=request.user, changes={"attachment": found.sha256})
    response = HttpResponse(attachments.read_attachment(found), content_type=found.content_type)
    disposition = "inline" if found.is_image else "attachment"  # a PDF is saved, not opened in the browser
    name = f"{item.tracking_code}-{found.pk}.{found.stored_as.rsplit('.', 1)[-1]}"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _item_context(request: AuthenticatedRequest, item: FeedbackItem, **bound: Any) -> dict[str, Any]:
    user = request.user
    villages = _villages(item.unit, keeping=item.village)
    officials = Official.objects.filter(unit=item.unit, is_active=True).order_by("full_name")
    classify_initial = {
        "kind": item.kind,
        "topic": item.topic,
        "instance": item.instance,
        "village": item.village,
        "is_complex": item.is_complex,
        "is_remote_area": item.is_remote_area,
    }
    return {
        "item": item,
        "events": item.events.select_related("actor"),
        "today": timezone.localdate(),
        "steps": workflow.available_steps(item, user),  # what the page offers (feedback.workflow)
        "can_reveal": permissions.can_reveal_identity(user, item) and hasattr(item, "identity"),
        "attachments": item.attachments.all() if permissions.can_open_attachments(user, item) else None,
        "attachment_count": item.attachments.count(),
        "identity": bound.get("identity"),
        "error": bound.get("error"),
        "classify_form": bound.get("classify")
        or forms.ClassifyForm(initial=classify_initial, villages=villages),
        "accept_form": bound.get("accept") or forms.AcceptForm(),
        "decline_form": bound.get("decline") or forms.DeclineForm(),
        "assign_form": bound.get("assign") or forms.AssignForm(officials=officials),
        "extend_form": bound.get("extend") or forms.ReasonForm(),
        "verify_form": bound.get("verify")
        or forms.VerificationForm(initial={"verified_on": timezone.localdate()}),
        "dialogue_form": bound.get("dialogue")
        or forms.DialogueForm(initial={"held_on": timezone.localdate()}),
        "resolve_form": bound.get("resolve") or forms.ResolveForm(item=item),
        "transfer_form": bound.get("transfer")
        or forms.TransferForm(initial={"referral_on": timezone.localdate()}),
        "received_form": bound.get("received")
        or forms.DecisionReceivedForm(initial={"received_on": timezone.localdate()}),
        "second_complaint_until": services.second_complaint_until(item, timezone.localdate()),
    }


def _form_for(step: str, request: HttpRequest, item: FeedbackItem) -> Any:
    """The step's page form (feedback.steps) bound to what was posted; classify and assign list the
    commune's villages and officials."""
    data = request.POST
    if step == "classify":
        return forms.ClassifyForm(data, villages=_villages(item.unit, keeping=item.village))
    if step == "assign":
        officials = Official.objects.filter(unit=item.unit, is_active=True)
        return forms.AssignForm(data, officials=officials)
    form_class = steps.ACTIONS[step].form
    return form_class(data) if form_class else None


@require_POST
def feedback_step(request: AuthenticatedRequest, code: str, step: str) -> HttpResponse:
    """Run one step of a case. A step the page does not offer (feedback.workflow) is refused: 403 to whoever
    may not take it, 409 when the case's state does not allow it now. A step the form or the service refuses
    shows the page again with the reason (400). Nothing is written on a refusal."""
    item = permissions.get_feedback_by_code(request.user, code)
    if step not in steps.ACTIONS:
        return render(request, "404.html", status=404)
    try:
        workflow.check_step(step, item, request.user)
    except PermissionDenied:
        return _refused(request, item, 403, error=_("You are not allowed to do this."))
    except ValidationError as error:
        return _refused(request, item, 409, error=" ".join(error.messages))
    form = _form_for(step, request, item)
    if form is not None and not form.is_valid():
        return _refused(request, item, 400, **{step: form})
    try:
        steps.take_step(step, item, by=request.user, arguments=form.cleaned_data if form is not None else {})
    except ValidationError as error:
        return _refused(request, item, 400, **({step: form} if form else {}), error=" ".join(error.messages))
    except PermissionDenied:
        return _refused(request, item, 403, error=_("You are not allowed to do this."))
    messages.success(request, str(steps.ACTIONS[step].done))
    return redirect("feedback:detail", code=item.tracking_code)


def _refused(request: AuthenticatedRequest, item: FeedbackItem, status: int, **bound: Any) -> HttpResponse:
    """The case's page again, with the refused form or the reason."""
    context = _item_context(request, item, **bound)
    return render(request, "feedback/feedback_detail.html", context, status=status)


@require_POST
def feedback_reveal(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Show the sender's identity once, to the assignee or a leader; the reading is audited."""
    item = permissions.get_feedback_by_code(request.user, code)
    try:
        identity = services.reveal_identity(request.user, item)
    except ValidationError as error:  # the server's identity key is missing or wrong (feedback.crypto)
        context = _item_context(request, item, error=" ".join(error.messages))
        return render(request, "feedback/feedback_detail.html", context, status=503)
    response = render(
        request, "feedback/feedback_detail.html", _item_context(request, item, identity=identity)
    )
    response["Cache-Control"] = "no-store"
    return response
