"""Alerts for the care team. The email says only that a flag is waiting: no health data."""

from __future__ import annotations

from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from poise.patients.models import Patient


@task()
def send_safety_alert(*, patient_id: int, site: str) -> None:
    patient = Patient.objects.select_related("clinic").get(pk=patient_id)
    recipients = [
        member.member.email
        for member in patient.care_team.select_related("member")
        if member.member.email and member.member.is_active
    ]
    if not recipients:
        return
    link = site.rstrip("/") + reverse("patients:chart", kwargs={"public_id": patient.public_id})
    send_mail(
        subject="Poise: urgent safety flag",
        message="An urgent safety flag was raised for a patient in your care at "
        f"{patient.clinic}. Review it now:\n{link}\n\nThis message holds no health details; "
        "log in to see them.",
        from_email=None,
        recipient_list=recipients,
    )
