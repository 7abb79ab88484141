"""Shared personas: one clinic's staff and patients, and a patient of another clinic."""

from __future__ import annotations

import functools
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client
from hypothesis import settings as hypothesis_settings

from poise.accounts.models import Clinic, Role, User
from poise.patients.models import Patient

PASSWORD = "correct horse battery staple"

# Property tests check behaviour, not speed: no per-example deadline, which a shared, loaded
# machine would turn into flaky failures (timings belong in benchmarks/).
hypothesis_settings.register_profile("poise", deadline=None)
hypothesis_settings.load_profile("poise")


def pytest_report_header() -> str:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@dataclass
class Personas:
    clinic: Clinic
    other_clinic: Clinic
    prescriber: User
    clinician: User
    front_desk: User
    clinic_admin: User
    patient_user: User
    patient: Patient  # the patient_user's own record
    other_patient: Patient  # same clinic, not the patient_user's
    foreign_patient: Patient  # another clinic's patient
    foreign_prescriber: User

    def staff(self) -> list[User]:
        return [self.prescriber, self.clinician, self.front_desk, self.clinic_admin]


@functools.cache
def password_hash() -> str:
    """Hashed once: argon2 is slow on purpose, and personas are made for every test."""
    return make_password(PASSWORD)


def make_user(clinic: Clinic, username: str, role: Role, **extra: str) -> User:
    return User.objects.create(
        username=username, password=password_hash(), clinic=clinic, role=role, **extra
    )


def make_patient(clinic: Clinic, mrn: str, given: str, family: str, **extra: object) -> Patient:
    return Patient.objects.create(
        clinic=clinic,
        mrn=mrn,
        given_name=given,
        family_name=family,
        **{"date_of_birth": date(1985, 4, 12), "sex_at_birth": "female", **extra},
    )


@pytest.fixture
def personas(db: None) -> Personas:
    clinic = Clinic.objects.create(name="Lakeside Psychiatry")
    other_clinic = Clinic.objects.create(name="Hilltop Mental Health")
    patient_user = make_user(clinic, "pat", Role.PATIENT)
    return Personas(
        clinic=clinic,
        other_clinic=other_clinic,
        prescriber=make_user(
            clinic, "drhale", Role.PRESCRIBER, first_name="Iris", last_name="Hale"
        ),
        clinician=make_user(clinic, "nurse", Role.CLINICIAN, title="RN"),
        front_desk=make_user(clinic, "desk", Role.FRONT_DESK),
        clinic_admin=make_user(clinic, "admin", Role.CLINIC_ADMIN),
        patient_user=patient_user,
        patient=make_patient(clinic, "L-1", "Pat", "Morgan", user=patient_user),
        other_patient=make_patient(clinic, "L-2", "Quinn", "Avery"),
        foreign_patient=make_patient(other_clinic, "H-1", "Remy", "Stone"),
        foreign_prescriber=make_user(other_clinic, "drfar", Role.PRESCRIBER),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Mailbox:
    messages: list[EmailMessage]


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Mailbox]:
    """A real SMTP server on localhost; Poise sends to it over the network."""
    mailbox = Mailbox(messages=[])
    # aiosmtpd logs each session from its own thread, which can outlive pytest's capture.
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Collect:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            mailbox.messages.append(message_from_bytes(envelope.content, policy=default))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    yield mailbox
    controller.stop()
