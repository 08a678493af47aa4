from django.urls import path

from thanthien.ratings import views

app_name = "ratings"
urlpatterns = [
    path("kiosk/", views.kiosk, name="kiosk"),
    path("paper/", views.paper_slip, name="paper_slip"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert_detail"),
]
