from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanthien.core.forms import MAX_UPLOAD_BYTES
from thanthien.letters.kinds import LETTER_KIND_CHOICES, TemplateKind
from thanthien.letters.models import Letter
from thanthien.units.models import Unit


class IssueForm(forms.Form):
    capacity = forms.ChoiceField(
        label=_("Sign as"), choices=[("", _("As my title says")), *Letter.Capacity.choices], required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500, required=False)


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *LETTER_KIND_CHOICES], required=False
    )


class RegisterFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Issued from"), required=False)
    date_to = forms.DateField(label=_("Issued until"), required=False)


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TemplateKind.choices)
    file = forms.FileField(
        label=_("Word file (.docx)"), widget=forms.ClearableFileInput(attrs={"accept": ".docx"})
    )
    valid_from = forms.DateField(label=_("Valid from"), initial=timezone.localdate)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500)
    symbol = forms.CharField(
        label=_("Symbol after the number (e.g. TCM-UBND)"), max_length=30, required=False
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class NewYearForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, villages=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages if villages is not None else Unit.objects.none()
        self.fields["year"].initial = timezone.localdate().year + 1


class DraftForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["recipient_name", "recipient_address", "recipient_phone", "has_sms_consent"]
