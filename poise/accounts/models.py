"""Clinics (the tenants) and the people who use Poise, each with one role."""

from __future__ import annotations

import uuid
import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone, e.g. America/New_York.")


class Clinic(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    crisis_line = models.CharField(
        max_length=200,
        default="988 Suicide & Crisis Lifeline: call or text 988",
        help_text="Shown to patients with every safety message; set for the clinic's locale.",
    )
    phone = models.CharField(
        max_length=40, blank=True, help_text="Shown to patients as the way to reach their team"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRESCRIBER = "prescriber", "Prescriber"
    CLINICIAN = "clinician", "Clinician (nurse, therapist)"
    FRONT_DESK = "front_desk", "Front desk"
    CLINIC_ADMIN = "clinic_admin", "Clinic admin"
    PATIENT = "patient", "Patient"


STAFF_ROLES = frozenset({Role.PRESCRIBER, Role.CLINICIAN, Role.FRONT_DESK, Role.CLINIC_ADMIN})


class User(AbstractUser):
    """Everyone belongs to one clinic with one role; a patient user is linked to one Patient."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, null=True, related_name="users")
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    title = models.CharField(max_length=60, blank=True, help_text="e.g. MD, PMHNP, RN, LCSW")

    class Meta:
        constraints = [
            # Only a site superuser (for Django's own tooling) may exist outside a clinic.
            models.CheckConstraint(
                condition=models.Q(is_superuser=True)
                | (models.Q(clinic__isnull=False) & ~models.Q(role="")),
                name="user_has_clinic_and_role",
            ),
        ]

    @property
    def is_clinic_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{name}, {self.title}" if self.title else name


class ApiToken(models.Model):
    """A bearer token for an app or integration. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
