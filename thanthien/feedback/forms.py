"""The public feedback form: what a citizen writes on a cheap phone, nothing more than the purpose needs."""

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import Unit


class PublicFeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=FeedbackItem.Kind.choices)
    topic = forms.ChoiceField(
        label=_("Topic"), choices=FeedbackItem.Topic.choices, initial=FeedbackItem.Topic.OTHER
    )
    village = forms.ModelChoiceField(
        label=_("Village (if it is about one)"), queryset=Unit.objects.none(), required=False
    )
    content = forms.CharField(label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    name = forms.CharField(
        label=_("Your full name (needed for a complaint; kept secret)"), max_length=150, required=False
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    contact = forms.CharField(
        label=_("Phone or e-mail for the answer"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    # A field people never see; a robot filling every field gives itself away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    client_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, villages: QuerySet[Unit]) -> None:
        super().__init__(data, initial={"client_key": uuid.uuid4().hex})
        self.fields["village"].queryset = villages

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
