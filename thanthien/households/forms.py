from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thanthien.core.forms import DateInput
from thanthien.core.phones import normalise_phone
from thanthien.households.models import STORY_PURPOSE


class StoryConsentForm(forms.Form):
    """The household's consent to its story: the purpose read to it, the day, and its members' phones."""

    stated_purpose = forms.CharField(
        label=_("Purpose read to the household"),
        initial=STORY_PURPOSE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    phones = forms.CharField(
        label=_("Members' phones"),
        required=False,
        help_text=_(
            "One or more, separated by commas: the records made under these phones are the household's."
        ),
    )
    has_agreed = forms.BooleanField(label=_("The household agreed to this purpose, read to it"))

    def clean_phones(self) -> list[str]:
        phones = []
        for raw in self.cleaned_data["phones"].replace(";", ",").split(","):
            if raw.strip():
                try:
                    phones.append(normalise_phone(raw.strip()))
                except ValidationError as error:
                    raise ValidationError(error.messages) from None
        return phones
