"""Admin for the shared kernel: the calendar's adjustments, and the read-only audit log."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thanthien.core import audit
from thanthien.core.calendars import forget_calendar
from thanthien.core.models import AuditEvent, CalendarAdjustment


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every save and delete is written to the audit log."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = dict(form.initial) if change else {}
        super().save_model(request, obj, form, change)
        changes = {
            name: [str(before.get(name, "")), str(form.cleaned_data.get(name, ""))]
            for name in form.changed_data
            if "password" not in name  # never copy secrets into the log
        }
        action = AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE
        audit.record(action, obj, by=request.user, changes=changes)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(AuditEvent.Action.DELETE, obj, by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit.record(AuditEvent.Action.DELETE, obj, by=request.user)
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list to look at: rows change only through their app's services (or never, like the audit log)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(AuditedAdmin):
    list_display = ["date", "kind", "name", "legal_basis"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name", "legal_basis"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_calendar()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        forget_calendar()


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_repr", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"
