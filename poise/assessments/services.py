"""Assigning scales, filling them in, and the safety flags they raise."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from poise.accounts.models import User
from poise.assessments.models import (
    InstrumentAssignment,
    QuestionnaireResponse,
    ResponseStatus,
    SafetyFlag,
)
from poise.assessments.tasks import send_safety_alert
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.clinical.instruments import INSTRUMENTS, Answer, ScoringError
from poise.patients.models import Patient
from poise.patients.services import EditConflict, earlier_submission

URGENT_FLAGS = ("suicidal-ideation", "suicide-risk")


def _audit(
    patient: Patient,
    by: User,
    request: HttpRequest | None,
    action: Action,
    resource: str,
    object_id: str,
    detail: dict[str, Any] | None = None,
) -> None:
    audit_record(
        clinic=patient.clinic,
        actor=by,
        action=action,
        resource=resource,
        patient=patient,
        object_id=object_id,
        request=request,
        detail=detail,
    )


@transaction.atomic
def assignment_set(
    *,
    patient: Patient,
    instrument: str,
    every_days: int,
    starts_on: date,
    by: User,
    request: HttpRequest | None = None,
) -> InstrumentAssignment:
    """Assign an instrument at a cadence; an earlier assignment of it ends here."""
    InstrumentAssignment.objects.filter(
        patient=patient, instrument=instrument, ended_at__isnull=True
    ).update(ended_at=timezone.now())
    assignment = InstrumentAssignment.objects.create(
        patient=patient,
        instrument=instrument,
        every_days=every_days,
        starts_on=starts_on,
        assigned_by=by,
    )
    _audit(
        patient,
        by,
        request,
        Action.CREATE,
        "assignment",
        str(assignment.pk),
        {"instrument": instrument, "every_days": every_days},
    )
    return assignment


@transaction.atomic
def assignment_end(
    *, assignment: InstrumentAssignment, by: User, request: HttpRequest | None = None
) -> None:
    InstrumentAssignment.objects.filter(pk=assignment.pk, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    _audit(
        assignment.patient,
        by,
        request,
        Action.UPDATE,
        "assignment",
        str(assignment.pk),
        {"ended": True},
    )


def response_draft(*, patient: Patient, instrument: str, by: User) -> QuestionnaireResponse:
    """The patient's unfinished response to this instrument, or a new one."""
    drafts = QuestionnaireResponse.objects.filter(
        patient=patient, instrument=instrument, status=ResponseStatus.IN_PROGRESS
    )
    draft: QuestionnaireResponse | None = drafts.first()
    if draft is None:
        try:
            with transaction.atomic():
                draft = QuestionnaireResponse.objects.create(
                    patient=patient,
                    instrument=instrument,
                    status=ResponseStatus.IN_PROGRESS,
                    answers=[None] * len(INSTRUMENTS[instrument].items),
                    recorded_by=by,
                )
        except IntegrityError:  # a second tab started it at the same moment
            draft = drafts.get()
    assert draft is not None
    return draft


def answered(response: QuestionnaireResponse) -> dict[int, Answer]:
    """The draft's answers by item number. An item answered "-" (left out) is stored as ""."""
    return {
        number: (None if value == "" else value)
        for number, value in enumerate(response.answers, 1)
        if value is not None
    }


@transaction.atomic
def response_answer(
    *, response: QuestionnaireResponse, item_number: int, answer: str, by: User
) -> QuestionnaireResponse:
    """Save one answer of a draft. "" leaves out an item the instrument allows to be left out."""
    locked: QuestionnaireResponse = QuestionnaireResponse.objects.select_for_update().get(
        pk=response.pk
    )
    if locked.status != ResponseStatus.IN_PROGRESS:
        raise EditConflict
    instrument = INSTRUMENTS[locked.instrument]
    item = next((i for i in instrument.items if i.number == item_number), None)
    if item is None:
        raise ScoringError(f"{instrument.name} has no item {item_number}")
    allowed = {code for code, _, _ in item.options} | ({""} if item.optional else set())
    if answer not in allowed:
        raise ScoringError(f"{instrument.name} item {item_number}: choose one of the answers")
    answers = list(locked.answers)
    answers[item_number - 1] = answer
    # Changing an earlier answer can change what is asked next (C-SSRS): forget the
    # answers after it that are no longer asked.
    given = {n: a for n, a in enumerate(answers, 1) if a is not None}
    for later in instrument.items[item_number:]:
        if not instrument.asks(later.number, {n: a for n, a in given.items() if n < later.number}):
            answers[later.number - 1] = None
            given.pop(later.number, None)
    locked.answers = answers
    locked.save(update_fields=["answers"])
    return locked


