from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def amount(value: Decimal | None) -> str:
    """A stored quantity as people write it: 100.000 -> 100, 12.500 -> 12.5, 0.050 -> 0.05."""
    if value is None:
        return ""
    return f"{value.normalize():f}"
