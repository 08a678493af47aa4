"""Read-only admin lists of the planning records; every change goes through the pages and their services."""

from typing import Any

from django.contrib import admin

from thanthien.planning import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(models.Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "commune", "source", "official", "due_on", "status", "done_on"]
    list_filter = ["status", "source"]


@admin.register(models.Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "unit", "starts_on", "ends_on"]


@admin.register(models.SupervisionVisit)
class SupervisionVisitAdmin(ReadOnlyAdmin):
    list_display = ["subject", "commune", "body", "visited_on"]


@admin.register(models.ConductCode)
class ConductCodeAdmin(ReadOnlyAdmin):
    list_display = ["name", "commune", "source"]


@admin.register(models.PlanTemplate)
class PlanTemplateAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "source"]
