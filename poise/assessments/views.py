"""Rating scales in the workspace (assign, administer, review, acknowledge flags) and in the
patient portal (one question at a time, resumable)."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from poise.accounts.access import Permission, own_patient, patient_for
from poise.accounts.models import User
from poise.assessments import charts, selectors, services
from poise.assessments.models import (
    QuestionnaireResponse,
    ResponseStatus,
    SafetyFlag,
)
from poise.audit.models import Action
from poise.clinical.instruments import INSTRUMENTS, Instrument, ScoringError
from poise.patients.forms import DATE
from poise.patients.selectors import medications_with_doses
from poise.patients.services import EditConflict
from poise.patients.views import staff_user


class AssignmentForm(forms.Form):
    instrument = forms.ChoiceField(choices=[(key, i.name) for key, i in INSTRUMENTS.items()])
    every_days = forms.IntegerField(
        label="Every (days)",
        min_value=1,
        max_value=366,
        initial=14,
        help_text="e.g. 14 for PHQ-9 every 2 weeks, 182 for AIMS every 6 months",
    )
    starts_on = forms.DateField(widget=DATE, initial=timezone.localdate)


def _instrument(key: str) -> Instrument:
    if key not in INSTRUMENTS:
        raise Http404
    return INSTRUMENTS[key]


@login_required
def assignment_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request, public_id, Permission.CLINICAL_WRITE, resource="assignment", action=Action.CREATE
    )
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.assignment_set(patient=patient, by=user, request=request, **form.cleaned_data)
        messages.success(request, "Scale assigned.")
        return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {"form": form, "patient": patient, "title": "Assign a rating scale"},
    )


@login_required
def assignment_stop(request: HttpRequest, public_id: UUID, instrument_key: str) -> HttpResponse:
    """Stop asking for a scale (POST); its answers stay in the record."""
    user = staff_user(request)
    patient = patient_for(
        request, public_id, Permission.CLINICAL_WRITE, resource="assignment", action=Action.UPDATE
    )
    assignment = patient.assignments.filter(
        instrument=instrument_key, ended_at__isnull=True
    ).first()
    if assignment is None:
        raise Http404
    if request.method == "POST":
        services.assignment_end(assignment=assignment, by=user, request=request)
        messages.success(request, f"{assignment.instrument_name} is no longer assigned.")
    return redirect("patients:chart", public_id=patient.public_id)


def _answer_fields(instrument: Instrument) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for item in instrument.items:
        choices = [(code, label) for code, _, label in item.options]
        if item.optional:
            choices.append(("", "Not asked / not applicable"))
        fields[f"item_{item.number}"] = forms.ChoiceField(
            label=f"{item.number}. {item.text}",
            choices=choices,
            widget=forms.RadioSelect,
            required=not item.optional,
        )
    return fields


@login_required
def administer(request: HttpRequest, public_id: UUID, instrument_key: str) -> HttpResponse:
    """A clinician gives the whole scale in clinic, on the patient's behalf."""
    user = staff_user(request)
    instrument = _instrument(instrument_key)
    patient = patient_for(
        request,
        public_id,
        Permission.CLINICAL_WRITE,
        resource="questionnaire-response",
        action=Action.CREATE,
    )
    form_class = type(
        "AdministerForm",
        (forms.Form,),
        {
            **_answer_fields(instrument),
            "idempotency_key": forms.CharField(widget=forms.HiddenInput, max_length=100),
        },
    )
    form = form_class(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        answers = [form.cleaned_data[f"item_{i.number}"] or None for i in instrument.items]
        try:
            saved = services.response_record(
                patient=patient,
                instrument=instrument.id,
                answers=answers,
                by=user,
                request=request,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ScoringError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                f"{instrument.name} recorded: total {saved.total}"
                + (f", {saved.severity}" if saved.severity else ""),
            )
            return redirect("patients:chart", public_id=patient.public_id)
    return render(
        request,
        "patients/form.html",
        {
            "form": form,
            "patient": patient,
            "title": f"Administer {instrument.name} in clinic",
        },
    )


@login_required
def flag_acknowledge(request: HttpRequest, public_id: UUID, flag_id: UUID) -> HttpResponse:
    user = staff_user(request)
    patient = patient_for(
        request, public_id, Permission.CLINICAL_WRITE, resource="safety-flag", action=Action.UPDATE
    )
    flag = SafetyFlag.objects.filter(patient=patient, public_id=flag_id).first()
    if flag is None:
        raise Http404
    if request.method == "POST":
        try:
            services.safety_flag_acknowledge(
                flag=flag, note=request.POST.get("note", ""), by=user, request=request
            )
        except EditConflict:
            messages.info(request, "Someone already acknowledged this flag.")
        except ValueError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, "Flag acknowledged.")
    return redirect("patients:chart", public_id=patient.public_id)


