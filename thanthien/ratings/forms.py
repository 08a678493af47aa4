"""Forms of the ratings: a paper rating slip, the leader's action on an alert, and the survey campaigns
(the campaign and its questionnaire builder, quotas, and the survey slip itself)."""

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thanthien.core.forms import XlsxUploadForm
from thanthien.procedures.models import Procedure
from thanthien.ratings.models import (
    Question,
    Questionnaire,
    Rating,
    RatingAlert,
    RatingLevel,
    SurveyCampaign,
)
from thanthien.ratings.surveys import CampaignDetails, QuestionSpec
from thanthien.units.models import Official, Unit

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class CampaignForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Name of the campaign"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of campaign"), choices=SurveyCampaign.Kind.choices)
    run_by = forms.ChoiceField(label=_("Run by"), choices=SurveyCampaign.RunBy.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_WIDGET)
    target_rate = forms.DecimalField(
        label=_("Target satisfaction rate (%)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("For example 97 (leave empty if the commune set no target)."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=SurveyCampaign.Status.choices, initial=SurveyCampaign.Status.OPEN
    )
    questionnaire = forms.ModelChoiceField(
        label=_("Use the questions of"),
        queryset=Questionnaire.objects.none(),
        required=False,
        empty_label=_("— new questions, below —"),
        help_text=_("An endline campaign asks the baseline's questions, so that the two compare."),
    )

    def __init__(self, *args: Any, communes: QuerySet[Unit], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes
        cast(forms.ModelChoiceField, self.fields["questionnaire"]).queryset = Questionnaire.objects.filter(
            commune__in=communes
        )
        if communes.count() == 1:
            self.fields["commune"].initial = communes.first()
            self.fields["commune"].widget = forms.HiddenInput()
        if editing:  # a campaign stays in its commune, on its questionnaire
            for name in ("commune", "questionnaire"):
                del self.fields[name]
        else:
            del self.fields["status"]

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # Form.clean returns cleaned_data
        questionnaire, commune = data.get("questionnaire"), data.get("commune")
        if questionnaire and commune and questionnaire.commune_id != commune.pk:
            self.add_error("questionnaire", _("The questionnaire belongs to another commune."))
        return data

    def details(self) -> CampaignDetails:
        data = self.cleaned_data
        names = ["title", "kind", "run_by", "starts_on", "ends_on", "target_rate"]
        extra = {"status": data["status"]} if "status" in data else {}
        return CampaignDetails(**{name: data[name] for name in names}, **extra)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices, initial=Question.Kind.SCALE)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for a question with choices."),
    )
    element = forms.ChoiceField(
        label=_("SIPAS element"),
        required=False,
        choices=[("", _("— none —")), *Rating.Element.choices],
        help_text=_("Only for a rating-scale question."),
    )

    def spec(self) -> QuestionSpec:
        data = self.cleaned_data
        return QuestionSpec(data["text"], data["kind"], tuple(data["choices"].splitlines()), data["element"])


QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, can_delete=True)
QUESTIONS_PREFIX = "questions"


def question_formset(
    data: Any = None, *, initial: list[QuestionSpec] | None = None, add: bool = False
) -> Any:
    """Return the builder's formset: posted, or filled from the questions; `add` gives it one more row."""
    if data is not None and add:
        data = data.copy()
        total = f"{QUESTIONS_PREFIX}-TOTAL_FORMS"
        data[total] = str(int(data.get(total, 0) or 0) + 1)
    rows = [
        {"text": s.text, "kind": s.kind, "choices": "\n".join(s.choices), "element": s.element}
        for s in initial or []
    ]
    return QuestionFormSet(data, initial=rows or None, prefix=QUESTIONS_PREFIX)


