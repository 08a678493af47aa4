"""The leader's queue of drafts, the register, Word downloads, templates and New Year batches."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanthien.core import audit
from thanthien.core.links import public_url
from thanthien.core.models import AuditEvent
from thanthien.core.uploads import import_upload
from thanthien.core.validation import int_param, is_number
from thanthien.dossiers import permissions as dossier_permissions
from thanthien.dossiers.models import Rejection
from thanthien.feedback import services as feedback_services
from thanthien.letters import documents, dossier_forms, permissions, queries, rendering, services
from thanthien.letters.forms import (
    ApologyLetterForm,
    CancelForm,
    DraftForm,
    IssueForm,
    NewYearForm,
    QueueFilterForm,
    RegisterFilterForm,
    TemplateUploadForm,
    ThanksLetterForm,
)
from thanthien.letters.kinds import TemplateKind
from thanthien.letters.models import Letter, PrintJob
from thanthien.units import queries as unit_queries
from thanthien.units.models import Unit
from thanthien.units.users import AuthenticatedRequest

MAX_IDS = services.MAX_BATCH


# --- The queue of drafts --------------------------------------------------------------------------------
@require_GET
def queue(request: AuthenticatedRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    drafts = permissions.visible_letters(request.user).filter(status=Letter.Status.DRAFT)
    if form.is_valid() and form.cleaned_data["kind"]:
        drafts = drafts.filter(kind=form.cleaned_data["kind"])
    context = {
        "form": form,
        "drafts": drafts.select_related("commune").order_by("kind", "drafted_at", "id")[:MAX_IDS],
        "can_sign": permissions.signing_communes(request.user).exists(),
        "issue_form": IssueForm(),
        "cancel_form": CancelForm(),
    }
    return render(request, "letters/letter_queue.html", context)


def _chosen(request: AuthenticatedRequest) -> QuerySet[Letter]:
    """Return the letters whose ids the request names; 404 if any is missing or not the user's."""
    raw = request.POST.getlist("letter") or (request.POST.get("ids") or request.GET.get("ids", "")).split(",")
    ids = {int_param(value, 0, minimum=1) for value in raw} - {0}
    if not ids or len(ids) > MAX_IDS:
        raise Http404
    letters = permissions.visible_letters(request.user).filter(pk__in=ids)
    if letters.count() != len(ids):
        raise Http404
    return letters


