from django.urls import path

from thanthien.reports import views
from thanthien.reports.feedback import feedback_figures

app_name = "reports"
urlpatterns = [
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("feedback/", feedback_figures, name="feedback"),
]
