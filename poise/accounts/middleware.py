"""Two-factor authentication: asked of everyone who set it up, required of some roles."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

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
