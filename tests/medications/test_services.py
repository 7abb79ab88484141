from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from poise.clinical import safety
from poise.medications import services
from poise.medications.models import FindingOverride, MedicationDose, MedicationStatement
from poise.patients.selectors import medications_with_doses
from poise.patients.services import EditConflict
from tests.conftest import Personas


def start_sertraline(personas: Personas) -> MedicationStatement:
    return services.medication_start(
        patient=personas.patient,
        drug="sertraline",
        rxnorm="36437",
        formulation="tablet",
        indication="Depression",
        started_on=date(2026, 9, 1),
        dose_mg=Decimal(50),
        times_per_day=1,
        by=personas.prescriber,
    )


def test_every_dose_change_is_kept_as_its_own_dated_entry(personas: Personas) -> None:
    statement = start_sertraline(personas)
    services.medication_change_dose(
        statement=statement,
        expected_version=1,
        effective_on=date(2026, 10, 1),
        dose_mg=Decimal(100),
        times_per_day=1,
        reason="Partial response",
        by=personas.prescriber,
    )
    [course] = medications_with_doses(patient=personas.patient)
    assert [(d.effective_on, d.daily_dose_mg) for d in course.doses.all()] == [
        (date(2026, 9, 1), Decimal(50)),
        (date(2026, 10, 1), Decimal(100)),
    ]
    assert course.current_dose is not None and course.current_dose.dose_mg == Decimal(100)


def test_a_dose_change_made_on_a_stale_page_is_refused(personas: Personas) -> None:
    statement = start_sertraline(personas)
    services.medication_change_dose(
        statement=statement,
        expected_version=1,
        effective_on=date(2026, 10, 1),
        dose_mg=Decimal(100),
        times_per_day=1,
        reason="Partial response",
        by=personas.prescriber,
    )
    with pytest.raises(EditConflict):
        services.medication_change_dose(
            statement=statement,
            expected_version=1,
            effective_on=date(2026, 10, 2),
            dose_mg=Decimal(75),
            times_per_day=1,
            reason="Side effects",
            by=personas.prescriber,
        )
    assert MedicationDose.objects.filter(statement=statement).count() == 2


def test_a_stopped_medication_takes_no_new_dose(personas: Personas) -> None:
    statement = start_sertraline(personas)
    services.medication_stop(
        statement=statement,
        expected_version=1,
        stopped_on=date(2026, 11, 1),
        reason="Remission, tapered off",
        by=personas.prescriber,
    )
    with pytest.raises(ValueError, match="stopped"):
        services.medication_change_dose(
            statement=statement,
            expected_version=2,
            effective_on=date(2026, 11, 2),
            dose_mg=Decimal(25),
            times_per_day=1,
            reason="Restart",
            by=personas.prescriber,
        )


def test_the_database_refuses_a_stop_before_the_start(personas: Personas) -> None:
    statement = start_sertraline(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        MedicationStatement.objects.filter(pk=statement.pk).update(
            stopped_on=date(2026, 8, 1), stop_reason="typo"
        )


def test_the_database_refuses_a_zero_dose(personas: Personas) -> None:
    statement = start_sertraline(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        MedicationDose.objects.create(
            statement=statement,
            effective_on=date(2026, 9, 2),
            dose_mg=Decimal(0),
            times_per_day=1,
            reason="x",
            recorded_by=personas.prescriber,
        )


def test_a_brand_name_in_the_form_becomes_the_generic_with_its_rxnorm_code(
    personas: Personas,
) -> None:
    from poise.medications.forms import MedicationStartForm

    form = MedicationStartForm(
        {
            "drug": "Lexapro",
            "formulation": "tablet",
            "started_on": "2026-10-01",
            "dose_mg": "10",
            "times_per_day": "1",
        }
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["drug"], form.cleaned_data["rxnorm"]) == ("escitalopram", "321988")
    wrong = MedicationStartForm(
        {
            "drug": "escitalopram",
            "rxnorm": "36437",
            "formulation": "tablet",
            "started_on": "2026-10-01",
            "dose_mg": "10",
            "times_per_day": "1",
        }
    )
    assert "rxnorm" in wrong.errors
    other = MedicationStartForm(
        {
            "drug": "Metformin",
            "formulation": "tablet",
            "started_on": "2026-10-01",
            "dose_mg": "500",
            "times_per_day": "2",
        }
    )
    assert other.is_valid() and other.cleaned_data["drug"] == "metformin"


def test_an_override_needs_a_reason_and_nothing_is_saved_without_one(personas: Personas) -> None:
    finding = safety.Finding(
        safety.Severity.CONTRAINDICATED,
        safety.Kind.INTERACTION,
        ("linezolid", "sertraline"),
        "MAO inhibition with a serotonergic drug",
        "linezolid with sertraline: risk of serotonin syndrome",
        "why",
        "what to do",
        ("zyvox-label",),
    )
    with pytest.raises(ValueError, match="Give the reason"):
        services.medication_start(
            patient=personas.patient,
            drug="linezolid",
            rxnorm="",
            formulation="tablet",
            indication="",
            started_on=date(2026, 9, 1),
            dose_mg=Decimal(600),
            times_per_day=2,
            by=personas.prescriber,
            overriding=[finding],
            override_reason="  ",
        )
    assert not MedicationStatement.objects.exists()  # the course and its dose rolled back
    dose = start_sertraline(personas).doses.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingOverride.objects.create(
            dose=dose,
            severity="major",
            mechanism="m",
            summary="s",
            reason="",
            recorded_by=personas.prescriber,
        )
