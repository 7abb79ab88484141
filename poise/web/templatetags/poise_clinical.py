from __future__ import annotations

from dataclasses import dataclass

from django import template

from poise.clinical import formulary, safety

register = template.Library()


@dataclass(frozen=True)
class Boxed:
    text: str
    source: str  # the source's title


@register.filter
def boxed_warnings(drug_name: str) -> list[Boxed]:
    """The label's boxed warnings for a medicine on the chart, its class's included, by any
    name the formulary knows; none for a medicine it does not know."""
    loaded = formulary.load()
    drug = loaded.find(drug_name)
    if drug is None:
        return []
    return [Boxed(b.text, loaded.source(b.source).title) for b in safety.boxed_warnings_of(drug)]


@register.filter
def known_drug(drug_name: str) -> bool:
    """Whether the formulary knows this medicine, by any of its names."""
    return formulary.load().find(drug_name) is not None


@register.filter
def drug_title(drug_name: str) -> str:
    """How to name a medicine on the chart in words: the formulary's title where its id reads
    badly ("st-johns-wort": St John's wort), else the name as recorded."""
    drug = formulary.load().find(drug_name)
    return drug.title if drug is not None and drug.title else drug_name
