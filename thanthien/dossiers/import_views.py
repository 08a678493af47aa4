"""Back-office pages for importing dossiers from the province's one-stop system (XLSX or CSV)."""

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.core.uploads import import_upload
from thanthien.dossiers import permissions
from thanthien.dossiers.importing import XLSX_CONTENT_TYPE, dossier_template_xlsx, import_dossier_file
from thanthien.units.users import AuthenticatedRequest

MAX_UPLOAD_MB = 10  # bigger files go through `thanthien import_dossiers` on the server


class DossierImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX or CSV file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"})
    )
    only_good_rows = forms.BooleanField(
        label=_("Import only the good rows and list the others"), required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)d MB; an administrator can import it on the server "
                    "with the import_dossiers command."
                )
                % {"size": MAX_UPLOAD_MB}
            )
        return upload


@require_http_methods(["GET", "POST"])
def dossier_import(request: AuthenticatedRequest) -> HttpResponse:
    communes = list(permissions.handled_communes(request.user).order_by("name"))
    commune = permissions.get_handled_commune_for_user(request.user, request.GET.get("commune"))
    form, report = import_upload(
        request,
        DossierImportForm,
        lambda data: import_dossier_file(
            data["file"],
            commune=commune,
            by=request.user,
            filename=data["file"].name,
            only_good_rows=data["only_good_rows"],
        ),
    )
    context = {
        "commune": commune,
        "communes": communes,
        "form": form,
        "report": report,
        "max_upload_mb": MAX_UPLOAD_MB,
    }
    return render(request, "dossiers/dossier_import.html", context)


@require_GET
def dossier_import_template(request: AuthenticatedRequest) -> HttpResponse:
    response = HttpResponse(dossier_template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="ho-so-mot-cua.xlsx"'
    return response
