"""Recording medication history from the chart."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from poise.accounts.access import Permission, patient_for
from poise.audit.models import Action
from poise.clinical import formulary
from poise.medications import services
from poise.medications.forms import DoseChangeForm, MedicationStartForm, StopForm, form_values
from poise.medications.models import MedicationStatement
from poise.patients.models import Patient
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
    if request.method == "POST" and form.is_valid():
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
        },
    )


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
    if request.method == "POST" and form.is_valid():
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
        {"form": form, "patient": patient, "title": f"Change the dose of {statement.drug}"},
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
