from django.urls import path

from thanthien.configuration import views

app_name = "configuration"

urlpatterns = [
    path("", views.setting_index, name="index"),
    path("<slug:slug>/", views.setting_list, name="list"),
    path("<slug:slug>/new/", views.setting_new, name="new"),
    path("<slug:slug>/history/", views.setting_history, name="history"),
    path("<slug:slug>/<int:pk>/new-version/", views.setting_version_new, name="new_version"),
    path("<slug:slug>/<int:pk>/withdraw/", views.setting_withdraw, name="withdraw"),
]
