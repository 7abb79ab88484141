"""Who may see and change what: the one place where access to patient data is decided.

Every view and API endpoint that touches a patient goes through `patient_for`, which finds the
patient only among those the user may see (so another clinic's patient, or another patient,
is simply not found: 404, which leaks nothing), checks the role's permission for what is
asked (403 when the role lacks it) and writes the audit entry.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from poise.accounts.models import Role, User
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.patients.models import Patient


class Permission(StrEnum):
    DEMOGRAPHICS_READ = "demographics.read"
    DEMOGRAPHICS_WRITE = "demographics.write"
    CLINICAL_READ = "clinical.read"
    CLINICAL_WRITE = "clinical.write"
    MEDICATIONS_WRITE = "medications.write"
    AUDIT_READ = "audit.read"
    STAFF_MANAGE = "staff.manage"


P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.PRESCRIBER: frozenset(
        {P.DEMOGRAPHICS_READ, P.DEMOGRAPHICS_WRITE, P.CLINICAL_READ, P.CLINICAL_WRITE}
        | {P.MEDICATIONS_WRITE}
    ),
    Role.CLINICIAN: frozenset(
        {P.DEMOGRAPHICS_READ, P.DEMOGRAPHICS_WRITE, P.CLINICAL_READ, P.CLINICAL_WRITE}
    ),
    Role.FRONT_DESK: frozenset({P.DEMOGRAPHICS_READ, P.DEMOGRAPHICS_WRITE}),
    # Runs the clinic (staff, audit), so sees who the patients are but not their clinical record.
    Role.CLINIC_ADMIN: frozenset({P.DEMOGRAPHICS_READ, P.AUDIT_READ, P.STAFF_MANAGE}),
    # A patient reads their own chart; what they add themselves (journal, scales) comes later.
    Role.PATIENT: frozenset({P.DEMOGRAPHICS_READ, P.CLINICAL_READ}),
}


def has_permission(user: User, permission: Permission) -> bool:
    return user.is_authenticated and permission in ROLE_PERMISSIONS.get(user.role, frozenset())


def require_permission(user: User, permission: Permission) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied


def patients_visible_to(user: User) -> QuerySet[Patient]:
    """Staff see their clinic's patients; a patient sees only their own record."""
    if not user.is_authenticated or user.clinic_id is None:
        return Patient.objects.none()
    if user.role == Role.PATIENT:
        return Patient.objects.filter(user=user, clinic_id=user.clinic_id)
    if user.is_clinic_staff:
        return Patient.objects.filter(clinic_id=user.clinic_id)
    return Patient.objects.none()


def patient_for(
    request: HttpRequest,
    public_id: uuid.UUID | str,
    permission: Permission,
    *,
    resource: str,
    action: Action = Action.READ,
    object_id: str = "",
) -> Patient:
    """The patient the request may act on, with the access written to the audit trail."""
    user = request.user
    assert isinstance(user, User)
    try:
        patient = patients_visible_to(user).select_related("clinic").get(public_id=public_id)
    except (Patient.DoesNotExist, ValueError, TypeError) as absent:
        raise Http404 from absent
    if not has_permission(user, permission):
        audit_record(
            clinic=patient.clinic,
            actor=user,
            action=Action.DENIED,
            resource=resource,
            patient=patient,
            request=request,
            detail={"permission": permission.value},
        )
        raise PermissionDenied
    # Opening the form for a write shows the patient before anything is written: a read too.
    # The write itself is audited by the service that makes it.
    opening_form = action != Action.READ and request.method in ("GET", "HEAD")
    if action == Action.READ or opening_form:
        audit_record(
            clinic=patient.clinic,
            actor=user,
            action=Action.READ,
            resource=resource,
            patient=patient,
            object_id=object_id,
            request=request,
            detail={"form": action.value} if opening_form else None,
        )
    return patient


def own_patient(request: HttpRequest, resource: str) -> Patient:
    """The patient record of a patient using the portal, through `patient_for`; anyone else
    is refused."""
    user = request.user
    assert isinstance(user, User)
    own = getattr(user, "patient", None)
    if user.role != Role.PATIENT or own is None:
        raise PermissionDenied
    return patient_for(request, own.public_id, Permission.CLINICAL_READ, resource=resource)
