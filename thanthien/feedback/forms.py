"""The public feedback form: what a citizen writes on a cheap phone, nothing more than the purpose needs."""

import uuid
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from thanthien.core.forms import fields_copied_per_form
from thanthien.core.validation import ADDRESS_MAX, CONTENT_MAX
from thanthien.feedback import attachments
from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import Official, Unit


def _attachment_help_text() -> str:
    """Worked out where the form is shown: the size setting as it is then, in the visitor's language."""
    return gettext("A photo (JPEG, PNG) or a PDF file, at most %(mb)d MB.") % {
        "mb": attachments.max_attachment_bytes() // 1024 // 1024
    }


# Sent by a whole province's citizens: each form copies only the field its __init__ changes.
@fields_copied_per_form("village")
class PublicFeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=FeedbackItem.Kind.choices)
    topic = forms.ChoiceField(
        label=_("Topic"), choices=FeedbackItem.Topic.choices, initial=FeedbackItem.Topic.OTHER
    )
    # The commune's villages as kept per process (units.queries.kept_villages): no queryset to copy per form.
    village = forms.TypedChoiceField(
        label=_("Village (if it is about one)"), coerce=int, empty_value=None, required=False
    )
    content = forms.CharField(
        label=_("Content"), max_length=CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(
        label=_("Your full name (needed for a complaint; kept secret)"), max_length=150, required=False
    )
    address = forms.CharField(label=_("Address"), max_length=ADDRESS_MAX, required=False)
    contact = forms.CharField(
        label=_("Phone or e-mail for the answer"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    attachment = forms.FileField(
        label=_("Photo or file (optional)"),
        help_text=lazy(_attachment_help_text, str)(),
        required=False,
        widget=forms.FileInput(attrs={"accept": attachments.ACCEPT}),
    )
    # A field people never see; a robot filling every field gives itself away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    client_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data: Any = None, files: Any = None, *, villages: list[Unit]) -> None:
        super().__init__(data, files, initial={"client_key": uuid.uuid4().hex})
        self.villages = {village.pk: village for village in villages}
        cast(forms.ChoiceField, self.fields["village"]).choices = [
            ("", "---------"),
            *((village.pk, village.name) for village in villages),
        ]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_village(self) -> Unit | None:
        chosen = self.cleaned_data.get("village")
        return None if chosen is None else self.villages[chosen]

    def clean_attachment(self) -> attachments.Attachment | None:
        """The checked file (attachments.check_attachment), or None; a refused file refuses the form."""
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size is not None and upload.size > attachments.max_attachment_bytes():
            raise ValidationError(attachments.too_large_message(), code="size")
        content = upload.read(attachments.max_attachment_bytes() + 1)
        return attachments.check_attachment(upload.name, content)


# --- Staff screens ----------------------------------------------------------------------------------------
DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
STAFF_CHANNELS = [
    (value, label)
    for value, label in FeedbackItem.Channel.choices
    if value not in {FeedbackItem.Channel.WEB_FORM, FeedbackItem.Channel.SUGGESTION_BOX}
]


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *list(choices)]


class IntakeForm(forms.Form):
    """What an officer types on the phone, at the desk, or reading an e-mail, Zalo or Facebook message."""

    channel = forms.ChoiceField(
        label=pgettext_lazy("feedback", "Channel"),
        choices=STAFF_CHANNELS,
        initial=FeedbackItem.Channel.HOTLINE,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=FeedbackItem.Kind.choices)
    topic = forms.ChoiceField(
        label=_("Topic"), choices=FeedbackItem.Topic.choices, initial=FeedbackItem.Topic.OTHER
    )
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none(), required=False)
    content = forms.CharField(
        label=_("Content"), max_length=CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    received_on = forms.DateField(label=_("Received on (empty: today)"), required=False, widget=DATE_INPUT)
    is_anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    is_signed = forms.BooleanField(label=_("Signed or finger-printed application"), required=False)
    name = forms.CharField(label=_("Sender's full name (kept secret)"), max_length=150, required=False)
    address = forms.CharField(label=_("Address"), max_length=ADDRESS_MAX, required=False)
    contact = forms.CharField(label=_("Phone or e-mail for the answer"), max_length=100, required=False)
    client_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Any = None, *, villages: QuerySet[Unit]) -> None:
        super().__init__(data, initial={"client_key": uuid.uuid4().hex})
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages


class BoxOpeningForm(forms.Form):
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE_INPUT)
    location = forms.CharField(label=_("Where the box is"), max_length=200)
    opened_by = forms.CharField(label=_("Opened by (names and roles)"), max_length=300)


class BoxItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=FeedbackItem.Kind.choices, initial=FeedbackItem.Kind.REFLECTION
    )
    topic = forms.ChoiceField(
        label=_("Topic"), choices=FeedbackItem.Topic.choices, initial=FeedbackItem.Topic.OTHER
    )
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none(), required=False)
    content = forms.CharField(
        label=_("Content"), max_length=CONTENT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    name = forms.CharField(label=_("Signed name, if any"), max_length=150, required=False)
    address = forms.CharField(label=_("Address"), max_length=ADDRESS_MAX, required=False)

    def __init__(self, *args: Any, villages: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages


BoxItemFormSet = forms.formset_factory(BoxItemForm, extra=6, max_num=50)


class FeedbackFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=_all(FeedbackItem.Kind.choices), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_all(FeedbackItem.Status.choices), required=False)
    channel = forms.ChoiceField(
        label=pgettext_lazy("feedback", "Channel"), choices=_all(FeedbackItem.Channel.choices), required=False
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=_all(FeedbackItem.Topic.choices), required=False)
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none(), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    q = forms.CharField(label=_("Code or content"), required=False)

    def __init__(self, data: Any = None, *, villages: QuerySet[Unit]) -> None:
        super().__init__(data)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages


class ClassifyForm(forms.Form):
    prefix = "classify"

    kind = forms.ChoiceField(label=_("Kind"), choices=FeedbackItem.Kind.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=FeedbackItem.Topic.choices)
    instance = forms.ChoiceField(
        label=_("Instance"),
        choices=FeedbackItem._meta.get_field("instance").choices,  # type: ignore[arg-type]  # the field has choices
        required=False,
    )
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none(), required=False)
    is_complex = forms.BooleanField(label=_("Complex case"), required=False)
    is_remote_area = forms.BooleanField(label=_("Remote or hard-to-reach area"), required=False)

    def __init__(self, *args: Any, villages: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages


class DeclineForm(forms.Form):
    prefix = "decline"

    reason = forms.CharField(label=_("Reason for not accepting"), widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255)


class AcceptForm(forms.Form):
    prefix = "accept"

    accepted_on = forms.DateField(label=_("Accepted on (empty: today)"), required=False, widget=DATE_INPUT)


class AssignForm(forms.Form):
    prefix = "assign"

    assignee = forms.ModelChoiceField(label=_("Official"), queryset=Official.objects.none())

    def __init__(self, *args: Any, officials: QuerySet[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = officials


class ReasonForm(forms.Form):
    prefix = "extend"

    reason = forms.CharField(label=_("Reason for the extension"), max_length=500)


class VerificationForm(forms.Form):
    prefix = "verify"

    verified_on = forms.DateField(label=_("Verified on"), widget=DATE_INPUT)
    result = forms.CharField(label=_("What the verification found"), widget=forms.Textarea(attrs={"rows": 3}))
    is_demand_different = forms.BooleanField(
        label=_("The complainant's demand still differs from the result"), required=False
    )


class DialogueForm(forms.Form):
    prefix = "dialogue"

    notice_on = forms.DateField(
        label=_("Dialogue notice sent on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Required where the law sets a notice period before the dialogue."),
    )
    held_on = forms.DateField(label=_("Dialogue held on"), widget=DATE_INPUT)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 3}))
    is_minutes_signed = forms.BooleanField(
        label=_("Signed by the participants, or refusals noted"), required=False
    )


class DecisionReceivedForm(forms.Form):
    prefix = "received"

    received_on = forms.DateField(label=_("The complainant received the decision on"), widget=DATE_INPUT)


class ResolveForm(forms.Form):
    prefix = "resolve"

    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_on = forms.DateField(label=_("Decision date"), required=False, widget=DATE_INPUT)
    decision_content = forms.CharField(
        label=_("Decision content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    public_answer = forms.CharField(
        label=_("Answer to the person (no personal data)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    resolved_on = forms.DateField(label=_("Resolved on (empty: today)"), required=False, widget=DATE_INPUT)
    publish = forms.BooleanField(label=_("Publish the answer on the commune's page"), required=False)

    def __init__(self, *args: Any, item: FeedbackItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item is not None and not item.may_publish:
            # The one rule (feedback.intake.may_publish): the choice is not even offered.
            del self.fields["publish"]


class TransferForm(forms.Form):
    prefix = "transfer"

    mode = forms.ChoiceField(label=_("Transfer or guide"), choices=FeedbackItem.ReferralMode.choices)
    referral_body = forms.CharField(label=_("Competent body"), max_length=255)
    referral_number = forms.CharField(label=_("Referral letter number"), max_length=60, required=False)
    referral_on = forms.DateField(label=_("Referral letter date"), widget=DATE_INPUT)
