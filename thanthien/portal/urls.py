from django.urls import path

from thanthien.portal import lookup, rating, views
from thanthien.ratings.survey_public import phone_survey

app_name = "portal"
urlpatterns = [
    path("<slug:slug>/", views.commune_home, name="commune_home"),
    path("<slug:slug>/tra-cuu/", lookup.dossier_lookup, name="lookup"),
    path("<slug:slug>/danh-gia/<str:token>/", rating.rate_dossier, name="rate"),
    path("<slug:slug>/khao-sat/<str:token>/", phone_survey, name="survey"),
    path("<slug:slug>/thu-tuc/", views.procedure_list, name="procedure_list"),
    path("<slug:slug>/thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
]
