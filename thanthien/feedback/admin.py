"""Admin: the legal time limits are edited here; cases only change through feedback.services."""

from django.contrib import admin

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.feedback.models import FeedbackItem, LegalTimeLimit, SuggestionBoxOpening


@admin.register(LegalTimeLimit)
class LegalTimeLimitAdmin(AuditedAdmin):
    list_display = ["case_kind", "step", "instance", "area", "days", "counting", "valid_from", "certainty"]
    list_filter = ["case_kind", "certainty", "counting"]
    search_fields = ["legal_basis", "note"]
    date_hierarchy = "valid_from"


@admin.register(FeedbackItem)
class FeedbackItemAdmin(ReadOnlyAdmin):
    # The sender's identity is never shown here: it is read only through services.reveal_identity.
    list_display = ["tracking_code", "unit", "kind", "channel", "status", "received_on", "resolve_due_on"]
    list_filter = ["kind", "status", "channel", "topic"]
    search_fields = ["tracking_code"]


@admin.register(SuggestionBoxOpening)
class SuggestionBoxOpeningAdmin(ReadOnlyAdmin):
    list_display = ["opened_on", "unit", "location", "opened_by", "item_count", "recorded_by"]
    list_filter = ["unit"]
    date_hierarchy = "opened_on"
