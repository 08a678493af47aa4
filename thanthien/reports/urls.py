from django.urls import path

from thanthien.reports import views
from thanthien.reports.feedback import feedback_figures

app_name = "reports"
urlpatterns = [
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("feedback/", feedback_figures, name="feedback"),
    path("ranking/", views.ranking, name="ranking"),
    path("petitions/overdue/", views.overdue_petition_list, name="overdue_petitions"),
    path("ranking/export.xlsx", views.ranking_export, name="ranking_export"),
    path("national/", views.national, name="national"),
    path("national/export.xlsx", views.national_export, name="national_export"),
    path("communes/<str:code>/", views.commune_overview, name="commune_overview"),
    path("periodic/", views.report_list, name="report_list"),
    path("periodic/start/", views.report_start, name="report_start"),
    path("periodic/<int:pk>/", views.report_edit, name="report_edit"),
    path("periodic/<int:pk>/document.docx", views.report_download, name="report_download"),
]
