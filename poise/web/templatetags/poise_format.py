from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template

from poise.medications.models import SharedPlan

register = template.Library()


@register.filter
def amount(value: Decimal | None) -> str:
    """A stored quantity as people write it: 100.000 -> 100, 12.500 -> 12.5, 0.050 -> 0.05."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


@register.filter
def calendars_on(plan: SharedPlan, today: date) -> list[dict[str, Any]]:
    """A shared plan's calendars with the step in force `today` marked."""
    return plan.calendars_today(today)
