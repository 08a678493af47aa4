from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.forms import ClientKeyField, DateInput, DateTimeInput
from thanthien.disclosure.models import Announcement, DisclosureObligation, MessageConsent, Place
from thanthien.units import queries as unit_queries
from thanthien.units.models import Household, Unit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class DisclosureItemForm(forms.Form):
    obligation = forms.ModelChoiceField(label=_("Category"), queryset=DisclosureObligation.objects.none())
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=255)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    approval_ref = forms.CharField(label=_("Approved by (document)"), max_length=255, required=False)
    approved_on = forms.DateField(label=_("Approved on"), widget=DateInput)
    villages = forms.ModelMultipleChoiceField(
        label=_("Villages concerned"), queryset=Unit.objects.none(), required=False
    )
    # A field, not Form.files: the form's metaclass moves declared fields into base_fields.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Files (PDF, images, XLSX)"), required=False
    )
    beneficiaries = forms.CharField(
        label=_("Beneficiaries (one a line: full name; village; what they receive)"),
        help_text=_("Only the initials and the village are kept and published (N.V.A. – Thôn Đông)."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, commune: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["obligation"]
        ).queryset = DisclosureObligation.objects.filter(valid_to__isnull=True)
        cast(forms.ModelChoiceField, self.fields["villages"]).queryset = unit_queries.villages_offered(
            commune, keeping=self.initial.get("villages", ())
        )


class PostingForm(forms.Form):
    place = forms.ChoiceField(label=_("Place"), choices=Place.choices)
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none(), required=False)
    posted_on = forms.DateField(label=_("Posted on"), widget=DateInput)
    taken_down_on = forms.DateField(label=_("Taken down on"), widget=DateInput, required=False)

    def __init__(self, *args, commune: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = unit_queries.villages(commune)


class TakeDownForm(forms.Form):
    taken_down_on = forms.DateField(label=_("Taken down on"), widget=DateInput)


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question or comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    client_key = ClientKeyField(max_length=64)  # the same question sent twice is recorded once
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class AnnouncementForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Announcement.Category.choices)
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=200)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 6}))
    image = forms.ImageField(label=_("Image"), required=False)
    publish_at = forms.DateTimeField(label=_("Publish at"), widget=DateTimeInput)
    expires_at = forms.DateTimeField(label=_("Expires at"), widget=DateTimeInput, required=False)
    villages = forms.ModelMultipleChoiceField(
        label=_("Villages (none: the whole commune)"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, commune: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["villages"]).queryset = unit_queries.villages_offered(
            commune, keeping=self.initial.get("villages", ())
        )


class NewAnnouncementForm(AnnouncementForm):
    """A new announcement: sent twice, it is recorded (and sent to the households) once."""

    client_key = ClientKeyField()


class ConsentForm(forms.Form):
    """A household's consent to the commune's messages: which household, channel, purpose, day given."""

    household = forms.ModelChoiceField(label=_("Household"), queryset=Household.objects.none())
    channel = forms.ChoiceField(
        label=pgettext_lazy("messages", "Channel"), choices=MessageConsent.Channel.choices
    )
    purpose = forms.CharField(
        label=_("Purpose the household agreed to"),
        max_length=200,
        initial=_("Receiving the commune's announcements"),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput)

    def __init__(self, *args: Any, commune: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        households = Household.objects.filter(village__parent=commune, is_active=True)
        cast(forms.ModelChoiceField, self.fields["household"]).queryset = households.select_related(
            "village"
        ).order_by("village__name", "head_name")
