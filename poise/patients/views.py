"""Provider workspace: the patient list and the chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from poise.accounts.access import (
    Permission,
    has_permission,
    patient_for,
    patients_visible_to,
    require_permission,
)
from poise.accounts.forms import InviteForm, invite_values
from poise.accounts.models import Role, User
from poise.accounts.services import account_invite
from poise.assessments import selectors as assessment_selectors
from poise.assessments.models import QuestionnaireResponse
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.clinical import icd10cm, observations
from poise.journal import selectors as journal_selectors
from poise.medications.models import MedicationDose, MedicationStatement
from poise.patients import forms as chart_forms
from poise.patients import selectors, services
from poise.patients.models import (
    AllergyIntolerance,
    ChartEntry,
    Condition,
    Observation,
    Patient,
    StatusAssessment,
)


def staff_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not user.is_clinic_staff:
        raise PermissionDenied
    return user


@login_required
def patient_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    require_permission(user, Permission.DEMOGRAPHICS_READ)
    query = request.GET.get("q", "").strip()[:100]
    patients = selectors.patient_search(patients=patients_visible_to(user), query=query)
    page = Paginator(patients, 50).get_page(request.GET.get("page"))
    flagged = (
        assessment_selectors.patients_with_open_flags(patient_ids=[p.pk for p in page.object_list])
        if has_permission(user, Permission.CLINICAL_READ)
        else set()
    )
    assert user.clinic is not None
    audit_record(
        clinic=user.clinic,
        actor=user,
        action=Action.SEARCH,
        resource="patient-list",
        request=request,
        detail={"query": query, "page": page.number, "shown": len(page.object_list)},
    )
    return render(
        request,
        "patients/list.html",
        {
            "page": page,
            "query": query,
            "flagged": flagged,
            "can_create": has_permission(user, Permission.DEMOGRAPHICS_WRITE),
        },
    )


@login_required
def patient_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    require_permission(user, Permission.DEMOGRAPHICS_WRITE)
    form = chart_forms.PatientForm(request.POST or None, initial={"clinic_id": user.clinic_id})
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        patient = services.patient_create(by=user, request=request, **fields)
        return redirect("patients:chart", public_id=patient.public_id)
    return render(request, "patients/form.html", {"form": form, "title": "New patient"})


@login_required
def chart(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(request, public_id, Permission.DEMOGRAPHICS_READ, resource="chart")
    clinical = has_permission(user, Permission.CLINICAL_READ)
    summary = selectors.chart_summary(patient=patient, clinical=clinical)
    measurement: dict[str, Any] = {}
    today = timezone.localdate()
    if clinical:
        measurement = {
            "flags": assessment_selectors.open_flags(patient=patient),
            "measurement": assessment_selectors.measurement_summary(
                patient=patient, today=today, medications=summary.medications
            ),
            "assignments": patient.assignments.filter(ended_at__isnull=True).order_by("instrument"),
            "regimen": selectors.regimen_check(summary=summary, today=today),
            "journal": journal_selectors.journal_summary(patient=patient, today=today),
            "today": today,
        }
    return render(
        request,
        "patients/chart.html",
        {
            **measurement,
            "summary": summary,
            "patient": patient,
            "clinical": clinical,
            "can_write_clinical": has_permission(user, Permission.CLINICAL_WRITE),
            "can_write_medications": has_permission(user, Permission.MEDICATIONS_WRITE),
            "can_edit_demographics": has_permission(user, Permission.DEMOGRAPHICS_WRITE),
        },
    )


@login_required
def demographics_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request, public_id, Permission.DEMOGRAPHICS_WRITE, resource="demographics"
    )
    form = chart_forms.PatientForm(
        request.POST or None, instance=patient, initial={"version": patient.version}
    )
    form.fields.pop("mrn")
    if request.method == "POST" and form.is_valid():
        # A ModelForm writes its cleaned values onto the instance; re-read before saving.
        patient.refresh_from_db()
        try:
            services.patient_update_demographics(
                patient=patient,
                changes=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
                request=request,
            )
        except services.EditConflict:
            form.add_error(
                None,
                "Someone else changed this patient's details while you were editing. "
                "Nothing was saved: reload the page to see their changes, then edit again.",
            )
        else:
            messages.success(request, "Details saved.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {"form": form, "patient": patient, "title": f"Edit details of {patient.full_name}"},
    )


@dataclass(frozen=True)
class CodeSearch:
    """The add-diagnosis page's code lookup: the words searched and the codes found."""

    words: str = ""
    found: tuple[icd10cm.Match, ...] = ()
    total: int = 0


