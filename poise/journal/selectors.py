"""Reading the journal for the chart, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from poise.journal.models import Doses, JournalEntry
from poise.patients.models import Patient

RECENT_DAYS = 30
PER_PAGE = 30  # entries on a page of the journal, on the chart and in the API


@dataclass(frozen=True)
class JournalSummary:
    latest: list[JournalEntry]
    recent_entries: int  # in the last RECENT_DAYS days
    recent_missed: int  # of those, entries saying doses were missed


def entries(*, patient: Patient) -> QuerySet[JournalEntry]:
    return (
        JournalEntry.objects.filter(patient=patient, entered_in_error_at__isnull=True)
        .select_related("recorded_by")
        .order_by("-written_on", "-id")
    )


def journal_page(*, patient: Patient, number: int | str | None) -> Page[JournalEntry]:
    """One page of the journal, newest first (the first page for a missing or bad number)."""
    return Paginator(entries(patient=patient), PER_PAGE).get_page(number)


def journal_summary(*, patient: Patient, today: date, latest: int = 3) -> JournalSummary:
    since = today - timedelta(days=RECENT_DAYS)
    counts = (
        entries(patient=patient)
        .filter(written_on__gt=since)
        .aggregate(
            written=Count("id"),
            missed=Count("id", filter=Q(doses__in=[Doses.SOME_MISSED, Doses.MOST_MISSED])),
        )
    )
    return JournalSummary(
        latest=list(entries(patient=patient)[:latest]),
        recent_entries=counts["written"],
        recent_missed=counts["missed"],
    )
