"""Forms of the reception screens: they parse input; the rules live in reception.services."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.formatting import WEEKDAY_NAMES
from thanthien.core.forms import ClientKeyField, DateInput, TimeInput
from thanthien.feedback.models import FeedbackItem
from thanthien.reception.models import Capacity, Dialogue, ReceptionRecord, ReceptionRule
from thanthien.units import queries as unit_queries
from thanthien.units.models import Office, Official, Unit

WEEKDAYS = list(enumerate(WEEKDAY_NAMES))
DATE = DateInput()
TIME = TimeInput()


class CommuneForm(forms.Form):
    """A form whose choices come from one commune's officials and villages."""

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officials = Official.objects.filter(unit=commune, is_active=True)
        villages = unit_queries.villages(commune)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model  # type: ignore[union-attr]  # declared with a queryset
                field.queryset = (
                    officials if model is Official else villages if model is Unit else field.queryset
                )
        if "offices" in self.fields:
            cast(forms.ModelChoiceField, self.fields["offices"]).queryset = Office.objects.filter(
                unit=commune
            ).order_by("kind", "name")


class RuleForm(CommuneForm):
    leader = forms.ModelChoiceField(Official.objects.none(), label=_("Leader"))
    capacity = forms.ChoiceField(choices=Capacity.choices, label=_("Capacity"))
    frequency = forms.ChoiceField(choices=ReceptionRule.Frequency.choices, label=_("Frequency"))
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, required=False, label=_("Weekdays"), widget=forms.CheckboxSelectMultiple
    )
    month_days = forms.CharField(
        required=False, label=_("Days of the month"), help_text=_("e.g. 10, 25"), max_length=40
    )
    place = forms.CharField(max_length=200, label=_("Place"))
    starts_at = forms.TimeField(label=pgettext_lazy("time of day", "From"), widget=TIME)
    ends_at = forms.TimeField(label=pgettext_lazy("time of day", "To"), widget=TIME)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)

    def clean_month_days(self) -> list[int]:
        text = self.cleaned_data["month_days"].replace(" ", "")
        try:
            return [int(part) for part in text.split(",") if part]
        except ValueError as error:
            raise forms.ValidationError(_("Write days of the month as numbers, e.g. 10, 25.")) from error


class GenerateForm(forms.Form):
    first = forms.DateField(label=_("From date"), widget=DATE)
    last = forms.DateField(label=_("To date"), widget=DATE)


class AdHocSessionForm(CommuneForm):
    client_key = ClientKeyField()  # a double click adds one session
    leader = forms.ModelChoiceField(Official.objects.none(), label=_("Leader"))
    capacity = forms.ChoiceField(choices=Capacity.choices, label=_("Capacity"))
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=pgettext_lazy("time of day", "From"), widget=TIME)
    ends_at = forms.TimeField(label=pgettext_lazy("time of day", "To"), widget=TIME)
    place = forms.CharField(max_length=200, label=_("Place"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))


class RecordForm(CommuneForm):
    visitor_name = forms.CharField(max_length=150, label=_("Full name"))
    visitor_address = forms.CharField(max_length=255, label=_("Address"))
    village = forms.ModelChoiceField(Unit.objects.none(), required=False, label=_("Village"))
    kind = forms.ChoiceField(choices=ReceptionRecord.Kind.choices, label=_("Kind"))
    topic = forms.ChoiceField(choices=FeedbackItem.Topic.choices, label=_("Topic"))
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Content"))
    people_count = forms.IntegerField(min_value=1, max_value=500, initial=1, label=_("Number of people"))
    prior_handling = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Prior handling by competent bodies"),
    )
    request = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Request"))
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("How it was received and handled")
    )
    client_key = ClientKeyField()  # a double click or a resend writes one entry in the log


class SplitForm(forms.Form):
    kind = forms.ChoiceField(choices=ReceptionRecord.Kind.choices, label=_("Kind of the part split off"))
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Content split off"))
    remaining_content = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Content that stays in this entry")
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=ReceptionRecord.Answer.choices[1:], label=_("Answer to the visitor"))
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Outcome"))


class DialogueForm(CommuneForm):
    client_key = ClientKeyField()  # a double click plans one conference
    level = forms.ChoiceField(choices=Dialogue.Level.choices, label=_("Level"))
    village = forms.ModelChoiceField(Unit.objects.none(), required=False, label=_("Village (village level)"))
    title = forms.CharField(max_length=300, label=_("Subject"))
    planned_on = forms.DateField(label=_("Planned date"), widget=DATE)
    place = forms.CharField(max_length=200, label=_("Place"))
    chaired_by = forms.ModelChoiceField(Official.objects.none(), label=_("Chaired by"))
    offices = forms.ModelMultipleChoiceField(
        Office.objects.none(),
        required=False,
        label=_("Fatherland Front and mass organisations"),
        widget=forms.CheckboxSelectMultiple,
    )
    villages = forms.ModelMultipleChoiceField(
        Unit.objects.none(),
        required=False,
        label=_("Villages taking part"),
        widget=forms.CheckboxSelectMultiple,
    )


class DialogueHeldForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    attendance = forms.IntegerField(min_value=1, required=False, label=_("Number of participants"))
    other_participants = forms.CharField(required=False, label=_("Other participants"))
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Summary of the minutes")
    )


class IssueForm(CommuneForm):
    raised_by = forms.CharField(
        max_length=200, label=_("Raised by"), help_text=_("e.g. Thôn 3, Hội Nông dân")
    )
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Issue raised"))
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Answer given")
    )
    answered_by = forms.ModelChoiceField(Official.objects.none(), required=False, label=_("Answered by"))


class CommitmentForm(CommuneForm):
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Commitment"))
    owner = forms.ModelChoiceField(Official.objects.none(), label=_("Owner"))
    due_on = forms.DateField(label=pgettext_lazy("to be done by", "Due date"), widget=DATE)


class DoneForm(forms.Form):
    result = forms.CharField(max_length=1000, label=_("What was done"))


class FieldVisitForm(CommuneForm):
    village = forms.ModelChoiceField(Unit.objects.none(), label=_("Village"))
    visited_on = forms.DateField(label=_("Date"), widget=DATE)
    leaders = forms.ModelMultipleChoiceField(
        Official.objects.none(), label=_("Who went"), widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(max_length=300, label=_("Purpose"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Notes"))


RAISED_KIND_CHOICES = [
    (FeedbackItem.Kind.REFLECTION, FeedbackItem.Kind.REFLECTION.label),
    (FeedbackItem.Kind.RECOMMENDATION, FeedbackItem.Kind.RECOMMENDATION.label),
    (FeedbackItem.Kind.QUESTION, FeedbackItem.Kind.QUESTION.label),
]


class RaisedIssueForm(forms.Form):
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Issue raised"))
    kind = forms.ChoiceField(choices=RAISED_KIND_CHOICES, label=_("Kind"))
    topic = forms.ChoiceField(choices=FeedbackItem.Topic.choices, label=_("Topic"))
    client_key = ClientKeyField()  # sent twice, it makes one issue and one feedback item
