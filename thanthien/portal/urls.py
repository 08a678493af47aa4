from django.urls import path

from thanthien.portal import feedback, lookup, rating, reception, views
from thanthien.ratings.survey_public import phone_survey

app_name = "portal"
urlpatterns = [
    path("<slug:slug>/", views.commune_home, name="commune_home"),
    path("<slug:slug>/tra-cuu/", lookup.dossier_lookup, name="lookup"),
    path("<slug:slug>/danh-gia/<str:token>/", rating.rate_dossier, name="rate"),
    path("<slug:slug>/khao-sat/<str:token>/", phone_survey, name="survey"),
    path("<slug:slug>/gop-y/", feedback.feedback_form, name="feedback_form"),
    path("<slug:slug>/gop-y/tra-cuu/", feedback.feedback_lookup, name="feedback_lookup"),
    path("<slug:slug>/gop-y/tra-loi/", feedback.published_answers, name="feedback_answers"),
    path("<slug:slug>/gop-y/<str:code>/", feedback.feedback_status, name="feedback_status"),
    path("<slug:slug>/gop-y/<str:code>/da-gui/", feedback.feedback_sent, name="feedback_sent"),
    path("<slug:slug>/tiep-cong-dan/", reception.reception_schedule, name="reception_schedule"),
    path("<slug:slug>/tiep-cong-dan/lich.ics", reception.reception_ics, name="reception_ics"),
    path("<slug:slug>/thu-tuc/", views.procedure_list, name="procedure_list"),
    path("<slug:slug>/thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
]
