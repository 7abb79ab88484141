from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from poise.audit.models import AuditEvent
from poise.patients import services
from poise.patients.models import Condition, Observation
from poise.patients.selectors import chart_summary, latest_observations, latest_status
from tests.conftest import Personas

WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_weight_with_a_known_height_also_records_the_bmi(personas: Personas) -> None:
    services.observations_record(
        patient=personas.patient,
        measurements=[services.Measurement("height", Decimal(170))],
        effective_at=WHEN,
        by=personas.clinician,
    )
    services.observations_record(
        patient=personas.patient,
        measurements=[services.Measurement("weight", Decimal("72.3"))],
        effective_at=WHEN,
        by=personas.clinician,
    )
    # 72.3 / 1.7^2 = 25.017 -> 25.0
    assert latest_observations(patient=personas.patient)["bmi"].value == Decimal("25.0")


def test_one_implausible_value_saves_none_of_the_set(personas: Personas) -> None:
    with pytest.raises(ValueError, match="Body weight"):
        services.observations_record(
            patient=personas.patient,
            measurements=[
                services.Measurement("heart_rate", Decimal(70)),
                services.Measurement("weight", Decimal(900)),
            ],
            effective_at=WHEN,
            by=personas.clinician,
        )
    assert not Observation.objects.filter(patient=personas.patient).exists()


def test_an_entry_marked_in_error_stays_in_the_record_but_leaves_the_summary(
    personas: Personas,
) -> None:
    condition = services.condition_add(
        patient=personas.patient, icd10cm="F41.1", text="GAD", by=personas.prescriber
    )
    services.entry_mark_entered_in_error(
        entry=condition, patient=personas.patient, reason="Wrong patient", by=personas.prescriber
    )
    kept = Condition.objects.get(pk=condition.pk)
    assert kept.text == "GAD" and kept.entered_in_error_reason == "Wrong patient"
    assert kept.entered_in_error_by == personas.prescriber
    assert chart_summary(patient=personas.patient, clinical=True).conditions == []
    assert AuditEvent.objects.filter(action="entered-in-error", patient=personas.patient).exists()


def test_an_entry_cannot_be_marked_in_error_twice(personas: Personas) -> None:
    condition = services.condition_add(
        patient=personas.patient, icd10cm="F41.1", text="GAD", by=personas.prescriber
    )
    services.entry_mark_entered_in_error(
        entry=condition, patient=personas.patient, reason="Duplicate", by=personas.prescriber
    )
    with pytest.raises(services.EditConflict):
        services.entry_mark_entered_in_error(
            entry=condition, patient=personas.patient, reason="Again", by=personas.clinician
        )
    assert Condition.objects.get(pk=condition.pk).entered_in_error_reason == "Duplicate"


def test_a_stale_demographics_edit_is_refused_and_the_newer_one_kept(personas: Personas) -> None:
    patient = personas.patient
    read_version = patient.version
    services.patient_update_demographics(
        patient=patient,
        changes={"phone": "555-0101"},
        expected_version=read_version,
        by=personas.front_desk,
    )
    with pytest.raises(services.EditConflict):
        services.patient_update_demographics(
            patient=patient,
            changes={"phone": "555-9999"},
            expected_version=read_version,
            by=personas.clinician,
        )
    patient.refresh_from_db()
    assert patient.phone == "555-0101" and patient.version == read_version + 1


def test_a_demographics_edit_keeps_the_old_values_in_the_audit_trail(personas: Personas) -> None:
    old_name = personas.patient.family_name
    services.patient_update_demographics(
        patient=personas.patient,
        changes={"family_name": "Morgan-Lee"},
        expected_version=personas.patient.version,
        by=personas.front_desk,
    )
    event = AuditEvent.objects.filter(action="update", resource="demographics").get()
    assert event.detail == {"previous": {"family_name": old_name}}


def test_the_care_team_takes_only_staff_of_the_patients_clinic(personas: Personas) -> None:
    with pytest.raises(ValueError, match="own clinic"):
        services.care_team_add(
            patient=personas.patient,
            member=personas.foreign_prescriber,
            responsibility="Prescriber",
            by=personas.clinic_admin,
            request=None,
        )
    with pytest.raises(ValueError, match="own clinic"):
        services.care_team_add(
            patient=personas.patient,
            member=personas.patient_user,
            responsibility="Prescriber",
            by=personas.clinic_admin,
            request=None,
        )


def test_a_diagnosis_going_into_remission_keeps_its_earlier_version(personas: Personas) -> None:
    active = services.condition_add(
        patient=personas.patient, icd10cm="F33.1", text="MDD, recurrent", by=personas.prescriber
    )
    revised = services.condition_revise(
        condition=active, clinical_status="remission", by=personas.prescriber
    )
    assert revised.replaces == active
    assert Condition.objects.get(pk=active.pk).clinical_status == "active"
    assert chart_summary(patient=personas.patient, clinical=True).conditions == [revised]
    with pytest.raises(services.EditConflict):  # the old version cannot be revised again
        services.condition_revise(
            condition=active, clinical_status="resolved", by=personas.prescriber
        )


# A pharmacogenomic result is for life: later assessments of other statuses, however many,
# do not push it out of the chart, and the read stays two queries.
def test_the_latest_answer_to_each_status_stays_however_many_assessments_follow(
    personas: Personas,
) -> None:
    first = date(2025, 1, 1)
    services.status_assess(
        patient=personas.patient, assessed_on=first, by=personas.clinician, cyp2d6="poor"
    )
    for day in range(1, 61):
        services.status_assess(
            patient=personas.patient,
            assessed_on=first + timedelta(days=day),
            by=personas.clinician,
            smoking="never" if day % 2 else "current",
        )
    with CaptureQueriesContext(connection) as queries:
        status = latest_status(patient=personas.patient)
    assert status.answer("cyp2d6") == "poor" and status.answer("smoking") == "current"
    assert status.answer("pregnancy") == "" and len(queries) == 2
