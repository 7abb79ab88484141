"""Reads of the patient chart, in a fixed number of queries however long the history is."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.text import capfirst

from poise.clinical import formulary, observations, safety
from poise.clinical.formulary.model import Drug
from poise.medications.models import (
    FindingOverride,
    MedicationDose,
    MedicationStatement,
    SharedPlan,
)
from poise.patients.models import (
    STATUS_FIELDS,
    AllergyIntolerance,
    CareTeamMember,
    Condition,
    Metabolizer,
    Observation,
    Patient,
    StatusAssessment,
)

STATUS_LABELS = {
    field.name: capfirst(str(field.verbose_name))
    for field in StatusAssessment._meta.fields
    if field.name in STATUS_FIELDS
}


@dataclass(frozen=True)
class Status:
    """The latest assessment that answers each status field, if any."""

    pregnancy: StatusAssessment | None = None
    breastfeeding: StatusAssessment | None = None
    smoking: StatusAssessment | None = None
    hepatic: StatusAssessment | None = None
    cyp2d6: StatusAssessment | None = None
    cyp2c19: StatusAssessment | None = None
    hla_b1502: StatusAssessment | None = None

    def answer(self, field: str) -> str:
        """The latest answer for `field`, or "" when none is recorded."""
        entry = getattr(self, field)
        return getattr(entry, field) if entry else ""

    def rows(self) -> list[tuple[str, StatusAssessment | None, str]]:
        """For the chart: each field's label, its latest assessment and the answer in words."""
        return [
            (
                STATUS_LABELS[field],
                entry := getattr(self, field),
                getattr(entry, f"get_{field}_display")() if entry else "",
            )
            for field in STATUS_FIELDS
        ]


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
    plans: list[SharedPlan] = dataclasses.field(default_factory=list)  # shared, not ended


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
    """The latest assessment answering each field, however long ago (a pharmacogenomic result
    stays however many assessments follow it), in two queries."""
    answered = StatusAssessment.objects.current().filter(patient=patient)
    newest = {
        field: Subquery(
            answered.exclude(**{field: ""}).order_by("-assessed_on", "-id").values("id")[:1]
        )
        for field in STATUS_FIELDS
    }
    row = Patient.objects.filter(pk=patient.pk).annotate(**newest).values_list(*STATUS_FIELDS)
    latest_ids = dict(zip(STATUS_FIELDS, row.get(), strict=True))
    entries = answered.in_bulk([pk for pk in latest_ids.values() if pk])
    return Status(**{field: entries.get(latest_ids[field]) for field in STATUS_FIELDS})


def medications_with_doses(*, patient: Patient) -> list[MedicationStatement]:
    """Active courses first, then past ones; each with its doses, oldest first, and the
    safety findings each dose was saved despite."""
    overrides = FindingOverride.objects.select_related("recorded_by").order_by("id")
    doses = MedicationDose.objects.order_by("effective_on", "id").prefetch_related(
        Prefetch("overrides", queryset=overrides)
    )
    return list(
        MedicationStatement.objects.filter(patient=patient, entered_in_error_at__isnull=True)
        .prefetch_related(Prefetch("doses", queryset=doses))
        .order_by(F("stopped_on").desc(nulls_first=True), "-started_on")
    )


def chart_summary(*, patient: Patient, clinical: bool) -> ChartSummary:
    """The chart page's data; without `clinical`, only identity and the care team."""
    care_team = list(patient.care_team.select_related("member").order_by("since"))
    if not clinical:
        return ChartSummary(patient, [], [], Status(), [], [], [], care_team)
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
        plans=list(
            patient.plans.filter(ended_on__isnull=True, entered_in_error_at__isnull=True)
            .select_related("recorded_by")
            .order_by("-recorded_at", "-id")
        ),
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


@dataclass(frozen=True)
class CheckedFinding:
    finding: safety.Finding
    source_titles: list[str]
    override: FindingOverride | None = None  # the current dose was saved despite it


LAB_KEYS = frozenset(kind.key for kind in observations.LABS)
PHENOTYPES = tuple(value for value in Metabolizer.values if value != Metabolizer.UNKNOWN)


def _known(answer: str, *values: str) -> str | None:
    """A status answer the checker reads, or None for "unknown", "none" or no answer."""
    return answer if answer in values else None


