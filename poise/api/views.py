"""The JSON API (OpenAPI at /api/v1/openapi.json). Bearer token or browser session.

Access goes through the same `patient_for` as the pages, so the API can never show more than
the web does.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema, Status
from ninja.security import HttpBearer, django_auth
from pydantic import AliasChoices, field_validator

from poise.accounts.access import Permission, has_permission, patient_for, patients_visible_to
from poise.accounts.models import User
from poise.accounts.tokens import api_token_user
from poise.api.models import IdempotentRequest
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.clinical import observations
from poise.journal import selectors as journal_selectors
from poise.patients import selectors, services


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Poise API",
    version="1",
    auth=[BearerToken(), django_auth],
    docs_url=None,
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Your role does not allow this."}, status=403)


@api.exception_handler(ValueError)
def _invalid(request: HttpRequest, exc: ValueError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)


# Read from the model's public_id, shown as "id"; a stored (replayed) answer already says "id".
PublicId = Annotated[UUID, Field(validation_alias=AliasChoices("public_id", "id"))]


class PatientOut(Schema):
    id: PublicId
    mrn: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex_at_birth: str
    pronouns: str
    preferred_language: str
    time_zone: str
    version: int


class ObservationOut(Schema):
    id: PublicId
    kind: str
    loinc: str
    value: Decimal
    unit: str
    effective_at: datetime


class ConditionOut(Schema):
    id: PublicId
    icd10cm: str
    text: str
    onset_date: date | None
    clinical_status: str


class AllergyOut(Schema):
    id: PublicId
    substance: str
    category: str
    type: str
    reaction: str
    severity: str


class OverrideOut(Schema):
    """A serious safety finding the dose was saved despite, with the prescriber's reason."""

    severity: str
    mechanism: str
    summary: str
    reason: str
    recorded_at: datetime


class DoseOut(Schema):
    id: PublicId
    effective_on: date
    dose_mg: Decimal
    times_per_day: int
    daily_dose_mg: Decimal
    as_needed: bool
    reason: str
    entered_in_error: bool = Field(
        validation_alias=AliasChoices("is_entered_in_error", "entered_in_error")
    )
    overrides: list[OverrideOut]

    @staticmethod
    def resolve_overrides(dose: Any) -> list[Any]:
        return list(dose.overrides.all())


class MedicationOut(Schema):
    id: PublicId
    drug: str
    rxnorm: str
    formulation: str
    indication: str
    started_on: date
    stopped_on: date | None
    stop_reason: str
    doses: list[DoseOut]

    @staticmethod
    def resolve_doses(statement: Any) -> list[Any]:
        return list(statement.doses.all())


class StepOut(Schema):
    day: int
    on: date
    daily_dose_mg: Decimal
    how: str


class CalendarOut(Schema):
    title: str
    rows: list[StepOut]
    warnings: list[str]


class SharedPlanOut(Schema):
    """A titration, taper or switch shared with the patient, as it was shown."""

    id: PublicId
    title: str
    first_day: date
    calendars: list[CalendarOut]
    warnings: list[str]
    sources: list[str]
    note: str
    recorded_at: datetime


class ChartOut(Schema):
    patient: PatientOut
    conditions: list[ConditionOut] | None
    allergies: list[AllergyOut] | None
    vitals: list[ObservationOut] | None
    labs: list[ObservationOut] | None
    medications: list[MedicationOut] | None
    plans: list[SharedPlanOut] | None


class MeasurementIn(Schema):
    kind: str
    value: Decimal

    @field_validator("kind")
    @classmethod
    def known_kind(cls, kind: str) -> str:
        if kind not in observations.BY_KEY:
            raise ValueError(f"unknown kind; one of {', '.join(observations.BY_KEY)}")
        return kind


class ObservationsIn(Schema):
    effective_at: datetime
    measurements: list[MeasurementIn] = Field(min_length=1)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@api.get("/patients", response=list[PatientOut], summary="Search the patients you may see")
