from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thanthien.core"
    label = "core"
    verbose_name = _("Shared kernel")

    def ready(self) -> None:
        from django import forms

        from thanthien.core.validation import validate_plausible_date, validate_text

        # One rule for every form of the project (and Django's own): typed text holds no control character,
        # a date lies in the plausible range. A field's own validators still run after these.
        forms.CharField.default_validators = [validate_text]
        forms.DateField.default_validators = [validate_plausible_date]
        forms.DateTimeField.default_validators = [validate_plausible_date]
