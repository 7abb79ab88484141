"""Rating scales in the chart: what is assigned, what was answered, and the safety flags.

A completed response is a clinical record: it is never changed, only marked entered-in-error
(ChartEntry). An in-progress response is the patient's draft, saved after every answer so the
questionnaire can be resumed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from poise.clinical.instruments import INSTRUMENTS
from poise.patients.models import ChartEntry, Patient, submitted_once


def validate_instrument(value: str) -> None:
    """Instruments live in the clinical core, not in the schema: adding one needs no migration."""
    if value not in INSTRUMENTS:
        raise ValidationError(f"{value!r} is not an instrument Poise knows.")


class InstrumentNamed:
    instrument: str

    @property
    def instrument_name(self) -> str:
        return INSTRUMENTS[self.instrument].name


class InstrumentAssignment(InstrumentNamed, models.Model):
    """Instrument X for this patient every N days, from a date, until ended."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="assignments")
    instrument = models.CharField(max_length=10, validators=[validate_instrument])
    every_days = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "instrument"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_assignment_per_instrument",
            ),
            models.CheckConstraint(condition=models.Q(every_days__gte=1), name="cadence_positive"),
        ]


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"


class QuestionnaireResponse(InstrumentNamed, ChartEntry):
    """FHIR QuestionnaireResponse, with the total as its Observation (LOINC where one exists)."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="responses")
    instrument = models.CharField(max_length=10, validators=[validate_instrument])
    status = models.CharField(max_length=12, choices=ResponseStatus.choices)
    answers = models.JSONField(default=list, help_text="answer codes in item order; null = none")
    administered_by_clinician = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    total = models.IntegerField(null=True, blank=True)
    total_loinc = models.CharField(max_length=10, blank=True)
    severity = models.CharField(max_length=60, blank=True)
    positive = models.BooleanField(null=True)
    flags = models.JSONField(default=list)
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            submitted_once("response_submitted_once"),
            models.UniqueConstraint(
                fields=["patient", "instrument"],
                condition=models.Q(status="in-progress"),
                name="one_draft_per_instrument",
            ),
            models.CheckConstraint(
                condition=models.Q(status="in-progress") | models.Q(completed_at__isnull=False),
                name="completed_response_has_time",
            ),
        ]
        indexes = [models.Index(fields=["patient", "instrument", "-completed_at"])]


class SafetyFlag(models.Model):
    """An urgent signal from an answer; open until a clinician acknowledges it."""

    public_id = models.UUIDField(unique=True, editable=False, default=uuid.uuid4)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="safety_flags")
    response = models.ForeignKey(
        QuestionnaireResponse, on_delete=models.PROTECT, related_name="safety_flags"
    )
    kind = models.CharField(max_length=30)
    raised_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement_note = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "acknowledged_at"])]
