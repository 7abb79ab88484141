"""Home, the patient portal, and the error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from poise.accounts.access import Permission, patient_for
from poise.accounts.models import Role, User
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
    user = request.user
    assert isinstance(user, User)
    patient = getattr(user, "patient", None)
    if user.role != Role.PATIENT or patient is None:
        raise PermissionDenied
    patient = patient_for(request, patient.public_id, Permission.CLINICAL_READ, resource="portal")
    summary = chart_summary(patient=patient, clinical=True)
    return render(request, "portal/home.html", {"summary": summary, "patient": patient})


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
