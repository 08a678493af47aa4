from django.urls import path

from thanthien.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.reception_home, name="reception_home"),
    path("rules/new/", views.rule_add, name="rule_add"),
    path("sessions/generate/", views.sessions_generate, name="sessions_generate"),
    path("sessions/new/", views.session_add, name="session_add"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/held/", views.session_held, name="session_held"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/identity/", views.record_reveal, name="record_reveal"),
    path("records/<int:pk>/answer/", views.record_answer, name="record_answer"),
    path("records/<int:pk>/split/", views.record_split, name="record_split"),
    path("records/<int:pk>/petition/", views.record_petition, name="record_petition"),
    path("dialogues/", views.dialogue_list, name="dialogue_list"),
    path("dialogues/<int:pk>/", views.dialogue_detail, name="dialogue_detail"),
    path("dialogues/<int:pk>/held/", views.dialogue_held, name="dialogue_held"),
    path("dialogues/<int:pk>/issues/", views.dialogue_issue_add, name="dialogue_issue_add"),
    path(
        "dialogues/<int:pk>/issues/<int:issue_pk>/feedback/",
        views.dialogue_issue_feedback,
        name="dialogue_issue_feedback",
    ),
    path("dialogues/<int:pk>/commitments/", views.dialogue_commitment_add, name="dialogue_commitment_add"),
    path("dialogues/<int:pk>/minutes.docx", views.dialogue_minutes, name="dialogue_minutes"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/<int:pk>/done/", views.commitment_done, name="commitment_done"),
    path("visits/", views.field_visit_list, name="field_visit_list"),
    path("visits/<int:pk>/", views.field_visit_detail, name="field_visit_detail"),
]
