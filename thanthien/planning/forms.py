"""Forms of the planning pages; each feeds one service."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.forms import ClientKeyField, DateInput
from thanthien.feedback.models import FeedbackItem
from thanthien.planning.models import ConductCode, ConductRule, PlanTemplate, SupervisionVisit, Violation
from thanthien.planning.services import SUPERVISING_KINDS
from thanthien.reception.models import DialogueCommitment
from thanthien.units.models import Office, Official, Unit

DATE = DateInput()


class PlanFromTemplateForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=PlanTemplate.objects.all())
    number = forms.CharField(label=pgettext_lazy("document", "Number"), max_length=40)
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=300)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    legal_basis = forms.CharField(
        label=_("Legal basis (empty: the template's)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    committee_decision = forms.CharField(
        label=_("Decision setting up the steering committee"), max_length=200, required=False
    )


class CommitteeMemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=200)
    committee_role = forms.CharField(label=_("Role in the committee"), max_length=100)


class StepToCommunesForm(forms.Form):
    """A step of a province's plan given to communes of the province."""

    communes = forms.ModelMultipleChoiceField(
        label=_("Communes"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("Task"), max_length=500, required=False)
    due_on = forms.DateField(label=pgettext_lazy("to be done by", "Due date"), widget=DATE, required=False)

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["communes"]).queryset = communes


class AssignForm(forms.Form):
    official = forms.ModelChoiceField(label=_("Official"), queryset=Official.objects.none(), required=False)
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none(), required=False)
    due_on = forms.DateField(label=pgettext_lazy("to be done by", "Due date"), widget=DATE, required=False)

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["official"]).queryset = Official.objects.filter(
            unit=commune, is_active=True
        )
        cast(forms.ModelChoiceField, self.fields["office"]).queryset = Office.objects.filter(unit=commune)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    upload = forms.FileField(label=_("Evidence file (PDF, JPG, PNG, DOCX, XLSX; at most 10 MB)"))


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Answer"),
        choices=[("done", _("Accepted and done")), ("declined", _("Answered with reasons"))],
    )
    result = forms.CharField(
        label=_("Result or reasons"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    on = forms.DateField(label=_("Done on"), widget=DATE, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the answer is not enough"), widget=forms.Textarea(attrs={"rows": 2})
    )


class TaskForm(forms.Form):
    client_key = ClientKeyField()
    title = forms.CharField(label=_("Task"), max_length=500)
    official = forms.ModelChoiceField(label=_("Official"), queryset=Official.objects.none(), required=False)
    due_on = forms.DateField(label=pgettext_lazy("to be done by", "Due date"), widget=DATE, required=False)
    due_in_working_days = forms.IntegerField(label=_("or due in working days"), min_value=1, required=False)
    dialogue_commitment = forms.ModelChoiceField(
        label=_("From a dialogue commitment"), queryset=DialogueCommitment.objects.none(), required=False
    )

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["official"]).queryset = Official.objects.filter(
            unit=commune, is_active=True
        )
        open_commitments = DialogueCommitment.objects.filter(dialogue__commune=commune, status="open")
        cast(forms.ModelChoiceField, self.fields["dialogue_commitment"]).queryset = open_commitments


class VisitForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Supervising body"), queryset=Office.objects.none())
    visited_on = forms.DateField(label=_("Date"), widget=DATE)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    members = forms.CharField(label=_("Members"), widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Office.objects.filter(unit=commune, kind__in=SUPERVISING_KINDS)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    due_on = forms.DateField(label=_("Answer due by"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text") and not data.get("due_on"):
            self.add_error("due_on", _("Give the date the commune must answer by."))
        return data


RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=3, max_num=10)


class AdoptCodeForm(forms.Form):
    code = forms.ModelChoiceField(label=_("Conduct code"), queryset=ConductCode.objects.none())
    effective_from = forms.DateField(label=_("In force from"), widget=DATE)
    decision = forms.CharField(label=_("Decision"), max_length=200, required=False)

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = ConductCode.objects.filter(commune__isnull=True) | ConductCode.objects.filter(commune=commune)
        cast(forms.ModelChoiceField, self.fields["code"]).queryset = codes


class OwnCodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    rules = forms.CharField(
        label=_("Rules, one a line: group: rule"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean_rules(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["rules"].splitlines():
            if line.strip():
                group, sep, text = line.partition(":")
                if not sep or not text.strip():
                    raise forms.ValidationError(_("Write each line as group: rule."))
                rows.append((group.strip(), text.strip()))
        return rows


class CommitmentForm(forms.Form):
    official = forms.ModelChoiceField(label=_("Official"), queryset=Official.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["official"]).queryset = Official.objects.filter(
            unit=commune, is_active=True
        )


class ViolationForm(forms.Form):
    official = forms.ModelChoiceField(label=_("Official"), queryset=Official.objects.none())
    source = forms.ChoiceField(label=_("Source"), choices=Violation.Source.choices)
    rule = forms.ModelChoiceField(label=_("Rule broken"), queryset=ConductRule.objects.none(), required=False)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    feedback_item = forms.ModelChoiceField(
        label=_("Complaint (when the source is a complaint)"),
        queryset=FeedbackItem.objects.none(),
        required=False,
    )
    visit = forms.ModelChoiceField(
        label=_("Supervision visit (when the source is a finding)"),
        queryset=SupervisionVisit.objects.none(),
        required=False,
    )
    measure = forms.ChoiceField(label=_("Measure taken"), choices=Violation.Measure.choices)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    decision = forms.CharField(label=_("Decision"), max_length=200, required=False)

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["official"]).queryset = Official.objects.filter(unit=commune)
        complaints = FeedbackItem.objects.filter(unit=commune, kind=FeedbackItem.Kind.COMPLAINT)
        cast(forms.ModelChoiceField, self.fields["feedback_item"]).queryset = complaints.order_by("-id")
        cast(forms.ModelChoiceField, self.fields["visit"]).queryset = SupervisionVisit.objects.filter(
            commune=commune
        )
        codes = ConductCode.objects.filter(adoptions__commune=commune)
        cast(forms.ModelChoiceField, self.fields["rule"]).queryset = ConductRule.objects.filter(
            code__in=codes
        ).distinct()


class PhotoForm(forms.Form):
    upload = forms.FileField(label=_("Badge photo (JPG or PNG)"))


class ReviewMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    chaired_by = forms.CharField(label=_("Chaired by"), max_length=150)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision (becomes a task)"), max_length=500, required=False)
    official = forms.ModelChoiceField(label=_("Official"), queryset=Official.objects.none(), required=False)
    working_days = forms.IntegerField(label=_("Due in working days"), min_value=1, required=False, initial=5)

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["official"]).queryset = Official.objects.filter(
            unit=commune, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and not data.get("working_days"):
            self.add_error("working_days", _("Give the number of working days."))
        return data


DecisionFormSet = forms.formset_factory(DecisionForm, extra=4, max_num=20)


class SupervisionPlanForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Supervising body"), queryset=Office.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    content = forms.CharField(label=_("What will be supervised"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Office.objects.filter(unit=commune, kind__in=SUPERVISING_KINDS)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("Supervision opinion"), widget=forms.Textarea(attrs={"rows": 4}))
