from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from poise.audit.models import Action, AuditEvent
from poise.audit.services import audit_record, audit_verify_chain
from poise.cli import main
from tests.conftest import Personas, client_for


def record_three(personas: Personas) -> None:
    for _ in range(3):
        audit_record(
            clinic=personas.clinic,
            actor=personas.prescriber,
            action=Action.READ,
            resource="chart",
            patient=personas.patient,
            detail={"n": 1},
        )


def test_reading_a_chart_records_who_which_patient_and_from_where(personas: Personas) -> None:
    client_for(personas.clinician).get(
        reverse("patients:chart", kwargs={"public_id": personas.patient.public_id}),
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.get(action="read", resource="chart")
    assert event.actor == personas.clinician and event.patient == personas.patient
    assert event.ip_address == "10.1.2.3" and event.clinic == personas.clinic


def test_each_entry_links_to_the_one_before(personas: Personas) -> None:
    record_three(personas)
    first, second, third = AuditEvent.objects.filter(clinic=personas.clinic).order_by("sequence")
    assert (first.sequence, second.sequence, third.sequence) == (1, 2, 3)
    assert second.previous_hash == first.hash and third.previous_hash == second.hash
    assert audit_verify_chain(clinic=personas.clinic).intact


def test_the_database_refuses_to_update_an_entry(personas: Personas) -> None:
    record_three(personas)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(sequence=2).update(actor_label="someone else")


def test_verification_finds_an_entry_altered_behind_the_apps_back(personas: Personas) -> None:
    record_three(personas)
    with connection.cursor() as cursor:  # a tamperer with database access removes the guard
        cursor.execute(
            "DROP TRIGGER audit_event_no_update"
            + (" ON audit_auditevent" if connection.vendor == "postgresql" else "")
        )
    AuditEvent.objects.filter(sequence=2).update(detail={"n": 2})
    report = audit_verify_chain(clinic=personas.clinic)
    assert report.problems == ["entry 2 was altered after it was written"]


def test_verification_finds_a_removed_entry(personas: Personas) -> None:
    record_three(personas)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_event_no_update ON audit_auditevent")
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 2")
    assert "entries 2..2 are missing" in audit_verify_chain(clinic=personas.clinic).problems


def test_the_verify_command_exits_non_zero_on_a_broken_chain(
    personas: Personas, capsys: pytest.CaptureFixture[str]
) -> None:
    record_three(personas)
    assert main(["audit-verify"]) == 0
    assert "3 entries, chain intact" in capsys.readouterr().out
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_event_no_update ON audit_auditevent")
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 3")
    assert main(["audit-verify"]) == 1
    assert "BROKEN" in capsys.readouterr().out


def test_a_clinic_admin_exports_their_clinics_trail_only(personas: Personas) -> None:
    record_three(personas)
    audit_record(
        clinic=personas.other_clinic,
        actor=personas.foreign_prescriber,
        action=Action.READ,
        resource="chart",
        patient=personas.foreign_patient,
    )
    response = client_for(personas.clinic_admin).get(reverse("audit:export"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["sequence"] for row in rows][:3] == ["1", "2", "3"]
    assert {row["patient"] for row in rows} <= {str(personas.patient.public_id), ""}
    assert AuditEvent.objects.filter(clinic=personas.clinic, action="export").exists()


def test_the_audit_page_verifies_the_chain_on_request(personas: Personas) -> None:
    record_three(personas)
    page = client_for(personas.clinic_admin).get(reverse("audit:log"), {"verify": "1"})
    assert "Chain intact" in page.content.decode()


def test_the_audit_log_filters_by_record_number(personas: Personas) -> None:
    record_three(personas)
    audit_record(
        clinic=personas.clinic,
        actor=personas.prescriber,
        action=Action.READ,
        resource="chart",
        patient=personas.other_patient,
    )
    page = client_for(personas.clinic_admin).get(reverse("audit:log"), {"patient": "L-2"})
    shown = page.context["page"].object_list
    assert [event.patient for event in shown] == [personas.other_patient]


def test_the_audit_trail_keeps_utc_days_and_times_in_any_clinic_zone(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 20:00 UTC on 27 November is already 28 November in Tokyo.
    personas.clinic.time_zone = "Asia/Tokyo"
    personas.clinic.save()
    for instant in (
        datetime(2026, 11, 27, 20, 0, tzinfo=UTC),
        datetime(2026, 11, 28, 1, 0, tzinfo=UTC),
    ):
        monkeypatch.setattr(timezone, "now", lambda at=instant: at)
        record_three(personas)
    admin = client_for(personas.clinic_admin)
    page = admin.get(reverse("audit:log"), {"since": "2026-11-27", "until": "2026-11-27"})
    assert {e.at for e in page.context["page"].object_list} == {
        datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    }
    assert "2026-11-27 20:00:00" in page.content.decode()
    later = admin.get(reverse("audit:log"), {"since": "2026-11-28"}).context["page"].object_list
    assert {e.at for e in later} >= {datetime(2026, 11, 28, 1, 0, tzinfo=UTC)}
    assert datetime(2026, 11, 27, 20, 0, tzinfo=UTC) not in {e.at for e in later}
