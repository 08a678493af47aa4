"""The filters of the dashboards."""

from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.reports.models import ReportKind
from thanthien.reports.national import DEFAULT_SORT, sort_choices
from thanthien.reports.rollup import COMPOSITE, SCORE_SOURCES
from thanthien.units.models import Unit


class _DateRangeFilterForm(forms.Form):
    """A unit among `units` and a date range, by default this year up to today; the start before the end."""

    date_from = forms.DateField(
        label=_("From date"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    date_to = forms.DateField(label=_("To date"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    field_order = ["unit", "date_from", "date_to"]
    extra_defaults: dict[str, str] = {}

    def __init__(self, data: Any, *, units: QuerySet[Unit], today: date) -> None:
        first = units.first()
        defaults = {
            "unit": first.pk if first else None,
            "date_from": f"01/01/{today.year}",
            "date_to": f"{today:%d/%m/%Y}",
            **self.extra_defaults,
        }
        super().__init__({**defaults, **{key: value for key, value in data.items() if value}})
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


class SatisfactionFilterForm(_DateRangeFilterForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label=None)
    period = forms.ChoiceField(
        label=_("By"),
        choices=[("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))],
    )
    extra_defaults = {"period": "month"}


class RankingFilterForm(_DateRangeFilterForm):
    unit = forms.ModelChoiceField(
        label=_("Province or district"), queryset=Unit.objects.none(), empty_label=None
    )
    by = forms.ChoiceField(label=_("Rank by"), required=False)
    extra_defaults = {"by": COMPOSITE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = [(key, source.label) for key, source in SCORE_SOURCES.items()]
        cast(forms.ChoiceField, self.fields["by"]).choices = [(COMPOSITE, _("Composite score")), *others]

    def clean_by(self) -> str:
        return self.cleaned_data.get("by") or COMPOSITE


class NationalFilterForm(forms.Form):
    """The dates of the country side by side (by default this year up to today) and the column to sort by."""

    date_from = forms.DateField(
        label=_("From date"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    date_to = forms.DateField(label=_("To date"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data: Any, *, today: date) -> None:
        defaults = {"date_from": f"01/01/{today.year}", "date_to": f"{today:%d/%m/%Y}", "sort": DEFAULT_SORT}
        super().__init__({**defaults, **{key: value for key, value in data.items() if value}})
        cast(forms.ChoiceField, self.fields["sort"]).choices = sort_choices()

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or DEFAULT_SORT

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


class StartReportForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, communes: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes


class ReportTextForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=60, required=False)
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=300)
    period_start = forms.DateField(
        label=_("Period from"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    period_end = forms.DateField(
        label=_("Period to"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    situation = forms.CharField(
        label=_("I. Situation"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    strengths = forms.CharField(
        label=_("Strengths"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    shortcomings = forms.CharField(
        label=_("Shortcomings"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    tasks_ahead = forms.CharField(
        label=_("Tasks ahead"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    proposals = forms.CharField(
        label=_("Proposals"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recipients = forms.CharField(
        label=_("Recipients (one a line)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150, required=False)
