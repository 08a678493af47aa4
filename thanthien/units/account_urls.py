from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from thanthien.units import account_views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        account_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("2fa/setup/", account_views.otp_setup, name="otp_setup"),
    path("2fa/verify/", account_views.otp_verify, name="otp_verify"),
]
