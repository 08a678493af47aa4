from django.urls import path

from thanthien.ratings import views

app_name = "ratings"
urlpatterns = [
    path("kiosk/", views.kiosk, name="kiosk"),
]
