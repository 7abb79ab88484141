"""Writing the journal: one entry at a time, each audited; a repeated submission is kept once."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from poise.accounts.models import User
from poise.audit.models import Action
from poise.audit.services import audit_record
from poise.journal.models import JournalEntry
from poise.patients.models import Patient
from poise.patients.services import earlier_submission

# An entry is about a recent day: a date further back is a slip, not a memory to record.
OLDEST_ENTRY_DAYS = 90


class JournalError(ValueError):
    """An entry that cannot be kept, with what to change."""


@transaction.atomic
def journal_write(
    *,
    patient: Patient,
    by: User,
    written_on: date,
    feeling: int | None = None,
    doses: str = "",
    how: str = "",
    side_effects: str = "",
    question: str = "",
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> JournalEntry:
    """Keep a journal entry; the same idempotency key returns the entry already kept."""
    earlier = earlier_submission(JournalEntry, patient, idempotency_key)
    if earlier:
        return earlier
    today = timezone.localdate()
    if written_on > today:
        raise JournalError("The day cannot be in the future.")
    if written_on < today - timedelta(days=OLDEST_ENTRY_DAYS):
        raise JournalError(f"Write about a day in the last {OLDEST_ENTRY_DAYS} days.")
    texts = {"how": how.strip(), "side_effects": side_effects.strip(), "question": question.strip()}
    if feeling is None and not doses and not any(texts.values()):
        raise JournalError("Write something or answer a question: the entry is empty.")
    entry = JournalEntry.objects.create(
        patient=patient,
        recorded_by=by,
        written_on=written_on,
        feeling=feeling,
        doses=doses,
        idempotency_key=idempotency_key,
        **texts,
    )
    audit_record(
        clinic=patient.clinic,
        actor=by,
        action=Action.CREATE,
        resource="journal",
        patient=patient,
        object_id=str(entry.public_id),
        request=request,
    )
    return entry
