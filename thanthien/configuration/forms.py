"""The form of a setting version, built from the kind's fields (one form for every kind)."""

from typing import Any, cast

from django import forms
from django.db.models import Model, QuerySet
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from thanthien.configuration.kinds import SettingKind
from thanthien.units.models import Unit

SCOPE_UNIT = "scope_unit"


class SettingVersionForm(forms.ModelForm):
    """A new version of a setting: its values and the day it takes effect; for a new setting also its key
    and (when it may be a unit's own) whose it is."""

    def __init__(
        self,
        *args: Any,
        kind: SettingKind,
        units: QuerySet[Unit] | None = None,
        shared_allowed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields[kind.basis_field].required = True
        for name, choices in kind.choice_lists.items():
            if name in self.fields:
                label, initial = self.fields[name].label, self.fields[name].initial
                self.fields[name] = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple, initial=initial
                )
        if units is not None:
            unit_field = forms.ModelChoiceField(
                label=_("Whose setting"),
                queryset=units,
                required=not shared_allowed,
                empty_label=_("Shared: every unit without its own") if shared_allowed else None,
            )
            self.fields = {SCOPE_UNIT: unit_field, **self.fields}

    def split(self) -> tuple[Unit | None, dict[str, Any], dict[str, Any], Any]:
        """Return the cleaned (unit, key, values, start date)."""
        data = self.cleaned_data
        key = {name: data[name] for name in self.kind.key_fields if name in data}
        values = {name: data[name] for name in self.kind.value_fields}
        return data.get(SCOPE_UNIT), key, values, data[self.kind.start_field]


def setting_form_class(kind: SettingKind, *, new_setting: bool) -> type[SettingVersionForm]:
    """Return the form class of a kind: the key fields only when a new setting is started."""
    fields = [*(kind.key_fields if new_setting else ()), *kind.value_fields, kind.start_field]
    widgets: dict[str, Any] = {kind.start_field: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
    for name in fields:
        if kind.model_field(name).get_internal_type() == "TimeField":
            widgets[name] = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
        elif kind.model_field(name).get_internal_type() == "TextField":
            widgets[name] = forms.Textarea(attrs={"rows": 2})
    labels: dict[str, Any] = {kind.start_field: _("Takes effect from")} if kind.versioned else {}
    form_class = modelform_factory(
        kind.model, form=SettingVersionForm, fields=fields, widgets=widgets, labels=labels
    )
    return cast(type[SettingVersionForm], form_class)  # a subclass of the form given


def initial_from(kind: SettingKind, row: Model) -> dict[str, Any]:
    """Return the values of `row` to start a new version from."""
    return {name: getattr(row, name) for name in kind.value_fields}


def children_formset(
    kind: SettingKind, data: Any = None, *, initial: list[dict[str, Any]] | None = None
) -> Any:
    """Return the formset of the rows a version holds (a scale's levels), None for a kind without them."""
    spec = kind.children
    if spec is None:
        return None
    child_form = modelform_factory(spec.model, fields=spec.fields)
    formset_class = forms.formset_factory(
        child_form, extra=spec.max_rows, max_num=spec.max_rows, can_delete=True
    )
    return formset_class(data, initial=initial, prefix=spec.related_name)


def children_of_formset(formset: Any) -> list[dict[str, Any]]:
    """Return the cleaned rows of a valid formset, leaving out empty and deleted ones."""
    rows = [form.cleaned_data for form in formset.forms if form.cleaned_data]
    return [{k: v for k, v in row.items() if k != "DELETE"} for row in rows if not row.get("DELETE")]
