"""Writing and verifying the audit trail."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from poise.accounts.models import Clinic, User
from poise.audit.models import Action, AuditChain, AuditEvent
from poise.patients.models import Patient


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from. Behind a proxy, gunicorn's --forwarded-allow-ips and
    the proxy's X-Forwarded-For are what REMOTE_ADDR already reflects; we never trust the
    header ourselves, since a client can set it."""
    return request.META.get("REMOTE_ADDR") or None


def entry_hash(event: AuditEvent) -> str:
    """SHA-256 over the entry's content and the previous entry's hash, in canonical JSON."""
    content = {
        "clinic": event.clinic_id,
        "sequence": event.sequence,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "actor_role": event.actor_role,
        "action": event.action,
        "resource": event.resource,
        "object_id": event.object_id,
        "patient": event.patient_id,
        "ip_address": event.ip_address,
        "user_agent": event.user_agent,
        "detail": event.detail,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def audit_record(
    *,
    clinic: Clinic,
    actor: User | None,
    action: Action,
    resource: str,
    patient: Patient | None = None,
    object_id: str = "",
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry to the clinic's chain. Joins the caller's transaction, so a write and
    its audit entry commit together or not at all."""
    with transaction.atomic():
        AuditChain.objects.get_or_create(clinic=clinic)
        chain = AuditChain.objects.select_for_update().get(clinic=clinic)
        event = AuditEvent(
            clinic=clinic,
            sequence=chain.last_sequence + 1,
            at=timezone.now(),
            actor=actor,
            actor_label=actor.display_name if actor else "anonymous",
            actor_role=actor.role if actor else "",
            action=action,
            resource=resource,
            object_id=object_id,
            patient=patient,
            ip_address=client_ip(request) if request else None,
            user_agent=request.headers.get("User-Agent", "")[:300] if request else "",
            # Round-tripped through JSON now, so the hash matches what the database returns.
            detail=json.loads(json.dumps(detail or {}, default=str)),
            previous_hash=chain.last_hash,
        )
        event.hash = entry_hash(event)
        event.save(force_insert=True)
        chain.last_sequence, chain.last_hash = event.sequence, event.hash
        chain.save(update_fields=["last_sequence", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    clinic: Clinic
    entries: int
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def audit_verify_chain(*, clinic: Clinic) -> ChainReport:
    """Recompute a clinic's chain: every hash, every link, no gap, and the head at the end."""
    problems: list[str] = []
    previous_hash, expected_sequence, count = "0" * 64, 1, 0
    events = AuditEvent.objects.filter(clinic=clinic).order_by("sequence")
    for event in events.iterator(chunk_size=2000):
        count += 1
        if event.sequence != expected_sequence:
            problems.append(f"entries {expected_sequence}..{event.sequence - 1} are missing")
        if event.previous_hash != previous_hash:
            problems.append(f"entry {event.sequence} does not link to the entry before it")
        if entry_hash(event) != event.hash:
            problems.append(f"entry {event.sequence} was altered after it was written")
        previous_hash, expected_sequence = event.hash, event.sequence + 1
    head = AuditChain.objects.filter(clinic=clinic).first()
    if head and (head.last_sequence != expected_sequence - 1 or head.last_hash != previous_hash):
        problems.append(
            f"the chain ends at entry {expected_sequence - 1} but its head says "
            f"{head.last_sequence}: entries were removed from the end"
        )
    return ChainReport(clinic=clinic, entries=count, problems=problems)
