from django.urls import path

from thanthien.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("sets/", views.criteria_sets, name="sets"),
    path("sets/<int:pk>.xlsx", views.criteria_set_file, name="set_file"),
    path("sets/new/", views.criteria_set_edit, name="set_new"),
    path("sets/<int:pk>/edit/", views.criteria_set_edit, name="set_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/criteria/<str:code>/", views.fill, name="fill"),
    path("<int:pk>/criteria/<str:code>/appraise/", views.appraise, name="appraise"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.give_back, name="return"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("ranking/<str:code>/<int:year>/", views.ranking, name="ranking"),
    path("index-766/<str:code>/", views.index_table, name="index_766"),
    path("decision/<str:code>/<int:year>/", views.recognition, name="decision"),
]
