from django.urls import include, path

from thanthien.units import account_admin_views, views, village_views

unit_patterns = [
    path("communes/", views.commune_list, name="commune_list"),
    path("communes/<int:pk>/", views.commune_detail, name="commune_detail"),
    path("communes/<int:pk>/villages/import/", village_views.village_import, name="village_import"),
    path("villages/template.xlsx", village_views.village_template, name="village_template"),
    path(
        "communes/<int:pk>/households/import/", village_views.household_import_view, name="household_import"
    ),
    path("households/template.xlsx", village_views.household_template, name="household_template"),
    path("officials/<int:pk>/phone/", views.official_phone, name="official_phone"),
    path("audit/", views.audit_log, name="audit_log"),
    path("accounts/", account_admin_views.membership_list, name="membership_list"),
    path("accounts/new/", account_admin_views.account_create, name="account_create"),
    path(
        "accounts/roles/<int:pk>/withdraw/",
        account_admin_views.membership_withdraw,
        name="membership_withdraw",
    ),
    path("accounts/<int:pk>/password/", account_admin_views.password_reset, name="password_reset"),
    path("accounts/approvals/", account_admin_views.approval_list, name="approval_list"),
    path("accounts/approvals/<int:pk>/decide/", account_admin_views.approval_decide, name="approval_decide"),
]

urlpatterns = [
    path("units/", include((unit_patterns, "units"))),
]
