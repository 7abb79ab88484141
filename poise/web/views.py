"""Home, the patient portal, and the error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from poise.accounts.access import own_patient
from poise.accounts.models import Role, User
from poise.assessments.selectors import InstrumentSummary, due_instruments, measurement_summary
from poise.patients.selectors import chart_summary


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if user.role == Role.PATIENT:
        return redirect("web:portal")
    if user.role == Role.CLINIC_ADMIN:
        return redirect("audit:log")
    if user.is_clinic_staff:
        return redirect("patients:list")
    raise PermissionDenied


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """The patient's own plan: medicines and doses, diagnoses, allergies, recent measurements."""
    patient = own_patient(request, "portal")
    summary = chart_summary(patient=patient, clinical=True)
    today = timezone.localdate()
    progress = [
        _progress_sentence(item)
        for item in measurement_summary(
            patient=patient, today=today, medications=summary.medications
        )
        if item.trajectory
    ]
    return render(
        request,
        "portal/home.html",
        {
            "summary": summary,
            "patient": patient,
            "progress": progress,
            "due": due_instruments(patient=patient, today=today),
            "today": today,
        },
    )


def _progress_sentence(item: InstrumentSummary) -> str:
    """Progress in plain words: where the score started, where it is, what that means."""
    trajectory = item.trajectory
    assert trajectory is not None
    direction = (
        "lower (better)"
        if trajectory.latest.total < trajectory.baseline.total
        else "higher"
        if trajectory.latest.total > trajectory.baseline.total
        else "the same"
    )
    return (
        f"{item.instrument.name}: your score went from {trajectory.baseline.total} on "
        f"{trajectory.baseline.on:%b %d} to {trajectory.latest.total} on "
        f"{trajectory.latest.on:%b %d}, which is {direction}"
        + {
            "remission": "; that is in the range we aim for.",
            "response": "; that is a clear improvement.",
            "worsening": "; please talk to your care team about it.",
        }.get(trajectory.trend, ".")
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        _error(404, "Page not found", "There is nothing here, or it is not yours to see."),
        status=404,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        _error(403, "Not allowed", "Your role does not give access to this page."),
        status=403,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        _error(
            500,
            "Something went wrong",
            "The error was recorded. Nothing you saved before it was lost.",
        ),
        status=500,
    )


def _error(status: int, title: str, message: str) -> dict[str, Any]:
    return {"status": status, "title": title, "message": message}
