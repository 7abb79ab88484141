"""Authorisation as a matrix: every page and endpoint x every role x whose patient it is.

The expected answer is worked out here from the rules in plain words (staff see their own
clinic, a patient sees only their own record, roles limit what staff see and do), not read
from the permission table in the code under test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from poise.assessments.services import assignment_set, response_record
from poise.audit.models import AuditEvent
from poise.medications.planning import Planned
from poise.medications.services import medication_start, plan_share
from poise.patients.models import Patient
from poise.patients.services import condition_add
from tests.conftest import Personas, client_for

ROLES = ("prescriber", "clinician", "front_desk", "clinic_admin", "patient_user")
TARGETS = ("patient", "other_patient", "foreign_patient")

# What each role may do, in the words of issue #2: front desk sees demographics, not clinical
# content; the clinic admin runs the clinic (audit), not care; only prescribers change medicines.
MAY = {
    "prescriber": {"see", "edit details", "see clinical", "write clinical", "write medications"},
    "clinician": {"see", "edit details", "see clinical", "write clinical"},
    "front_desk": {"see", "edit details"},
    "clinic_admin": {"see", "audit"},
    "patient_user": {"see", "see clinical"},
}


@dataclass(frozen=True)
class PatientRoute:
    name: str
    needs: str
    staff_page: bool = True  # the provider workspace is for staff only
    method: str = "get"
    path: Callable[[Patient, dict[str, str]], str] | None = None
    allowed: frozenset[int] = frozenset({200})


def _chart_url(name: str, **extra: str) -> Callable[[Patient, dict[str, str]], str]:
    def build(patient: Patient, ids: dict[str, str]) -> str:
        kwargs = {key: ids.get(value, value) for key, value in extra.items()}
        return reverse(name, kwargs={"public_id": patient.public_id, **kwargs})

    return build


PATIENT_ROUTES = [
    PatientRoute("patients:chart", "see"),
    PatientRoute("patients:edit", "edit details"),
    PatientRoute("patients:care_team_add", "edit details"),
    # A patient who already has a portal account is sent back to the chart instead.
    PatientRoute("patients:portal_invite", "edit details", allowed=frozenset({200, 302})),
    PatientRoute("patients:condition_add", "write clinical"),
    PatientRoute(
        "patients:condition_revise",
        "write clinical",
        path=_chart_url("patients:condition_revise", condition_id="condition_id"),
    ),
    PatientRoute("patients:allergy_add", "write clinical"),
    PatientRoute("patients:status_add", "write clinical"),
    PatientRoute("patients:vitals_add", "write clinical"),
    PatientRoute("patients:labs_add", "write clinical"),
    PatientRoute(
        "patients:observation_history",
        "see clinical",
        path=_chart_url("patients:observation_history", kind="weight"),
    ),
    PatientRoute("patients:assignment_add", "write clinical"),
    PatientRoute(
        "patients:assignment_stop",
        "write clinical",
        path=_chart_url("patients:assignment_stop", instrument_key="phq9"),
        allowed=frozenset({302}),
    ),
    PatientRoute(
        "patients:scale_history",
        "see clinical",
        path=_chart_url("patients:scale_history", instrument_key="phq9"),
    ),
    PatientRoute(
        "patients:administer",
        "write clinical",
        path=_chart_url("patients:administer", instrument_key="phq9"),
    ),
    PatientRoute(
        "patients:flag_acknowledge",
        "write clinical",
        path=_chart_url("patients:flag_acknowledge", flag_id="flag_id"),
        allowed=frozenset({302}),
    ),
    PatientRoute("patients:medication_start", "write medications"),
    PatientRoute(
        "patients:dose_change",
        "write medications",
        path=_chart_url("patients:dose_change", statement_id="statement_id"),
    ),
    PatientRoute(
        "patients:medication_stop",
        "write medications",
        path=_chart_url("patients:medication_stop", statement_id="statement_id"),
    ),
    PatientRoute("patients:plan", "write medications"),
    PatientRoute("patients:journal", "see clinical"),
    PatientRoute(
        "patients:plan_end",
        "write medications",
        path=_chart_url("patients:plan_end", plan_id="plan_id"),
    ),
    PatientRoute(
        "patients:entered_in_error",
        "write clinical",
        path=_chart_url(
            "patients:entered_in_error", entry_type="condition", entry_id="condition_id"
        ),
    ),
    PatientRoute("api:patient_chart", "see", staff_page=False),
    PatientRoute("api:patient_journal", "see clinical", staff_page=False),
    PatientRoute("api:observations_create", "write clinical", staff_page=False, method="post_json"),
]


def _records(personas: Personas, patient: Patient) -> dict[str, str]:
    own_clinic = patient.clinic == personas.clinic
    author = personas.prescriber if own_clinic else personas.foreign_prescriber
    statement = medication_start(
        patient=patient,
        drug="sertraline",
        rxnorm="36437",
        formulation="tablet",
        indication="",
        started_on=date(2026, 1, 5),
        dose_mg=Decimal(50),
        times_per_day=1,
        by=author,
    )
    condition = condition_add(
        patient=patient,
        icd10cm="F33.1",
        text="Recurrent depression",
        by=author,
    )
    assignment_set(
        patient=patient, instrument="phq9", every_days=14, starts_on=date(2026, 1, 5), by=author
    )
    flagged = response_record(
        patient=patient, instrument="phq9", answers=["0"] * 8 + ["1"], by=author
    )
    shared = plan_share(
        patient=patient,
        planned=Planned("Taper sertraline", date(2026, 1, 5), [], (), ()),
        note="",
        by=author,
    )
    return {
        "plan_id": str(shared.public_id),
        "statement_id": str(statement.public_id),
        "condition_id": str(condition.public_id),
        "flag_id": str(flagged.safety_flags.get().public_id),
    }


def expected_status(role: str, target: str, route: PatientRoute) -> int:
    if role == "patient_user":
        if route.staff_page:
            return 403
        if target != "patient":
            return 404
        return 200 if route.needs in MAY[role] else 403
    if target == "foreign_patient":
        return 404
    return 200 if route.needs in MAY[role] else 403


@pytest.mark.parametrize("route", PATIENT_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
def test_patient_pages_and_endpoints_answer_each_role_as_the_rules_say(
    personas: Personas, role: str, route: PatientRoute
) -> None:
    client = client_for(getattr(personas, role))
    for target in TARGETS:
        patient = getattr(personas, target)
        ids = _records(personas, patient)
        if route.name.startswith("api:"):
            url = reverse(route.name, kwargs={"patient_id": patient.public_id})
        elif route.path:
            url = route.path(patient, ids)
        else:
            url = reverse(route.name, kwargs={"public_id": patient.public_id})
        audited_before = AuditEvent.objects.filter(patient=patient).count()
        if route.method == "post_json":
            response = client.post(
                url,
                {
                    "effective_at": "2026-11-01T10:00:00Z",
                    "measurements": [{"kind": "weight", "value": "70"}],
                },
                content_type="application/json",
            )
            allowed = frozenset({201})
        else:
            response = client.get(url)
            allowed = route.allowed
        expected = expected_status(role, target, route)
        assert response.status_code in (allowed if expected == 200 else {expected}), (
            role,
            target,
            route.name,
        )
        if expected == 404:
            assert patient.family_name not in response.content.decode()
        if patient.family_name in response.content.decode():
            # Whatever shows the patient, a form to fill in included, leaves a trace.
            audited = AuditEvent.objects.filter(patient=patient).count() - audited_before
            assert audited > 0, (role, target, route.name)


CLINIC_PAGES = {
    # page: roles that may open it
    "patients:list": {"prescriber", "clinician", "front_desk", "clinic_admin"},
    "patients:create": {"prescriber", "clinician", "front_desk"},
    "audit:log": {"clinic_admin"},
    "audit:export": {"clinic_admin"},
    "accounts:staff": {"clinic_admin"},
    "accounts:clinic": {"clinic_admin"},
    "web:portal": {"patient_user"},
    "web:portal_questionnaires": {"patient_user"},
    "web:portal_journal": {"patient_user"},
    "api:patient_list": {"prescriber", "clinician", "front_desk", "clinic_admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", CLINIC_PAGES)
def test_clinic_pages_open_only_for_their_roles(personas: Personas, role: str, page: str) -> None:
    response = client_for(getattr(personas, role)).get(reverse(page))
    assert response.status_code == (200 if role in CLINIC_PAGES[page] else 403)


def test_a_clinic_list_never_shows_another_clinics_patients(personas: Personas) -> None:
    for user in personas.staff():
        page = client_for(user).get(reverse("patients:list")).content.decode()
        assert personas.other_patient.family_name in page
        assert personas.foreign_patient.family_name not in page
    listed = client_for(personas.prescriber).get(reverse("api:patient_list")).json()
    assert {p["family_name"] for p in listed} == {"Morgan", "Avery"}


def test_the_front_desk_sees_details_but_no_clinical_content(personas: Personas) -> None:
    condition_add(
        patient=personas.patient,
        icd10cm="F33.1",
        text="Recurrent depression",
        by=personas.prescriber,
    )
    page = (
        client_for(personas.front_desk)
        .get(reverse("patients:chart", kwargs={"public_id": personas.patient.public_id}))
        .content.decode()
    )
    assert personas.patient.mrn in page
    assert "Recurrent depression" not in page
    chart = (
        client_for(personas.front_desk)
        .get(reverse("api:patient_chart", kwargs={"patient_id": personas.patient.public_id}))
        .json()
    )
    assert chart["conditions"] is None and chart["medications"] is None


def test_anonymous_visitors_are_sent_to_log_in_and_the_api_refuses_them(
    personas: Personas,
) -> None:
    chart = reverse("patients:chart", kwargs={"public_id": personas.patient.public_id})
    response = Client().get(chart)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    api = reverse("api:patient_chart", kwargs={"patient_id": personas.patient.public_id})
    assert Client().get(api).status_code == 401


def test_every_page_and_endpoint_is_in_the_matrix() -> None:
    """A new view must join the matrix before it can land."""
    covered = {route.name for route in PATIENT_ROUTES} | set(CLINIC_PAGES)
    covered |= {"web:portal_fill", "web:portal_result"}  # tests/assessments/test_portal.py
    public = {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:verify",
        "web:home",
        "api:openapi-json",
        "api:api-root",
        "accounts:set_password",
        "accounts:password_set",
        "accounts:forgot_password",
        "accounts:forgot_password_sent",
    }
    assert _named_routes() - public == covered


def _named_routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names
