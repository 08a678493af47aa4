from django.urls import path

from thanthien.ratings import survey_views, views

app_name = "ratings"
urlpatterns = [
    path("paper/", views.paper_slip, name="paper_slip"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert_detail"),
    path("officials/<int:pk>/trend/", views.official_trend, name="official_trend"),
    path("surveys/", survey_views.campaign_list, name="campaign_list"),
    path("surveys/new/", survey_views.campaign_create, name="campaign_create"),
    path("surveys/compare/", survey_views.campaign_compare, name="campaign_compare"),
    path("surveys/<int:pk>/", survey_views.campaign_results_view, name="campaign_results"),
    path("surveys/<int:pk>/edit/", survey_views.campaign_edit, name="campaign_edit"),
    path("surveys/<int:pk>/quotas/", survey_views.campaign_quotas, name="campaign_quotas"),
    path("surveys/<int:pk>/entry/", survey_views.slip_entry, name="slip_entry"),
    path("surveys/<int:pk>/import/", survey_views.slip_import, name="slip_import"),
    path("surveys/<int:pk>/slips.xlsx", survey_views.slip_template, name="slip_template"),
    path("surveys/<int:pk>/phone-links/", survey_views.phone_links, name="phone_links"),
]
