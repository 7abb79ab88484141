"""The clinic admin's view of the audit trail: browse, filter, verify, export."""

from __future__ import annotations

import contextlib
import csv
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from poise.accounts.access import Permission, require_permission
from poise.accounts.models import User
from poise.audit.models import Action, AuditEvent
from poise.audit.services import audit_record, audit_verify_chain

EXPORT_COLUMNS = (
    "sequence",
    "at",
    "actor_label",
    "actor_role",
    "action",
    "resource",
    "object_id",
    "patient",
    "ip_address",
    "user_agent",
    "detail",
    "previous_hash",
    "hash",
)


def _admin(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    require_permission(user, Permission.AUDIT_READ)
    return user


def _filtered(request: HttpRequest, user: User) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(clinic=user.clinic)
    if action := request.GET.get("action"):
        events = events.filter(action=action)
    if patient := request.GET.get("patient", "").strip():
        # The record number people know, or the id an export shows.
        match = Q(patient__mrn=patient)
        if _is_uuid(patient):
            match |= Q(patient__public_id=patient)
        events = events.filter(match)
    # The trail's days are UTC days, as its times are shown, whatever the viewer's zone.
    for param, lookup, days in (("since", "at__gte", 0), ("until", "at__lt", 1)):
        with contextlib.suppress(ValueError):  # an unreadable date filters nothing out
            day = date.fromisoformat(request.GET.get(param, "")) + timedelta(days=days)
            events = events.filter(**{lookup: datetime.combine(day, time.min, tzinfo=UTC)})
    return events.select_related("patient").order_by("-sequence")


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
def log(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    page = Paginator(_filtered(request, user), 100).get_page(request.GET.get("page"))
    assert user.clinic is not None
    report = audit_verify_chain(clinic=user.clinic) if request.GET.get("verify") else None
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "actions": Action.choices,
            "report": report,
            "filters": request.GET,
            "filter_query": _without(request, "page", "verify"),
        },
    )


def _without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV of the filtered entries, streamed so a long trail does not fill memory."""
    user = _admin(request)
    assert user.clinic is not None
    audit_record(
        clinic=user.clinic,
        actor=user,
        action=Action.EXPORT,
        resource="audit-log",
        request=request,
        detail={"filters": dict(request.GET.items())},
    )
    writer = csv.writer(_Echo())
    events = _filtered(request, user).order_by("sequence")

    def rows() -> Iterator[str]:
        yield writer.writerow(EXPORT_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            patient = str(event.patient.public_id) if event.patient else ""
            yield writer.writerow(
                [
                    event.sequence,
                    event.at.isoformat(),
                    event.actor_label,
                    event.actor_role,
                    event.action,
                    event.resource,
                    event.object_id,
                    patient,
                    event.ip_address or "",
                    event.user_agent,
                    event.detail,
                    event.previous_hash,
                    event.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="poise-audit.csv"'
    return response
