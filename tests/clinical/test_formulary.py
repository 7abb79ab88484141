from __future__ import annotations

import pytest

from poise.clinical import formulary
from poise.clinical.formulary import FormularyError, build


def test_brand_names_and_synonyms_find_the_generic() -> None:
    loaded = formulary.load()
    for query, name in [
        ("Zoloft", "sertraline"),
        ("DIVALPROEX", "valproate"),
        ("St. John's-Wort", "st-johns-wort"),
        ("rifampicin", "rifampin"),
    ]:
        found = loaded.find(query)
        assert found is not None and found.name == name


def test_a_misspelling_gets_the_closest_names() -> None:
    assert formulary.load().closest("sertralin")[0] == "sertraline"
    assert formulary.load().find("sertralin") is None


SOURCES = {"s": {"title": "A label", "where": "somewhere"}}


def test_a_fact_citing_an_unknown_source_is_refused() -> None:
    with pytest.raises(FormularyError, match="not in sources"):
        build(SOURCES, {"x": {"class": "c", "limits": [{"max_mg": 1, "source": "nowhere"}]}})


def test_a_misspelt_key_is_refused_rather_than_ignored() -> None:
    with pytest.raises(FormularyError, match="unknown keys"):
        build(SOURCES, {"x": {"class": "c", "limts": []}})
    with pytest.raises(FormularyError, match="unknown condition"):
        build(
            SOURCES,
            {"x": {"class": "c", "limits": [{"max_mg": 1, "when": "age>sixty", "source": "s"}]}},
        )


def test_one_name_cannot_mean_two_drugs() -> None:
    with pytest.raises(FormularyError, match="names both"):
        build(
            SOURCES,
            {"x": {"class": "c", "brands": ["Same"]}, "y": {"class": "c", "brands": ["same"]}},
        )


def test_every_rxnorm_code_names_its_source() -> None:
    for drug in formulary.load().drugs.values():
        if drug.rxnorm:
            assert drug.rxnorm.isdigit() and drug.codes_source == "cpic-drug-table", drug.name


def test_every_dose_rule_says_something_and_names_its_source() -> None:
    loaded = formulary.load()
    for drug in loaded.drugs.values():
        for limit in drug.limits:
            assert limit.source in loaded.sources, drug.name
            assert limit.max_mg is not None or limit.avoid or limit.advice, drug.name
            assert limit.max_mg is None or limit.max_mg > 0, drug.name
