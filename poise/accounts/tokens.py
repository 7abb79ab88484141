"""API tokens: shown once when made, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from poise.accounts.models import ApiToken, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> str:
    token = "poise_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, token_hash=_digest(token))
    return token


def api_token_user(*, token: str) -> User | None:
    found = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
