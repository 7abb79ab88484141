"""The patient's journal: how they have been, side effects they noticed, whether they took their
medicines, and questions for the care team, written in the portal and read on the chart (FHIR
QuestionnaireResponse-like patient-reported entries; plain words, no score)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models

from poise.patients.models import ChartEntry, Patient, submitted_once


class Doses(models.TextChoices):
    ALL = "all", "I took them all as prescribed"
    SOME_MISSED = "some_missed", "I missed some doses"
    MOST_MISSED = "most_missed", "I missed most doses or stopped one"


class JournalEntry(ChartEntry):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="journal")
    written_on = models.DateField()
    # The patient's own 0-10 rating of the day: a diary answer, not a validated scale.
    feeling = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    doses = models.CharField(max_length=12, choices=Doses.choices, blank=True)
    how = models.TextField("How I have been", max_length=2000, blank=True)
    side_effects = models.TextField("Side effects I noticed", max_length=1000, blank=True)
    question = models.TextField("A question for my care team", max_length=1000, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            submitted_once("journal_entry_once"),
            models.CheckConstraint(
                condition=models.Q(feeling__isnull=True) | models.Q(feeling__lte=10),
                name="feeling_0_to_10",
            ),
        ]

    @property
    def missed_doses(self) -> bool:
        return self.doses in (Doses.SOME_MISSED, Doses.MOST_MISSED)
