"""Two-factor (TOTP) set-up and verification pages."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thanthien.core.navigation import safe_next
from thanthien.units import services
from thanthien.units.forms import TokenForm


def _next_url(request: HttpRequest) -> str:
    return safe_next(request, "/")


def otp_setup(request: HttpRequest) -> HttpResponse:
    device = services.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(request, device, token=form.cleaned_data["token"]):
            messages.success(request, _("Two-factor login is on."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    context = {"form": form, "qr_svg": services.totp_qr_svg(device), "secret": services.totp_secret(device)}
    return render(request, "accounts/otp_setup.html", {**context, "next": _next_url(request)})


def otp_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_totp(request, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})
