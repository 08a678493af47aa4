from django.urls import path

from thanthien.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.calendar_view, name="calendar"),
    path("new/", views.item_create, name="create"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/postings/", views.posting_add, name="posting_add"),
    path("<int:pk>/postings/<int:posting_id>/take-down/", views.posting_take_down, name="take_down"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_create, name="announcement_create"),
    path("announcements/<int:pk>/script/", views.announcement_script, name="script"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("announcements/<int:pk>/edit/", views.announcement_edit, name="announcement_edit"),
    path("announcements/<int:pk>/cancel/", views.announcement_cancel, name="announcement_cancel"),
]