def _is_code_lookup(request: HttpRequest) -> bool:
    return request.method == "POST" and (
        "pick" in request.POST or request.POST.get("action") == "find"
    )


def _code_search(request: HttpRequest) -> tuple[dict[str, str], CodeSearch]:
    """Finding ICD-10-CM codes by name, or picking one found (a request `_is_code_lookup`
    accepts), saves nothing: it gives the form's starting values and what to show. By POST,
    so what is searched stays out of URLs."""
    if "pick" in request.POST:
        code = request.POST["pick"]
        return {"icd10cm": code, "text": icd10cm.describe(code) or ""}, CodeSearch()
    words = request.POST.get("find", "").strip()[:100]
    found, total = icd10cm.search(words)
    return {}, CodeSearch(words, tuple(found), total)


def _chart_entry_form(
    request: HttpRequest,
    public_id: UUID,
    *,
    form_class: type[forms.BaseForm],
    save: Callable[[Patient, User, forms.BaseForm], Any],
    title: str,
    permission: Permission = Permission.CLINICAL_WRITE,
    code_search: bool = False,
) -> HttpResponse:
    """A page with one form that adds to the chart, then returns to it."""
    user = staff_user(request)
    # A code lookup writes nothing but shows the patient's form again: it is audited as a read.
    lookup = code_search and _is_code_lookup(request)
    action = Action.READ if lookup else Action.CREATE
    patient = patient_for(request, public_id, permission, resource="chart", action=action)
    if lookup:
        initial, searched = _code_search(request)
        form = form_class(initial=initial)
    else:
        searched = CodeSearch()
        form = form_class(request.POST or None)
    if request.method == "POST" and not lookup and form.is_valid():
        try:
            save(patient, user, form)
        except ValueError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"{title}: saved.")
            return redirect("patients:chart", public_id=patient.public_id)
    context: dict[str, Any] = {"form": form, "patient": patient, "title": title}
    if code_search:
        context["code_search"] = searched
    return render(request, "patients/form.html", context)


@login_required
def condition_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _chart_entry_form(
        request,
        public_id,
        form_class=chart_forms.ConditionForm,
        save=lambda patient, user, form: services.condition_add(
            patient=patient, by=user, request=request, **form.cleaned_data
        ),
        title="Add a diagnosis",
        code_search=True,
    )


