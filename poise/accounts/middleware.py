"""Per-request rules about the person: two-factor authentication (asked of everyone who set
it up, required of some roles) and their local time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from poise.accounts.models import Role

# What a logged-in person must reach before the second factor: the factor itself, and leaving.
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/accounts/set-password/",
    "/accounts/password-set/",
    "/accounts/forgot-password/",
    "/static/",
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # added by OTPMiddleware
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("accounts:verify")
            if getattr(user, "role", "") in settings.POISE_REQUIRE_2FA_ROLES:
                return redirect("accounts:two_factor_setup")
        return self.get_response(request)


class LocalTimeZoneMiddleware:
    """Each request runs in the zone of the person making it: staff in their clinic's, a
    patient in their own (DESIGN: a day is the patient's local day). So "today" (a form's
    default date, the not-in-the-future checks, what is due) and the times shown are local,
    not the server's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = zone_of(request.user)
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def zone_of(user: Any) -> str:
    if not user.is_authenticated:
        return ""
    if user.role == Role.PATIENT:
        patient = getattr(user, "patient", None)
        return patient.time_zone if patient is not None else ""
    return user.clinic.time_zone if user.clinic_id else ""