@transaction.atomic
def response_complete(
    *,
    response: QuestionnaireResponse,
    by: User,
    request: HttpRequest | None = None,
    administered_by_clinician: bool = False,
    idempotency_key: str = "",
) -> QuestionnaireResponse:
    """Score a finished draft, store it for good, raise any safety flag and alert the team."""
    locked: QuestionnaireResponse = QuestionnaireResponse.objects.select_for_update().get(
        pk=response.pk
    )
    if locked.status != ResponseStatus.IN_PROGRESS:
        raise EditConflict
    instrument = INSTRUMENTS[locked.instrument]
    given = answered(locked)
    if instrument.next_item(given) is not None:
        raise ScoringError(f"{instrument.name} is not finished yet")
    result = instrument.score(instrument.as_answer_list(given), sex=_sex(locked.patient))
    locked.status = ResponseStatus.COMPLETED
    locked.completed_at = timezone.now()
    locked.total, locked.severity = result.total, result.severity or ""
    locked.total_loinc, locked.positive = instrument.total_loinc, result.positive
    locked.flags = list(result.flags)
    locked.administered_by_clinician = administered_by_clinician
    locked.idempotency_key = idempotency_key
    locked.recorded_by = by
    locked.save()
    urgent = [flag for flag in result.flags if flag in URGENT_FLAGS]
    for kind in urgent:
        SafetyFlag.objects.create(patient=locked.patient, response=locked, kind=kind)
    _audit(
        locked.patient,
        by,
        request,
        Action.CREATE,
        "questionnaire-response",
        str(locked.public_id),
        {"instrument": locked.instrument, "flags": urgent},
    )
    if urgent:
        site = request.build_absolute_uri("/") if request else ""
        patient_id = locked.patient.pk
        transaction.on_commit(lambda: send_safety_alert.enqueue(patient_id=patient_id, site=site))
    return locked


@transaction.atomic
def response_record(
    *,
    patient: Patient,
    instrument: str,
    answers: list[str | None],
    by: User,
    request: HttpRequest | None = None,
    idempotency_key: str = "",
) -> QuestionnaireResponse:
    """A whole questionnaire at once (given in clinic); a repeated submission with the same
    idempotency key returns the first response instead of storing it twice."""
    earlier = earlier_submission(QuestionnaireResponse, patient, idempotency_key)
    if earlier:
        return earlier
    INSTRUMENTS[instrument].score(answers, sex=_sex(patient))  # validates before storing
    draft = response_draft(patient=patient, instrument=instrument, by=by)
    draft.answers = ["" if a is None else a for a in answers]
    draft.save(update_fields=["answers"])
    return response_complete(
        response=draft,
        by=by,
        request=request,
        administered_by_clinician=True,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def safety_flag_acknowledge(
    *, flag: SafetyFlag, note: str, by: User, request: HttpRequest | None = None
) -> SafetyFlag:
    locked = SafetyFlag.objects.select_for_update().get(pk=flag.pk)
    if locked.acknowledged_at is not None:
        raise EditConflict
    if not note.strip():
        raise ValueError("Say what was done: the acknowledgement note is required.")
    locked.acknowledged_at, locked.acknowledged_by = timezone.now(), by
    locked.acknowledgement_note = note.strip()
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    _audit(
        locked.patient,
        by,
        request,
        Action.UPDATE,
        "safety-flag",
        str(locked.public_id),
        {"acknowledged": True, "kind": locked.kind},
    )
    return locked


def _sex(patient: Patient) -> str | None:
    return patient.sex_at_birth if patient.sex_at_birth in ("female", "male") else None
