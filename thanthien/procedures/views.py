"""Back-office pages of the procedure catalogue: look up, export, import, and pick one for a dossier."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.core.uploads import import_upload
from thanthien.procedures import offering, permissions, services, spreadsheets
from thanthien.procedures.forms import ProcedureImportForm
from thanthien.procedures.models import Procedure
from thanthien.procedures.search import search_procedures
from thanthien.units.permissions import can_use_django_admin
from thanthien.units.users import AuthenticatedRequest

PICK_LIMIT = 20


def _filtered(request: AuthenticatedRequest) -> tuple[QuerySet[Procedure], str, str]:
    """Return the visible procedures matching the query string's `q` and `field`, with both values."""
    query = request.GET.get("q", "").strip()
    field = request.GET.get("field", "").strip()
    procedures = permissions.visible_procedures(request.user)
    if field:
        procedures = procedures.filter(field=field)
    return search_procedures(procedures, query), query, field


@require_GET
def procedure_list(request: AuthenticatedRequest) -> HttpResponse:
    procedures, query, field = _filtered(request)
    fields = permissions.visible_procedures(request.user).order_by("field").values_list("field", flat=True)
    context = {
        "page": Paginator(procedures, 50).get_page(request.GET.get("page")),
        "q": query,
        "field": field,
        "fields": fields.distinct(),
        "can_manage": permissions.can_manage_catalogue(request.user),
    }
    return render(request, "procedures/procedure_list.html", context)


@require_GET
def procedure_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    procedure = permissions.get_procedure_for_user(request.user, pk)
    can_manage = permissions.can_manage_catalogue(request.user)
    context = {
        "procedure": procedure,
        "forms": procedure.forms.all(),
        "can_edit_in_admin": can_manage and can_use_django_admin(request.user),
    }
    return render(request, "procedures/procedure_detail.html", context)


@require_GET
def procedure_export(request: AuthenticatedRequest) -> HttpResponse:
    procedures, _query, _field = _filtered(request)
    response = HttpResponse(
        spreadsheets.export_procedures_xlsx(procedures), content_type=spreadsheets.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="procedures.xlsx"'
    return response


@require_GET
def procedure_template(request: AuthenticatedRequest) -> HttpResponse:
    response = HttpResponse(
        spreadsheets.procedure_template_xlsx(), content_type=spreadsheets.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="procedures-template.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def procedure_import(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_manage_catalogue(request.user):
        raise PermissionDenied
    form, report = import_upload(
        request,
        ProcedureImportForm,
        lambda data: services.import_procedures_xlsx(data["file"], by=request.user),
    )
    if report is not None and not report.errors:
        done = _("Procedures added: %(created)d; changed: %(updated)d; unchanged: %(unchanged)d.")
        counts = {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
        }
        messages.success(request, done % counts)
        return redirect("procedures:list")
    return render(request, "procedures/procedure_import.html", {"form": form, "report": report})


@require_GET
def procedure_pick(request: AuthenticatedRequest) -> HttpResponse:
    """The options of the dossier-receipt form's search-as-you-type box: one query, at most 20."""
    query = request.GET.get("q", "").strip()
    procedures: list[Procedure] = []
    if query:
        in_use = permissions.visible_procedures(request.user).filter(is_active=True)
        commune = permissions.picker_commune(request.user, request.GET.get("commune"))
        if commune is not None:  # only what the commune offers today
            in_use = offering.offered_by(commune, in_use)
        fields = ("code", "national_code", "name", "field", "time_limit_days", "time_limit_unit")
        procedures = list(search_procedures(in_use, query).only(*fields)[:PICK_LIMIT])
    return render(request, "procedures/_pick_options.html", {"procedures": procedures, "q": query})


@login_not_required
@require_GET
def form_download(request: HttpRequest, pk: int) -> FileResponse:
    """A blank form of a procedure in use: public, like the catalogue itself."""
    form = permissions.get_public_form(pk)
    try:
        handle = form.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    name = form.file.name or ""
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    filename = f"{form.title}.{extension}" if extension else form.title
    return FileResponse(handle, as_attachment=True, filename=filename)
