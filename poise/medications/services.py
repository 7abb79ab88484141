"""Recording the medication history: a course starts, its dose changes, it stops; and the
plans shared with the patient."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from poise.accounts.models import User
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.clinical.safety import Finding
from poise.medications.models import (
    FindingOverride,
    MedicationDose,
    MedicationStatement,
    SharedPlan,
)
from poise.medications.planning import Planned
from poise.patients.models import Patient
from poise.patients.services import EditConflict, earlier_submission


def _audit(
    *,
    entry: MedicationStatement | SharedPlan,
    by: User,
    request: HttpRequest | None,
    action: Action,
    detail: dict[str, Any],
) -> None:
    audit_record(
        clinic=entry.patient.clinic,
        actor=by,
        action=action,
        resource="plan" if isinstance(entry, SharedPlan) else "medication",
        patient=entry.patient,
        object_id=str(entry.public_id),
        request=request,
        detail=detail,
    )


@transaction.atomic
def medication_start(
    *,
    patient: Patient,
    drug: str,
    rxnorm: str,
    formulation: str,
    indication: str,
    started_on: date,
    dose_mg: Decimal,
    times_per_day: int,
    as_needed: bool = False,
    instructions: str = "",
    by: User,
    request: HttpRequest | None = None,
    overriding: Sequence[Finding] = (),
    override_reason: str = "",
) -> MedicationStatement:
    """A new course and its first dose; `overriding` are the serious findings the prescriber
    saw and went ahead despite, for `override_reason`."""
    statement = MedicationStatement.objects.create(
        patient=patient,
        drug=drug,
        rxnorm=rxnorm,
        formulation=formulation,
        indication=indication,
        started_on=started_on,
        recorded_by=by,
    )
    dose = MedicationDose.objects.create(
        statement=statement,
        effective_on=started_on,
        dose_mg=dose_mg,
        times_per_day=times_per_day,
        as_needed=as_needed,
        instructions=instructions,
        reason="Started",
        recorded_by=by,
    )
    _record_overrides(dose, overriding, override_reason, by)
    _audit(
        entry=statement,
        by=by,
        request=request,
        action=Action.CREATE,
        detail={
            "drug": drug,
            "dose_mg": dose_mg,
            "times_per_day": times_per_day,
            "findings_overridden": len(overriding),
        },
    )
    return statement


def _record_overrides(
    dose: MedicationDose, findings: Sequence[Finding], reason: str, by: User
) -> None:
    if findings and not reason.strip():
        raise ValueError("Give the reason for going ahead despite the findings.")
    FindingOverride.objects.bulk_create(
        FindingOverride(
            dose=dose,
            severity=finding.severity.value,
            mechanism=finding.mechanism[:120],
            summary=finding.summary[:300],
            reason=reason.strip()[:300],
            recorded_by=by,
        )
        for finding in findings
    )


def _lock_active(statement: MedicationStatement, expected_version: int) -> MedicationStatement:
    locked: MedicationStatement = MedicationStatement.objects.select_for_update().get(
        pk=statement.pk
    )
    if locked.version != expected_version or locked.entered_in_error_at is not None:
        raise EditConflict
    if locked.stopped_on is not None:
        raise ValueError("This medication has been stopped; start a new course instead.")
    return locked


@transaction.atomic
def medication_change_dose(
    *,
    statement: MedicationStatement,
    expected_version: int,
    effective_on: date,
    dose_mg: Decimal,
    times_per_day: int,
    as_needed: bool = False,
    instructions: str = "",
    reason: str,
    by: User,
    request: HttpRequest | None = None,
    overriding: Sequence[Finding] = (),
    override_reason: str = "",
) -> MedicationDose:
    """A new dose entry from `effective_on`; the earlier doses stay as they were."""
    locked = _lock_active(statement, expected_version)
    if effective_on < locked.started_on:
        raise ValueError("A dose change cannot come before the medication started.")
    dose = MedicationDose.objects.create(
        statement=locked,
        effective_on=effective_on,
        dose_mg=dose_mg,
        times_per_day=times_per_day,
        as_needed=as_needed,
        instructions=instructions,
        reason=reason,
        recorded_by=by,
    )
    _record_overrides(dose, overriding, override_reason, by)
    locked.version += 1
    locked.save(update_fields=["version"])
    _audit(
        entry=locked,
        by=by,
        request=request,
        action=Action.UPDATE,
        detail={
            "dose_mg": dose_mg,
            "times_per_day": times_per_day,
            "from": effective_on,
            "findings_overridden": len(overriding),
        },
    )
    return dose


@transaction.atomic
def medication_stop(
    *,
    statement: MedicationStatement,
    expected_version: int,
    stopped_on: date,
    reason: str,
    by: User,
    request: HttpRequest | None = None,
) -> MedicationStatement:
    locked = _lock_active(statement, expected_version)
    if stopped_on < locked.started_on:
        raise ValueError("A medication cannot stop before it started.")
    if not reason.strip():
        raise ValueError("Say why the medication was stopped.")
    locked.stopped_on, locked.stop_reason = stopped_on, reason.strip()
    locked.version += 1
    locked.save(update_fields=["stopped_on", "stop_reason", "version"])
    _audit(
        entry=locked,
        by=by,
        request=request,
        action=Action.UPDATE,
        detail={"stopped_on": stopped_on, "reason": reason.strip()},
    )
    return locked


@transaction.atomic
def plan_share(
    *,
    patient: Patient,
    planned: Planned,
    note: str,
    by: User,
    request: HttpRequest | None = None,
    idempotency_key: str = "",
) -> SharedPlan:
    """Share a plan with the patient as it was shown; a repeated submission with the same
    idempotency key returns the plan already shared instead of sharing it twice."""
    earlier = earlier_submission(SharedPlan, patient, idempotency_key)
    if earlier:
        return earlier
    plan = SharedPlan.objects.create(
        patient=patient,
        recorded_by=by,
        title=planned.title,
        first_day=planned.first_day,
        calendars=planned.calendars_json(),
        warnings=list(planned.warnings),
        sources=list(planned.sources),
        note=note.strip(),
        idempotency_key=idempotency_key,
    )
    _audit(entry=plan, by=by, request=request, action=Action.CREATE, detail={"title": plan.title})
    return plan


@transaction.atomic
def plan_end(
    *,
    plan: SharedPlan,
    ended_on: date,
    reason: str,
    by: User,
    request: HttpRequest | None = None,
) -> SharedPlan:
    """The plan no longer applies: the patient stops seeing it; the chart keeps it."""
    locked: SharedPlan = SharedPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.ended_on is not None:
        raise EditConflict
    if not reason.strip():
        raise ValueError("Say why the plan ends.")
    if ended_on < timezone.localdate(locked.recorded_at):
        raise ValueError("A plan cannot end before it was shared.")
    locked.ended_on, locked.end_reason = ended_on, reason.strip()
    locked.save(update_fields=["ended_on", "end_reason"])
    detail = {"ended_on": ended_on, "reason": locked.end_reason}
    _audit(entry=locked, by=by, request=request, action=Action.UPDATE, detail=detail)
    return locked
