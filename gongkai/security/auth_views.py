"""Log-in, second factor and password pages under /accounts/ (thin views over otp/passwords)."""
from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.views.decorators.debug import sensitive_post_parameters
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from gongkai.units import audit

from . import otp
from .passwords import must_change


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("workbench:home")


def _with_next(view: str, target: str) -> str:
    return f"{reverse(view)}?{urlencode({'next': target})}"


class LoginView(auth_views.LoginView):
    """Password first; the second factor follows on its own page."""

    template_name = "units/login.html"

    def get_success_url(self):
        return _with_next("accounts:otp", super().get_success_url())

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("auth.login", target=self.request.user, user=self.request.user)
        return response


class TokenForm(forms.Form):
    token = forms.CharField(label="动态口令", max_length=16, strip=True,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


@sensitive_post_parameters()  # codes and passwords never in error reports
@login_required
def verify(request):
    """Type the 6-digit code of the authenticator app, or one unused backup code."""
    if request.user.is_verified():
        return redirect(_next(request))
    if otp.confirmed_totp(request.user) is None:
        return redirect(_with_next("accounts:otp_setup", _next(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a key seen before the second factor is worth nothing after it
            audit.record("auth.otp_verified", target=request.user, detail={"device": type(device).__name__})
            return redirect(_next(request))
        from gongkai.monitoring.failures import record_failure  # alerts: bounded, counts towards a burst

        record_failure("auth.otp_failed", request.user, subject=request.user.username, reason="动态口令不正确或已使用过")
        form.add_error("token", "动态口令不正确或已使用过，请输入验证器上当前显示的口令。")
    return render(request, "units/otp_verify.html", {"form": form, "next": _next(request)})


@sensitive_post_parameters()  # codes and passwords never in error reports
@login_required
def setup(request):
    """Enrol an authenticator app: scan the QR code, type the first code to confirm."""
    if otp.confirmed_totp(request.user) is not None:
        return redirect(_with_next("accounts:otp", _next(request)))
    device = otp.pending_totp(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            codes = otp.confirm_enrolment(request.user, device)
            otp_login(request, device)
            return render(request, "units/otp_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("token", "动态口令不正确，请检查手机时间后重新输入。")
    return render(request, "units/otp_setup.html", {
        "form": form, "qr": otp.qr_svg(device), "secret": otp.secret_text(device), "next": _next(request)})


@login_required
def backup_codes(request):
    """New backup codes for a verified user (the old ones stop working)."""
    if not request.user.is_verified():  # under /accounts/otp/, so the gate does not check it
        return redirect(_with_next("accounts:otp", reverse("accounts:password_change")))
    if request.method != "POST":
        return redirect("accounts:password_change")
    codes = otp.new_backup_codes(request.user)
    audit.record("auth.otp_backup_codes", target=request.user)
    return render(request, "units/otp_codes.html", {"codes": codes, "next": reverse("workbench:home")})


@sensitive_post_parameters()  # codes and passwords never in error reports
@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
        update_session_auth_hash(request, user)
        audit.record("auth.password_change", target=user, user=user)
        messages.success(request, "口令已修改。")
        return redirect(_next(request))
    return render(request, "units/password_change.html", {
        "form": form, "reason": must_change(request.user), "next": _next(request),
        "help_texts": password_validators_help_texts()})
