"""Open311 GeoReport v2 under /open311/v2/ (feedback/open311.py). `<fmt>` is the spec's format suffix."""

from django.urls import path

from thanthien.feedback import open311

app_name = "open311"
urlpatterns = [
    path("services.<slug:fmt>", open311.service_list, name="services"),
    path("requests.<slug:fmt>", open311.request_list, name="requests"),
    path("requests/<slug:request_id>.<slug:fmt>", open311.request_detail, name="request"),
]
