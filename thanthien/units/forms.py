from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from thanthien.core.forms import XlsxUploadForm
from thanthien.units.models import Unit


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class VillageImportForm(XlsxUploadForm):
    """A commune's villages, one per row."""


class HouseholdImportForm(XlsxUploadForm):
    """A commune's households, one per row, each naming its village."""


class AccountCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[a-zA-Z0-9_.-]{3,40}$",
        error_messages={
            "invalid": _("Use 3 to 40 letters without diacritics, digits, dots, dashes or underscores.")
        },
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args, units=None, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(forms.ChoiceField, self.fields["role"]).choices = roles
