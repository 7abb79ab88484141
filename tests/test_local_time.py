"""Each request runs in the zone of the person making it: staff in their clinic's, a patient in
their own. "Today" is theirs, not the server's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from poise.accounts.middleware import zone_of
from tests.conftest import Personas, client_for


def _at(monkeypatch: pytest.MonkeyPatch, instant: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: instant)


def _start_medicine(personas: Personas, started_on: str) -> str:
    url = reverse("patients:medication_start", kwargs={"public_id": personas.patient.public_id})
    response = client_for(personas.prescriber).post(
        url,
        {
            "drug": "sertraline",
            "formulation": "tablet",
            "started_on": started_on,
            "dose_mg": "50",
            "times_per_day": "1",
        },
    )
    return str(response.status_code)


def test_a_clinic_west_of_utc_has_not_reached_the_servers_tomorrow(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 03:00 UTC on 28 November is 21:00 on 27 November in Chicago.
    personas.clinic.time_zone = "America/Chicago"
    personas.clinic.save()
    _at(monkeypatch, datetime(2026, 11, 28, 3, 0, tzinfo=UTC))
    url = reverse("patients:medication_start", kwargs={"public_id": personas.patient.public_id})
    page = client_for(personas.prescriber).get(url).content.decode()
    assert 'value="2026-11-27"' in page
    assert _start_medicine(personas, "2026-11-28") == "200"  # refused: in the future
    assert _start_medicine(personas, "2026-11-27") == "302"


def test_a_clinic_east_of_utc_can_record_its_own_today(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 20:00 UTC on 27 November is 05:00 on 28 November in Tokyo.
    personas.clinic.time_zone = "Asia/Tokyo"
    personas.clinic.save()
    _at(monkeypatch, datetime(2026, 11, 27, 20, 0, tzinfo=UTC))
    assert _start_medicine(personas, "2026-11-28") == "302"


@pytest.mark.django_db
def test_staff_take_their_clinics_zone_and_a_patient_their_own(personas: Personas) -> None:
    personas.clinic.time_zone = "America/Chicago"
    personas.clinic.save()
    personas.patient.time_zone = "Europe/Berlin"
    personas.patient.save()
    assert zone_of(personas.prescriber) == "America/Chicago"
    assert zone_of(personas.patient_user) == "Europe/Berlin"
