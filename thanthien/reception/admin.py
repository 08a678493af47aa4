"""Admin: the legal duties and the reception rules are edited here; the log changes only through services."""

from django.contrib import admin

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.reception.models import (
    Dialogue,
    DialogueCommitment,
    FieldVisit,
    MeetingDuty,
    ReceptionRecord,
    ReceptionRule,
    ReceptionSession,
)


@admin.register(MeetingDuty)
class MeetingDutyAdmin(AuditedAdmin):
    list_display = ["kind", "capacity", "times", "period", "valid_from", "legal_basis"]
    list_filter = ["kind", "period"]
    search_fields = ["legal_basis", "note"]


@admin.register(ReceptionRule)
class ReceptionRuleAdmin(AuditedAdmin):
    list_display = [
        "commune",
        "leader",
        "capacity",
        "frequency",
        "weekdays",
        "month_days",
        "valid_from",
        "is_active",
    ]
    list_filter = ["capacity", "frequency", "is_active"]
    raw_id_fields = ["commune", "leader"]


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "commune", "leader", "capacity", "kind", "status"]
    list_filter = ["kind", "status", "capacity"]
    date_hierarchy = "held_on"


@admin.register(ReceptionRecord)
class ReceptionRecordAdmin(ReadOnlyAdmin):
    # The visitor's identity is encrypted in feedback's store; services.reveal_visitor reads it.
    list_display = ["__str__", "commune", "received_on", "kind", "people_count", "answer", "answer_due_on"]
    list_filter = ["kind", "answer"]
    exclude = ["identity"]


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyAdmin):
    list_display = ["title", "commune", "level", "planned_on", "held_on", "status"]
    list_filter = ["level", "status"]


@admin.register(DialogueCommitment)
class DialogueCommitmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "owner", "due_on", "status", "done_on"]
    list_filter = ["status"]


@admin.register(FieldVisit)
class FieldVisitAdmin(ReadOnlyAdmin):
    list_display = ["visited_on", "commune", "village", "purpose"]
