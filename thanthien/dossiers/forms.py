from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from thanthien.core.forms import ClientKeyField
from thanthien.core.validation import ADDRESS_MAX, NAME_MAX
from thanthien.dossiers.models import Dossier
from thanthien.procedures.models import Procedure
from thanthien.units.models import Office, Official, Unit


class ReceiveForm(forms.Form):
    procedure = forms.ModelChoiceField(
        label=_("Procedure"),
        queryset=Procedure.objects.filter(is_active=True),
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose the procedure."), "invalid_choice": _("Choose the procedure.")},
    )
    applicant_name = forms.CharField(label=_("Applicant's full name"), max_length=NAME_MAX)
    applicant_gender = forms.ChoiceField(
        label=_("Address the applicant as"),
        choices=[("", _("Not recorded (ông/bà)")), *Dossier.Gender.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    applicant_phone = forms.CharField(
        label=_("Phone (for messages and look-up)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    applicant_address = forms.CharField(label=_("Address"), max_length=ADDRESS_MAX, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Dossier.Channel.choices,
        initial=Dossier.Channel.IN_PERSON,
        widget=forms.RadioSelect,
    )
    received_at = forms.DateTimeField(
        label=_("Received at (leave empty for now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
    )
    client_key = ClientKeyField()  # a double click or a resend receives one dossier


class HandOverForm(forms.Form):
    """Hand a dossier over to one of the commune's officials or offices, chosen from a list (the control
    slip then names them the same way every time). A commune with neither recorded yet types the name."""

    prefix = "handover"  # several action forms share one page: keep their field ids apart

    to = forms.ChoiceField(label=_("To (office or official)"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officials = Official.objects.filter(unit=commune, is_active=True).select_related("office", "user")
        offices = Office.objects.filter(unit=commune).order_by("kind", "name")
        self.officials = {f"official:{person.pk}": person for person in officials}
        self.offices = {f"office:{office.pk}": office for office in offices}
        if not self.officials and not self.offices:
            self.fields["to"] = forms.CharField(label=_("To (office or official)"), max_length=200)
            return
        groups: list[tuple[Any, Any]] = [("", _("— choose —"))]
        if self.officials:
            people = [(key, f"{person.full_name} — {person.title}") for key, person in self.officials.items()]
            groups.append((_("Officials"), people))
        if self.offices:
            groups.append((_("Offices"), [(key, office.name) for key, office in self.offices.items()]))
        cast(forms.ChoiceField, self.fields["to"]).choices = groups

    def clean(self) -> dict[str, Any]:
        """Return what services.hand_over takes: the receiving user (an official with a login) and the
        office written on the control slip."""
        data = cast(dict[str, Any], super().clean())  # ModelForm.clean returns cleaned_data
        chosen = data.pop("to", None)
        if chosen is None:
            return data
        receiver, office = None, chosen
        if chosen in self.officials:
            person = self.officials[chosen]
            receiver = person.user
            office = f"{person.full_name} — {person.title}"[:200]
        elif chosen in self.offices:
            office = self.offices[chosen].name
        data.update(receiver=receiver, receiver_office=office)
        return data


class SupplementForm(forms.Form):
    prefix = "supplement"  # several action forms share one page: keep their field ids apart

    # Left empty, the service writes "One-stop desk" (as the step API does).
    office = forms.CharField(
        label=_("Requesting office"), max_length=200, initial=_("One-stop desk"), required=False
    )
    missing_items = forms.CharField(
        label=_("What is missing or must be corrected"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    prefix = "reject"  # several action forms share one page: keep their field ids apart

    reasons = forms.CharField(label=_("Reasons for rejection"), widget=forms.Textarea(attrs={"rows": 3}))


class PostponeForm(forms.Form):
    prefix = "postpone"  # several action forms share one page: keep their field ids apart

    reason = forms.CharField(label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2}))
    new_due_date = forms.DateField(
        label=_("New return date"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )


class BookFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *list(Dossier.Status.choices)], required=False
    )
    timeliness = forms.ChoiceField(
        label=_("Timeliness"), choices=[("", _("All")), *list(Dossier.Timeliness.choices)], required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *list(Dossier.Channel.choices)], required=False
    )
    received_from = forms.DateField(label=_("Received from"), required=False)
    received_to = forms.DateField(label=_("Received to"), required=False)
    q = forms.CharField(label=_("Code, applicant or procedure"), required=False)
