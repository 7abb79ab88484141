"""Planning from the chart: the planners read the patient's chart, and the plan is a calendar."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from poise.audit.models import AuditEvent
from poise.medications.models import MedicationStatement, SharedPlan
from poise.medications.services import medication_start, medication_stop
from poise.patients.models import Patient
from poise.patients.services import status_assess
from tests.conftest import Personas, client_for, make_patient

FIRST_DAY = date(2026, 12, 1)


def _plan(personas: Personas, patient: Patient | None = None, **query: str) -> Any:
    url = reverse("patients:plan", kwargs={"public_id": (patient or personas.patient).public_id})
    return client_for(personas.prescriber).get(
        url, {"start_on": FIRST_DAY.isoformat(), **query} if query else {}
    )


def _on(
    personas: Personas, drug: str, dose: str, patient: Patient | None = None, form: str = "tablet"
) -> MedicationStatement:
    return medication_start(
        patient=patient or personas.patient,
        drug=drug,
        rxnorm="",
        formulation=form,
        indication="",
        started_on=timezone.localdate() - timedelta(days=60),
        dose_mg=Decimal(dose),
        times_per_day=1,
        by=personas.prescriber,
    )


def _rows(response: Any, n: int = 0) -> list[tuple[int, date, float]]:
    assert response.status_code == 200
    planned = response.context["planned"]
    assert planned is not None, response.context["refusal"] or response.context["form"].errors
    return [(r.day, r.on, float(r.daily_dose_mg)) for r in planned.calendars[n].rows]


# CYMBALTA: 30 mg once daily for 1 week before 60 mg; 2 weeks at 65 and over. The chart's date
# of birth decides which, and each step is dated from the first day asked for.
def test_a_titration_follows_the_label_for_the_patients_age_from_the_chart(
    personas: Personas,
) -> None:
    older = make_patient(personas.clinic, "L-9", "Ada", "Lane", date_of_birth=date(1950, 3, 1))
    assert _rows(_plan(personas, kind="titrate", drug="Cymbalta", target_mg="60")) == [
        (0, FIRST_DAY, 30),
        (7, date(2026, 12, 8), 60),
    ]
    assert _rows(_plan(personas, older, kind="titrate", drug="duloxetine", target_mg="60")) == [
        (0, FIRST_DAY, 30),
        (14, date(2026, 12, 15), 60),
    ]


# LAMICTAL's escalation with valproate starts at 25 mg every other day (12.5 mg/day), half
# the 25 mg/day it starts at alone: the chart's current medicines choose the arm.
def test_a_titration_takes_the_other_medicines_on_the_chart_into_account(
    personas: Personas,
) -> None:
    def first_dose() -> float:
        return _rows(_plan(personas, kind="titrate", drug="lamotrigine", target_mg="100"))[0][2]

    assert first_dose() == 25
    _on(personas, "valproate", "1000", form="tablet_dr")
    assert first_dose() == 12.5


# BRINTELLIX: at most 10 mg/day in a known CYP2D6 poor metabolizer. The chart's
# pharmacogenomic status reaches the planner.
def test_a_titration_keeps_to_the_maximum_for_the_charts_genotype(personas: Personas) -> None:
    assert _rows(_plan(personas, kind="titrate", drug="vortioxetine", target_mg="20"))
    status_assess(
        patient=personas.patient,
        assessed_on=timezone.localdate(),
        by=personas.prescriber,
        cyp2d6="poor",
    )
    refused = _plan(personas, kind="titrate", drug="vortioxetine", target_mg="20")
    assert refused.context["planned"] is None
    assert "10 mg" in str(refused.context["refusal"])


# PROZAC: at least 5 weeks after stopping fluoxetine before an MAOI. Fluoxetine stopped
# 10 days ago on the chart: phenelzine is not planned, and the page says it is contraindicated.
def test_a_recently_stopped_medicine_holds_up_what_needs_its_washout(personas: Personas) -> None:
    fluoxetine = _on(personas, "fluoxetine", "20", form="capsule")
    medication_stop(
        statement=fluoxetine,
        stopped_on=timezone.localdate() - timedelta(days=10),
        reason="switching",
        expected_version=fluoxetine.version,
        by=personas.prescriber,
    )
    response = _plan(personas, kind="titrate", drug="phenelzine", target_mg="45")
    assert response.context["planned"] is None and response.context["refusal"].contraindicated
    page = response.content.decode()
    assert "Not planned: contraindicated" in page and "fluoxetine" in page


# A taper starts from the current dose on the chart and never rises; "Plan a taper" on the
# chart opens it with the medicine chosen, to stopping.
def test_a_taper_starts_from_the_current_dose_and_ends_stopped(personas: Personas) -> None:
    paroxetine = _on(personas, "paroxetine", "20")
    chart = client_for(personas.prescriber).get(
        reverse("patients:chart", kwargs={"public_id": personas.patient.public_id})
    )
    link = f"?kind=taper&amp;current={paroxetine.public_id}"
    assert link in chart.content.decode()
    rows = _rows(_plan(personas, kind="taper", current=str(paroxetine.public_id)))
    doses = [dose for _, _, dose in rows]
    assert doses[0] == 20 and doses[-1] == 0 and len(doses) > 2
    assert doses == sorted(doses, reverse=True)
    assert [on for _, on, _ in rows] == [FIRST_DAY + timedelta(days=day) for day, _, _ in rows]


def test_a_switch_titrates_the_new_medicine_with_the_other_medicines_on_the_chart(
    personas: Personas,
) -> None:
    sertraline = _on(personas, "sertraline", "100")
    query = {"kind": "switch", "current": str(sertraline.public_id), "target_mg": "100"}
    assert _rows(_plan(personas, drug="lamotrigine", **query), 1)[0][2] == 25
    _on(personas, "valproate", "1000", form="tablet_dr")
    assert _rows(_plan(personas, drug="lamotrigine", **query), 1)[0][2] == 12.5


def test_a_switch_shows_the_taper_and_the_new_titration_on_one_calendar(
    personas: Personas,
) -> None:
    sertraline = _on(personas, "sertraline", "100")
    response = _plan(
        personas,
        kind="switch",
        current=str(sertraline.public_id),
        drug="escitalopram",
        target_mg="10",
    )
    stop, start = response.context["planned"].calendars
    assert stop.title == "Stop sertraline" and stop.rows[-1].daily_dose_mg == 0
    assert start.title == "Start escitalopram" and start.rows[-1].daily_dose_mg == 10


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"kind": "titrate", "drug": "sertralin"}, "drug", "Closest known: sertraline"),
        ({"kind": "titrate"}, "drug", "Name the new medicine"),
        ({"kind": "taper"}, "current", "Choose the current medicine to taper"),
        ({"kind": "switch", "drug": "escitalopram"}, "current", "to switch"),
        ({"kind": "titrate", "drug": "zoloft", "target_mg": "-5"}, "target_mg", "0"),
        ({"kind": "titrate", "drug": "zoloft", "start_on": "2030-01-01"}, "start_on", "a year"),
    ],
)
def test_bad_input_is_named_on_the_form_and_nothing_is_planned(
    personas: Personas, query: dict[str, str], field: str, words: str
) -> None:
    response = _plan(personas, **query)
    assert response.status_code == 200 and response.context["planned"] is None
    assert any(words in error for error in response.context["form"].errors[field])


def test_a_medicine_already_taken_is_not_started_again(personas: Personas) -> None:
    _on(personas, "sertraline", "50")
    response = _plan(personas, kind="titrate", drug="Zoloft", target_mg="100")
    assert response.context["planned"] is None
    assert "already on the chart" in response.context["form"].errors["drug"][0]


# The planners ask for a missing fact as the command line does ("give --target MG"); the page
# asks in its own words.
def test_a_refusal_asks_for_what_is_missing_in_the_pages_words(personas: Personas) -> None:
    response = _plan(personas, kind="titrate", drug="lithium")
    refusal = str(response.context["refusal"])
    assert refusal.startswith("Give a target") and "--" not in refusal


def test_the_page_without_a_query_offers_the_form_and_plans_nothing(personas: Personas) -> None:
    _on(personas, "sertraline", "50")
    response = _plan(personas)
    assert response.status_code == 200 and response.context["planned"] is None
    assert not response.context["form"].is_bound
    assert "sertraline 50 mg/day (tablet)" in response.content.decode()


def test_every_plan_is_an_audited_read_of_the_chart(personas: Personas) -> None:
    _plan(personas, kind="titrate", drug="sertraline", target_mg="100")
    (event,) = AuditEvent.objects.filter(resource="plan", patient=personas.patient)
    assert (event.action, event.actor_label) == ("read", personas.prescriber.display_name)


def test_a_plan_reads_a_fixed_number_of_queries(personas: Personas) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _rows(_plan(personas, kind="titrate", drug="lamotrigine", target_mg="100"))
        return len(captured)

    _on(personas, "sertraline", "100")
    few = queries()
    for drug in ("quetiapine", "lorazepam", "metformin", "atorvastatin", "lisinopril"):
        _on(personas, drug, "10")
    assert queries() == few


def _share(personas: Personas, shown: Any, note: str = "", key: str = "k-1", by: Any = None) -> Any:
    """Press "Share this plan" on the page `shown`, with what the page holds."""
    url = reverse("patients:plan", kwargs={"public_id": personas.patient.public_id})
    data = {
        **shown.context["plan_query"],
        "note": note,
        "digest": shown.context["share"].initial["digest"],
        "idempotency_key": key,
    }
    return client_for(by or personas.prescriber).post(url, data)


def _shared(personas: Personas) -> list[SharedPlan]:
    return list(SharedPlan.objects.filter(patient=personas.patient).order_by("id"))


def test_a_shared_plan_keeps_the_calendar_as_shown_and_the_chart_lists_it(
    personas: Personas,
) -> None:
    paroxetine = _on(personas, "paroxetine", "20")
    shown = _plan(personas, kind="taper", current=str(paroxetine.public_id))
    response = _share(personas, shown, note="Call us if you feel dizzy.")
    assert response.status_code == 302
    (plan,) = _shared(personas)
    rows = plan.calendars[0]["rows"]
    assert [(r["day"], r["on"]) for r in rows] == [
        (day, on.isoformat()) for day, on, _ in _rows(shown)
    ]
    assert (plan.title, plan.first_day, plan.note) == (
        "Taper paroxetine",
        FIRST_DAY,
        "Call us if you feel dizzy.",
    )
    (event,) = AuditEvent.objects.filter(resource="plan", action="create")
    assert event.object_id == str(plan.public_id)
    chart = client_for(personas.prescriber).get(response.url).content.decode()
    assert "Plans shared with the patient" in chart and "Call us if you feel dizzy." in chart


def test_pressing_share_twice_shares_the_plan_once(personas: Personas) -> None:
    shown = _plan(personas, kind="titrate", drug="sertraline", target_mg="100")
    _share(personas, shown, key="same")
    _share(personas, shown, key="same")
    assert len(_shared(personas)) == 1


# A new medicine on the chart after the plan was shown changes the plan (LAMICTAL with
# valproate): the old one is not shared, and the page shows the plan as it now is.
def test_a_plan_the_chart_has_changed_since_it_was_shown_is_not_shared(
    personas: Personas,
) -> None:
    shown = _plan(personas, kind="titrate", drug="lamotrigine", target_mg="100")
    _on(personas, "valproate", "1000", form="tablet_dr")
    reads = AuditEvent.objects.filter(resource="plan", action="read").count()
    response = _share(personas, shown)
    assert response.status_code == 200 and _shared(personas) == []
    assert response.context["changed"] and "The chart changed" in response.content.decode()
    # The plan shown again read the chart, and the trail says so.
    assert AuditEvent.objects.filter(resource="plan", action="read").count() == reads + 1
    assert _rows(response)[0][2] == 12.5
    assert _share(personas, response).status_code == 302 and len(_shared(personas)) == 1


def test_only_a_prescriber_shares_a_plan(personas: Personas) -> None:
    shown = _plan(personas, kind="titrate", drug="sertraline", target_mg="100")
    assert _share(personas, shown, by=personas.clinician).status_code == 403
    assert _shared(personas) == []


# The patient's portal shows each shared plan with the step in force today marked, and what
# to watch for; an ended plan is no longer shown to the patient.
def test_the_patient_sees_the_shared_plan_with_todays_step_until_it_ends(
    personas: Personas,
) -> None:
    paroxetine = _on(personas, "paroxetine", "20")
    first_day = timezone.localdate() - timedelta(days=30)
    shown = _plan(
        personas,
        kind="taper",
        current=str(paroxetine.public_id),
        start_on=first_day.isoformat(),
    )
    in_force = max(row for row in _rows(shown) if row[1] <= timezone.localdate())
    _share(personas, shown)
    portal = client_for(personas.patient_user).get(reverse("web:portal"))
    page = portal.content.decode()
    assert "My plan for changing medicines" in page and "Taper paroxetine" in page
    (now,) = [
        row
        for calendar in portal.context["summary"].plans[0].calendars_today(timezone.localdate())
        for row in calendar["rows"]
        if row["now"]
    ]
    assert (now["day"], now["on"]) == in_force[:2]
    assert 'aria-current="step"' in page

    (plan,) = _shared(personas)
    end_url = reverse(
        "patients:plan_end",
        kwargs={"public_id": personas.patient.public_id, "plan_id": plan.public_id},
    )
    ending = {"ended_on": timezone.localdate().isoformat(), "reason": "replaced"}
    assert client_for(personas.prescriber).post(end_url, ending).status_code == 302
    portal = client_for(personas.patient_user).get(reverse("web:portal"))
    assert "Taper paroxetine" not in portal.content.decode()
    again = client_for(personas.prescriber).post(end_url, ending)
    assert "already ended" in again.content.decode()


@pytest.mark.parametrize(
    ("ending", "words"),
    [
        ({"reason": ""}, "This field is required"),
        ({"reason": "early", "ended_on": "2020-01-01"}, "cannot end before it was shared"),
    ],
)
def test_ending_a_plan_needs_a_reason_and_a_date_after_it_was_shared(
    personas: Personas, ending: dict[str, str], words: str
) -> None:
    _share(personas, _plan(personas, kind="titrate", drug="sertraline", target_mg="100"))
    (plan,) = _shared(personas)
    url = reverse(
        "patients:plan_end",
        kwargs={"public_id": personas.patient.public_id, "plan_id": plan.public_id},
    )
    data = {"ended_on": timezone.localdate().isoformat(), **ending}
    response = client_for(personas.prescriber).post(url, data)
    assert response.status_code == 200 and words in response.content.decode()
    assert _shared(personas)[0].ended_on is None


def test_the_chart_and_portal_read_a_fixed_number_of_queries_however_many_plans(
    personas: Personas,
) -> None:
    pages = [
        (personas.prescriber, reverse("patients:chart", args=[personas.patient.public_id])),
        (personas.patient_user, reverse("web:portal")),
    ]

    def queries() -> list[int]:
        counts = []
        for user, url in pages:
            client = client_for(user)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    def share(drug: str, target: str) -> None:
        _share(personas, _plan(personas, kind="titrate", drug=drug, target_mg=target), key=drug)

    share("sertraline", "100")
    few = queries()
    for drug, target in (("fluvoxamine", "100"), ("trazodone", "200"), ("lamotrigine", "100")):
        share(drug, target)
    assert len(SharedPlan.objects.filter(patient=personas.patient)) == 4
    assert queries() == few
