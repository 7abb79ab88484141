from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from poise.accounts.tokens import api_token_create
from poise.clinical import formulary, safety
from poise.journal.services import journal_write
from poise.medications.planning import Calendar, Planned, Row
from poise.medications.services import medication_start, plan_share
from poise.patients.models import Observation
from tests.conftest import Personas, client_for


def observations_url(personas: Personas) -> str:
    return reverse("api:observations_create", kwargs={"patient_id": personas.patient.public_id})


def bearer(personas: Personas) -> dict[str, str]:
    token = api_token_create(user=personas.clinician, name="vitals kiosk")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


VITALS = {
    "effective_at": "2026-11-20T08:15:00Z",
    "measurements": [
        {"kind": "systolic_bp", "value": "128"},
        {"kind": "diastolic_bp", "value": "82"},
    ],
}


def test_a_token_records_vitals_and_reads_them_back(personas: Personas) -> None:
    client = Client()
    created = client.post(
        observations_url(personas), VITALS, content_type="application/json", **bearer(personas)
    )
    assert created.status_code == 201
    assert {o["kind"]: Decimal(o["value"]) for o in created.json()} == {
        "systolic_bp": Decimal(128),
        "diastolic_bp": Decimal(82),
    }
    chart = client.get(
        reverse("api:patient_chart", kwargs={"patient_id": personas.patient.public_id}),
        **bearer(personas),
    ).json()
    assert {o["loinc"] for o in chart["vitals"]} == {"8480-6", "8462-4"}


def test_a_revoked_or_wrong_token_is_refused(personas: Personas) -> None:
    response = Client().get(reverse("api:patient_list"), HTTP_AUTHORIZATION="Bearer poise_nope")
    assert response.status_code == 401


def test_bad_input_gets_field_level_errors_and_saves_nothing(personas: Personas) -> None:
    body = {"effective_at": "yesterday", "measurements": [{"kind": "mood", "value": "x"}]}
    response = Client().post(
        observations_url(personas), body, content_type="application/json", **bearer(personas)
    )
    assert response.status_code == 422
    fields = {tuple(error["loc"][-2:]) for error in response.json()["detail"]}
    assert ("body", "effective_at") in {tuple(e["loc"][1:3]) for e in response.json()["detail"]}
    assert any("kind" in loc for loc in fields) and any("value" in loc for loc in fields)
    assert not Observation.objects.exists()


def test_an_out_of_range_value_is_refused_with_the_reason(personas: Personas) -> None:
    body = {
        "effective_at": "2026-11-20T08:15:00Z",
        "measurements": [
            {"kind": "heart_rate", "value": "72"},
            {"kind": "weight", "value": "2000"},
        ],
    }
    response = Client().post(
        observations_url(personas), body, content_type="application/json", **bearer(personas)
    )
    assert response.status_code == 422 and "Body weight" in response.json()["detail"]
    assert not Observation.objects.exists()


