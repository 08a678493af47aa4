from django.urls import path

from thanthien.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("issue/", views.issue, name="issue"),
    path("cancel/", views.cancel, name="cancel"),
    path("batch/", views.batch, name="batch"),
    path("print/", views.print_request, name="print"),
    path("print/<int:pk>/", views.print_job, name="print_job"),
    path("print/<int:pk>/file", views.print_file, name="print_file"),
    path("register/", views.register, name="register"),
    path("new-year/", views.new_year, name="new_year"),
    path("write/<str:which>/", views.write_letter, name="write"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/upload/", views.template_upload, name="template_upload"),
    path("templates/<int:pk>/template.docx", views.template_file, name="template_file"),
    path("templates/<int:pk>/preview.docx", views.template_preview, name="template_preview"),
    path("dossiers/<str:code>/receipt.docx", views.receipt_docx, name="receipt_docx"),
    path("dossiers/<str:code>/supplement/<int:pk>.docx", views.supplement_docx, name="supplement_docx"),
    path("dossiers/<str:code>/rejection.docx", views.rejection_docx, name="rejection_docx"),
    path("dossiers/<str:code>/apology/<int:pk>.docx", views.postponement_docx, name="postponement_docx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/letter.<str:extension>", views.download, name="download"),
]
