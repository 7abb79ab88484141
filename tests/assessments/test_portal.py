"""Patients fill in scales in the portal; flags reach the team; clinicians acknowledge them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from poise.assessments import services
from poise.assessments.models import QuestionnaireResponse, SafetyFlag
from poise.assessments.selectors import due_instruments
from poise.audit.models import AuditEvent
from poise.patients.services import care_team_add
from tests.conftest import Mailbox, Personas, client_for


def fill(client: Client, instrument: str, answers: list[str]) -> Any:
    url = reverse("web:portal_fill", kwargs={"instrument_key": instrument})
    page = client.get(url)
    for answer in answers:
        item = page.context["item"].number
        page = client.post(url, {"item": item, "answer": answer}, follow=True)
    return page


def test_a_patient_answers_phq9_one_question_at_a_time(personas: Personas) -> None:
    client = client_for(personas.patient_user)
    first = client.get(reverse("web:portal_fill", kwargs={"instrument_key": "phq9"}))
    assert first.context["item"].number == 1 and first.context["count"] == 9
    done = fill(client, "phq9", ["1", "1", "2", "1", "0", "1", "1", "0", "0"])
    assert "your score is 7, in the mild range" in done.content.decode()
    saved = QuestionnaireResponse.objects.get(patient=personas.patient)
    assert (saved.status, saved.total, saved.severity) == ("completed", 7, "mild")
    assert saved.total_loinc == "44261-6" and not SafetyFlag.objects.exists()


def test_an_unfinished_questionnaire_resumes_where_it_stopped(personas: Personas) -> None:
    fill(client_for(personas.patient_user), "gad7", ["1", "2", "3"])
    again = client_for(personas.patient_user).get(
        reverse("web:portal_fill", kwargs={"instrument_key": "gad7"})
    )
    assert again.context["item"].number == 4


def test_item_9_raises_a_flag_shows_crisis_help_and_alerts_the_team_without_health_data(
    personas: Personas, smtp_server: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    personas.prescriber.email = "hale@lakeside.example"
    personas.prescriber.save()
    care_team_add(
        patient=personas.patient,
        member=personas.prescriber,
        responsibility="Prescriber",
        by=personas.clinic_admin,
        request=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = fill(client_for(personas.patient_user), "phq9", ["0"] * 8 + ["2"])
    assert "988" in page.content.decode() and "care team has been alerted" in page.content.decode()
    flag = SafetyFlag.objects.get(patient=personas.patient)
    assert flag.kind == "suicidal-ideation" and flag.acknowledged_at is None
    [alert] = smtp_server.messages
    body = alert.get_body(preferencelist=("plain",)).get_content()
    assert alert["To"] == "hale@lakeside.example" and "urgent safety flag" in body
    assert "Morgan" not in body and "PHQ" not in body


def test_the_flag_stays_open_until_a_clinician_acknowledges_it_with_a_note(
    personas: Personas,
) -> None:
    fill(client_for(personas.patient_user), "phq9", ["0"] * 8 + ["1"])
    chart = reverse("patients:chart", kwargs={"public_id": personas.patient.public_id})
    assert "Urgent safety flag" in client_for(personas.clinician).get(chart).content.decode()
    listing = client_for(personas.clinician).get(reverse("patients:list")).content.decode()
    assert "urgent flag" in listing
    flag = SafetyFlag.objects.get()
    url = reverse(
        "patients:flag_acknowledge",
        kwargs={"public_id": personas.patient.public_id, "flag_id": flag.public_id},
    )
    client_for(personas.clinician).post(url, {"note": ""})
    assert SafetyFlag.objects.get().acknowledged_at is None
    client_for(personas.clinician).post(url, {"note": "Called; safety plan reviewed"})
    flag.refresh_from_db()
    assert flag.acknowledged_by == personas.clinician
    assert AuditEvent.objects.filter(resource="safety-flag", actor=personas.clinician).exists()
    assert "Urgent safety flag" not in client_for(personas.clinician).get(chart).content.decode()


def test_the_cssrs_skips_questions_3_to_5_after_a_no_to_question_2(personas: Personas) -> None:
    client = client_for(personas.patient_user)
    url = reverse("web:portal_fill", kwargs={"instrument_key": "cssrs"})
    client.get(url)
    client.post(url, {"item": 1, "answer": "yes"})
    page = client.post(url, {"item": 2, "answer": "no"}, follow=True)
    assert page.context["item"].number == 6
    done = client.post(url, {"item": 6, "answer": "no"}, follow=True)
    assert "care team has been alerted" in done.content.decode()  # a yes to Q1 is positive
    assert SafetyFlag.objects.get().kind == "suicide-risk"


def test_a_bad_answer_is_asked_again_and_nothing_is_lost(personas: Personas) -> None:
    client = client_for(personas.patient_user)
    url = reverse("web:portal_fill", kwargs={"instrument_key": "gad7"})
    client.get(url)
    client.post(url, {"item": 1, "answer": "2"})
    page = client.post(url, {"item": 2, "answer": "9"})
    assert page.context["error"] and page.context["item"].number == 2
    assert QuestionnaireResponse.objects.get().answers[0] == "2"


def test_staff_cannot_fill_the_portal_and_patients_see_only_their_results(
    personas: Personas,
) -> None:
    url = reverse("web:portal_fill", kwargs={"instrument_key": "phq9"})
    assert client_for(personas.prescriber).get(url).status_code == 403
    theirs = services.response_record(
        patient=personas.other_patient, instrument="gad2", answers=["1", "1"], by=personas.clinician
    )
    result = reverse("web:portal_result", kwargs={"response_id": theirs.public_id})
    assert client_for(personas.patient_user).get(result).status_code == 404


def test_a_scale_given_in_clinic_is_stored_once_however_often_it_is_submitted(
    personas: Personas,
) -> None:
    url = reverse(
        "patients:administer",
        kwargs={"public_id": personas.patient.public_id, "instrument_key": "gad2"},
    )
    form = {"item_1": "2", "item_2": "1", "idempotency_key": "visit-7"}
    client_for(personas.clinician).post(url, form)
    client_for(personas.clinician).post(url, form)
    saved = QuestionnaireResponse.objects.get(patient=personas.patient)
    assert saved.administered_by_clinician and saved.total == 3 and saved.positive


def test_assigned_scales_fall_due_on_their_cadence(personas: Personas) -> None:
    today = date(2026, 11, 27)
    services.assignment_set(
        patient=personas.patient,
        instrument="phq9",
        every_days=14,
        starts_on=today,
        by=personas.prescriber,
    )
    assert [d.instrument.id for d in due_instruments(patient=personas.patient, today=today)] == [
        "phq9"
    ]
    services.response_record(
        patient=personas.patient, instrument="phq9", answers=["0"] * 9, by=personas.prescriber
    )
    recorded = QuestionnaireResponse.objects.get().completed_at.date()
    assert due_instruments(patient=personas.patient, today=recorded) == []
    later = recorded + timedelta(days=14)
    assert len(due_instruments(patient=personas.patient, today=later)) == 1


@pytest.mark.parametrize("role", ["front_desk", "clinic_admin"])
def test_roles_without_clinical_access_see_no_scales_or_flags(
    personas: Personas, role: str
) -> None:
    fill(client_for(personas.patient_user), "phq9", ["0"] * 8 + ["1"])
    page = (
        client_for(getattr(personas, role))
        .get(reverse("patients:chart", kwargs={"public_id": personas.patient.public_id}))
        .content.decode()
    )
    assert "Urgent safety flag" not in page and "Rating scales" not in page


def test_clinician_rated_scales_are_not_offered_in_the_portal(personas: Personas) -> None:
    services.assignment_set(
        patient=personas.patient,
        instrument="aims",
        every_days=182,
        starts_on=date(2026, 1, 1),
        by=personas.prescriber,
    )
    assert due_instruments(patient=personas.patient, today=date(2026, 11, 27)) == []
    url = reverse("web:portal_fill", kwargs={"instrument_key": "aims"})
    assert client_for(personas.patient_user).get(url).status_code == 404


def test_a_tampered_item_number_is_refused_politely(personas: Personas) -> None:
    url = reverse("web:portal_fill", kwargs={"instrument_key": "gad2"})
    client = client_for(personas.patient_user)
    client.get(url)
    page = client.post(url, {"item": "x", "answer": "1"})
    assert page.status_code == 200 and page.context["error"]


def test_a_clinician_stops_assigning_a_scale_and_its_answers_stay(personas: Personas) -> None:
    services.assignment_set(
        patient=personas.patient,
        instrument="gad7",
        every_days=28,
        starts_on=date(2026, 1, 1),
        by=personas.prescriber,
    )
    services.response_record(
        patient=personas.patient, instrument="gad7", answers=["1"] * 7, by=personas.clinician
    )
    url = reverse(
        "patients:assignment_stop",
        kwargs={"public_id": personas.patient.public_id, "instrument_key": "gad7"},
    )
    client_for(personas.clinician).post(url)
    assert not personas.patient.assignments.filter(ended_at__isnull=True).exists()
    assert QuestionnaireResponse.objects.filter(patient=personas.patient).count() == 1
    assert due_instruments(patient=personas.patient, today=date(2027, 1, 1)) == []
