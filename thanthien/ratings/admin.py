"""Admin for the scales and satisfaction policies (data with a start date); ratings and alerts read-only."""

from django.contrib import admin

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.ratings.models import Rating, RatingAlert, RatingLevel, RatingScale, SatisfactionPolicy


class RatingLevelInline(admin.TabularInline):
    model = RatingLevel
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(AuditedAdmin):
    list_display = ["name", "unit", "valid_from"]
    inlines = [RatingLevelInline]
    raw_id_fields = ["unit"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["rated_at", "unit", "level", "sentiment", "channel", "official"]
    list_filter = ["sentiment", "channel"]
    date_hierarchy = "rated_at"


@admin.register(SatisfactionPolicy)
class SatisfactionPolicyAdmin(AuditedAdmin):
    list_display = ["unit", "valid_from", "target_rate", "alert_window", "alert_threshold", "basis"]
    raw_id_fields = ["unit"]


@admin.register(RatingAlert)
class RatingAlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "unit", "kind", "official", "rate", "closed_at", "action"]
    list_filter = ["kind", "action"]
