from django.urls import path

from thanthien.dossiers import import_views, views

app_name = "dossiers"
urlpatterns = [
    path("", views.today, name="today"),
    path("receive/", views.receive, name="receive"),
    path("book/", views.book, name="book"),
    path("home-service/", views.home_service, name="home_service"),
    path("import/", import_views.dossier_import, name="import"),
    path("import/template.xlsx", import_views.dossier_import_template, name="import_template"),
    # Dossier codes never collide with the words above: they start with the commune's digits.
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/receipt/", views.receipt, name="receipt"),
    path("<str:code>/hand-over/", views.hand_over, name="hand_over"),
    path("<str:code>/supplement/request/", views.request_supplement, name="request_supplement"),
    path("<str:code>/supplement/received/", views.record_supplement, name="record_supplement"),
    path("<str:code>/reject/", views.reject, name="reject"),
    path("<str:code>/ready/", views.mark_ready, name="mark_ready"),
    path("<str:code>/return/", views.return_result, name="return_result"),
    path("<str:code>/postpone/", views.postpone, name="postpone"),
    path("<str:code>/apology/<int:pk>/", views.postponement_slip, name="postponement_slip"),
    path("<str:code>/supplement/<int:pk>/", views.supplement_slip, name="supplement_slip"),
    path("<str:code>/rejection/", views.rejection_slip, name="rejection_slip"),
]
