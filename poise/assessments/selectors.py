"""Reads for measurement-based care, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max

from poise.assessments.models import (
    InstrumentAssignment,
    QuestionnaireResponse,
    ResponseStatus,
    SafetyFlag,
)
from poise.clinical import formulary, response
from poise.clinical.instruments import INSTRUMENTS, Instrument
from poise.medications.models import MedicationStatement
from poise.patients.models import Patient


@dataclass(frozen=True)
class Due:
    instrument: Instrument
    due_on: date
    in_progress: bool


def due_instruments(*, patient: Patient, today: date) -> list[Due]:
    """Assigned self-report instruments whose cadence has come round (or never answered)."""
    assignments = list(
        InstrumentAssignment.objects.filter(patient=patient, ended_at__isnull=True).order_by(
            "instrument"
        )
    )
    completed = dict(
        QuestionnaireResponse.objects.current()
        .filter(patient=patient, status=ResponseStatus.COMPLETED)
        .values_list("instrument")
        .annotate(last=Max("completed_at"))
    )
    drafts = set(
        QuestionnaireResponse.objects.filter(
            patient=patient, status=ResponseStatus.IN_PROGRESS
        ).values_list("instrument", flat=True)
    )
    due = []
    for assignment in assignments:
        if not INSTRUMENTS[assignment.instrument].portal:
            continue
        last = completed.get(assignment.instrument)
        due_on = assignment.starts_on
        if last is not None:
            due_on = max(due_on, last.date() + timedelta(days=assignment.every_days))
        if due_on <= today or assignment.instrument in drafts:
            due.append(
                Due(INSTRUMENTS[assignment.instrument], due_on, assignment.instrument in drafts)
            )
    return due


def open_flags(*, patient: Patient) -> list[SafetyFlag]:
    return list(
        SafetyFlag.objects.filter(patient=patient, acknowledged_at__isnull=True)
        .select_related("response")
        .order_by("raised_at")
    )


@dataclass(frozen=True)
class InstrumentSummary:
    instrument: Instrument
    responses: list[QuestionnaireResponse]
    trajectory: response.Trajectory | None
    prompts: list[response.Prompt]

    @property
    def latest(self) -> QuestionnaireResponse | None:
        return self.responses[-1] if self.responses else None


def completed_responses(*, patient: Patient) -> list[QuestionnaireResponse]:
    return list(
        QuestionnaireResponse.objects.current()
        .filter(patient=patient, status=ResponseStatus.COMPLETED)
        .order_by("completed_at", "id")
    )


def measurement_summary(
    *, patient: Patient, today: date, medications: list[MedicationStatement]
) -> list[InstrumentSummary]:
    """Per instrument answered: the responses, the trajectory since the current treatment
    episode began (the earliest start among active medications), and treat-to-target prompts."""
    by_instrument: dict[str, list[QuestionnaireResponse]] = {}
    for answer in completed_responses(patient=patient):
        by_instrument.setdefault(answer.instrument, []).append(answer)
    active = [m for m in medications if m.is_active and m.current_dose]
    episode_start = min((m.started_on for m in active), default=None)
    loaded = formulary.load()
    doses = []
    for medication in active:
        dose = medication.current_dose
        assert dose is not None
        known = loaded.find(medication.drug)
        start = known.start.value if known and known.start else None
        doses.append(
            response.DosePeriod(
                medication.drug,
                dose.daily_dose_mg,
                dose.effective_on,
                start if isinstance(start, Decimal) else None,
            )
        )
    summaries = []
    for key, answers in sorted(by_instrument.items()):
        points = [
            response.Point(a.completed_at.date(), a.total)
            for a in answers
            if a.completed_at and a.total is not None
        ]
        trajectory = (
            response.trajectory(
                instrument=key, points=points, episode_start=episode_start or points[0].on
            )
            if points
            else None
        )
        prompts = (
            response.treat_to_target(today=today, trajectory_now=trajectory, doses=doses)
            if key in ("phq9", "gad7")
            else []
        )
        summaries.append(InstrumentSummary(INSTRUMENTS[key], answers, trajectory, prompts))
    return summaries


def patients_with_open_flags(*, patient_ids: list[int]) -> set[int]:
    return set(
        SafetyFlag.objects.filter(
            patient_id__in=patient_ids, acknowledged_at__isnull=True
        ).values_list("patient_id", flat=True)
    )
