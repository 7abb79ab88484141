"""Recording medication history from the chart."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from poise.accounts.access import Permission, patient_for
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.clinical import formulary, safety
from poise.medications import planning, services
from poise.medications.forms import (
    DoseChangeForm,
    DoseFields,
    MedicationStartForm,
    PlanEndForm,
    PlanForm,
    ShareForm,
    StopForm,
    drug_forms,
    form_values,
)
from poise.medications.models import MedicationStatement, SharedPlan
from poise.patients import selectors
from poise.patients.models import Patient
from poise.patients.selectors import CheckedFinding
from poise.patients.services import EditConflict
from poise.patients.views import staff_user

DOSE_FIELDS = ("dose_mg", "times_per_day", "as_needed", "instructions")
KEPT_ON_DOSE_CHANGE = ("times_per_day", "as_needed", "instructions")
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
    review = NO_REVIEW
    if request.method == "POST" and form.is_valid():
        review = _review(request, patient, form, form.cleaned_data["drug"])
        if review.reason is not None:
            services.medication_start(
                patient=patient,
                by=user,
                request=request,
                overriding=review.overriding,
                override_reason=review.reason,
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
            "drug_forms": drug_forms(),
            "review": review,
        },
    )


# Findings serious enough that the prescriber confirms them, with a reason, before saving.
NEEDS_REVIEW = (safety.Severity.CONTRAINDICATED, safety.Severity.MAJOR)


@dataclass(frozen=True)
class Review:
    """What a new dose brings before it is saved, and the prescriber's answer to it."""

    shown: list[CheckedFinding]  # this medicine's findings, if one is serious or when asked
    overriding: list[safety.Finding]  # the serious ones, recorded if the prescriber goes ahead
    reason: str | None  # why the prescriber goes ahead ("" when nothing needed confirming)
    token: str = ""  # names exactly the findings shown, so a confirmation cannot carry over
    reason_missing: bool = False
    drug: str = ""  # the medicine under review, when the form shows it
    preview: bool = False  # the prescriber asked to see the check without saving


NO_REVIEW = Review([], [], None)  # the form has not been checked yet
NOTHING_TO_REVIEW = Review([], [], "")  # checked: it can be saved as it is


def _review(
    request: HttpRequest,
    patient: Patient,
    form: DoseFields,
    drug_name: str,
    instead_of: MedicationStatement | None = None,
) -> Review:
    """The chart's check with this medicine at the entered dose (`instead_of` the course's
    current one). Without a contraindicated or major finding it can be saved; with one, only
    once the prescriber has confirmed exactly these findings and said why. Asked to check
    first ("Check" rather than "Save"), it shows every finding and saves nothing."""
    preview = request.POST.get("action") == "check"
    drug = formulary.load().find(drug_name)
    if drug is None:
        return _nothing_serious([], drug_name, preview)
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
    # The check reads the whole chart (medicines, allergies, labs), so it is an access.
    audit_record(
        clinic=patient.clinic,
        actor=staff_user(request),
        action=Action.READ,
        resource="safety-check",
        patient=patient,
        request=request,
    )
    shown = [checked for checked in check.findings if drug.name in checked.finding.drugs]
    serious = [c.finding for c in shown if c.finding.severity in NEEDS_REVIEW]
    if not serious:
        return _nothing_serious(shown, drug.name, preview)
    text = "\n".join(checked.finding.summary for checked in shown)
    token = hashlib.sha256(text.encode()).hexdigest()[:16]
    confirmed = request.POST.get("reviewed") == token
    reason = request.POST.get("override_reason", "").strip()[:300]
    if confirmed and reason and not preview:
        return Review(shown, serious, reason, token)
    missing = confirmed and not reason and not preview
    return Review(shown, serious, None, token, missing, drug=drug.name, preview=preview)


