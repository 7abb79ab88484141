"""The journal: the patient writes it in the portal; the care team reads it on the chart."""

from __future__ import annotations

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from poise.accounts.access import Permission, own_patient, patient_for
from poise.accounts.models import User
from poise.journal import selectors, services
from poise.journal.forms import JournalForm
from poise.patients.views import staff_user


@login_required
def portal_journal(request: HttpRequest) -> HttpResponse:
    """Write an entry and read the earlier ones."""
    writing = request.method == "POST"
    # The page lists the journal whether or not an entry is kept: a read either way.
    patient = own_patient(request, "journal")
    user = request.user
    assert isinstance(user, User)
    form = JournalForm(
        request.POST if writing else None, initial={"idempotency_key": uuid.uuid4().hex}
    )
    if writing and form.is_valid():
        try:
            services.journal_write(patient=patient, by=user, request=request, **form.cleaned_data)
        except services.JournalError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Saved to your journal.")
            return redirect("web:portal_journal")
    page = selectors.journal_page(patient=patient, number=request.GET.get("page"))
    return render(request, "portal/journal.html", {"patient": patient, "form": form, "page": page})


@login_required
def chart_journal(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Every entry the patient wrote, newest first."""
    staff_user(request)
    patient = patient_for(request, public_id, Permission.CLINICAL_READ, resource="journal")
    page = selectors.journal_page(patient=patient, number=request.GET.get("page"))
    return render(request, "patients/journal.html", {"patient": patient, "page": page})
