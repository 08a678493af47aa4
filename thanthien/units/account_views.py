"""Two-factor (TOTP) set-up and verification pages."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thanthien.core import ratelimit
from thanthien.core.navigation import safe_next
from thanthien.units import services
from thanthien.units.forms import TokenForm
from thanthien.units.users import AuthenticatedRequest


class NewPasswordChangeForm(PasswordChangeForm):
    """Django's form, refusing to keep the old (perhaps one-time) password as the new one."""

    def clean_old_password(self) -> str:
        # The old password is checked without django-axes: limit the guesses a stolen session could make.
        if not ratelimit.allow("password-change", str(self.user.pk), limit=5, window_seconds=15 * 60):
            raise ValidationError(_("Too many attempts. Wait 15 minutes, then try again."))
        return str(super().clean_old_password())

    def clean_new_password1(self) -> str:
        password = self.cleaned_data["new_password1"]
        if self.user.check_password(password):
            raise ValidationError(_("Choose a password different from the current one."))
        return password


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password; a one-time password handed out by an administrator stops here."""

    form_class = NewPasswordChangeForm

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_changed(self.request.user)  # type: ignore[arg-type]  # a signed-in page
        return response


def _next_url(request: AuthenticatedRequest) -> str:
    return safe_next(request, "/")


def otp_setup(request: AuthenticatedRequest) -> HttpResponse:
    device = services.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(request, device, token=form.cleaned_data["token"]):
            messages.success(request, _("Two-factor login is on."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    context = {"form": form, "qr_svg": services.totp_qr_svg(device), "secret": services.totp_secret(device)}
    return render(request, "accounts/otp_setup.html", {**context, "next": _next_url(request)})


def otp_verify(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_totp(request, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})
