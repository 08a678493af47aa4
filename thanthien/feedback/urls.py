from django.urls import path

from thanthien.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.feedback_list, name="list"),
    path("receive/", views.intake, name="intake"),
    path("box/", views.box_opening, name="box_opening"),
    # Tracking codes never collide with the words above: they are 8 capitals and digits.
    path("<str:code>/", views.feedback_detail, name="detail"),
    path("<str:code>/identity/", views.feedback_reveal, name="reveal"),
    path("<str:code>/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<str:code>/<slug:step>/", views.feedback_step, name="step"),
]
