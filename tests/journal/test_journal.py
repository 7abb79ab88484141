"""The journal: the patient writes it in the portal; the care team reads every entry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from poise.audit.models import AuditEvent
from poise.journal.models import JournalEntry
from poise.journal.services import journal_write
from tests.conftest import Personas, client_for


def _write(personas: Personas, key: str = "k-1", **fields: str) -> Any:
    data = {"written_on": timezone.localdate().isoformat(), "idempotency_key": key, **fields}
    return client_for(personas.patient_user).post(reverse("web:portal_journal"), data)


def _entries(personas: Personas) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(patient=personas.patient).order_by("id"))


def _chart(personas: Personas, user: Any = None) -> str:
    url = reverse("patients:chart", kwargs={"public_id": personas.patient.public_id})
    return client_for(user or personas.prescriber).get(url).content.decode()


def test_an_entry_written_in_the_portal_reaches_the_chart(personas: Personas) -> None:
    response = _write(
        personas,
        feeling="4",
        doses="some_missed",
        how="Sleeping badly.",
        side_effects="Nausea in the mornings",
        question="Can I take it at night?",
    )
    assert response.status_code == 302
    (entry,) = _entries(personas)
    assert (entry.feeling, entry.doses, entry.recorded_by) == (
        4,
        "some_missed",
        personas.patient_user,
    )
    (event,) = AuditEvent.objects.filter(resource="journal", action="create")
    assert event.object_id == str(entry.public_id)
    for user in (personas.prescriber, personas.clinician):
        chart = _chart(personas, user)
        assert "Nausea in the mornings" in chart and "Can I take it at night?" in chart
        assert "1 saying doses were missed" in chart
    assert "Nausea in the mornings" not in _chart(personas, personas.front_desk)


def test_the_portal_lists_the_patients_own_entries_with_a_crisis_line(
    personas: Personas,
) -> None:
    _write(personas, how="A better week.")
    page = client_for(personas.patient_user).get(reverse("web:portal_journal"))
    text = page.content.decode()
    assert "A better week." in text and "not straight away" in text and "988" in text


def test_sending_the_same_entry_twice_keeps_it_once(personas: Personas) -> None:
    _write(personas, key="same", how="Tired.")
    _write(personas, key="same", how="Tired.")
    assert len(_entries(personas)) == 1


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({}, "the entry is empty"),
        ({"how": "ok", "written_on": "2099-01-01"}, "cannot be in the future"),
        ({"how": "ok", "written_on": "2020-01-01"}, "in the last 90 days"),
        ({"feeling": "11"}, "Select a valid choice"),
        ({"doses": "sometimes"}, "Select a valid choice"),
        ({"how": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_input_is_named_and_nothing_is_kept(
    personas: Personas, fields: dict[str, str], words: str
) -> None:
    response = _write(personas, **fields)
    assert response.status_code == 200 and words in response.content.decode()
    assert _entries(personas) == []
    # The page shown again lists the journal: that read is in the trail.
    assert AuditEvent.objects.filter(resource="journal", action="read").exists()


def test_only_the_patient_writes_their_journal(personas: Personas) -> None:
    url = reverse("web:portal_journal")
    for user in (personas.prescriber, personas.clinician, personas.front_desk):
        data = {"written_on": timezone.localdate().isoformat(), "how": "x", "idempotency_key": "k"}
        assert client_for(user).post(url, data).status_code == 403
    assert _entries(personas) == []


# The chart counts the last 30 days only: an entry from 40 days ago is in the journal but not
# in the count.
def test_the_chart_counts_the_last_30_days_and_lists_every_entry_on_its_page(
    personas: Personas,
) -> None:
    today = timezone.localdate()
    for days_ago, doses in ((40, "most_missed"), (10, "all"), (2, "some_missed")):
        journal_write(
            patient=personas.patient,
            by=personas.patient_user,
            written_on=today - timedelta(days=days_ago),
            doses=doses,
        )
    assert "2 entries, " in _chart(personas) and "1 saying doses were missed" in _chart(personas)
    url = reverse("patients:journal", kwargs={"public_id": personas.patient.public_id})
    page = client_for(personas.clinician).get(url)
    assert [e.written_on for e in page.context["page"]] == [
        today - timedelta(days=2),
        today - timedelta(days=10),
        today - timedelta(days=40),
    ]


def test_the_chart_reads_a_fixed_number_of_queries_however_long_the_journal(
    personas: Personas,
) -> None:
    def queries() -> int:
        url = reverse("patients:chart", kwargs={"public_id": personas.patient.public_id})
        client = client_for(personas.prescriber)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    def write(n: int) -> None:
        journal_write(
            patient=personas.patient,
            by=personas.patient_user,
            written_on=timezone.localdate() - timedelta(days=n),
            how=f"day {n}",
        )

    write(0)
    few = queries()
    for n in range(1, 8):
        write(n)
    assert queries() == few