@dataclass(frozen=True)
class RegimenCheck:
    findings: list[CheckedFinding]
    unchecked: list[str]  # active drugs the formulary does not know


def patient_context(
    *,
    summary: ChartSummary,
    today: date,
    stopped: Sequence[tuple[Drug, int]] = (),
) -> safety.Patient:
    """What the chart says about the patient that the safety checker and the planners read:
    age, sex, pregnancy, kidneys, liver, genotype, allergies, diagnoses and the latest labs,
    with `stopped`, the medicines stopped recently enough to need a washout."""
    patient = summary.patient
    latest = {o.kind: o.value for o in [*summary.vitals, *summary.labs]}
    status = summary.status
    born = patient.date_of_birth
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return safety.Patient(
        age=age,
        sex=patient.sex_at_birth if patient.sex_at_birth != "unknown" else None,
        pregnant=status.answer("pregnancy") == "pregnant",
        breastfeeding=status.answer("breastfeeding") == "breastfeeding",
        egfr=latest.get("egfr"),
        qtc_ms=latest.get("qtc"),
        weight_kg=latest.get("weight"),
        allergies=tuple(a.substance for a in summary.allergies),
        smoker=status.answer("smoking") == "current",
        child_pugh=_known(status.answer("hepatic"), "A", "B", "C"),
        cyp2d6=_known(status.answer("cyp2d6"), *PHENOTYPES),
        cyp2c19=_known(status.answer("cyp2c19"), *PHENOTYPES),
        hla_b1502=status.answer("hla_b1502") == "positive",
        # Past diagnoses count too: labels contraindicate some drugs after one (a history
        # of liver disease); only rules about a present state ignore them.
        diagnoses=tuple(c.icd10cm for c in summary.conditions if c.is_current),
        past_diagnoses=tuple(c.icd10cm for c in summary.conditions if not c.is_current),
        # Every lab result, so each rule that reads one sees the latest (sodium on an SSRI, a
        # valproate trough, the ANC on clozapine).
        labs={k: v for k, v in latest.items() if k in LAB_KEYS},
        stopped_days_ago=tuple(stopped),
    )


def recently_stopped(
    *, summary: ChartSummary, today: date, taking: Collection[str]
) -> list[tuple[Drug, int]]:
    """The medicines stopped recently enough to need a washout before another starts (the
    longest is before an MAOI), with how many days ago; not those taken again (`taking`)."""
    loaded = formulary.load()
    stopped = []
    for medication in summary.medications:
        drug = loaded.find(medication.drug)
        if medication.is_active or drug is None or drug.name in taking:
            continue
        assert medication.stopped_on is not None
        days_ago = (today - medication.stopped_on).days
        if 0 <= days_ago < safety.LONGEST_WASHOUT_BEFORE_MAOI_DAYS:
            stopped.append((drug, days_ago))
    return stopped


def regimen_check(
    *,
    summary: ChartSummary,
    today: date,
    adding: safety.Item | None = None,
    instead_of: MedicationStatement | None = None,
) -> RegimenCheck:
    """The safety checker run over the active medications with the chart as context,
    including medicines stopped recently enough to need a washout. `adding` is a medicine
    about to be started, or a new dose of `instead_of`."""
    loaded = formulary.load()
    items, unchecked = [], []
    overrides: dict[str, FindingOverride] = {}
    for medication in summary.medications:
        if not medication.is_active or (instead_of and medication.pk == instead_of.pk):
            continue
        drug = loaded.find(medication.drug)
        dose = medication.current_dose
        if dose is None:
            continue
        if drug is None:
            unchecked.append(medication.drug)
            continue
        items.append(safety.Item(drug, medication.formulation, dose.daily_dose_mg))
        overrides.update((o.summary, o) for o in dose.overrides.all())
    if adding is not None:
        items.append(adding)
    if not items:
        return RegimenCheck([], unchecked)
    stopped = recently_stopped(
        summary=summary, today=today, taking={item.drug.name for item in items}
    )
    context = patient_context(summary=summary, today=today, stopped=stopped)
    found = safety.check(regimen=items, patient=context, formulary=loaded)
    return RegimenCheck(
        [
            CheckedFinding(f, [loaded.source(s).title for s in f.sources], overrides.get(f.summary))
            for f in found
        ],
        unchecked,
    )
