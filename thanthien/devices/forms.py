from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from thanthien.units.models import Unit


class PairForm(forms.Form):
    unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        label=_("Unit"), queryset=None, empty_label=None
    )
    name = forms.CharField(
        label=_("Name of the device"),
        max_length=100,
        required=False,
        help_text=_("For example: tablet at desk 1. It tells the devices apart in the list."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
