from django.urls import include, path

from thanthien.units import views

unit_patterns = [
    path("communes/", views.commune_list, name="commune_list"),
    path("communes/<int:pk>/", views.commune_detail, name="commune_detail"),
    path("officials/<int:pk>/phone/", views.official_phone, name="official_phone"),
    path("audit/", views.audit_log, name="audit_log"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("units/", include((unit_patterns, "units"))),
]
