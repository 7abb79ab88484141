from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from poise.accounts.models import Role, User
from poise.demo import PATIENT_LOGIN, demo_seed
from poise.medications.models import MedicationDose
from poise.patients.models import Observation, Patient

TODAY = date(2026, 11, 27)


def fingerprint() -> list[tuple[object, ...]]:
    return [
        (
            p.mrn,
            p.given_name,
            p.family_name,
            p.date_of_birth,
            tuple(
                MedicationDose.objects.filter(statement__patient=p)
                .order_by("effective_on", "id")
                .values_list("effective_on", "dose_mg")
            ),
            tuple(
                Observation.objects.filter(patient=p)
                .order_by("effective_at", "kind")
                .values_list("kind", "value")
            ),
        )
        for p in Patient.objects.order_by("mrn")
    ]


@pytest.mark.django_db
def test_the_demo_clinic_has_staff_in_every_role_and_25_patients() -> None:
    assert demo_seed(today=TODAY)
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert User.objects.exclude(role=Role.PATIENT).count() >= 3
    assert Patient.objects.count() == 25
    patient = Patient.objects.get(user__username=PATIENT_LOGIN)
    # The portal patient has written in the journal lately, so the chart shows it.
    written = patient.journal.values_list("written_on", flat=True)
    assert written and all(0 <= (TODAY - day).days < 30 for day in written)


@pytest.mark.django_db
def test_the_demo_loads_only_into_an_empty_database() -> None:
    assert demo_seed(patients=3, today=TODAY)
    assert not demo_seed(patients=3, today=TODAY)
    assert Patient.objects.count() == 3


def seeded_fingerprint() -> list[tuple[object, ...]]:
    """Load the demo, read it, and roll it back, leaving the database empty again."""
    with transaction.atomic():
        demo_seed(patients=6, today=TODAY)
        loaded = fingerprint()
        transaction.set_rollback(True)
    return loaded


@pytest.mark.django_db
def test_the_demo_is_the_same_every_time_for_a_given_day() -> None:
    first = seeded_fingerprint()
    assert len(first) == 6
    assert seeded_fingerprint() == first


@pytest.mark.django_db
def test_chart_queries_do_not_grow_with_the_history() -> None:
    demo_seed(patients=12, today=TODAY)
    client = Client()
    client.force_login(User.objects.get(username="dr.rivera"))
    counts = {}
    for patient in Patient.objects.all():
        url = reverse("patients:chart", kwargs={"public_id": patient.public_id})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[Observation.objects.filter(patient=patient).count()] = len(queries)
    assert len(counts) > 1, "the demo should give histories of different lengths"
    assert len(set(counts.values())) == 1, counts


@pytest.mark.django_db
def test_patient_list_queries_do_not_grow_with_the_clinic() -> None:
    demo_seed(patients=60, today=TODAY)
    client = Client()
    client.force_login(User.objects.get(username="desk.kowalski"))
    with CaptureQueriesContext(connection) as page_one:
        client.get(reverse("patients:list"))
    with CaptureQueriesContext(connection) as page_two:
        client.get(reverse("patients:list"), {"page": 2})
    assert len(page_one) == len(page_two)
