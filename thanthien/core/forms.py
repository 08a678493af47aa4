from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class XlsxUploadForm(forms.Form):
    """An Excel sheet uploaded for an import: .xlsx only, 5 MB at most."""

    file = forms.FileField(label=_("XLSX file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
