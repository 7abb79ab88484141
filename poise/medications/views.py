"""Recording medication history from the chart."""

from __future__ import annotations

import hashlib
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from poise.accounts.access import Permission, patient_for
from poise.audit.models import Action
from poise.clinical import formulary, safety
from poise.medications import services
from poise.medications.forms import (
    DoseChangeForm,
    DoseFields,
    MedicationStartForm,
    StopForm,
    form_values,
)
from poise.medications.models import MedicationStatement
from poise.patients import selectors
from poise.patients.models import Patient
from poise.patients.selectors import CheckedFinding
from poise.patients.services import EditConflict
from poise.patients.views import staff_user

DOSE_FIELDS = ("dose_mg", "times_per_day", "as_needed", "instructions")
CONFLICT = (
    "Someone else changed this medication while you were working on it. Nothing was saved: "
    "look at the chart again, then repeat the change if it is still right."
)


def _statement(patient: Patient, statement_id: UUID) -> MedicationStatement:
    try:
        statement: MedicationStatement = MedicationStatement.objects.select_related(
            "patient__clinic"
        ).get(public_id=statement_id, patient=patient, entered_in_error_at__isnull=True)
    except MedicationStatement.DoesNotExist as absent:
        raise Http404 from absent
    return statement


@login_required
def medication_start(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request,
        public_id,
        Permission.MEDICATIONS_WRITE,
        resource="medication",
        action=Action.CREATE,
    )
    form = MedicationStartForm(request.POST or None)
    review: list[CheckedFinding] = []
    if request.method == "POST" and form.is_valid():
        review = _to_review(request, patient, form, form.cleaned_data["drug"])
        if not review:
            services.medication_start(
                patient=patient,
                by=user,
                request=request,
                **form_values(form, "drug", "rxnorm", "formulation", "indication", "started_on"),
                **form_values(form, *DOSE_FIELDS),
            )
            messages.success(request, "Medication added.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {
            "form": form,
            "patient": patient,
            "title": "Add a medication",
            "datalist": sorted(formulary.load().drugs),
            **_review_context(review),
        },
    )


# Findings serious enough that the prescriber confirms them before the entry is saved.
NEEDS_REVIEW = (safety.Severity.CONTRAINDICATED, safety.Severity.MAJOR)


def _to_review(
    request: HttpRequest,
    patient: Patient,
    form: DoseFields,
    drug_name: str,
    instead_of: MedicationStatement | None = None,
) -> list[CheckedFinding]:
    """The chart's findings for this medicine at the entered dose when one of them is
    contraindicated or major and the prescriber has not yet confirmed exactly these; else
    nothing (the chart shows the rest after saving)."""
    drug = formulary.load().find(drug_name)
    if drug is None:
        return []
    data = form.cleaned_data
    item = safety.Item(
        drug,
        data.get("formulation") or (instead_of.formulation if instead_of else None),
        data["dose_mg"] * data["times_per_day"],
    )
    check = selectors.regimen_check(
        summary=selectors.chart_summary(patient=patient, clinical=True),
        today=timezone.localdate(),
        adding=item,
        instead_of=instead_of,
    )
    found = [checked for checked in check.findings if drug.name in checked.finding.drugs]
    if not any(checked.finding.severity in NEEDS_REVIEW for checked in found):
        return []
    return [] if request.POST.get("reviewed") == _token(found) else found


def _token(findings: list[CheckedFinding]) -> str:
    """Names exactly the findings shown, so a confirmation cannot carry over to others."""
    text = "\n".join(checked.finding.summary for checked in findings)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _review_context(review: list[CheckedFinding]) -> dict[str, object]:
    return {"review": review, "review_token": _token(review)} if review else {}


@login_required
def dose_change(request: HttpRequest, public_id: UUID, statement_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request,
        public_id,
        Permission.MEDICATIONS_WRITE,
        resource="medication",
        action=Action.UPDATE,
    )
    statement = _statement(patient, statement_id)
    form = DoseChangeForm(request.POST or None, initial={"version": statement.version})
    review: list[CheckedFinding] = []
    if request.method == "POST" and form.is_valid():
        review = _to_review(request, patient, form, statement.drug, instead_of=statement)
    if request.method == "POST" and form.is_valid() and not review:
        try:
            services.medication_change_dose(
                statement=statement,
                expected_version=form.cleaned_data["version"],
                by=user,
                request=request,
                **form_values(form, "effective_on", "reason", *DOSE_FIELDS),
            )
        except EditConflict:
            form.add_error(None, CONFLICT)
        except ValueError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"New dose of {statement.drug} recorded.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {
            "form": form,
            "patient": patient,
            "title": f"Change the dose of {statement.drug}",
            **_review_context(review),
        },
    )


@login_required
def medication_stop(request: HttpRequest, public_id: UUID, statement_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request,
        public_id,
        Permission.MEDICATIONS_WRITE,
        resource="medication",
        action=Action.UPDATE,
    )
    statement = _statement(patient, statement_id)
    form = StopForm(request.POST or None, initial={"version": statement.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.medication_stop(
                statement=statement,
                by=user,
                request=request,
                expected_version=form.cleaned_data["version"],
                **form_values(form, "stopped_on", "reason"),
            )
        except EditConflict:
            form.add_error(None, CONFLICT)
        except ValueError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"{statement.drug.capitalize()} stopped.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {"form": form, "patient": patient, "title": f"Stop {statement.drug}"},
    )
