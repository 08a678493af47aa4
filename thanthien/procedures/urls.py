from django.urls import path

from thanthien.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("<int:pk>/", views.procedure_detail, name="detail"),
    path("export.xlsx", views.procedure_export, name="export"),
    path("template.xlsx", views.procedure_template, name="template"),
    path("import/", views.procedure_import, name="import"),
    path("pick/", views.procedure_pick, name="pick"),
    path("forms/<int:pk>/download/", views.form_download, name="form_download"),
]
