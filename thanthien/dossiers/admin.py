"""Admin for the one-stop rule sets (data with a start date and a legal basis) and a read-only dossier list.

Dossiers change only through dossiers.services, so the admin shows them and changes nothing.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.core.scoping import unit_scope
from thanthien.dossiers.models import Dossier, IntakeRule


@admin.register(IntakeRule)
class IntakeRuleAdmin(AuditedAdmin):
    list_display = [
        "valid_from",
        "legal_basis",
        "paper_cutoff",
        "apology_days_before_due",
        "max_postponements",
    ]
    ordering = ["-valid_from"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # dossiers keep the rule set they were received under; add a newer one instead


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["code", "procedure", "commune", "status", "received_at", "due_on", "timeliness"]
    list_filter = ["status", "timeliness", "channel"]
    search_fields = ["code"]
    date_hierarchy = "received_at"
    list_select_related = ["procedure", "commune"]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        return (
            queryset
            if request.user.is_superuser
            else queryset.filter(unit_scope(request.user, "commune__path"))
        )