def test_a_retried_request_with_the_same_idempotency_key_records_once(personas: Personas) -> None:
    client, key = Client(), {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
    first = client.post(
        observations_url(personas),
        VITALS,
        content_type="application/json",
        **bearer(personas),
        **key,
    )
    again = client.post(
        observations_url(personas),
        VITALS,
        content_type="application/json",
        **bearer(personas),
        **key,
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Observation.objects.count() == 2


def test_an_idempotency_key_reused_for_a_different_request_is_a_conflict(
    personas: Personas,
) -> None:
    client, key = Client(), {"HTTP_IDEMPOTENCY_KEY": "visit-42"}
    client.post(
        observations_url(personas),
        VITALS,
        content_type="application/json",
        **bearer(personas),
        **key,
    )
    other = {**VITALS, "measurements": [{"kind": "heart_rate", "value": "64"}]}
    response = client.post(
        observations_url(personas),
        other,
        content_type="application/json",
        **bearer(personas),
        **key,
    )
    assert response.status_code == 409
    assert Observation.objects.count() == 2


def test_the_openapi_document_describes_the_endpoints(personas: Personas) -> None:
    document = client_for(personas.prescriber).get("/api/v1/openapi.json").json()
    assert "/api/v1/patients/{patient_id}/observations" in document["paths"]


def test_no_api_docs_page_is_served_so_nothing_loads_from_a_cdn(personas: Personas) -> None:
    # django-ninja's Swagger and Redoc pages load their scripts from a CDN; Poise serves the
    # OpenAPI document only (docs/api.md), so no page of Poise fetches assets at run time.
    client = client_for(personas.clinician)
    assert client.get("/api/v1/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_chart_lists_each_dose_with_the_findings_it_was_saved_despite(
    personas: Personas,
) -> None:
    loaded = formulary.load()
    sertraline, linezolid = loaded.drugs["sertraline"], loaded.drugs["linezolid"]
    (finding,) = safety.check(
        regimen=[safety.Item(sertraline), safety.Item(linezolid)],
        patient=safety.Patient(),
        formulary=loaded,
    )
    medication_start(
        patient=personas.patient,
        drug="linezolid",
        rxnorm="",
        formulation="tablet",
        indication="infection",
        started_on=date(2026, 11, 1),
        dose_mg=Decimal(600),
        times_per_day=2,
        by=personas.prescriber,
        overriding=[finding],
        override_reason="no alternative antibiotic",
    )
    chart = (
        Client()
        .get(
            reverse("api:patient_chart", kwargs={"patient_id": personas.patient.public_id}),
            **bearer(personas),
        )
        .json()
    )
    (dose,) = chart["medications"][0]["doses"]
    (override,) = dose["overrides"]
    assert override["severity"] == "contraindicated"
    assert override["summary"] == finding.summary
    assert override["reason"] == "no alternative antibiotic"


def test_the_chart_holds_the_plans_shared_with_the_patient(personas: Personas) -> None:
    planned = Planned(
        "Taper sertraline",
        date(2026, 12, 1),
        [
            Calendar(
                "Taper sertraline",
                [
                    Row(0, date(2026, 12, 1), Decimal(50), "50 mg tablet a day"),
                    Row(28, date(2026, 12, 29), Decimal(0), "stop"),
                ],
                ("Watch for withdrawal.",),
            )
        ],
        (),
        ("ZOLOFT label",),
    )
    plan_share(patient=personas.patient, planned=planned, note="", by=personas.prescriber)
    url = reverse("api:patient_chart", kwargs={"patient_id": personas.patient.public_id})
    (plan,) = Client().get(url, **bearer(personas)).json()["plans"]
    assert plan["title"] == "Taper sertraline" and plan["first_day"] == "2026-12-01"
    (calendar,) = plan["calendars"]
    assert [(r["on"], r["daily_dose_mg"], r["how"]) for r in calendar["rows"]] == [
        ("2026-12-01", "50", "50 mg tablet a day"),
        ("2026-12-29", "0", "stop"),
    ]
    assert calendar["warnings"] == ["Watch for withdrawal."]
    desk = api_token_create(user=personas.front_desk, name="desk")
    front_desk_view = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {desk}").json()
    assert front_desk_view["plans"] is None


def test_the_journal_comes_newest_first_a_page_at_a_time(personas: Personas) -> None:
    today = timezone.localdate()
    for days_ago in range(31):
        journal_write(
            patient=personas.patient,
            by=personas.patient_user,
            written_on=today - timedelta(days=days_ago % 90),
            feeling=days_ago % 11,
            how=f"entry {days_ago}",
        )
    url = reverse("api:patient_journal", kwargs={"patient_id": personas.patient.public_id})
    first = Client().get(url, **bearer(personas)).json()
    assert (first["page"], first["pages"], len(first["entries"])) == (1, 2, 30)
    assert first["entries"][0]["how"] == "entry 0" and first["entries"][0]["feeling"] == 0
    last = Client().get(url, {"page": 2}, **bearer(personas)).json()
    assert [e["how"] for e in last["entries"]] == ["entry 30"]