def _nothing_serious(shown: list[CheckedFinding], drug: str, preview: bool) -> Review:
    """Nothing holds up saving: it is saved, unless the prescriber asked to see the check."""
    return Review(shown, [], None, drug=drug, preview=True) if preview else NOTHING_TO_REVIEW


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
    # How often and how it is taken usually stay when the dose changes: start from the current.
    current = statement.current_dose
    kept = {field: getattr(current, field) for field in KEPT_ON_DOSE_CHANGE} if current else {}
    form = DoseChangeForm(request.POST or None, initial={"version": statement.version, **kept})
    review = NO_REVIEW
    if request.method == "POST" and form.is_valid():
        review = _review(request, patient, form, statement.drug, instead_of=statement)
    if review.reason is not None:
        try:
            services.medication_change_dose(
                statement=statement,
                expected_version=form.cleaned_data["version"],
                by=user,
                request=request,
                overriding=review.overriding,
                override_reason=review.reason,
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
            "review": review,
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


@login_required
def plan(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A titration, taper or switch planned for this patient from what the chart holds, and
    shared with the patient if the prescriber chooses. The prescriber still records each dose
    change on the chart as it happens."""
    user = staff_user(request)
    sharing = request.method == "POST"
    # Planning reads the chart, sharing or not (a share the chart has overtaken shows the
    # plan again): a read is audited either way, and a share also by the service.
    patient = patient_for(request, public_id, Permission.MEDICATIONS_WRITE, resource="plan")
    today = timezone.localdate()
    summary = selectors.chart_summary(patient=patient, clinical=True)
    current = [m for m in summary.medications if m.is_active and m.current_dose is not None]
    # A link from a medicine ("Plan a taper") fills the form in; only a full query plans.
    query = request.POST if sharing else request.GET
    asked = "kind" in query
    form = PlanForm(query if asked else None, current=current)
    share = ShareForm(request.POST if sharing else None)
    planned, refusal, changed = None, None, False
    if asked and form.is_valid():
        try:
            planned = planning.plan_for(form.cleaned_data, summary, today)
        except planning.NotPlanned as not_planned:
            refusal = not_planned
    if sharing and planned is not None and share.is_valid():
        changed = share.cleaned_data["digest"] != planned.digest()
        if not changed:
            services.plan_share(
                patient=patient,
                planned=planned,
                note=share.cleaned_data["note"],
                by=user,
                request=request,
                idempotency_key=share.cleaned_data["idempotency_key"],
            )
            messages.success(request, f"{planned.title} shared with the patient.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/plan.html",
        {
            "patient": patient,
            "form": form,
            "planned": planned,
            "refusal": refusal,
            "changed": changed,
            "share": _share_form(planned, share),
            # What the plan was asked with, for sharing it: the first day as planned.
            "plan_query": {
                **{name: form.data.get(name, "") for name in form.fields},
                "start_on": planned.first_day.isoformat(),
            }
            if planned
            else {},
            "datalist": sorted(formulary.load().drugs),
            "drug_forms": drug_forms(),
        },
    )


def _share_form(planned: planning.Planned | None, posted: ShareForm) -> ShareForm | None:
    """The form that shares the plan shown: the one posted if it was refused, else a fresh one
    naming this plan, with a new idempotency key and the note as typed."""
    if planned is None:
        return None
    if posted.is_bound and posted.errors:
        return posted
    note = posted.data.get("note", "") if posted.is_bound else ""
    key = uuid.uuid4().hex
    return ShareForm(initial={"digest": planned.digest(), "idempotency_key": key, "note": note})


@login_required
def plan_end(request: HttpRequest, public_id: UUID, plan_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request, public_id, Permission.MEDICATIONS_WRITE, resource="plan", action=Action.UPDATE
    )
    try:
        shared = patient.plans.get(public_id=plan_id, entered_in_error_at__isnull=True)
    except SharedPlan.DoesNotExist as absent:
        raise Http404 from absent
    form = PlanEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_end(
                plan=shared, by=user, request=request, **form_values(form, "ended_on", "reason")
            )
        except EditConflict:
            form.add_error(None, "This plan has already ended: nothing was changed.")
        except ValueError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"{shared.title} ended: the patient no longer sees it.")
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {"form": form, "patient": patient, "title": f"End the plan: {shared.title}"},
    )
