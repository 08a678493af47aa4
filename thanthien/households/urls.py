from django.urls import path

from thanthien.households import views

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("<int:pk>/", views.household_story, name="story"),
    path("<int:pk>/consent/", views.consent_record, name="consent_record"),
    path("<int:pk>/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]
