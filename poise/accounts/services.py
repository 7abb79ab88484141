"""Accounts are made by invitation: the person sets their own password from an emailed link."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from poise.accounts.models import Clinic, Role, User
from poise.accounts.tasks import send_invitation
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.patients.models import Patient


@transaction.atomic
def account_invite(
    *,
    clinic: Clinic,
    role: Role,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    title: str = "",
    patient: Patient | None = None,
    by: User,
    request: HttpRequest,
) -> User:
    """Make an account with no usable password and email its owner a link to set one.

    A patient account is linked to its patient record, which must not have one already.
    """
    if (role == Role.PATIENT) != (patient is not None):
        raise ValueError("A patient account needs its patient record, and only it does.")
    if patient is not None:
        patient = Patient.objects.select_for_update().get(pk=patient.pk)
        if patient.user_id is not None:
            raise ValueError("This patient already has a portal account.")
    user = User(
        clinic=clinic,
        role=role,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        title=title,
    )
    user.set_unusable_password()
    user.save()
    if patient is not None:
        Patient.objects.filter(pk=patient.pk).update(user=user)
    audit_record(
        clinic=clinic,
        actor=by,
        action=Action.CREATE,
        resource="account",
        patient=patient,
        object_id=str(user.public_id),
        request=request,
        detail={"role": role.value},
    )
    site = request.build_absolute_uri("/")
    transaction.on_commit(lambda: send_invitation.enqueue(user_id=user.pk, site=site))
    return user


@transaction.atomic
def account_deactivate(*, user: User, by: User, request: HttpRequest) -> None:
    """Switch an account off. It stays, with its history; it can no longer log in."""
    if user == by:
        raise ValueError("You cannot deactivate your own account.")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert user.clinic is not None
    audit_record(
        clinic=user.clinic,
        actor=by,
        action=Action.UPDATE,
        resource="account",
        object_id=str(user.public_id),
        request=request,
        detail={"is_active": False},
    )
