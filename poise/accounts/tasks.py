"""Background work for accounts."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from poise.accounts.models import User


@task()
def send_invitation(*, user_id: int, site: str) -> None:
    """Email a set-password link. The token is made here, so it is never stored in the queue;
    it stops working once the password is set (Django's password-reset token)."""
    user = User.objects.select_related("clinic").get(pk=user_id)
    path = reverse(
        "accounts:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": site.rstrip("/") + path}
    send_mail(
        subject=f"Your Poise account at {user.clinic}",
        message=render_to_string("accounts/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
