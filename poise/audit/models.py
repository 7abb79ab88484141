"""The audit trail: who did what to which patient's data, when and from where.

Append-only: the application has no code path that updates or deletes an entry, and the
database refuses UPDATE (and DELETE on PostgreSQL; see migration 0002). Tamper-evident: each
entry carries the hash of the one before it in its clinic's chain, and `poise audit-verify`
recomputes the chain. One chain per clinic keeps clinics independent (and shardable by clinic).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from poise.accounts.models import Clinic
from poise.patients.models import Patient


class Action(models.TextChoices):
    READ = "read", "Read"
    SEARCH = "search", "Search"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    ENTERED_IN_ERROR = "entered-in-error", "Marked entered in error"
    EXPORT = "export", "Export"
    LOGIN = "login", "Log in"
    LOGIN_FAILED = "login-failed", "Failed log in"
    LOGOUT = "logout", "Log out"
    DENIED = "denied", "Access denied"


class AuditChain(models.Model):
    """The head of one clinic's chain; its row lock serialises appends to that chain."""

    clinic = models.OneToOneField(Clinic, on_delete=models.PROTECT, related_name="audit_chain")
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


class AuditEvent(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="audit_events")
    sequence = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=160, help_text="Who, as they were named then")
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    resource = models.CharField(max_length=40, help_text="What kind of data, e.g. chart, lab")
    object_id = models.CharField(max_length=64, blank=True)
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "sequence"], name="audit_sequence_unique")
        ]
        indexes = [
            models.Index(fields=["clinic", "-sequence"]),
            models.Index(fields=["patient", "-at"]),
        ]
