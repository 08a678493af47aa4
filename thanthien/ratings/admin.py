"""Admin for scales and satisfaction policies (data with a start date); ratings, alerts and surveys read-only.

Campaigns, their questions and their slips change only through the services (questions lock once a slip
is entered, every slip is counted once), so the admin shows them without letting anyone edit them.
"""

from django.contrib import admin

from thanthien.core.admin import AuditedAdmin, ReadOnlyAdmin
from thanthien.ratings.models import (
    Answer,
    Question,
    QuestionChoice,
    Questionnaire,
    Rating,
    RatingAlert,
    RatingLevel,
    RatingScale,
    SatisfactionPolicy,
    SurveyCampaign,
    SurveyResponse,
    VillageQuota,
)


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
    list_display = [
        "unit",
        "valid_from",
        "target_rate",
        "alert_window",
        "alert_threshold",
        "early_warning_weeks",
        "early_warning_margin",
        "basis",
    ]
    raw_id_fields = ["unit"]


@admin.register(RatingAlert)
class RatingAlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "unit", "kind", "official", "rate", "closed_at", "action"]
    list_filter = ["kind", "action"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ["number", "text", "kind", "element"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["title", "commune", "created_at"]
    search_fields = ["title"]
    inlines = [QuestionInline]


@admin.register(QuestionChoice)
class QuestionChoiceAdmin(ReadOnlyAdmin):
    list_display = ["question", "number", "label"]


class VillageQuotaInline(ReadOnlyInline):
    model = VillageQuota
    fields = ["village", "target"]


@admin.register(SurveyCampaign)
class SurveyCampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "commune", "kind", "run_by", "starts_on", "ends_on", "status", "target_rate"]
    list_filter = ["kind", "status", "run_by"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    inlines = [VillageQuotaInline]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "level", "sentiment", "text"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "slip_number", "village", "channel", "submitted_at", "entered_by"]
    list_filter = ["channel"]
    date_hierarchy = "submitted_at"
    inlines = [AnswerInline]
