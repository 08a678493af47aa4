from django import forms
from django.utils.translation import gettext_lazy as _

from thanthien.units.forms import MAX_UPLOAD_BYTES


class ProcedureImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