def specs_of(formset: Any) -> list[QuestionSpec]:
    """Return the questions of a valid formset, in order, without the blank and the removed rows."""
    return [
        form.spec() for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class QuotaForm(forms.Form):
    every_village = forms.IntegerField(
        label=_("Same number for every village"),
        required=False,
        min_value=0,
        help_text=_("For example 50 for a baseline, 100 for an endline; this replaces the numbers below."),
    )

    def __init__(self, *args: Any, villages: list[Unit], targets: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = villages
        for village in villages:
            self.fields[f"village_{village.pk}"] = forms.IntegerField(
                label=village.name, required=False, min_value=0, initial=targets.get(village.pk)
            )

    def targets(self) -> dict[Unit, int]:
        every = self.cleaned_data.get("every_village")
        if every is not None:
            return dict.fromkeys(self.villages, every)
        return {village: self.cleaned_data.get(f"village_{village.pk}") or 0 for village in self.villages}

    def village_fields(self) -> list[Any]:
        return [self[f"village_{village.pk}"] for village in self.villages]


class SlipForm(forms.Form):
    """One slip: on paper (typed in as numbers, fast with the keyboard) or on a citizen's phone (buttons)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(
        self, *args: Any, questions: list[Question], levels: list[RatingLevel], phone: bool, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = _phone_field(question, levels) if phone else _paper_field(question, levels)
            field.label = f"{question.number}. {question.text}"
            self.fields[f"q{question.number}"] = field

    def answers(self) -> dict[int, Any]:
        return {question.number: self.cleaned_data.get(f"q{question.number}") for question in self.questions}

    def answer_fields(self) -> list[Any]:
        return [self[f"q{question.number}"] for question in self.questions]


def _paper_field(question: Question, levels: list[RatingLevel]) -> forms.Field:
    if question.kind == Question.Kind.TEXT:
        return forms.CharField(required=False, max_length=2000)
    if question.kind == Question.Kind.SCALE:
        options = [(level.value, level.label) for level in levels]
    else:
        options = [(choice.number, choice.label) for choice in question.choices.all()]
    hint = " · ".join(f"{number} {label}" for number, label in options)
    attrs = {"inputmode": "numeric", "autocomplete": "off", "data-slip-answer": question.kind}
    if question.kind != Question.Kind.MULTIPLE and max(number for number, _label in options) < 10:
        attrs["data-advance"] = "1"  # one key answers it: the cursor moves on to the next question
    return forms.CharField(required=False, max_length=50, help_text=hint, widget=forms.TextInput(attrs=attrs))


def _phone_field(question: Question, levels: list[RatingLevel]) -> forms.Field:
    if question.kind == Question.Kind.TEXT:
        return forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    if question.kind == Question.Kind.SCALE:
        options = [(str(level.value), level.label) for level in levels]
    else:
        options = [(str(choice.number), choice.label) for choice in question.choices.all()]
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(required=False, choices=options, widget=forms.CheckboxSelectMultiple)
    return forms.ChoiceField(required=False, choices=options, widget=forms.RadioSelect)


class PaperSlipForm(SlipForm):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none())
    slip_number = forms.IntegerField(label=_("Slip number"), min_value=1, required=False)

    def __init__(self, *args: Any, villages: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, phone=False, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages
        self.order_fields(["village", "slip_number"])


class PhoneSlipForm(SlipForm):
    # A field people never see; a robot filling every field gives itself away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, phone=True, **kwargs)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class SlipImportForm(XlsxUploadForm):
    """A campaign's paper slips, one per row."""


class CompareForm(forms.Form):
    baseline = forms.ModelChoiceField(label=_("Baseline"), queryset=SurveyCampaign.objects.none())
    endline = forms.ModelChoiceField(label=_("Endline"), queryset=SurveyCampaign.objects.none())

    def __init__(self, *args: Any, campaigns: QuerySet[SurveyCampaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["baseline"]).queryset = campaigns
        cast(forms.ModelChoiceField, self.fields["endline"]).queryset = campaigns

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # Form.clean returns cleaned_data
        baseline, endline = data.get("baseline"), data.get("endline")
        if baseline and endline and baseline == endline:
            raise forms.ValidationError(_("Choose two different campaigns."))
        if baseline and endline and baseline.commune_id != endline.commune_id:
            raise forms.ValidationError(_("Compare two campaigns of the same commune."))
        return data


class RatingSlipForm(forms.Form):
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
        cast(forms.ModelChoiceField, self.fields["official"]).queryset = officials
        choices = [(level.value, level.label) for level in levels]
        cast(forms.ChoiceField, self.fields["level"]).choices = choices
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
