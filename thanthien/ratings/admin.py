"""Admin for the rating scales (data with a start date), and the ratings read-only."""

from django.contrib import admin

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.ratings.models import Rating, RatingLevel, RatingScale


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
