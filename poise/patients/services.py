"""Every change to a patient chart happens here: in one transaction, with its audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from poise.accounts.models import User
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.clinical import observations
from poise.patients.models import (
    AllergyIntolerance,
    CareTeamMember,
    ChartEntry,
    Condition,
    Observation,
    Patient,
    StatusAssessment,
)

DEMOGRAPHIC_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex_at_birth",
    "gender_identity",
    "pronouns",
    "phone",
    "email",
    "address",
    "preferred_language",
    "time_zone",
)


class EditConflict(Exception):
    """Someone else saved the record since this edit began; nothing was saved."""


Submitted = TypeVar("Submitted", bound=models.Model)


def earlier_submission(model: type[Submitted], patient: Patient, key: str) -> Submitted | None:
    """The entry already kept for this idempotency key (`submitted_once`), if any: a form
    sent twice or a request retried returns it instead of keeping a second."""
    if not key:
        return None
    manager = model._default_manager
    return manager.filter(patient=patient, idempotency_key=key).first()


def _audit_write(
    *,
    patient: Patient,
    by: User,
    request: HttpRequest | None,
    resource: str,
    entry: Any,
    action: Action = Action.CREATE,
    detail: dict[str, Any] | None = None,
) -> None:
    audit_record(
        clinic=patient.clinic,
        actor=by,
        action=action,
        resource=resource,
        patient=patient,
        object_id=str(entry.public_id),
        request=request,
        detail=detail,
    )


@transaction.atomic
def patient_create(*, by: User, request: HttpRequest | None = None, **fields: Any) -> Patient:
    assert by.clinic is not None
    patient = Patient.objects.create(clinic=by.clinic, **fields)
    _audit_write(patient=patient, by=by, request=request, resource="demographics", entry=patient)
    return patient


@transaction.atomic
def patient_update_demographics(
    *,
    patient: Patient,
    changes: dict[str, Any],
    expected_version: int,
    by: User,
    request: HttpRequest | None = None,
) -> Patient:
    """Apply the changes only if nobody saved since `expected_version` was read.

    The old values go to the audit trail, so a demographic edit is never silently lost.
    """
    changes = {k: v for k, v in changes.items() if k in DEMOGRAPHIC_FIELDS}
    before = {k: getattr(patient, k) for k in changes if getattr(patient, k) != changes[k]}
    updated = Patient.objects.filter(pk=patient.pk, version=expected_version).update(
        **changes, version=expected_version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise EditConflict
    patient.refresh_from_db()
    _audit_write(
        patient=patient,
        by=by,
        request=request,
        resource="demographics",
        entry=patient,
        action=Action.UPDATE,
        detail={"previous": before},
    )
    return patient


@transaction.atomic
def condition_add(
    *, patient: Patient, by: User, request: HttpRequest | None = None, **fields: Any
) -> Condition:
    condition = Condition.objects.create(patient=patient, recorded_by=by, **fields)
    _audit_write(patient=patient, by=by, request=request, resource="condition", entry=condition)
    return condition


@transaction.atomic
def condition_revise(
    *,
    condition: Condition,
    clinical_status: str,
    by: User,
    request: HttpRequest | None = None,
) -> Condition:
    """A diagnosis moves on (active -> remission, say): the new version replaces the old one,
    which stays in the record as it was."""
    locked: Condition = Condition.objects.select_for_update().get(pk=condition.pk)
    if locked.entered_in_error_at is not None or Condition.objects.filter(replaces=locked).exists():
        raise EditConflict
    revised = Condition.objects.create(
        patient=locked.patient,
        icd10cm=locked.icd10cm,
        text=locked.text,
        onset_date=locked.onset_date,
        clinical_status=clinical_status,
        replaces=locked,
        recorded_by=by,
    )
    _audit_write(
        patient=locked.patient,
        by=by,
        request=request,
        resource="condition",
        entry=revised,
        action=Action.UPDATE,
        detail={
            "replaces": str(locked.public_id),
            "from": locked.clinical_status,
            "to": clinical_status,
        },
    )
    return revised


@transaction.atomic
def allergy_add(
    *, patient: Patient, by: User, request: HttpRequest | None = None, **fields: Any
) -> AllergyIntolerance:
    allergy = AllergyIntolerance.objects.create(patient=patient, recorded_by=by, **fields)
    _audit_write(patient=patient, by=by, request=request, resource="allergy", entry=allergy)
    return allergy


@transaction.atomic
def status_assess(
    *, patient: Patient, by: User, request: HttpRequest | None = None, **fields: Any
) -> StatusAssessment:
    status = StatusAssessment.objects.create(patient=patient, recorded_by=by, **fields)
    _audit_write(patient=patient, by=by, request=request, resource="status", entry=status)
    return status


@dataclass(frozen=True)
class Measurement:
    kind: str
    value: Decimal


@transaction.atomic
def observations_record(
    *,
    patient: Patient,
    measurements: list[Measurement],
    effective_at: datetime,
    by: User,
    request: HttpRequest | None = None,
) -> list[Observation]:
    """Record several measurements taken together (a set of vitals, a lab panel).

    Weight with a height (given now or recorded before) also records the BMI.
    """
    for measurement in measurements:
        problem = observations.out_of_entry_range(key=measurement.kind, value=measurement.value)
        if problem:
            raise ValueError(problem)
    given = {m.kind: m.value for m in measurements}
    if "weight" in given and "bmi" not in given:
        height = given.get("height") or _latest_value(patient, "height")
        if height:
            given["bmi"] = observations.bmi(weight_kg=given["weight"], height_cm=height)
    recorded = []
    for key, value in given.items():
        kind = observations.BY_KEY[key]
        entry = Observation.objects.create(
            patient=patient,
            kind=key,
            loinc=kind.loinc,
            value=value,
            unit=kind.unit,
            effective_at=effective_at,
            recorded_by=by,
        )
        _audit_write(patient=patient, by=by, request=request, resource=key, entry=entry)
        recorded.append(entry)
    return recorded


def _latest_value(patient: Patient, kind: str) -> Decimal | None:
    latest = (
        Observation.objects.current()
        .filter(patient=patient, kind=kind)
        .order_by("-effective_at")
        .first()
    )
    return latest.value if latest else None


@transaction.atomic
def care_team_add(
    *, patient: Patient, member: User, responsibility: str, by: User, request: HttpRequest | None
) -> CareTeamMember:
    if member.clinic_id != patient.clinic_id or not member.is_clinic_staff:
        raise ValueError("Only staff of the patient's own clinic can join the care team.")
    entry = CareTeamMember.objects.create(
        patient=patient, member=member, responsibility=responsibility, since=timezone.localdate()
    )
    audit_record(
        clinic=patient.clinic,
        actor=by,
        action=Action.CREATE,
        resource="care-team",
        patient=patient,
        object_id=str(member.public_id),
        request=request,
    )
    return entry


@transaction.atomic
def entry_mark_entered_in_error(
    *,
    entry: ChartEntry,
    patient: Patient,
    reason: str,
    by: User,
    request: HttpRequest | None = None,
) -> ChartEntry:
    """Keep the entry, visibly struck out: who marked it, when and why."""
    if not reason.strip():
        raise ValueError("Say why the entry is in error.")
    # Lock and re-read, so two people marking the same entry cannot both succeed.
    locked: ChartEntry = type(entry).objects.select_for_update().get(pk=entry.pk)
    if locked.entered_in_error_at is not None:
        raise EditConflict
    locked.entered_in_error_at = timezone.now()
    locked.entered_in_error_by = by
    locked.entered_in_error_reason = reason.strip()
    locked.save(
        update_fields=["entered_in_error_at", "entered_in_error_by", "entered_in_error_reason"]
    )
    _audit_write(
        patient=patient,
        by=by,
        request=request,
        resource=type(entry).__name__.lower(),
        entry=locked,
        action=Action.ENTERED_IN_ERROR,
        detail={"reason": reason.strip()},
    )
    return locked
