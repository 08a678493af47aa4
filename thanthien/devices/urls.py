from django.urls import path

from thanthien.devices import views

app_name = "devices"
urlpatterns = [
    path("devices/", views.device_list, name="list"),
    path("devices/<int:pk>/revoke/", views.device_revoke, name="revoke"),
    path("devices/pair/kiosk/", views.pair_kiosk, name="pair_kiosk"),
    path("devices/pair/village/", views.pair_village, name="pair_village"),
    path("ratings/kiosk/", views.kiosk, name="kiosk"),  # the rating kiosk app; its path predates this app
    # Each service worker lives under its page's path, so that its scope covers the page.
    path("ratings/kiosk/sw.js", views.service_worker, {"app": "kiosk"}, name="kiosk_sw"),
    path("ratings/kiosk/app.webmanifest", views.manifest, {"app": "kiosk"}, name="kiosk_manifest"),
    path("village/", views.village_app, name="village_app"),
    path("village/sw.js", views.service_worker, {"app": "village"}, name="village_sw"),
    path("village/app.webmanifest", views.manifest, {"app": "village"}, name="village_manifest"),
]