def patient_list(request: HttpRequest, q: str = "", limit: int = 50) -> Any:
    user = _user(request)
    if not user.is_clinic_staff or not has_permission(user, Permission.DEMOGRAPHICS_READ):
        raise PermissionDenied
    assert user.clinic is not None
    patients = selectors.patient_search(patients=patients_visible_to(user), query=q[:100])
    found = list(patients[: max(1, min(limit, 200))])
    audit_record(
        clinic=user.clinic,
        actor=user,
        action=Action.SEARCH,
        resource="patient-list",
        request=request,
        detail={"query": q[:100], "shown": len(found)},
    )
    return found


@api.get("/patients/{patient_id}", response=ChartOut, summary="A patient's chart")
def patient_chart(request: HttpRequest, patient_id: UUID) -> Any:
    user = _user(request)
    patient = patient_for(request, patient_id, Permission.DEMOGRAPHICS_READ, resource="chart")
    clinical = has_permission(user, Permission.CLINICAL_READ)
    summary = selectors.chart_summary(patient=patient, clinical=clinical)
    return {
        "patient": patient,
        "conditions": summary.conditions if clinical else None,
        "allergies": summary.allergies if clinical else None,
        "vitals": summary.vitals if clinical else None,
        "labs": summary.labs if clinical else None,
        "medications": summary.medications if clinical else None,
        "plans": summary.plans if clinical else None,
    }


class JournalEntryOut(Schema):
    id: PublicId
    written_on: date
    feeling: int | None = Field(description="the patient's 0-10 rating of the day, if given")
    doses: str = Field(description="all, some_missed, most_missed, or empty if not answered")
    how: str
    side_effects: str
    question: str
    recorded_at: datetime


class JournalPageOut(Schema):
    entries: list[JournalEntryOut]
    page: int
    pages: int


@api.get(
    "/patients/{patient_id}/journal",
    response=JournalPageOut,
    summary="What the patient wrote in their journal, newest first, 30 entries a page",
)
def patient_journal(request: HttpRequest, patient_id: UUID, page: int = 1) -> Any:
    patient = patient_for(request, patient_id, Permission.CLINICAL_READ, resource="journal")
    shown = journal_selectors.journal_page(patient=patient, number=page)
    return {"entries": list(shown), "page": shown.number, "pages": shown.paginator.num_pages}


@api.post(
    "/patients/{patient_id}/observations",
    response={201: list[ObservationOut]},
    summary="Record vital signs or lab results taken together",
    description="Send an `Idempotency-Key` header: a retry with the same key returns the first "
    "answer instead of recording the values twice.",
)
def observations_create(request: HttpRequest, patient_id: UUID, body: ObservationsIn) -> Any:
    user = _user(request)
    patient = patient_for(
        request,
        patient_id,
        Permission.CLINICAL_WRITE,
        resource="observation",
        action=Action.CREATE,
    )
    key = request.headers.get("Idempotency-Key", "")[:100]
    fingerprint = hashlib.sha256(request.body).hexdigest()
    if key:
        earlier = IdempotentRequest.objects.filter(user=user, key=key).first()
        if earlier:
            return _replay(request, earlier, fingerprint)
    try:
        with transaction.atomic():
            recorded = services.observations_record(
                patient=patient,
                measurements=[services.Measurement(m.kind, m.value) for m in body.measurements],
                effective_at=body.effective_at,
                by=user,
                request=request,
            )
            payload = [json.loads(ObservationOut.from_orm(o).model_dump_json()) for o in recorded]
            if key:
                IdempotentRequest.objects.create(
                    user=user,
                    key=key,
                    request_fingerprint=fingerprint,
                    response_status=201,
                    response_body=payload,
                )
    except IntegrityError:
        # The same key arrived twice at once; the other request won, so answer as it did.
        return _replay(request, IdempotentRequest.objects.get(user=user, key=key), fingerprint)
    return Status(201, payload)


def _replay(request: HttpRequest, earlier: IdempotentRequest, fingerprint: str) -> Any:
    if earlier.request_fingerprint != fingerprint:
        return api.create_response(
            request,
            {"detail": "This Idempotency-Key was already used for a different request."},
            status=409,
        )
    return Status(earlier.response_status, earlier.response_body)