@login_required
def condition_revise(request: HttpRequest, public_id: UUID, condition_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request, public_id, Permission.CLINICAL_WRITE, resource="condition", action=Action.UPDATE
    )
    condition = _entry_of_patient(Condition, condition_id, patient)
    assert isinstance(condition, Condition)
    form = chart_forms.ConditionStatusForm(
        request.POST or None, initial={"clinical_status": condition.clinical_status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.condition_revise(
                condition=condition, by=user, request=request, **form.cleaned_data
            )
        except services.EditConflict:
            form.add_error(None, "This diagnosis was changed meanwhile; reload the chart.")
        else:
            messages.success(request, "Diagnosis updated; the earlier version is kept.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {"form": form, "patient": patient, "title": f"{condition.icd10cm} {condition.text}"},
    )


@login_required
def allergy_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _chart_entry_form(
        request,
        public_id,
        form_class=chart_forms.AllergyForm,
        save=lambda patient, user, form: services.allergy_add(
            patient=patient, by=user, request=request, **form.cleaned_data
        ),
        title="Add an allergy or intolerance",
    )


@login_required
def status_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _chart_entry_form(
        request,
        public_id,
        form_class=chart_forms.StatusForm,
        save=lambda patient, user, form: services.status_assess(
            patient=patient, by=user, request=request, **form.cleaned_data
        ),
        title="Record status: pregnancy, breastfeeding, smoking, liver, pharmacogenomics",
    )


def _measurements_view(
    request: HttpRequest,
    public_id: UUID,
    form_class: type[chart_forms.MeasurementsForm],
    title: str,
) -> HttpResponse:
    return _chart_entry_form(
        request,
        public_id,
        form_class=form_class,
        save=lambda patient, user, form: services.observations_record(
            patient=patient,
            measurements=form.measurements(),  # type: ignore[attr-defined]
            effective_at=form.cleaned_data["effective_at"],
            by=user,
            request=request,
        ),
        title=title,
    )


@login_required
def care_team_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request,
        public_id,
        Permission.DEMOGRAPHICS_WRITE,
        resource="care-team",
        action=Action.CREATE,
    )
    form = chart_forms.CareTeamForm(request.POST or None, clinic_id=patient.clinic_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_team_add(patient=patient, by=user, request=request, **form.cleaned_data)
        except IntegrityError:
            form.add_error("member", "Already on this patient's care team.")
        else:
            messages.success(request, "Care team updated.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {"form": form, "patient": patient, "title": "Add to the care team"},
    )


@login_required
def portal_invite(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Give the patient a portal account: they get an email to set their password."""
    user = staff_user(request)
    patient = patient_for(
        request,
        public_id,
        Permission.DEMOGRAPHICS_WRITE,
        resource="account",
        action=Action.CREATE,
    )
    form = InviteForm(
        request.POST or None,
        initial={
            "first_name": patient.given_name,
            "last_name": patient.family_name,
            "email": patient.email,
        },
    )
    if patient.user_id is not None:
        messages.info(request, "This patient already has a portal account.")
        return redirect("patients:chart", public_id=patient.public_id)
    if request.method == "POST" and form.is_valid():
        assert user.clinic is not None
        try:
            account_invite(
                clinic=user.clinic,
                role=Role.PATIENT,
                patient=patient,
                by=user,
                request=request,
                **invite_values(form),
            )
        except ValueError as problem:  # another invitation won the race
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {"form": form, "patient": patient, "title": "Invite to the patient portal"},
    )


@login_required
def vitals_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _measurements_view(request, public_id, chart_forms.VitalsForm, "Record vital signs")


@login_required
def labs_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _measurements_view(request, public_id, chart_forms.LabsForm, "Record lab results")


@login_required
def observation_history(request: HttpRequest, public_id: UUID, kind: str) -> HttpResponse:
    staff_user(request)
    if kind not in observations.BY_KEY:
        raise Http404
    patient = patient_for(request, public_id, Permission.CLINICAL_READ, resource=kind)
    history = selectors.observation_history(patient=patient, kind=kind)
    return render(
        request,
        "patients/observation_history.html",
        {"patient": patient, "kind": observations.BY_KEY[kind], "history": history},
    )


ENTRY_TYPES: dict[str, type[ChartEntry]] = {
    "condition": Condition,
    "allergy": AllergyIntolerance,
    "observation": Observation,
    "status": StatusAssessment,
    "medication": MedicationStatement,
    "dose": MedicationDose,
    "response": QuestionnaireResponse,
}


def _entry_of_patient(entry_type: type[ChartEntry], entry_id: UUID, patient: Patient) -> ChartEntry:
    manager = entry_type.objects
    lookup = (
        {"statement__patient": patient} if entry_type is MedicationDose else {"patient": patient}
    )
    try:
        entry: ChartEntry = manager.get(public_id=entry_id, **lookup)
    except entry_type.DoesNotExist as absent:
        raise Http404 from absent
    return entry


@login_required
def entry_mark_in_error(
    request: HttpRequest, public_id: UUID, entry_type: str, entry_id: UUID
) -> HttpResponse:
    user = staff_user(request)
    model = ENTRY_TYPES.get(entry_type)
    if model is None:
        raise Http404
    permission = (
        Permission.MEDICATIONS_WRITE
        if model in (MedicationStatement, MedicationDose)
        else Permission.CLINICAL_WRITE
    )
    patient = patient_for(
        request, public_id, permission, resource=entry_type, action=Action.ENTERED_IN_ERROR
    )
    entry = _entry_of_patient(model, entry_id, patient)
    form = chart_forms.EnteredInErrorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_mark_entered_in_error(
                entry=entry,
                patient=patient,
                reason=form.cleaned_data["reason"],
                by=user,
                request=request,
            )
        except services.EditConflict:
            messages.info(request, "That entry was already marked entered in error.")
        else:
            messages.success(
                request, "Marked entered in error. It stays in the record, struck out."
            )
        return redirect(reverse("patients:chart", kwargs={"public_id": patient.public_id}))
    return render(
        request,
        "patients/form.html",
        {
            "form": form,
            "patient": patient,
            "title": "Mark an entry entered in error",
            "entry": entry,
        },
    )
