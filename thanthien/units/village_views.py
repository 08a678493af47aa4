"""Back-office pages for importing a commune's villages from an XLSX sheet."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.units import permissions
from thanthien.units.forms import VillageImportForm
from thanthien.units.village_import import XLSX_CONTENT_TYPE, import_villages, template_workbook


@require_http_methods(["GET", "POST"])
def village_import(request: HttpRequest, pk: int) -> HttpResponse:
    commune = permissions.get_unit_for_user(request.user, pk)
    if not permissions.can_change_unit(request.user, commune):
        raise PermissionDenied
    form = VillageImportForm(request.POST, request.FILES) if request.method == "POST" else VillageImportForm()
    report = None
    if form.is_bound and form.is_valid():
        try:
            report = import_villages(commune, form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if not report.errors:
                done = _("Villages added: %(created)d; already there, skipped: %(skipped)d.")
                counts = {"created": len(report.created), "skipped": len(report.skipped)}
                messages.success(request, done % counts)
                return redirect("units:commune_detail", pk=commune.pk)
    return render(request, "units/village_import.html", {"commune": commune, "form": form, "report": report})


@require_GET
def village_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="villages.xlsx"'
    return response