@require_POST
def issue(request: AuthenticatedRequest) -> HttpResponse:
    letters = _chosen(request)
    form = IssueForm(request.POST)
    capacity = form.cleaned_data["capacity"] if form.is_valid() else ""
    try:
        issued = services.issue_letters(list(letters), by=request.user, capacity=capacity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("letters:queue")
    messages.success(request, _("Letters signed and numbered: %(count)d.") % {"count": len(issued)})
    return redirect(reverse("letters:batch") + "?ids=" + ",".join(str(letter.pk) for letter in issued))


@require_POST
def cancel(request: AuthenticatedRequest) -> HttpResponse:
    letters = _chosen(request)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        cancelled = services.cancel_letters(list(letters), by=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Drafts cancelled: %(count)d.") % {"count": len(cancelled)})
    return redirect("letters:queue")


# --- One letter, a batch --------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    letter = permissions.get_letter_for_user(request.user, pk)
    draft_form = DraftForm(request.POST or None, instance=letter)
    if request.method == "POST" and draft_form.is_valid():
        try:
            services.change_draft(letter, by=request.user, **draft_form.cleaned_data)
        except ValidationError as error:
            draft_form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("letters:detail", pk=letter.pk)
    letter.refresh_from_db()  # the form wrote the posted values onto the instance; show the saved ones
    is_draft = letter.status == Letter.Status.DRAFT
    try:
        # What the Word file says, as the reader of this page may see it (a petition's sender stays a label).
        text = rendering.letter_paragraphs(letter, timezone.localdate())
    except ValidationError as error:
        text, text_problems = [], error.messages
    else:
        text_problems = []
    context = {
        "letter": letter,
        "text": text,
        "text_problems": text_problems,
        "can_issue": is_draft and permissions.can_issue_letter(request.user, letter),
        "can_change": is_draft and permissions.can_draft_letter(request.user, letter.commune),
        "draft_form": draft_form,
        "has_pdf": rendering.soffice_path() is not None,
        "issue_form": IssueForm(),
        "cancel_form": CancelForm(),
    }
    return render(request, "letters/letter_detail.html", context, status=400 if draft_form.errors else 200)


def _refused(request: AuthenticatedRequest, error: ValidationError) -> HttpResponse:
    """A template that may not be used (or none in force): say why, in a page, not a server error."""
    return render(request, "letters/template_refused.html", {"problems": error.messages}, status=400)


@require_GET
def download(request: AuthenticatedRequest, pk: int, extension: str) -> HttpResponse:
    letter = permissions.get_letter_for_user(request.user, pk)
    recipient = None
    if letter.sender_identity_id is not None and feedback_services.may_reveal_letter_recipient(
        request.user, letter
    ):
        # The identity reader's own copy goes to the real person; everyone else's carries the label.
        identity = feedback_services.reveal_letter_recipient(request.user, letter)
        recipient = (identity.name, identity.address)
    try:
        content = rendering.render_letter(letter, timezone.localdate(), recipient)
    except ValidationError as error:
        return _refused(request, error)
    audit.record(AuditEvent.Action.EXPORT, letter, by=request.user, changes={"format": extension})
    return _file_response(content, rendering.letter_file_name(letter, extension), extension)


@require_GET
def batch(request: AuthenticatedRequest) -> HttpResponse:
    letters = _chosen(request).order_by("register_number", "id")
    ids = ",".join(str(letter.pk) for letter in letters)
    recent = PrintJob.objects.filter(requested_by=request.user).defer("content")[:5]
    has_pdf = rendering.soffice_path() is not None
    context = {"letters": letters, "ids": ids, "has_pdf": has_pdf, "recent_jobs": recent}
    return render(request, "letters/letter_batch.html", context)


@require_POST
def print_request(request: AuthenticatedRequest) -> HttpResponse:
    """Queue the chosen letters to be made into one file; the job's page shows when it is ready."""
    letters = _chosen(request)
    try:
        job = services.request_print(letters, request.POST.get("format", ""), by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        ids = ",".join(str(letter.pk) for letter in letters)  # never the raw value: it goes in a header
        return redirect(reverse("letters:batch") + "?ids=" + ids)
    return redirect("letters:print_job", pk=job.pk)


@require_GET
def print_job(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = permissions.get_print_job_for_user(request.user, pk)
    return render(request, "letters/print_job.html", {"job": job, "count": len(job.letter_ids)})


@require_GET
def print_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = permissions.get_print_job_for_user(request.user, pk)
    if job.status != PrintJob.Status.DONE:
        raise Http404
    audit.record(
        AuditEvent.Action.EXPORT,
        job,
        by=request.user,
        object_repr=_("Letters for printing"),
        changes={"letters": job.letter_ids, "format": job.format},
    )
    response = HttpResponse(bytes(job.content), content_type=CONTENT_TYPES[job.format])
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response


CONTENT_TYPES = {"docx": rendering.DOCX_CONTENT_TYPE, "pdf": "application/pdf", "zip": "application/zip"}


def _file_response(content: bytes, name: str, extension: str) -> HttpResponse:
    if extension not in CONTENT_TYPES:
        raise Http404
    if extension == "pdf":
        if rendering.soffice_path() is None:
            raise Http404
        content = rendering.pdf_of(content)
        name = name.rsplit(".", 1)[0] + ".pdf"
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The register ---------------------------------------------------------------------------------------
@require_GET
def register(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    form = RegisterFilterForm(request.GET or None)
    date_from, date_to = today.replace(month=1, day=1), today
    if form.is_valid():
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
    issued = permissions.visible_letters(request.user).filter(
        status=Letter.Status.ISSUED, issued_on__range=(date_from, date_to)
    )
    context = {
        "form": form,
        "date_from": date_from,
        "date_to": date_to,
        "letters": issued.select_related("commune", "dossier").order_by(
            "commune__name", "year", "register_number"
        ),
        "counts": queries.count_rows(issued),
    }
    return render(request, "letters/register.html", context)


# --- Templates ------------------------------------------------------------------------------------------
@require_GET
def template_list(request: AuthenticatedRequest) -> HttpResponse:
    communes = permissions.template_communes(request.user).order_by("name")
    commune = _chosen_commune(communes, request.GET.get("commune"))
    today = timezone.localdate()
    rows = []
    if commune is not None:
        rows = [(kind, rendering.template_in_force(commune, kind, today)) for kind in TemplateKind]
    templates = permissions.visible_templates(request.user).filter(commune=commune) if commune else []
    history = [(template, rendering.is_usable(template)) for template in templates]
    context = {"communes": communes, "commune": commune, "rows": rows, "history": history}
    return render(request, "letters/template_list.html", context)


def _chosen_commune(communes: QuerySet[Unit], pk: str | None) -> Unit | None:
    if pk:
        return get_object_or_404(communes, pk=pk) if is_number(pk) else None
    return communes.first()


@require_http_methods(["GET", "POST"])
def template_upload(request: AuthenticatedRequest) -> HttpResponse:
    communes = permissions.template_communes(request.user).order_by("name")
    commune = _chosen_commune(communes, request.GET.get("commune") or request.POST.get("commune"))
    if commune is None:
        raise Http404

    def upload(data: dict[str, Any]) -> Any:
        return services.upload_template(
            commune,
            kind=data["kind"],
            content=data["file"].read(),
            file_name=data["file"].name,
            valid_from=data["valid_from"],
            legal_basis=data["legal_basis"],
            symbol=data["symbol"],
            by=request.user,
        )

    form, template = import_upload(request, TemplateUploadForm, upload)
    if template is not None:
        messages.success(
            request,
            _("Template saved; it is in force from %(day)s.") % {"day": f"{template.valid_from:%d/%m/%Y}"},
        )
        return redirect(reverse("letters:template_list") + f"?commune={commune.pk}")
    return render(request, "letters/template_upload.html", {"form": form, "commune": commune})


@require_GET
def template_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    template = permissions.get_template_for_user(request.user, pk)
    return _file_response(rendering.template_bytes(template), f"mau-{template.kind}.docx", "docx")


@require_GET
def template_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    template = permissions.get_template_for_user(request.user, pk)
    commune = template.commune or permissions.template_communes(request.user).order_by("name").first()
    if commune is None:
        raise Http404
    context = rendering.preview_context(template, commune, timezone.localdate())
    try:
        content = rendering.render(rendering.template_bytes(template), context, kind=template.kind)
    except ValidationError as error:
        return _refused(request, error)
    return _file_response(content, f"xem-thu-{template.kind}.docx", "docx")


# --- New Year letters -----------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def new_year(request: AuthenticatedRequest) -> HttpResponse:
    communes = permissions.drafting_communes(request.user)
    villages = unit_queries.villages(communes)
    form = NewYearForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            drafted = services.draft_new_year_letters(
                form.cleaned_data["village"], year=form.cleaned_data["year"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("New Year letters drafted: %(count)d.") % {"count": len(drafted)})
            return redirect(reverse("letters:queue") + f"?kind={TemplateKind.NEW_YEAR}")
    return render(request, "letters/new_year.html", {"form": form})


# --- Letters staff write themselves --------------------------------------------------------------------
WRITTEN_KINDS = {
    "thanks": (TemplateKind.THANKS, ThanksLetterForm),
    "apology": (TemplateKind.APOLOGY_OTHER, ApologyLetterForm),
}


@require_http_methods(["GET", "POST"])
def write_letter(request: AuthenticatedRequest, which: str) -> HttpResponse:
    """A thank-you letter to a benefactor or an apology for another matter than a late dossier, drafted
    from the template in force of its kind for a leader to read and sign."""
    if which not in WRITTEN_KINDS:
        raise Http404
    kind, form_class = WRITTEN_KINDS[which]
    communes = permissions.drafting_communes(request.user).order_by("name")
    if not communes.exists():
        raise PermissionDenied
    form = form_class(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in form.own_fields}
        try:
            letter = services.write_letter(
                data["commune"],
                kind=kind,
                recipient_name=data["recipient_name"],
                recipient_address=data["recipient_address"],
                fields={**fields, "honorific": documents.honorific(data["recipient_gender"])},
                event_label=data["event_label"] or _("Written by staff"),
                by=request.user,
                client_key=data["submission_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Letter drafted: read it, then a leader signs it."))
            return redirect("letters:detail", pk=letter.pk)
    context = {"form": form, "which": which, "kind_label": TemplateKind(kind).label}
    return render(request, "letters/write_letter.html", context)


# --- The one-stop desk's forms in Word ------------------------------------------------------------------
def _form_response(
    request: AuthenticatedRequest, kind: str, dossier: Any, context: dict[str, Any]
) -> HttpResponse:
    try:
        content = dossier_forms.render_form(kind, dossier, context, timezone.localdate())
    except ValidationError as error:
        return _refused(request, error)
    name = f"{dossier_forms.FORM_FILE_NAMES[kind]}-{dossier.code}.docx"
    return _file_response(content, name, "docx")


@require_GET
def receipt_docx(request: AuthenticatedRequest, code: str) -> HttpResponse:
    dossier = dossier_permissions.get_dossier_for_user(request.user, code)
    lookup = ""
    if dossier.commune.slug:
        lookup = public_url(reverse("portal:lookup", kwargs={"slug": dossier.commune.slug}))
    context = dossier_forms.receipt_context(dossier, lookup_url=lookup)
    return _form_response(request, TemplateKind.RECEIPT, dossier, context)


@require_GET
def supplement_docx(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    dossier = dossier_permissions.get_dossier_for_user(request.user, code)
    supplement = get_object_or_404(dossier.supplement_requests.select_related("requested_by"), pk=pk)
    context = dossier_forms.supplement_context(dossier, supplement)
    return _form_response(request, TemplateKind.SUPPLEMENT, dossier, context)


@require_GET
def rejection_docx(request: AuthenticatedRequest, code: str) -> HttpResponse:
    dossier = dossier_permissions.get_dossier_for_user(request.user, code)
    rejection = get_object_or_404(Rejection.objects.select_related("rejected_by"), dossier=dossier)
    return _form_response(
        request, TemplateKind.REJECTION, dossier, dossier_forms.rejection_context(dossier, rejection)
    )


@require_GET
def postponement_docx(request: AuthenticatedRequest, code: str, pk: int) -> HttpResponse:
    dossier = dossier_permissions.get_dossier_for_user(request.user, code)
    postponement = get_object_or_404(dossier.postponements.select_related("issued_by"), pk=pk)
    context = dossier_forms.postponement_context(dossier, postponement)
    return _form_response(request, TemplateKind.POSTPONEMENT, dossier, context)
