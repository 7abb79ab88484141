"""Reads of the patient chart, in a fixed number of queries however long the history is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from poise.clinical import observations
from poise.medications.models import MedicationDose, MedicationStatement
from poise.patients.models import (
    AllergyIntolerance,
    CareTeamMember,
    Condition,
    Observation,
    Patient,
    StatusAssessment,
)


@dataclass(frozen=True)
class Status:
    pregnancy: StatusAssessment | None
    breastfeeding: StatusAssessment | None
    smoking: StatusAssessment | None


@dataclass(frozen=True)
class ChartSummary:
    patient: Patient
    conditions: list[Condition]
    allergies: list[AllergyIntolerance]
    status: Status
    vitals: list[Observation]
    labs: list[Observation]
    medications: list[MedicationStatement]
    care_team: list[CareTeamMember]


def latest_observations(*, patient: Patient) -> dict[str, Observation]:
    """The most recent current value of each kind, in one query."""
    ranked = (
        Observation.objects.current()
        .filter(patient=patient)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("kind")],
                order_by=[F("effective_at").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
    )
    return {observation.kind: observation for observation in ranked}


def latest_status(*, patient: Patient) -> Status:
    entries = list(
        StatusAssessment.objects.current()
        .filter(patient=patient)
        .order_by("-assessed_on", "-id")[:50]
    )

    def latest(field: str) -> StatusAssessment | None:
        return next((entry for entry in entries if getattr(entry, field)), None)

    return Status(latest("pregnancy"), latest("breastfeeding"), latest("smoking"))


def medications_with_doses(*, patient: Patient) -> list[MedicationStatement]:
    """Active courses first, then past ones; each with its doses, oldest first."""
    doses = MedicationDose.objects.order_by("effective_on", "id")
    return list(
        MedicationStatement.objects.filter(patient=patient, entered_in_error_at__isnull=True)
        .prefetch_related(Prefetch("doses", queryset=doses))
        .order_by(F("stopped_on").desc(nulls_first=True), "-started_on")
    )


def chart_summary(*, patient: Patient, clinical: bool) -> ChartSummary:
    """The chart page's data; without `clinical`, only identity and the care team."""
    care_team = list(patient.care_team.select_related("member").order_by("since"))
    if not clinical:
        return ChartSummary(patient, [], [], Status(None, None, None), [], [], [], care_team)
    latest = latest_observations(patient=patient)
    return ChartSummary(
        patient=patient,
        conditions=list(patient.conditions.current().order_by("-onset_date", "id")),
        allergies=list(patient.allergies.current().order_by("substance")),
        status=latest_status(patient=patient),
        vitals=[latest[k.key] for k in observations.VITAL_SIGNS if k.key in latest],
        labs=[latest[k.key] for k in observations.LABS if k.key in latest],
        medications=medications_with_doses(patient=patient),
        care_team=care_team,
    )


def patient_search(*, patients: QuerySet[Patient], query: str) -> QuerySet[Patient]:
    """Match every word against name or MRN, so "ann lee" finds Ann Lee."""
    for word in query.split():
        patients = patients.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(mrn__iexact=word)
        )
    return patients.order_by("family_name", "given_name", "id")


def observation_history(*, patient: Patient, kind: str) -> list[Any]:
    return list(
        Observation.objects.filter(patient=patient, kind=kind)
        .select_related("recorded_by", "entered_in_error_by")
        .order_by("-effective_at", "-id")
    )
