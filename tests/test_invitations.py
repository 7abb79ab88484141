"""Accounts by invitation, with the email going through a real SMTP server."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from poise.accounts.models import Role, User
from tests.conftest import Mailbox, Personas, client_for

NEW_PASSWORD = "lithium level in range"


def invitation_link(mailbox: Mailbox) -> str:
    [message] = mailbox.messages
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://testserver(/accounts/set-password/\S+)", body)
    assert link, body
    return link.group(1)


def choose_password(link: str) -> Client:
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    return client


def test_a_clinic_admin_invites_a_nurse_who_sets_a_password_and_logs_in(
    personas: Personas, smtp_server: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.clinic_admin).post(
            reverse("accounts:staff"),
            {
                "first_name": "Noor",
                "last_name": "Aziz",
                "email": "noor@lakeside.example",
                "username": "naziz",
                "role": "clinician",
                "title": "RN",
            },
        )
    assert response.status_code == 302
    assert smtp_server.messages[0]["To"] == "noor@lakeside.example"
    nurse = User.objects.get(username="naziz")
    assert nurse.clinic == personas.clinic and not nurse.has_usable_password()
    link = invitation_link(smtp_server)
    choose_password(link)
    login = Client().post(
        reverse("accounts:login"), {"username": "naziz", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
    assert not Client().get(link, follow=True).context["validlink"]  # used once only


def test_a_patient_is_invited_to_the_portal_and_linked_to_their_record(
    personas: Personas, smtp_server: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    patient = personas.other_patient
    url = reverse("patients:portal_invite", kwargs={"public_id": patient.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas.front_desk).post(
            url,
            {
                "first_name": "Quinn",
                "last_name": "Avery",
                "email": "quinn@mail.example",
                "username": "qavery",
            },
        )
    patient.refresh_from_db()
    assert patient.user is not None and patient.user.role == Role.PATIENT
    client = choose_password(invitation_link(smtp_server))
    client.post(reverse("accounts:login"), {"username": "qavery", "password": NEW_PASSWORD})
    assert "Hello, Quinn" in client.get(reverse("web:portal")).content.decode()
    again = client_for(personas.front_desk).post(
        url,
        {"first_name": "Q", "last_name": "A", "email": "q@mail.example", "username": "qa2"},
        follow=True,
    )
    assert "already has a portal account" in again.content.decode()
    assert not User.objects.filter(username="qa2").exists()


def test_a_taken_username_is_refused_at_the_field(personas: Personas) -> None:
    response = client_for(personas.clinic_admin).post(
        reverse("accounts:staff"),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "a@b.example",
            "username": "DrHale",
            "role": "prescriber",
        },
    )
    assert "This username is taken." in response.context["form"].errors["username"]


@pytest.mark.parametrize("who", ["clinic_admin"])
def test_a_deactivated_account_can_no_longer_log_in(personas: Personas, who: str) -> None:
    client_for(getattr(personas, who)).post(
        reverse("accounts:staff"), {"deactivate": str(personas.clinician.public_id)}
    )
    personas.clinician.refresh_from_db()
    assert not personas.clinician.is_active
    response = Client().post(
        reverse("accounts:login"), {"username": "nurse", "password": "correct horse battery staple"}
    )
    assert response.status_code == 200


def test_an_admin_cannot_deactivate_another_clinics_staff(personas: Personas) -> None:
    response = client_for(personas.clinic_admin).post(
        reverse("accounts:staff"), {"deactivate": str(personas.foreign_prescriber.public_id)}
    )
    assert response.status_code == 404
    personas.foreign_prescriber.refresh_from_db()
    assert personas.foreign_prescriber.is_active


def test_a_clinic_admin_sets_the_crisis_line_patients_see(personas: Personas) -> None:
    response = client_for(personas.clinic_admin).post(
        reverse("accounts:clinic"),
        {
            "name": "Lakeside Psychiatry",
            "time_zone": "Europe/London",
            "phone": "+44 20 7946 0000",
            "crisis_line": "Samaritans: call 116 123",
        },
    )
    assert response.status_code == 302
    portal = client_for(personas.patient_user).get(reverse("web:portal")).content.decode()
    assert "Samaritans: call 116 123" in portal and "+44 20 7946 0000" in portal
    bad = client_for(personas.clinic_admin).post(
        reverse("accounts:clinic"),
        {"name": "Lakeside Psychiatry", "time_zone": "Mars/Olympus", "crisis_line": "x"},
    )
    assert "time_zone" in bad.context["form"].errors


def test_a_forgotten_password_is_reset_by_email_link(
    personas: Personas, smtp_server: Mailbox
) -> None:
    personas.clinician.email = "nurse@lakeside.example"
    personas.clinician.save()
    Client().post(reverse("accounts:forgot_password"), {"email": "nurse@lakeside.example"})
    Client().post(reverse("accounts:forgot_password"), {"email": "nobody@lakeside.example"})
    [message] = smtp_server.messages
    assert message["To"] == "nurse@lakeside.example"
    choose_password(invitation_link(smtp_server))
    login = Client().post(
        reverse("accounts:login"), {"username": "nurse", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
