"""The public feedback form copies per form only the fields it changes (core.forms.fields_copied_per_form):
each commune's form offers its own villages, and nothing one citizen's form does reaches the fields the
forms share."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from conftest import make_unit
from thanthien.feedback.forms import PublicFeedbackForm

SENT = {"kind": "reflection", "topic": "other", "content": "Cống thôn 1 bị tắc", "client_key": "k1"}


def state(value: object) -> object:
    """What a field holds, its widget's attributes and choices included, to compare before and after."""
    if isinstance(value, forms.Field | forms.Widget):
        return {name: state(item) for name, item in sorted(vars(value).items())}
    if isinstance(value, dict):
        return {key: state(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [state(item) for item in value]
    return repr(value)


@pytest.mark.django_db
def test_each_communes_form_has_its_own_villages_and_the_shared_fields_stay_as_they_were(
    commune, other_commune
):
    ours = make_unit("38-hc-t1", "Thôn 1", "village", commune)
    theirs = make_unit("38-hx-t7", "Thôn Bảy", "village", other_commune)
    base = PublicFeedbackForm.base_fields
    shared = {name: field for name, field in base.items() if name != "village"}
    before = state(shared)

    shown = PublicFeedbackForm(villages=[ours])
    sent = PublicFeedbackForm(
        {**SENT, "village": str(theirs.pk)},
        {"attachment": SimpleUploadedFile("a.gif", b"GIF89a")},
        villages=[theirs],
    )
    refused = PublicFeedbackForm({**SENT, "village": str(ours.pk), "content": ""}, villages=[theirs])
    pages = [str(form) for form in (shown, sent, refused)]

    assert sent.is_valid() is False and refused.is_valid() is False  # the GIF; a village of another commune
    assert "Thôn 1" in pages[0] and "Thôn Bảy" not in pages[0] and "Thôn Bảy" in pages[1]
    assert [choice[1] for choice in shown.fields["village"].choices] == ["---------", "Thôn 1"]
    assert [choice[1] for choice in sent.fields["village"].choices] == ["---------", "Thôn Bảy"]
    assert all(form.fields[name] is base[name] for form in (shown, sent) for name in shared)
    assert shown.fields["village"] is not sent.fields["village"] is not base["village"]
    assert state(shared) == before


def test_the_shared_attachment_field_names_the_size_setting_in_the_visitors_language_when_shown(settings):
    form = PublicFeedbackForm(villages=[])
    settings.FEEDBACK_ATTACHMENT_MAX_MB = 3
    with translation.override("vi"):
        vietnamese = str(form["attachment"].help_text)
    settings.FEEDBACK_ATTACHMENT_MAX_MB = 7
    with translation.override("en"):
        english = str(form["attachment"].help_text)

    assert vietnamese == "Ảnh (JPEG, PNG) hoặc tệp PDF, tối đa 3 MB."
    assert english == "A photo (JPEG, PNG) or a PDF file, at most 7 MB."
