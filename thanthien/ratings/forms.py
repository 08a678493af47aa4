"""Forms of the back office: a paper slip typed in, and what the leader did about an alert."""

import uuid
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thanthien.procedures.models import Procedure
from thanthien.ratings.models import Rating, RatingAlert, RatingLevel
from thanthien.units.models import Official


class PaperSlipForm(forms.Form):
    """One paper slip: the level, whom and what it rates, and optionally each SIPAS element."""

    level = forms.TypedChoiceField(label=_("Overall"), coerce=int, widget=forms.RadioSelect)
    official = forms.ModelChoiceField(
        label=_("Official who served"), queryset=Official.objects.none(), required=False
    )
    procedure = forms.ModelChoiceField(
        label=_("Procedure"), queryset=Procedure.objects.filter(is_active=True), required=False
    )
    dossier_code = forms.CharField(label=_("Dossier code (if on the slip)"), max_length=40, required=False)
    rated_on = forms.DateField(
        label=_("Date on the slip"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    comment = forms.CharField(
        label=_("Citizen's comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, data: Any = None, *, officials: QuerySet[Official], levels: QuerySet[RatingLevel], today: date
    ) -> None:
        super().__init__(data, initial={"rated_on": today, "submission_key": uuid.uuid4().hex})
        self.today = today
        self.fields["official"].queryset = officials
        choices = [(level.value, level.label) for level in levels]
        self.fields["level"].choices = choices
        for element, label in Rating.Element.choices:
            self.fields[f"element_{element}"] = forms.TypedChoiceField(
                label=label, coerce=int, required=False, empty_value=None, choices=[("", "—"), *choices]
            )

    def element_fields(self) -> list[forms.BoundField]:
        return [self[f"element_{element}"] for element in Rating.Element.values]

    def clean_rated_on(self) -> date:
        rated_on = self.cleaned_data["rated_on"]
        if rated_on > self.today:
            raise forms.ValidationError(_("The date cannot be in the future."))
        return rated_on

    def details(self) -> dict[str, int]:
        return {
            element: value
            for element in Rating.Element.values
            if (value := self.cleaned_data.get(f"element_{element}")) is not None
        }


class CloseAlertForm(forms.Form):
    action = forms.ChoiceField(
        label=_("What was done"), choices=RatingAlert.Action.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
