"""Back-office pages for importing a commune's villages and households from XLSX sheets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.core.uploads import import_upload
from thanthien.units import household_import, permissions
from thanthien.units.forms import HouseholdImportForm, VillageImportForm
from thanthien.units.users import AuthenticatedRequest
from thanthien.units.village_import import XLSX_CONTENT_TYPE, import_villages, template_workbook


@require_http_methods(["GET", "POST"])
def village_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commune = permissions.get_unit_for_user(request.user, pk)
    if not permissions.can_change_unit(request.user, commune):
        raise PermissionDenied
    form, report = import_upload(
        request, VillageImportForm, lambda data: import_villages(commune, data["file"], by=request.user)
    )
    if report is not None and not report.errors:
        done = _("Villages added: %(created)d; already there, skipped: %(skipped)d.")
        messages.success(request, done % {"created": len(report.created), "skipped": len(report.skipped)})
        return redirect("units:commune_detail", pk=commune.pk)
    return render(request, "units/village_import.html", {"commune": commune, "form": form, "report": report})


@require_GET
def village_template(request: AuthenticatedRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="villages.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def household_import_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commune = permissions.get_unit_for_user(request.user, pk)
    if not permissions.can_change_unit(request.user, commune):
        raise PermissionDenied
    form, report = import_upload(
        request,
        HouseholdImportForm,
        lambda data: household_import.import_households(commune, data["file"], by=request.user),
    )
    if report is not None and not report.errors:
        done = _("Households added: %(created)d; already there, skipped: %(skipped)d.")
        messages.success(request, done % {"created": len(report.created), "skipped": len(report.skipped)})
        return redirect("units:commune_detail", pk=commune.pk)
    context = {"commune": commune, "form": form, "report": report}
    return render(request, "units/household_import.html", context)


@require_GET
def household_template(request: AuthenticatedRequest) -> HttpResponse:
    response = HttpResponse(household_import.template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="households.xlsx"'
    return response
