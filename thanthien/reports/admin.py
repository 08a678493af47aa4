from django.contrib import admin

from thanthien.reports.models import PeriodicReport, RankingWeights, ReportSchedule


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ["kind", "unit", "due_day", "due_month", "remind_days_before", "valid_from", "legal_basis"]
    list_filter = ["kind"]
    autocomplete_fields = ["unit"]


@admin.register(RankingWeights)
class RankingWeightsAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "unit", "on_time", "online", "satisfaction", "petitions", "reports"]
    autocomplete_fields = ["unit"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(admin.ModelAdmin):
    list_display = ["commune", "kind", "period_start", "period_end", "due_on", "status", "submitted_at"]
    list_filter = ["kind", "status"]
    search_fields = ["commune__name", "title"]
    readonly_fields = ["submitted_at", "submitted_by"]
