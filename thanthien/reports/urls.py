from django.urls import path

from thanthien.reports import views

app_name = "reports"
urlpatterns = [
    path("satisfaction/", views.satisfaction, name="satisfaction"),
]
