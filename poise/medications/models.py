"""Medication history: what the patient takes or took, and every dose as its own dated entry.

A `MedicationStatement` is one course of one drug (FHIR MedicationStatement); each
`MedicationDose` is the dose from its `effective_on` date until the next one. A dose change is
a new row, so the history of a course reads straight off the table. A `FindingOverride` records
a serious safety finding the prescriber saw before saving a dose and went ahead despite, with the
reason (FHIR DetectedIssue with its mitigation). A `SharedPlan` is a titration, taper or switch
calendar the prescriber shared with the patient, kept as it was shown (FHIR CarePlan).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from poise.clinical.formulary.model import FORMS
from poise.patients.models import ChartEntry, Patient, submitted_once

rxnorm_validator = RegexValidator(r"^[0-9]{1,10}$", "An RxNorm code (RxCUI) is digits only.")


# Every form the clinical core knows, so each recorded medication can be checked against it.
FORMULATIONS = [(code, words.capitalize()) for code, words in FORMS.items()]


class MedicationStatement(ChartEntry):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="medications")
    drug = models.CharField(max_length=80, help_text="Generic name")
    rxnorm = models.CharField(
        "RxNorm ingredient code", max_length=10, blank=True, validators=[rxnorm_validator]
    )
    formulation = models.CharField(max_length=16, choices=FORMULATIONS)
    indication = models.CharField(max_length=200, blank=True)
    started_on = models.DateField()
    stopped_on = models.DateField(null=True, blank=True)
    stop_reason = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stopped_on__isnull=True)
                | models.Q(stopped_on__gte=models.F("started_on")),
                name="medication_stops_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(stopped_on__isnull=True) | ~models.Q(stop_reason=""),
                name="medication_stop_has_reason",
            ),
        ]

    @property
    def is_active(self) -> bool:
        return self.stopped_on is None

    @property
    def current_dose(self) -> MedicationDose | None:
        """The latest valid dose, read from prefetched doses (no query per course)."""
        valid = [dose for dose in self.doses.all() if dose.entered_in_error_at is None]
        return max(valid, key=lambda dose: (dose.effective_on, dose.pk), default=None)


class MedicationDose(ChartEntry):
    statement = models.ForeignKey(
        MedicationStatement, on_delete=models.PROTECT, related_name="doses"
    )
    effective_on = models.DateField()
    dose_mg = models.DecimalField(
        max_digits=9, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))]
    )
    times_per_day = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    as_needed = models.BooleanField(default=False)
    instructions = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=200, help_text="Why the dose started or changed")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(dose_mg__gt=0), name="dose_is_positive"),
            models.CheckConstraint(
                condition=models.Q(times_per_day__gte=1), name="dose_given_at_least_once"
            ),
        ]
        indexes = [models.Index(fields=["statement", "effective_on"])]

    @property
    def daily_dose_mg(self) -> Decimal:
        """The scheduled daily total; for an as-needed dose, the most a day may hold."""
        return self.dose_mg * self.times_per_day


class FindingOverride(models.Model):
    """A contraindicated or major finding shown before a dose was saved, and the prescriber's
    reason for going ahead. Append-only: it stays with the dose it was given for."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dose = models.ForeignKey(MedicationDose, on_delete=models.PROTECT, related_name="overrides")
    severity = models.CharField(max_length=16)
    mechanism = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    reason = models.CharField(max_length=300)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="override_has_reason")
        ]


class SharedPlan(ChartEntry):
    """A plan shared with the patient, kept exactly as the prescriber saw it: a later change
    to the formulary does not rewrite what the patient was told. Ended, not deleted, when it
    no longer applies."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    first_day = models.DateField()
    # [{"title", "rows": [{"day", "on", "daily_dose_mg", "how"}], "warnings": [...]}]
    calendars = models.JSONField()
    warnings = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    note = models.CharField("Note to the patient", max_length=500, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            submitted_once("plan_shared_once"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | ~models.Q(end_reason=""),
                name="ended_plan_has_reason",
            ),
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def calendars_today(self, today: date) -> list[dict[str, Any]]:
        """The calendars with each step's date and dose read back, and the step in force
        `today` marked `now` (none before the first day)."""
        calendars = []
        for calendar in self.calendars:
            rows = [
                {
                    **row,
                    "on": date.fromisoformat(row["on"]),
                    "daily_dose_mg": Decimal(row["daily_dose_mg"]),
                }
                for row in calendar["rows"]
            ]
            begun = [n for n, row in enumerate(rows) if row["on"] <= today]
            for n, row in enumerate(rows):
                row["now"] = bool(begun) and n == begun[-1]
            calendars.append({**calendar, "rows": rows})
        return calendars
