import copy
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from thanthien.core.validation import KEY_MAX

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    """The browser's date picker. Its `value` must be ISO (yyyy-mm-dd) whatever the language: with the
    Vietnamese input format (dd/mm/yyyy) the browser shows an empty box and a saved date looks lost; the
    browser itself shows the day as the user's locale writes it."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker; its `value` is ISO (yyyy-mm-ddThh:mm), as for `DateInput`."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    """The browser's time picker, to the minute (hh:mm)."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format or "%H:%M")


class XlsxUploadForm(forms.Form):
    """An Excel sheet uploaded for an import: .xlsx only, 5 MB at most."""

    file = forms.FileField(label=_("XLSX file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def new_client_key() -> str:
    return uuid.uuid4().hex


class ClientKeyField(forms.CharField):
    """A hidden key made each time the form is shown: the create service it is passed to as `client_key`
    (core.idempotency.create_once) makes one row however often that form is sent. Sent empty, no key."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", KEY_MAX)
        super().__init__(initial=new_client_key, **kwargs)


FormClass = TypeVar("FormClass", bound=type[forms.Form])


class _FieldsCopiedWhereChanged(dict[str, forms.Field]):
    """A form class's fields, of which each form's copy (BaseForm.__init__ deep-copies them) copies only
    those a form changes (`changed`) and shares the others, which no form changes."""

    def __init__(self, fields: dict[str, forms.Field], changed: frozenset[str]) -> None:
        super().__init__(fields)
        self.changed = changed

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return {
            name: copy.deepcopy(field, memo) if name in self.changed else field
            for name, field in self.items()
        }


def fields_copied_per_form(*changed: str) -> Callable[[FormClass], FormClass]:
    """A class decorator for a form sent by many people at once (a public form): each form copies only the
    fields named, those its __init__ changes (the choices of one commune's villages), and shares the
    others. Django deep-copies every field of every form it makes, widgets, choices and validators
    included: for the public feedback form, a tenth of the request. No form may change a field it
    shares: the form's tests check it (feedback/tests/test_public_form.py)."""

    def decorate(form_class: FormClass) -> FormClass:
        unknown = set(changed) - set(form_class.base_fields)
        if unknown:
            raise ImproperlyConfigured(f"{form_class.__name__} has no field {sorted(unknown)}")
        form_class.base_fields = _FieldsCopiedWhereChanged(form_class.base_fields, frozenset(changed))
        return form_class

    return decorate
