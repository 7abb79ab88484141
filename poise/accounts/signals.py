"""Logins, logouts and failed logins go to the audit trail of the account's clinic."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from poise.accounts.models import User
from poise.audit.models import Action
from poise.audit.services import audit_record


@receiver(user_logged_in)
def _audit_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if user.clinic:
        audit_record(
            clinic=user.clinic, actor=user, action=Action.LOGIN, resource="session", request=request
        )


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None and user.clinic:
        audit_record(
            clinic=user.clinic,
            actor=user,
            action=Action.LOGOUT,
            resource="session",
            request=request,
        )


@receiver(user_login_failed)
def _audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Recorded in the clinic of the account that was tried, if there is one."""
    user = User.objects.filter(username=credentials.get("username", "")).first()
    if user and user.clinic:
        audit_record(
            clinic=user.clinic,
            actor=None,
            action=Action.LOGIN_FAILED,
            resource="session",
            object_id=str(user.public_id),
            request=request,
        )
