"""The formulary: drugs, their forms, dose rules and properties, each fact with its source.

`load()` reads the TOML files in `data/` once (with rtoml: a tenth of tomllib's parsing
time, the bulk of a load); every `source` must name an entry of
`data/sources.toml`, and an unknown key is an error, so a typo cannot silently drop a fact.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import rtoml

from poise.clinical.formulary.model import (
    ALLERGY_GROUPS,
    FORMS,
    ICD10CM,
    PROPERTIES,
    SHARED_MECHANISMS,
    ByWeight,
    CrossSensitivity,
    DiagnosisWarning,
    Drug,
    Form,
    Interaction,
    Limit,
    Source,
    Sourced,
    Titration,
    parse_conditions,
)

DATA = Path(__file__).parent / "data"


class FormularyError(ValueError):
    """The data files are inconsistent; the message says where."""


def normalise(name: str) -> str:
    """Case, apostrophes, hyphens and spacing do not matter: "St. John's-Wort" = "st johns wort"."""
    name = name.lower().replace("\u2019", "").replace("'", "").replace(".", "")
    return re.sub(r"[\s_-]+", " ", name).strip()


# How alike (difflib's ratio) an unknown name must be to a known one to be taken for a
# misspelling: "trazadone" is 0.89 from trazodone; other drugs' names, such as pravastatin
# and atorvastatin (0.78), stay below it.
NEAR_MISS_RATIO = 0.85


@dataclass(frozen=True)
class Formulary:
    drugs: dict[str, Drug]
    sources: dict[str, Source]
    index: dict[str, str]  # normalised name -> drug name

    def find(self, query: str) -> Drug | None:
        name = self.index.get(normalise(query))
        return self.drugs[name] if name else None

    def closest(self, query: str, n: int = 3) -> list[str]:
        """The n known drugs whose names are most like the query: close matches when there
        are any, else the nearest there are (an unknown name always gets suggestions)."""
        wanted = normalise(query)
        matches = difflib.get_close_matches(wanted, self.index, n=n * 2, cutoff=0.6) or (
            difflib.get_close_matches(wanted, self.index, n=n * 4, cutoff=0.0)
        )
        names = dict.fromkeys(self.index[m] for m in matches)
        return list(names)[:n]

    def near_miss(self, query: str) -> str | None:
        """The known drug an unknown name most likely misspells ("trazadone": trazodone), or
        None when no name is that close."""
        wanted = normalise(query)
        if wanted in self.index:
            return None
        matches = difflib.get_close_matches(wanted, self.index, n=1, cutoff=NEAR_MISS_RATIO)
        return self.index[matches[0]] if matches else None

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    @cached_property
    def titles(self) -> dict[str, str]:
        """The ids that prose names otherwise (st-johns-wort: St John's wort)."""
        return {name: drug.title for name, drug in self.drugs.items() if drug.title}

    def in_words(self, text: str) -> str:
        """The text with each such id, also capitalised at a sentence's start, as its title."""
        for name, title in self.titles.items():
            if name in text or name.capitalize() in text:
                text = text.replace(name, title).replace(
                    name.capitalize(), title[:1].upper() + title[1:]
                )
        return text


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _sourced(raw: dict[str, Any]) -> Sourced:
    known = {"source", "value", "mg", "days", "unit", "text", "note", "lab", "form", "action"}
    _no_unknown(raw, known, "value")
    number = next((raw[key] for key in ("value", "mg", "days") if key in raw), None)
    return Sourced(
        source=raw["source"],
        value=None if number is None else _decimal(number),
        unit=raw.get("unit", ""),
        text=raw.get("text", ""),
        note=raw.get("note", ""),
        lab=raw.get("lab", ""),
        form=raw.get("form", ""),
        action=raw.get("action", ""),
    )


def _no_unknown(raw: dict[str, Any], known: set[str], where: str) -> None:
    unknown = set(raw) - known
    if unknown:
        raise FormularyError(f"{where}: unknown keys {sorted(unknown)}")


SOURCED_KEYS = (
    "start",
    "usual",
    "doses_per_day",
    "boxed_young",
    "approved_from_age",
    "schedule_from_age",
    "smoker_contraindicated_over",
    "pregnancy_contraindicated",
    "pregnancy_boxed",
    "pregnancy",
    "pregnancy_levels",
    "pregnancy_note",
    "childbearing_potential",
    "childbearing_caution",
    "lactation",
    "lactation_caution",
    "lactation_note",
    "qtc_discontinue_ms",
    "qtc_contraindicated_ms",
    "qtc_start_max_ms",
    "anc_minimum_to_start",
    "lab_ceiling",
    "lab_target_max",
    "lab_caution_female",
    "lab_caution_male",
    "hla_b1502_avoid",
    "hla_b1502_caution",
    "smoking_lowers_levels",
    "washout_days_before_maoi",
    "washout_days_before_serotonergic",
    "half_life",
    "acb_score",
    "mme_factor",
    "discontinuation",
)
# Warnings that raise a finding, so they carry the source's advice as well as the risk.
WARNINGS_WITH_ACTION = (
    "boxed_young",
    "smoker_contraindicated_over",
    "pregnancy_contraindicated",
    "pregnancy_boxed",
    "pregnancy",
    "pregnancy_levels",
    "childbearing_potential",
    "childbearing_caution",
    "lactation",
    "lactation_caution",
    "lab_target_max",
    "lab_caution_female",
    "lab_caution_male",
    "hla_b1502_caution",
)
DRUG_KEYS = {
    "class",
    "title",
    "rxnorm",
    "atc",
    "codes_source",
    "brands",
    "synonyms",
    "properties",
    "forms",
    "limits",
    "titration",
    "titration_by_weight",
    "titrations_for",
    "taper",
    "interactions",
    "cross_sensitivity",
    "diagnoses",
    "boxed_warnings",
    "monitoring",
    *SOURCED_KEYS,
}


def _drug(name: str, raw: dict[str, Any]) -> Drug:
    _no_unknown(raw, DRUG_KEYS, name)
    _no_unknown(raw.get("properties", {}), set(PROPERTIES), f"{name} properties")
    for form in raw.get("forms", []):
        known = {
            *("form", "source", "strengths_mg", "scored_mg", "mg_per_ml", "strength_text"),
            "doses_per_day",
        }
        _no_unknown(form, known, f"{name} form")
        if form["form"] not in FORMS:
            raise FormularyError(f"{name}: unknown form {form['form']!r}")
        if form.get("doses_per_day", 1) not in range(1, 5):
            raise FormularyError(f"{name}: a form's doses_per_day is a whole number from 1 to 4")
    for limit in raw.get("limits", []):
        known = {
            *("source", "max_mg", "max_mg_per_kg", "when", "form", "avoid", "contraindicated"),
            *("advice", "note", "dose_factor", "start_mg", "keeps_schedule"),
        }
        _no_unknown(limit, known, f"{name} limit")
        for_plans = [key for key in ("dose_factor", "start_mg", "keeps_schedule") if key in limit]
        when = limit.get("when", "")
        if for_plans and (not limit.get("advice") or not when or when.startswith("with=")):
            raise FormularyError(f"{name}: {for_plans[0]} belongs to advice for some patients")
        if len(for_plans) > 1:
            raise FormularyError(f"{name}: advice tells a plan one thing, not {for_plans}")
        if not 0 < limit.get("dose_factor", 0.5) < 1:
            raise FormularyError(f"{name}: a dose_factor is a fraction between 0 and 1")
        if limit.get("start_mg", 1) <= 0:
            raise FormularyError(f"{name}: a start_mg is a dose above 0 mg")
        if "contraindicated" in limit and not limit.get("avoid"):
            raise FormularyError(f"{name}: only an instruction to avoid can be contraindicated")
        if "max_mg" in limit and "max_mg_per_kg" in limit:
            # The check turns a maximum by weight into the patient's maximum in mg.
            raise FormularyError(f"{name}: a limit's maximum is in mg or in mg/kg, not both")
        if limit.get("form", "") not in ("", *FORMS):
            raise FormularyError(f"{name}: limit on unknown form {limit['form']!r}")
        tests = parse_conditions(limit["when"]) if limit.get("when") else None
        if limit.get("when") and tests is None:
            raise FormularyError(f"{name}: unknown condition {limit['when']!r}")
        condition = tests[0] if tests else None
        if condition and condition[0] == "with=" and condition[1] not in PROPERTIES:
            raise FormularyError(f"{name}: condition on unknown property {condition[1]!r}")
    if "acb_score" in raw and raw["acb_score"].get("value") not in (1, 2, 3):
        raise FormularyError(f"{name}: an ACB score is 1, 2 or 3")
    for key in WARNINGS_WITH_ACTION:
        if key in raw and not raw[key].get("action"):
            raise FormularyError(f"{name}: {key} needs the action the source advises")
    if "approved_from_age" in raw and raw["approved_from_age"].get("value") not in range(19):
        raise FormularyError(f"{name}: approved_from_age is an age from 0 to 18")
    if "schedule_from_age" in raw and raw["schedule_from_age"].get("value") not in range(18):
        raise FormularyError(f"{name}: schedule_from_age is an age from 0 to 17")
    target, ceiling = raw.get("lab_target_max"), raw.get("lab_ceiling")
    if target and not (
        ceiling and target["lab"] == ceiling["lab"] and target["value"] < ceiling["value"]
    ):
        raise FormularyError(f"{name}: a target level needs a higher ceiling for the same lab")
    female, male = raw.get("lab_caution_female"), raw.get("lab_caution_male")
    if (female or male) and not (
        female and male and female.get("lab") and female.get("lab") == male.get("lab")
    ):
        raise FormularyError(f"{name}: a level by sex needs both sexes' thresholds for one lab")
    steps = {"step_mg", "every_days", "source", "schedule", "note"}
    for key in ("titration", "taper"):
        if key in raw:
            _no_unknown(raw[key], steps, f"{name} {key}")
    # A label that gives a step but no interval (CYMBALTA's 30 mg rises above 60 mg): only an
    # antidepressant's rises can wait the generic antidepressant interval; nothing else guesses.
    generic_interval = "antidepressant" in raw.get("properties", {}) and raw["class"] != "maoi"
    for key, entry in (
        *((key, raw[key]) for key in ("titration", "taper") if key in raw),
        *(("titrations_for", own) for own in raw.get("titrations_for", ())),
    ):
        interval_missing = "step_mg" in entry and "every_days" not in entry
        if interval_missing and (key == "taper" or not generic_interval):
            raise FormularyError(
                f"{name}: a {key} step needs every_days (only an antidepressant's "
                "rises may take the generic interval)"
            )
    for own in raw.get("titrations_for", ()):
        _no_unknown(
            own, {*steps, "when", "start_mg", "doses_per_day", "form"}, f"{name} titrations_for"
        )
        if own.get("doses_per_day", 1) not in range(1, 5):
            raise FormularyError(f"{name}: doses_per_day is a whole number from 1 to 4")
        tests = parse_conditions(own["when"]) if "when" in own else []
        patients = tests is not None and not any(test == "with=" for test, _ in tests)
        if not (patients and (tests or own.get("form"))) or "start_mg" not in own:
            raise FormularyError(
                f"{name}: a titration of titrations_for needs whom or a form, and a start"
            )
        if own.get("form", "") not in {"", *(f["form"] for f in raw.get("forms", ()))}:
            raise FormularyError(f"{name}: a titration's form {own['form']!r} is not one of its")
    by_weight = raw.get("titration_by_weight")
    if by_weight:
        known = {"when", "up_to_kg", "start_mg_per_kg", "target_mg_per_kg", "after_days"}
        _no_unknown(by_weight, {*known, "source", "note"}, f"{name} titration_by_weight")
        tests = parse_conditions(by_weight["when"])
        if not tests or tests[0][0] == "with=":
            raise FormularyError(f"{name}: titration_by_weight is for a patient condition")
        if not by_weight["start_mg_per_kg"] < by_weight["target_mg_per_kg"]:
            raise FormularyError(f"{name}: a start by weight must be below its target")
    return Drug(
        name=name,
        drug_class=raw["class"],
        title=raw.get("title", ""),
        rxnorm=raw.get("rxnorm", ""),
        atc=raw.get("atc", ""),
        codes_source=raw.get("codes_source", ""),
        brands=tuple(raw.get("brands", ())),
        synonyms=tuple(raw.get("synonyms", ())),
        properties=dict(raw.get("properties", {})),
        forms=tuple(
            Form(
                form=f["form"],
                source=f["source"],
                strengths_mg=tuple(_decimal(s) for s in f.get("strengths_mg", ())),
                scored_mg=tuple(_decimal(s) for s in f.get("scored_mg", ())),
                mg_per_ml=_decimal(f["mg_per_ml"]) if "mg_per_ml" in f else None,
                strength_text=f.get("strength_text", ""),
                doses_per_day=f.get("doses_per_day"),
            )
            for f in raw.get("forms", ())
        ),
        limits=tuple(
            Limit(
                source=lim["source"],
                max_mg=_decimal(lim["max_mg"]) if "max_mg" in lim else None,
                max_mg_per_kg=_decimal(lim["max_mg_per_kg"]) if "max_mg_per_kg" in lim else None,
                when=lim.get("when", ""),
                form=lim.get("form", ""),
                avoid=lim.get("avoid", ""),
                contraindicated=bool(lim.get("contraindicated", False)),
                advice=lim.get("advice", ""),
                note=lim.get("note", ""),
                dose_factor=_decimal(lim["dose_factor"]) if "dose_factor" in lim else None,
                start_mg=_decimal(lim["start_mg"]) if "start_mg" in lim else None,
                keeps_schedule=bool(lim.get("keeps_schedule", False)),
            )
            for lim in raw.get("limits", ())
        ),
        titration=_steps(raw["titration"]) if "titration" in raw else None,
        titrations_for=tuple(_steps(own) for own in raw.get("titrations_for", ())),
        titration_by_weight=ByWeight(
            when=by_weight["when"],
            up_to_kg=_decimal(by_weight["up_to_kg"]),
            start_mg_per_kg=_decimal(by_weight["start_mg_per_kg"]),
            target_mg_per_kg=_decimal(by_weight["target_mg_per_kg"]),
            after_days=int(by_weight["after_days"]),
            source=by_weight["source"],
            note=by_weight.get("note", ""),
        )
        if by_weight
        else None,
        taper=_steps(raw["taper"]) if "taper" in raw else None,
        interactions=tuple(
            interaction
            for entry in raw.get("interactions", ())
            for interaction in _interactions(name, entry)
        ),
        cross_sensitivity=tuple(
            cross
            for entry in raw.get("cross_sensitivity", ())
            for cross in _cross_sensitivities(name, entry)
        ),
        diagnosis_warnings=tuple(_diagnosis(name, d) for d in raw.get("diagnoses", ())),
        boxed_warnings=tuple(_sourced(b) for b in raw.get("boxed_warnings", ())),
        # One monitoring fact, or a list of them from different sources.
        monitoring=tuple(_sourced(m) for m in _one_or_more(raw.get("monitoring", ()))),
        **{key: _sourced(raw[key]) for key in SOURCED_KEYS if key in raw},
    )


def _one_or_more(raw: dict[str, Any] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [raw] if isinstance(raw, dict) else list(raw)


def _steps(raw: dict[str, Any]) -> Titration:
    return Titration(
        step_mg=_decimal(raw["step_mg"]) if "step_mg" in raw else None,
        every_days=int(raw.get("every_days", 0)),
        source=raw["source"],
        schedule=tuple((int(day), _decimal(mg)) for day, mg in raw.get("schedule", ())),
        note=raw.get("note", ""),
        when=raw.get("when", ""),
        start_mg=_decimal(raw["start_mg"]) if "start_mg" in raw else None,
        doses_per_day=raw.get("doses_per_day"),
        form=raw.get("form", ""),
    )


SEVERITIES = ("contraindicated", "major", "moderate", "minor")


def _interactions(name: str, raw: dict[str, Any]) -> list[Interaction]:
    """One entry's interactions: `with` names one partner, or a list of partners that share
    the effect, the action and the source (a label table's row of examples)."""
    _no_unknown(
        raw, {"with", "severity", "effect", "action", "source", "mechanism"}, f"{name} interaction"
    )
    if raw["severity"] not in SEVERITIES:
        raise FormularyError(f"{name}: severity {raw['severity']!r} is not one of {SEVERITIES}")
    mechanism = raw.get("mechanism", "")
    if mechanism and mechanism not in SHARED_MECHANISMS:
        raise FormularyError(f"{name}: mechanism {mechanism!r} is not one of {SHARED_MECHANISMS}")
    return [
        Interaction(
            partner, raw["severity"], raw["effect"], raw["action"], raw["source"], mechanism
        )
        for partner in _partners(raw)
    ]


def _partners(raw: dict[str, Any]) -> list[str]:
    """An entry's `with`: one name, or a list of them."""
    return raw["with"] if isinstance(raw["with"], list) else [raw["with"]]


def _cross_sensitivities(name: str, raw: dict[str, Any]) -> list[CrossSensitivity]:
    """One entry's cross-sensitivities: `with` names one allergen or a list of them."""
    _no_unknown(raw, {"with", "note", "source", "severity"}, f"{name} cross-sensitivity")
    severity = raw.get("severity", "major")
    if severity not in SEVERITIES[:3]:
        raise FormularyError(f"{name}: cross-sensitivity severity {severity!r}")
    return [
        CrossSensitivity(allergen, raw["note"], raw["source"], severity)
        for allergen in _partners(raw)
    ]


def _diagnosis(name: str, raw: dict[str, Any]) -> DiagnosisWarning:
    _no_unknown(
        raw,
        {
            "codes",
            "diagnosis",
            "text",
            "action",
            "source",
            "codes_source",
            "severity",
            "current_only",
        },
        f"{name} diagnosis",
    )
    bad = [code for code in raw["codes"] if not ICD10CM.match(code)]
    if bad:
        raise FormularyError(f"{name}: not ICD-10-CM codes {bad}")
    severity = raw.get("severity", "major")
    if severity not in SEVERITIES[:3]:
        raise FormularyError(f"{name}: diagnosis severity {severity!r}")
    return DiagnosisWarning(
        codes=tuple(raw["codes"]),
        diagnosis=raw["diagnosis"],
        text=raw["text"],
        action=raw["action"],
        source=raw["source"],
        codes_source=raw["codes_source"],
        severity=severity,
        current_only=raw.get("current_only", False),
    )


def _cited(drug: Drug) -> list[str]:
    """Every source id a drug's facts cite."""
    cited = [*drug.properties.values(), *(f.source for f in drug.forms)]
    cited += [lim.source for lim in drug.limits] + [i.source for i in drug.interactions]
    cited += [c.source for c in drug.cross_sensitivity]
    cited += [s for d in drug.diagnosis_warnings for s in (d.source, d.codes_source)]
    cited += [b.source for b in (*drug.boxed_warnings, *drug.monitoring)]
    cited += [getattr(drug, key).source for key in SOURCED_KEYS if getattr(drug, key)]
    cited += [
        steps.source for steps in (drug.titration, drug.titration_by_weight, drug.taper) if steps
    ]
    cited += [own.source for own in drug.titrations_for]
    if drug.rxnorm or drug.atc:
        cited.append(drug.codes_source)
    return cited


def build(raw_sources: dict[str, Any], raw_drugs: dict[str, Any]) -> Formulary:
    sources = {
        key: Source(key, value["title"], value["where"]) for key, value in raw_sources.items()
    }
    drugs = {name: _drug(name, raw) for name, raw in raw_drugs.items()}
    classes = {drug.drug_class for drug in drugs.values()}
    for drug in drugs.values():
        for interaction in drug.interactions:
            kind, _, partner = interaction.with_property.rpartition(":")
            known = {"drug": drugs, "class": classes, "": PROPERTIES}.get(kind, ())
            if partner not in known:
                raise FormularyError(f"{drug.name}: interaction with unknown {partner!r}")
        for cross in drug.cross_sensitivity:
            kind, _, allergen = cross.allergen.rpartition(":")
            known = {"": drugs, "class": classes, "group": ALLERGY_GROUPS}.get(kind, ())
            if allergen not in known:
                raise FormularyError(
                    f"{drug.name}: cross-sensitivity with unknown {cross.allergen!r}"
                )
    index: dict[str, str] = {}
    for drug in drugs.values():
        for cited in _cited(drug):
            if cited not in sources:
                raise FormularyError(f"{drug.name}: source {cited!r} is not in sources.toml")
        for alias in drug.all_names:
            key = normalise(alias)
            if index.get(key, drug.name) != drug.name:
                raise FormularyError(f"{alias!r} names both {index[key]} and {drug.name}")
            index[key] = drug.name
    return Formulary(drugs=drugs, sources=sources, index=index)


@cache
def load() -> Formulary:
    raw_drugs: dict[str, Any] = {}
    for path in sorted(DATA.glob("*.toml")):
        if path.name == "sources.toml":
            continue
        for name, raw in rtoml.loads(path.read_text(encoding="utf-8")).items():
            if name in raw_drugs:
                raise FormularyError(f"{name} is defined twice ({path.name})")
            raw_drugs[name] = raw
    raw_sources = rtoml.loads((DATA / "sources.toml").read_text(encoding="utf-8"))
    return build(raw_sources, raw_drugs)
