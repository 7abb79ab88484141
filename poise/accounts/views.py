"""Log in and out, and set up and use two-factor authentication (TOTP)."""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from poise.accounts.access import Permission, require_permission
from poise.accounts.forms import StaffInviteForm, invite_values
from poise.accounts.models import STAFF_ROLES, Clinic, User
from poise.accounts.services import account_deactivate, account_invite
from poise.audit.models import Action
from poise.audit.services import audit_record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label="6-digit code from your authenticator app",
        error_messages={"invalid": "Enter the 6 digits your app shows."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code; the device counts only once a code from it is entered."""
    user = _user(request)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", "That code did not match. Check the time on your phone.")
    qr = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    context: dict[str, Any] = {
        "form": form,
        "qr_svg": qr.to_string(encoding="unicode"),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "required": user.role in settings.POISE_REQUIRE_2FA_ROLES,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if form.is_valid():
        token = form.cleaned_data["token"].strip()
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(request, device)
                return redirect(request.GET.get("next") or settings.LOGIN_REDIRECT_URL)
        form.add_error("token", "That code did not match. Codes change every 30 seconds.")
    return render(request, "accounts/verify.html", {"form": form})


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_set")


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    """The clinic admin's list of staff, with invitations and deactivation."""
    admin = _user(request)
    require_permission(admin, Permission.STAFF_MANAGE)
    assert admin.clinic is not None
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and "deactivate" in request.POST:
        member = get_object_or_404(
            User, public_id=request.POST["deactivate"], clinic=admin.clinic, role__in=STAFF_ROLES
        )
        try:
            account_deactivate(user=member, by=admin, request=request)
            messages.success(request, f"{member.display_name} can no longer log in.")
        except ValueError as problem:
            messages.error(request, str(problem))
        return redirect("accounts:staff")
    if request.method == "POST" and form.is_valid():
        account_invite(
            clinic=admin.clinic,
            role=form.cleaned_role(),
            by=admin,
            request=request,
            **invite_values(form),
        )
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("accounts:staff")
    members = User.objects.filter(clinic=admin.clinic, role__in=STAFF_ROLES).order_by(
        "-is_active", "last_name", "first_name"
    )
    return render(request, "accounts/staff.html", {"form": form, "members": members})


class ClinicForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Clinic
        fields = ["name", "time_zone", "phone", "crisis_line"]


@login_required
def clinic_settings(request: HttpRequest) -> HttpResponse:
    """The clinic admin names the clinic, its phone and the crisis line shown to patients."""
    admin = _user(request)
    require_permission(admin, Permission.STAFF_MANAGE)
    assert admin.clinic is not None
    form = ClinicForm(request.POST or None, instance=admin.clinic)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit_record(
            clinic=admin.clinic,
            actor=admin,
            action=Action.UPDATE,
            resource="clinic",
            object_id=str(admin.clinic.public_id),
            request=request,
            detail={"changed": form.changed_data},
        )
        messages.success(request, "Clinic settings saved.")
        return redirect("accounts:clinic")
    return render(request, "patients/form.html", {"form": form, "title": "Clinic settings"})
