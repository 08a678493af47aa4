"""Admin for letter templates (data: kind, commune, start date, legal basis) and a read-only register.

Letters change only through letters.services; a commune's own templates are uploaded on the templates page
(which checks their placeholders), so the admin edits the data of a template row, not its Word file.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.core.scoping import unit_scope
from thanthien.letters.models import Letter, LetterTemplate, PrintJob


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedAdmin):
    list_display = ["kind", "commune", "valid_from", "symbol", "legal_basis", "file_name"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "file_name", "uploaded_by"]  # a kind has its own fields: checked on upload
    fields = ["kind", "commune", "valid_from", "legal_basis", "symbol", "file_name", "uploaded_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a new template comes with its Word file, checked on the upload page

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # issued letters keep the template they were printed with


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "status", "commune", "issued_on", "signer_name"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient_name", "source_key"]
    list_select_related = ["commune"]
    exclude = ["fields"]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(unit_scope(request.user, "commune__path"))


@admin.register(PrintJob)
class PrintJobAdmin(ReadOnlyAdmin):
    """The files being made for printing, to see why one failed; the file itself is downloaded only by
    the person who asked, from the letters pages."""

    list_display = ["pk", "requested_by", "format", "status", "created_at", "finished_at", "error"]
    list_filter = ["status", "format"]
    list_select_related = ["requested_by"]
    exclude = ["content"]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request).defer("content")
        return queryset if request.user.is_superuser else queryset.filter(requested_by=request.user)
