from django.urls import path

from thanthien.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/members/", views.plan_add_member, name="plan_add_member"),
    path("plans/<int:pk>/steps/<int:step_pk>/communes/", views.step_to_communes, name="step_to_communes"),
    path("plans/<int:pk>/word/", views.plan_docx, name="plan_docx"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("tasks/<int:pk>/note/", views.task_note, name="task_note"),
    path("tasks/<int:pk>/evidence/", views.task_evidence, name="task_evidence"),
    path("tasks/<int:pk>/answer/", views.task_answer, name="task_answer"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("supervision/plans/", views.supervision_plan_create, name="supervision_plan_create"),
    path("supervision/opinions/new/", views.opinion_create, name="opinion_create"),
    path("reviews/new/", views.review_create, name="review_create"),
    path("supervision/new/", views.visit_create, name="visit_create"),
    path("supervision/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("supervision/<int:pk>/minutes/", views.visit_minutes, name="visit_minutes"),
    path("conduct/", views.conduct, name="conduct"),
    path("conduct/adopt/", views.code_adopt, name="code_adopt"),
    path("conduct/write/", views.code_write, name="code_write"),
    path("conduct/commitments/", views.commitment_sign, name="commitment_sign"),
    path("conduct/commitments/<int:pk>/word/", views.commitment_docx, name="commitment_docx"),
    path("conduct/violations/new/", views.violation_create, name="violation_create"),
    path("officials/<int:pk>/", views.official_detail, name="official_detail"),
    path("officials/<int:pk>/photo/", views.official_photo, name="official_photo"),
    path("badges/<int:pk>/", views.badge_photo, name="badge_photo"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
