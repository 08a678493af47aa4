import uuid
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanthien.core.forms import MAX_UPLOAD_BYTES
from thanthien.letters.kinds import LETTER_KIND_CHOICES, TemplateKind
from thanthien.letters.models import Letter
from thanthien.units.models import Unit


class IssueForm(forms.Form):
    capacity = forms.ChoiceField(
        label=_("Sign as"), choices=[("", _("As my title says")), *Letter.Capacity.choices], required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500, required=False)


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *LETTER_KIND_CHOICES], required=False
    )


class RegisterFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Issued from"), required=False)
    date_to = forms.DateField(label=_("Issued until"), required=False)


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TemplateKind.choices)
    file = forms.FileField(
        label=_("Word file (.docx)"), widget=forms.ClearableFileInput(attrs={"accept": ".docx"})
    )
    valid_from = forms.DateField(label=_("Valid from"), initial=timezone.localdate)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500)
    symbol = forms.CharField(
        label=_("Symbol after the number (e.g. TCM-UBND)"), max_length=30, required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class NewYearForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = (
            villages if villages is not None else Unit.objects.none()
        )
        self.fields["year"].initial = timezone.localdate().year + 1


class DraftForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["recipient_name", "recipient_address", "recipient_phone", "has_sms_consent"]


class WrittenLetterForm(forms.Form):
    """A letter staff write themselves from the template in force of its kind: who it goes to."""

    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Unit.objects.none())
    recipient_name = forms.CharField(label=_("Recipient's full name"), max_length=150)
    recipient_gender = forms.ChoiceField(
        label=_("Address them as"),
        choices=[("", _("Not recorded (ông/bà)")), ("male", _("Mr (ông)")), ("female", _("Ms (bà)"))],
        required=False,
        widget=forms.RadioSelect,
    )
    recipient_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    event_label = forms.CharField(label=_("Occasion (for the register)"), max_length=255, required=False)
    # Made when the form is shown: the same form sent twice (a double click, a resend) drafts one letter.
    submission_key = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    own_fields: tuple[str, ...] = ()  # the kind's own placeholders this form fills

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4().hex
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = (
            communes if communes is not None else Unit.objects.none()
        )
        if communes is not None and len(communes) == 1:
            self.fields["commune"].initial = communes[0].pk
        self.order_fields(["commune", "recipient_name", "recipient_gender", "recipient_address"])


class ThanksLetterForm(WrittenLetterForm):
    """A thank-you letter to a benefactor or helper, filled with what the person did."""

    contribution = forms.CharField(
        label=_("What they did (the letter says: … thanks them for having …)"),
        help_text=_("e.g. ủng hộ 50 triệu đồng xây dựng nhà văn hóa thôn 3"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    own_fields = ("contribution",)


class ApologyLetterForm(WrittenLetterForm):
    """An apology for another matter than a late dossier: what it is about, what went wrong, what is done."""

    subject = forms.CharField(
        label=_("About (the letter's subject line, after 'V/v')"),
        help_text=_("e.g. thái độ tiếp dân chưa đúng mực"),
        max_length=200,
    )
    matter = forms.CharField(
        label=_("What went wrong (the letter says: … apologises for …)"),
        help_text=_(
            "e.g. cán bộ tiếp nhận đã trả lời thiếu tôn trọng khi ông đến hỏi thủ tục ngày 02/12/2026"
        ),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remedy = forms.CharField(
        label=_("What the commune does to put it right (after 'Để khắc phục,')"),
        help_text=_("e.g. Ủy ban đã nhắc nhở cán bộ và phân công người khác hướng dẫn ông"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    own_fields = ("subject", "matter", "remedy")
