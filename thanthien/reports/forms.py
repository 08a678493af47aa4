"""The filters of the dashboards."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thanthien.units.models import Unit


class SatisfactionFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label=None)
    date_from = forms.DateField(
        label=_("From date"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    date_to = forms.DateField(label=_("To date"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    period = forms.ChoiceField(
        label=_("By"),
        choices=[("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))],
    )

    def __init__(self, data: Any, *, units: QuerySet[Unit], today: date) -> None:
        first = units.first()
        defaults = {
            "unit": first.pk if first else None,
            "date_from": f"01/01/{today.year}",
            "date_to": f"{today:%d/%m/%Y}",
            "period": "month",
        }
        super().__init__({**defaults, **{key: value for key, value in data.items() if value}})
        self.fields["unit"].queryset = units

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned
