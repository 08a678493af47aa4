"""The one way an import page handles its upload: bind the form, run the import, show a refused file."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

ReportT = TypeVar("ReportT")


def import_upload(
    request: HttpRequest, form_class: type[forms.Form], run_import: Callable[[dict[str, Any]], ReportT]
) -> tuple[forms.Form, ReportT | None]:
    """Bind the upload form on POST and run the import when it is valid; return the form and the report.

    A file refused as a whole (not a spreadsheet, wrong columns) becomes the error of the `file` field; a
    report with row errors is returned for the page to show. GET returns an empty form and no report.
    """
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    report = None
    if form.is_bound and form.is_valid():
        try:
            report = run_import(form.cleaned_data)
        except ValidationError as error:
            form.add_error("file", error)
    return form, report