def _events(patient: Any) -> list[charts.Event]:
    events = []
    for medication in medications_with_doses(patient=patient):
        doses = [d for d in medication.doses.all() if not d.is_entered_in_error]
        for index, dose in enumerate(doses):
            verb = "start" if index == 0 else "dose"
            events.append(
                charts.Event(
                    dose.effective_on,
                    f"{medication.drug} {verb} {dose.daily_dose_mg.normalize():f}",
                )
            )
        if medication.stopped_on:
            events.append(charts.Event(medication.stopped_on, f"{medication.drug} stop"))
    return sorted(events, key=lambda e: e.on)


@login_required
def history(request: HttpRequest, public_id: UUID, instrument_key: str) -> HttpResponse:
    staff_user(request)
    instrument = _instrument(instrument_key)
    patient = patient_for(request, public_id, Permission.CLINICAL_READ, resource=instrument.id)
    answers = [
        r for r in selectors.completed_responses(patient=patient) if r.instrument == instrument.id
    ]
    points = [
        (r.completed_at.date(), r.total) for r in answers if r.completed_at and r.total is not None
    ]
    chart = charts.score_chart(instrument=instrument, points=points, events=_events(patient))
    return render(
        request,
        "assessments/history.html",
        {
            "patient": patient,
            "instrument": instrument,
            "responses": answers,
            "chart": chart,
        },
    )


# --- the patient portal -----------------------------------------------------------------------


@login_required
def portal_list(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request, "questionnaires")
    due = selectors.due_instruments(patient=patient, today=timezone.localdate())
    return render(request, "portal/questionnaires.html", {"patient": patient, "due": due})


@login_required
def portal_fill(request: HttpRequest, instrument_key: str) -> HttpResponse:
    """One question per page; every answer is saved, so the patient can stop and come back."""
    instrument = _instrument(instrument_key)
    if not instrument.portal:
        raise Http404
    patient = own_patient(request, "questionnaire-response")
    user = request.user
    assert isinstance(user, User)
    draft = services.response_draft(patient=patient, instrument=instrument.id, by=user)
    error = ""
    posted_item = request.POST.get("item", "")
    number = int(posted_item) if posted_item.isdigit() else 0
    if request.method == "POST":
        try:
            draft = services.response_answer(
                response=draft,
                item_number=number,
                answer=request.POST.get("answer", "missing"),
                by=user,
            )
        except ScoringError:
            error = "Please choose one of the answers."
        except EditConflict:
            return redirect("web:portal")
    given = services.answered(draft)
    item = None if error else instrument.next_item(given)
    if request.GET.get("back") and given:
        last = max(given)
        item = next(i for i in instrument.items if i.number == last)
    if error:
        item = next((i for i in instrument.items if i.number == number), instrument.items[0])
    if item is None:
        completed = services.response_complete(response=draft, by=user, request=request)
        return redirect("web:portal_result", response_id=completed.public_id)
    asked = [i for i in instrument.items if instrument.asks(i.number, given)]
    return render(
        request,
        "portal/question.html",
        {
            "patient": patient,
            "instrument": instrument,
            "item": item,
            "error": error,
            "position": asked.index(item) + 1 if item in asked else item.number,
            "count": len(asked),
            "current": given.get(item.number),
            "can_go_back": bool(given),
        },
    )


PLAIN = {
    "minimal": "in the lowest range",
    "mild": "in the mild range",
    "moderate": "in the moderate range",
    "moderately severe": "in the moderately severe range",
    "severe": "in the severe range",
}


@login_required
def portal_result(request: HttpRequest, response_id: UUID) -> HttpResponse:
    patient = own_patient(request, "questionnaire-response")
    answer = QuestionnaireResponse.objects.filter(
        patient=patient, public_id=response_id, status=ResponseStatus.COMPLETED
    ).first()
    if answer is None:
        raise Http404
    instrument = INSTRUMENTS[answer.instrument]
    urgent = [flag for flag in answer.flags if flag in services.URGENT_FLAGS]
    return render(
        request,
        "portal/result.html",
        {
            "patient": patient,
            "instrument": instrument,
            "response": answer,
            "urgent": urgent,
            "plain": PLAIN.get(answer.severity, ""),
        },
    )
