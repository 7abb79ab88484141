"""The regimen safety checker: what matters about this regimen for this patient, and why.

Rules are written over drug *properties* (serotonergic, MAO inhibition, strong CYP2D6
inhibition, ...) so one rule covers every pair that shares a mechanism; label-specific facts
(a drug contraindicated with strong CYP3A4 inhibitors, a dose cap in older adults) come from
the formulary data. Every finding carries the sources of the facts it rests on. Pure: no I/O,
no clock; the same input always gives the same, sorted findings.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import cache

from poise.clinical.formulary import Formulary, normalise
from poise.clinical.formulary.model import (
    ALLERGY_GROUPS,
    CNS_MECHANISM,
    FORMS,
    MAOI_MECHANISM,
    QT_MECHANISM,
    SEDATION_MECHANISM,
    SEROTONIN_MECHANISM,
    DiagnosisWarning,
    Drug,
    Interaction,
    Limit,
    Sourced,
    parse_condition,
)
from poise.clinical.observations import BY_KEY, CKD_EPI_2021, egfr_ckd_epi_2021


class Severity(StrEnum):
    CONTRAINDICATED = "contraindicated"
    MAJOR = "major"
    MODERATE = "moderate"
    MINOR = "minor"

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self]


SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


class Kind(StrEnum):
    INTERACTION = "interaction"
    DOSE = "dose"
    DUPLICATION = "duplication"
    POPULATION = "population"
    ALLERGY = "allergy"
    LAB = "lab"


# The largest dose Poise records (the medication form's dose field holds 999,999.999 mg):
# a larger number typed in is a slip, not a dose, and is refused where it is read.
MAX_DOSE_MG = Decimal("999999.999")


@dataclass(frozen=True, slots=True)
class Item:
    """One drug of the regimen; without a dose it is checked for interactions only."""

    drug: Drug
    form: str | None = None
    daily_dose_mg: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Patient:
    age: int | None = None
    sex: str | None = None
    pregnant: bool = False
    breastfeeding: bool = False
    egfr: Decimal | None = None
    child_pugh: str | None = None  # "A", "B" or "C"
    allergies: tuple[str, ...] = ()
    hla_b1502: bool = False
    cyp2d6: str | None = None  # "poor", "intermediate", "normal", "ultrarapid"
    cyp2c19: str | None = None
    qtc_ms: Decimal | None = None
    weight_kg: Decimal | None = None  # for maxima by body weight
    smoker: bool = False
    diagnoses: tuple[str, ...] = ()  # ICD-10-CM codes of current diagnoses
    past_diagnoses: tuple[str, ...] = ()  # resolved, inactive or in remission
    labs: dict[str, Decimal] = field(default_factory=dict)  # observation key -> value
    stopped_days_ago: tuple[tuple[Drug, int], ...] = ()
    egfr_estimated: bool = False  # set by `check`: eGFR computed from the serum creatinine


def _with_estimated_egfr(patient: Patient) -> Patient:
    """Without a recorded eGFR, an adult's eGFR from their serum creatinine, age and sex
    (CKD-EPI 2021), so the renal rules are not silent when only the creatinine is known."""
    creatinine = patient.labs.get("creatinine")
    if (
        patient.egfr is not None
        or creatinine is None
        or creatinine <= 0
        or patient.age is None
        or patient.age < 18
        or patient.sex not in CKD_EPI_2021
    ):
        return patient
    egfr = egfr_ckd_epi_2021(creatinine_mg_dl=creatinine, age=patient.age, sex=patient.sex)
    return replace(patient, egfr=egfr, egfr_estimated=True)


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    kind: Kind
    drugs: tuple[str, ...]
    mechanism: str
    summary: str
    rationale: str
    action: str
    sources: tuple[str, ...]

    @property
    def sort_key(self) -> tuple[int, str, tuple[str, ...], str]:
        return (self.severity.rank, self.kind, self.drugs, self.summary)


def days(count: int) -> str:
    """A number of days in words: "1 day", "14 days"."""
    return "1 day" if count == 1 else f"{count} days"


def check(*, regimen: Sequence[Item], patient: Patient, formulary: Formulary) -> list[Finding]:
    """All findings for the regimen, most severe first, each once."""
    patient = _with_estimated_egfr(patient)
    findings: set[Finding] = set()
    drugs = sorted({item.drug.name: item.drug for item in regimen}.values(), key=lambda d: d.name)
    allergies = {
        allergy: (_recorded_as(allergy), _allergens(allergy, formulary))
        for allergy in patient.allergies
    }
    totals: list[Item] = []  # each drug once, at its total daily dose
    for first, second in itertools.combinations(drugs, 2):
        findings.update(_pair_findings(first, second))
    for drug in drugs:
        findings.update(_washout(drug, patient))
        findings.update(_population(drug, patient))
        findings.update(_diagnoses(drug, patient))
        findings.update(_allergy(drug, allergies))
        findings.update(_labs(drug, patient))
        same = [item for item in regimen if item.drug.name == drug.name]
        totals.append(_combined(same))
        findings.update(_duplicate_entries(same))
        findings.update(_dose(totals[-1], patient, drugs))
        findings.update(_unknown_form(item) for item in same if _is_unknown_form(item))
    findings.update(_morphine_equivalents(totals))
    findings.update(_older_adult_regimen(drugs, patient))
    findings.update(_class_duplicates(drugs, patient))
    findings.update(_low_sodium(drugs, patient))
    found = _most_severe_per_mechanism(findings)
    # Prose names a drug whose id reads badly by its title; only the regimen's and the stopped
    # drugs' ids can appear in it, and most regimens have none, so most checks skip this.
    named = [*drugs, *(drug for drug, _ in patient.stopped_days_ago)]
    if not any(drug.title for drug in named):
        return found
    return [
        replace(
            finding,
            summary=formulary.in_words(finding.summary),
            rationale=formulary.in_words(finding.rationale),
            action=formulary.in_words(finding.action),
        )
        for finding in found
    ]


# A lab result that is itself a diagnosis the rules name: hypokalaemia (E87.6) is a serum
# potassium below 3.5 mmol/L and hypomagnesaemia (E83.42) a serum magnesium below 1.46 mg/dL,
# the lower limits of normal (StatPearls, Hypokalemia and Hypomagnesemia).
LAB_DIAGNOSES = {
    "potassium": (Decimal("3.5"), "E87.6", "statpearls-hypokalemia"),
    "magnesium": (Decimal("1.46"), "E83.42", "statpearls-hypomagnesemia"),
}


def _diagnoses(drug: Drug, patient: Patient) -> Iterator[Finding]:
    """A diagnosis on the chart (or a lab result that amounts to one) that the drug's label
    contraindicates it in, says to avoid it with, or asks for caution in; past diagnoses
    count unless the rule is about a present state."""
    measured = {
        code: (f"{lab} {_mg(patient.labs[lab])} {BY_KEY[lab].unit_display}", source)
        for lab, (below, code, source) in LAB_DIAGNOSES.items()
        if lab in patient.labs and patient.labs[lab] < below and code not in patient.diagnoses
    }
    for warning in diagnosis_warnings(drug):
        recorded = list(
            dict.fromkeys(warning.matching((*patient.diagnoses, *measured), patient.past_diagnoses))
        )
        if recorded:
            shown = [measured[code][0] if code in measured else code for code in recorded]
            yield Finding(
                Severity(warning.severity),
                Kind.POPULATION,
                (drug.name,),
                f"{warning.diagnosis} (diagnosis)",
                f"{drug.name} with {warning.diagnosis} ({', '.join(shown)}): {warning.verdict}",
                warning.text,
                warning.action,
                _sources(warning.source, *(measured[c][1] for c in recorded if c in measured)),
            )


def _is_unknown_form(item: Item) -> bool:
    return bool(item.form and item.drug.forms) and item.form not in {
        form.form for form in item.drug.forms
    }


def _unknown_form(item: Item) -> Finding:
    """A form the formulary does not hold for the drug: checked, but not against its own
    caps, so the prescriber is told rather than the entry refused."""
    drug, known = item.drug, ", ".join(FORMS[form.form] for form in item.drug.forms)
    return Finding(
        Severity.MINOR,
        Kind.DOSE,
        (drug.name,),
        "a form the formulary does not hold",
        f"{drug.name}: no {FORMS.get(item.form or '', item.form)} in Poise's formulary",
        f"Poise knows {drug.name} as {known}; limits that apply to one product only were "
        "not checked for this one.",
        "Check the form and the product's own label; correct the entry if the form is wrong.",
        _sources(*(form.source for form in drug.forms)),
    )


def _combined(items: Sequence[Item]) -> Item:
    """One drug listed more than once is checked at its total daily dose."""
    if len(items) == 1:
        return items[0]
    doses = [item.daily_dose_mg for item in items if item.daily_dose_mg is not None]
    forms = {item.form for item in items}
    return Item(
        items[0].drug,
        forms.pop() if len(forms) == 1 else None,
        sum(doses, Decimal(0)) if doses else None,
    )


def _duplicate_entries(items: Sequence[Item]) -> Iterator[Finding]:
    if len(items) < 2:
        return
    drug = items[0].drug
    doses = [item.daily_dose_mg for item in items if item.daily_dose_mg is not None]
    total = f" (together {_mg(sum(doses, Decimal(0)))} mg/day)" if doses else ""
    yield Finding(
        Severity.MODERATE,
        Kind.DUPLICATION,
        (drug.name,),
        "the same drug entered more than once",
        f"{drug.name} appears {len(items)} times in the regimen{total}",
        "Two entries of one drug (often a brand and a generic name, or two formulations) "
        "add up; the dose checks above use the total.",
        "Keep one entry with the intended total daily dose, or record why two "
        "formulations are meant.",
        _sources(*(limit.source for limit in drug.limits if not limit.when)),
    )


# STOPP version 3, A3: any duplicate drug class prescription for daily regular use (its
# examples: NSAIDs, SSRIs, loop diuretics, ACE inhibitors, anticoagulants, opioid analgesics;
# antipsychotics have their own rule at any age). Pharmacological classes only: a "mood
# stabiliser" umbrella is not one (lithium with valproate is an evidence-based combination).
STOPP_DUPLICATE_CLASSES = {
    "ssri": "SSRIs",
    "snri": "SNRIs",
    "tca": "tricyclic antidepressants",
    "benzodiazepine": "benzodiazepines",
    "z_drug": "Z-drugs",
    "gabapentinoid": "gabapentinoids",
    "stimulant": "stimulants",
    "opioid": "opioid analgesics",
    "nsaid": "NSAIDs",
    "anticoagulant": "anticoagulants",
    "ace_inhibitor": "ACE inhibitors",
    "loop_diuretic": "loop diuretics",
}


# CDC opioid guideline 2022: a regimen's opioids are summed in morphine milligram equivalents
# (MME, each drug's mg a day times the factor in its Table); 50 MME a day or more is among the
# reasons to offer naloxone (its Recommendation 8; HHS naloxone guidance, 2018).
NALOXONE_FROM_MME = Decimal(50)


def _morphine_equivalents(totals: Sequence[Item]) -> Iterator[Finding]:
    """The regimen's total opioid dose in MME, once it reaches the naloxone threshold; opioids
    without a dose or without a factor for a dose in mg a day are named, not guessed."""
    opioids = [item for item in totals if item.drug.has("opioid")]
    counted = {
        item.drug.name: (item.daily_dose_mg, item.daily_dose_mg * factor.value, factor)
        for item in opioids
        if item.daily_dose_mg is not None
        and (factor := item.drug.mme_factor) is not None
        and factor.value is not None
        and factor.form in ("", item.form)  # a factor for one product (a patch) only
    }
    total = sum((mme for _, mme, _ in counted.values()), Decimal(0))
    if total < NALOXONE_FROM_MME:
        return
    parts = ", ".join(
        f"{name} {_mg(mg)} mg = {_mg(mme)} MME" for name, (mg, mme, _) in counted.items()
    )
    uncounted = [
        f"{item.drug.name} ({_why_uncounted(item)})"
        for item in opioids
        if item.drug.name not in counted
    ]
    for_addiction = [
        item.drug.name
        for item in opioids
        if item.drug.name in counted and item.drug.has("opioid_use_disorder_treatment")
    ]
    yield Finding(
        Severity.MODERATE,
        Kind.DOSE,
        tuple(counted),
        "total opioid dose in morphine milligram equivalents",
        f"opioids at {_mg(total)} MME a day ({parts})",
        " ".join(
            [
                "Overdose risk rises with the total daily opioid dose. The CDC's opioid "
                "guideline sums every opioid in morphine milligram equivalents and names 50 MME "
                "a day or more among the reasons to offer naloxone. MME estimates exposure, not "
                "equivalent pain relief.",
                *(factor.note for _, _, factor in counted.values() if factor.note),
                *([f"Not counted: {', '.join(uncounted)}."] if uncounted else []),
            ]
        ),
        "Reassess benefits and risks before raising any opioid; offer naloxone and teach the "
        "patient and family how to use it. Never use MME to set the dose when switching "
        "opioids: the new opioid starts well below the calculated equivalent."
        + (
            f" The guideline is for opioids prescribed for pain: if {', '.join(for_addiction)} "
            "treats opioid use disorder, follow its own programme's dosing."
            if for_addiction
            else ""
        ),
        ("cdc-opioids-2022", "hhs-naloxone-2018"),
    )


def _why_uncounted(item: Item) -> str:
    factor = item.drug.mme_factor
    if factor is None:
        return "no CDC factor for a dose in mg a day"
    if factor.form and factor.form != item.form:
        return f"counted only as a {FORMS[factor.form]}: enter it as {item.drug.name}:{factor.form}"
    return "no dose given"


# NICE NG222 1.9.9: when antidepressants are combined, the one added comes from a different
# class (mirtazapine or trazodone added to an SSRI, for example); two of one class are never
# among its options, at any age.
ANY_AGE_DUPLICATE_CLASSES = frozenset({"ssri", "snri", "tca"})


def _class_duplicates(drugs: Sequence[Drug], patient: Patient) -> Iterator[Finding]:
    """Two drugs of one pharmacological class: antidepressant classes at any age (NICE), the
    STOPP classes from 65 (one finding per class, citing whichever applies)."""
    older = patient.age is not None and patient.age >= 65
    by_class: dict[str, list[Drug]] = {}
    for drug in drugs:
        if drug.drug_class in STOPP_DUPLICATE_CLASSES:
            by_class.setdefault(drug.drug_class, []).append(drug)
    for drug_class, same in by_class.items():
        any_age = drug_class in ANY_AGE_DUPLICATE_CLASSES
        if len(same) < 2 or not (any_age or older):
            continue
        why = []
        if any_age:
            why.append(
                "NICE's options for combining antidepressants add one from a different class "
                "(for example mirtazapine or trazodone added to an SSRI); two of one class "
                "add side effects without a complementary action."
            )
        if older:
            why.append(
                "In older adults a duplicate drug class for daily regular use adds harm "
                "without proven benefit (STOPP); a when-needed dose is not a duplicate."
            )
        yield Finding(
            Severity.MODERATE,
            Kind.DUPLICATION,
            tuple(drug.name for drug in same),
            "two drugs of one class",
            f"{', '.join(drug.name for drug in same)}: {len(same)} "
            f"{STOPP_DUPLICATE_CLASSES[drug_class]} at once",
            " ".join(why),
            "Unless this is a planned cross-taper, optimise one drug of the class before "
            "adding another; stop one, or record why both are needed"
            + (" (combining antidepressants is a specialist decision)." if any_age else "."),
            (("nice-ng222-combinations",) if any_age else ()) + (("stopp-v3",) if older else ()),
        )


# ACB scale (Aging Brain Program, 2012 update): a total of 3 or more is clinically relevant.
ACB_CLINICALLY_RELEVANT = 3


def _acb_points(drug: Drug) -> Decimal:
    score = drug.acb_score
    return score.value if score and score.value else Decimal(0)


def _older_adult_regimen(drugs: Sequence[Drug], patient: Patient) -> Iterator[Finding]:
    """Beers 2023 and STOPP rules about the regimen as a whole, for patients aged 65 and
    over."""
    if patient.age is None or patient.age < 65:
        return
    yield from _beers_conditions(drugs, patient)
    cns = [drug for drug in drugs if drug.has("cns_active")]
    if len(cns) >= 3:
        yield Finding(
            Severity.MODERATE,
            Kind.POPULATION,
            tuple(drug.name for drug in cns),
            "three or more CNS-active drugs in an older adult",
            f"{len(cns)} CNS-active drugs at age {patient.age}: higher risk of falls",
            "In adults 65 and over, any combination of three or more CNS-active drugs "
            "(antiepileptics, antidepressants, antipsychotics, benzodiazepines, Z-drugs, "
            "opioids, skeletal muscle relaxants) raises the risk of falls and fractures.",
            "Avoid the combination where possible: review each drug's need and reduce the "
            "number of CNS-active drugs.",
            _sources(*(drug.properties["cns_active"] for drug in cns)),
        )
    anticholinergic = [drug for drug in drugs if drug.has("strongly_anticholinergic")]
    if len(anticholinergic) >= 2:
        yield Finding(
            Severity.MODERATE,
            Kind.POPULATION,
            tuple(drug.name for drug in anticholinergic),
            "two or more strongly anticholinergic drugs in an older adult",
            f"{len(anticholinergic)} strongly anticholinergic drugs at age {patient.age}",
            "Anticholinergic effects add up: cognitive decline, delirium, constipation, "
            "urinary retention and falls.",
            "Avoid the combination; reduce the number of anticholinergic drugs.",
            _sources(*(drug.properties["strongly_anticholinergic"] for drug in anticholinergic)),
        )
    scored = [drug for drug in drugs if _acb_points(drug)]
    burden = sum(map(_acb_points, scored), Decimal(0))
    # The ACB total is for the load several drugs add up to; two strongly anticholinergic
    # drugs already have the Beers finding above, and one drug alone its own rules.
    if burden >= ACB_CLINICALLY_RELEVANT and len(scored) >= 2 and len(anticholinergic) < 2:
        yield Finding(
            Severity.MODERATE,
            Kind.POPULATION,
            tuple(drug.name for drug in scored),
            "anticholinergic burden in an older adult",
            f"anticholinergic burden (ACB) {_mg(burden)} at age {patient.age}: "
            + ", ".join(f"{drug.name} {_mg(_acb_points(drug))}" for drug in scored),
            "On the Anticholinergic Cognitive Burden scale the drugs' scores add up; a total "
            "of 3 or more is clinically relevant (cognitive decline, delirium, falls), and "
            "each point was associated with a 26% higher risk of death.",
            "Review each drug's need and prefer alternatives with less anticholinergic "
            "effect, starting with the highest-scoring drug.",
            ("acb-scale",),
        )
    siadh = [drug for drug in drugs if drug.has("siadh_risk")]
    if siadh:
        yield Finding(
            Severity.MODERATE if len(siadh) > 1 else Severity.MINOR,
            Kind.POPULATION,
            tuple(drug.name for drug in siadh),
            "SIADH and hyponatraemia in an older adult",
            f"{', '.join(drug.name for drug in siadh)} at age {patient.age}: may cause "
            "hyponatraemia",
            "These drugs may cause or worsen SIADH or hyponatraemia in older adults; "
            "together the risk adds up.",
            "Check sodium before starting, within the first weeks, and after each dose "
            "change; ask about confusion, falls, nausea and headache.",
            _sources(*(drug.properties["siadh_risk"] for drug in siadh)),
        )


# European hyponatraemia guideline (Spasovski 2014): moderate 125-129, profound below 125 mmol/L.
SODIUM_MODERATE_BELOW = Decimal(130)
SODIUM_PROFOUND_BELOW = Decimal(125)


def _low_sodium(drugs: Sequence[Drug], patient: Patient) -> Iterator[Finding]:
    """A measured sodium below 130 mmol/L while taking drugs that can cause SIADH: one finding
    for the regimen, naming every such drug."""
    sodium = patient.labs.get("sodium")
    siadh = [drug for drug in drugs if drug.has("siadh_risk")]
    if sodium is None or not siadh or sodium >= SODIUM_MODERATE_BELOW:
        return
    profound = sodium < SODIUM_PROFOUND_BELOW
    names = ", ".join(drug.name for drug in siadh)
    yield Finding(
        Severity.MAJOR if profound else Severity.MODERATE,
        Kind.LAB,
        tuple(drug.name for drug in siadh),
        "hyponatraemia on drugs that can cause SIADH",
        f"sodium {_mg(sodium)} mmol/L ({'profound' if profound else 'moderate'} "
        f"hyponatraemia) with {names}",
        f"{names.capitalize()} can cause SIADH and hyponatraemia; a sodium below "
        f"{_mg(SODIUM_MODERATE_BELOW)} mmol/L is moderate, below {_mg(SODIUM_PROFOUND_BELOW)} "
        "profound (confusion, falls, seizures).",
        "Assess symptoms and fluid status now; consider stopping or replacing the drug most "
        "likely responsible, and repeat the sodium; severe symptoms need urgent care.",
        _sources("spasovski-hyponatraemia-2014", *(d.properties["siadh_risk"] for d in siadh)),
    )


def _most_severe_per_mechanism(findings: set[Finding]) -> list[Finding]:
    """One finding per pair and mechanism: when both labels of a pair warn of the same thing
    (ziprasidone's and citalopram's QT warnings), the stronger one stands, citing the other's
    sources too."""
    strongest: dict[tuple[Kind, tuple[str, ...], str], Finding] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key):
        key = (finding.kind, finding.drugs, finding.mechanism)
        kept = strongest.setdefault(key, finding)  # in sort order: the first of each key
        if kept is not finding:
            strongest[key] = replace(kept, sources=_sources(*kept.sources, *finding.sources))
    return list(strongest.values())


# A pair's findings depend on the two drugs alone, not on the patient, and the formulary's
# drugs live as long as the process: remember them per pair of drug objects. Keyed by identity
# (a Drug holds dicts, so it is not hashable); holding the drugs keeps their ids from reuse.
_PAIRS: dict[tuple[int, int], tuple[Drug, Drug, tuple[Finding, ...]]] = {}
_MOST_PAIRS = 50_000


def _pair_findings(a: Drug, b: Drug) -> tuple[Finding, ...]:
    known = _PAIRS.get((id(a), id(b)))
    if known is not None and known[0] is a and known[1] is b:
        return known[2]
    found = tuple(_pair(a, b))
    if len(_PAIRS) >= _MOST_PAIRS:
        _PAIRS.clear()
    _PAIRS[(id(a), id(b))] = (a, b, found)
    return found


def _pair(a: Drug, b: Drug) -> Iterator[Finding]:
    names = (a.name, b.name)
    for maoi, other in ((a, b), (b, a)):
        # A sympathomimetic's own MAOI contraindication (amphetamine: a hypertensive crisis)
        # stands instead, as one finding for the pair.
        if (
            maoi.has("mao_inhibitor")
            and other.has("serotonergic")
            and not other.has("sympathomimetic")
        ):
            # A drug whose own label words its MAOI contraindication (meperidine: coma,
            # respiratory depression) says it in those words.
            own = [
                row
                for row in other.interactions
                if _applies(row, maoi) and _mechanism(row, other, maoi) == MAOI_MECHANISM
            ]
            yield from (_row_finding(other, maoi, row, names) for row in own)
            if own:
                return
            yield Finding(
                Severity.CONTRAINDICATED,
                Kind.INTERACTION,
                names,
                "MAO inhibition with a serotonergic drug",
                f"{maoi.name} with {other.name}: risk of serotonin syndrome",
                "Blocking the breakdown of serotonin while another drug raises it can cause "
                "serotonin syndrome: agitation, hyperthermia, rigidity, clonus, autonomic "
                "instability; fatal cases are reported.",
                "Do not combine. Allow 14 days after stopping an MAOI before starting a "
                "serotonergic drug, and 5 weeks after stopping fluoxetine before an MAOI.",
                _sources(maoi.properties["mao_inhibitor"], other.properties["serotonergic"]),
            )
            return
    if a.has("serotonergic") and b.has("serotonergic"):
        yield Finding(
            Severity.MODERATE,
            Kind.INTERACTION,
            names,
            SEROTONIN_MECHANISM,
            f"{a.name} with {b.name}: added serotonergic effect",
            "Serotonin syndrome is reported with SSRIs and SNRIs particularly when combined "
            "with other serotonergic drugs.",
            "Combine only with a reason; watch for agitation, tremor, sweating, diarrhoea, "
            "fever and clonus, especially after starting or raising either drug.",
            _sources(a.properties["serotonergic"], b.properties["serotonergic"]),
        )
    for bzd, opioid in ((a, b), (b, a)):
        if bzd.has("benzodiazepine") and opioid.has("opioid"):
            treats_addiction = opioid.has("opioid_use_disorder_treatment")
            yield Finding(
                Severity.MAJOR,
                Kind.INTERACTION,
                names,
                CNS_MECHANISM,
                f"{bzd.name} with {opioid.name}: profound sedation, respiratory depression",
                "Benzodiazepines and opioids together can cause profound sedation, "
                "respiratory depression, coma and death (boxed warning).",
                (
                    f"If {opioid.name} treats opioid use disorder, do not withhold it because "
                    "of the benzodiazepine (untreated addiction can do more harm): explain the "
                    "risks, offer naloxone, watch for illicit drug use, and work to reduce the "
                    "benzodiazepine (check its indication, taper, consider alternatives). For "
                    "pain, combine only when alternatives are inadequate, at the lowest doses."
                    if treats_addiction
                    else "Prescribe together only when alternatives are inadequate; use the "
                    "lowest doses for the shortest time, offer naloxone, and warn about driving."
                ),
                _sources(
                    bzd.properties["benzodiazepine"],
                    opioid.properties["opioid"],
                    opioid.properties.get("opioid_use_disorder_treatment", ""),
                ),
            )
    for antipsychotic, opioid in ((a, b), (b, a)):
        if antipsychotic.drug_class == "antipsychotic" and opioid.has("opioid"):
            yield Finding(
                Severity.MODERATE,
                Kind.INTERACTION,
                names,
                CNS_MECHANISM,
                f"{antipsychotic.name} with {opioid.name}: more sedation and lower blood pressure",
                "An opioid's most important interactions are with other sedating drugs: with an "
                "antipsychotic, sedation and the fall in blood pressure add up, and CNS "
                "depression can deepen.",
                "Monitor for sedation, slowed breathing and low blood pressure, especially after "
                "starting or raising either drug; keep to the lowest doses that work.",
                ("mhra-opioids-interactions",),
            )
    if a.drug_class == b.drug_class == "antipsychotic":
        yield Finding(
            Severity.MODERATE,
            Kind.DUPLICATION,
            names,
            "two antipsychotics",
            f"{a.name} with {b.name}: two antipsychotics at once",
            "Combined antipsychotics add side effects (metabolic, extrapyramidal, QT, "
            "sedation) without proven benefit; guidelines advise one antipsychotic at a time.",
            "Combine only for a short period, such as a switch (cross-taper), or after "
            "single-drug trials, including clozapine, have failed; record the reason and a "
            "review date.",
            ("nice-cg178", "who-mhgap-antipsychotics"),
        )
    for drug, other in ((a, b), (b, a)):
        yield from (_row_finding(drug, other, row, names) for row in _rows_for(drug, other))
    for ssri, other in ((a, b), (b, a)):
        if ssri.has("serotonin_reuptake_bleeding") and other.has("bleeding_risk"):
            yield Finding(
                Severity.MODERATE,
                Kind.INTERACTION,
                names,
                "impaired platelet serotonin uptake with another bleeding risk",
                f"{ssri.name} with {other.name}: higher risk of bleeding",
                "Serotonin reuptake inhibitors impair platelet aggregation; with another drug "
                f"that raises bleeding risk ({other.name}) bleeding, especially upper "
                "gastrointestinal, becomes more likely.",
                "Combine with caution: consider a proton pump inhibitor with an NSAID, and tell "
                "the patient which signs of bleeding to report at once.",
                _sources(
                    ssri.properties["serotonin_reuptake_bleeding"],
                    other.properties["bleeding_risk"],
                ),
            )


def _row_finding(
    drug: Drug, other: Drug, interaction: Interaction, names: tuple[str, str]
) -> Finding:
    """The finding of one of `drug`'s label rows that applies to `other`."""
    named = interaction.with_property in _named_as(other)
    return Finding(
        Severity(interaction.severity),
        Kind.INTERACTION,
        names,
        _mechanism(interaction, drug, other),
        f"{drug.name} with {other.name}: "
        + _headline(interaction.effect.removeprefix(f"with {drug.name} ")),
        f"{other.name.capitalize()} {interaction.effect}.",
        interaction.action,
        _sources(
            interaction.source,
            *([] if named else [other.properties[interaction.with_property]]),
        ),
    )


def _mechanism(interaction: Interaction, drug: Drug, other: Drug) -> str:
    """What one of `drug`'s label rows is about: the shared risk it names or implies, else
    that the label names `other` (so each label's own words about the pair stand apart: the
    carbamazepine label's about olanzapine and the olanzapine label's about carbamazepine say
    different things), or the property that makes `other` a partner."""
    named = interaction.with_property in _named_as(other)
    return (
        interaction.mechanism
        or MECHANISMS.get(interaction.with_property)
        or (f"named in the {drug.name} label" if named else _words(interaction.with_property))
    )


def _named_as(drug: Drug) -> tuple[str, str]:
    """How an interaction names this drug itself or its class (rather than a property)."""
    return (f"drug:{drug.name}", f"class:{drug.drug_class}")


def _rows_for(drug: Drug, other: Drug) -> list[Interaction]:
    """`drug`'s label rows that apply to `other`. A row naming `other` itself supersedes a
    row naming its class for the same risk: the warfarin label's general advice on
    antibiotics gives way to what azithromycin's own label says about warfarin."""
    rows = [row for row in drug.interactions if _applies(row, other)]
    by_name = {
        _mechanism(row, drug, other) for row in rows if row.with_property == f"drug:{other.name}"
    }
    return [
        row
        for row in rows
        if row.with_property != f"class:{other.drug_class}"
        or _mechanism(row, drug, other) not in by_name
    ]


def _applies(interaction: Interaction, other: Drug) -> bool:
    return interaction.with_property in _named_as(other) or other.has(interaction.with_property)


# What a row about a partner property is about, where the row does not say: properties that
# name one shared mechanism (so a pair gets one finding for it), and names that read badly.
MECHANISMS = {
    "qt_prolonging": QT_MECHANISM,
    "qt_prolongation_warning": QT_MECHANISM,
    # An MAOI label naming sympathomimetics and a stimulant label naming MAOIs warn of one thing.
    "sympathomimetic": MAOI_MECHANISM,
    "mao_inhibitor": MAOI_MECHANISM,
    "class:maoi": MAOI_MECHANISM,
    "benzodiazepine": SEDATION_MECHANISM,
    # Properties whose names read badly as a mechanism.
    "opioid": "opioid blockade and precipitated withdrawal",
    "ugt_inhibitor_lamotrigine": "UGT inhibition raises lamotrigine",
    "enzyme_inducer_lamotrigine": "enzyme induction lowers lamotrigine",
    "estrogen_contraceptive": "estrogen lowers lamotrigine",
    "enzyme_inducer_contraception": "enzyme induction lowers contraceptive hormones",
}


# The longest washout before an MAOI in the formulary: 5 weeks after fluoxetine (PROZAC PI).
# Within it, a serotonergic drug whose own washout is not encoded is flagged for checking.
LONGEST_WASHOUT_BEFORE_MAOI_DAYS = 35


def _maoi_clash(drug: Drug, maoi: Drug) -> tuple[Severity, tuple[str, ...]] | None:
    """Whether `drug` must not overlap with `maoi`, how seriously, and the sources of the label
    rows saying so: contraindicated for a row contraindicating the pair (a stimulant's,
    bupropion's, phenelzine's with sympathomimetics) or a serotonergic drug (no row: the MAOI
    rule's own source is cited); major for a row advising against the pair for the MAOI's sake
    (buprenorphine, oxycodone); else None."""
    rows = [
        interaction
        for first, second in ((drug, maoi), (maoi, drug))
        for interaction in first.interactions
        if _applies(interaction, second)
        and (
            interaction.severity == Severity.CONTRAINDICATED
            or (
                interaction.severity == Severity.MAJOR
                and _mechanism(interaction, first, second) == MAOI_MECHANISM
            )
        )
    ]
    contraindicated = tuple(r.source for r in rows if r.severity == Severity.CONTRAINDICATED)
    if contraindicated or drug.has("serotonergic"):
        return Severity.CONTRAINDICATED, contraindicated
    return (Severity.MAJOR, tuple(r.source for r in rows)) if rows else None


def maoi_washout(
    stopped: Drug, starting: Drug
) -> tuple[Sourced | None, tuple[Severity, tuple[str, ...]]] | None:
    """When one of the two is an MAOI the other clashes with: the washout the stopped drug's
    label sets before the other may start (None where the formulary holds none) and the clash
    (its severity and sources); None when they do not clash."""
    if stopped.has("mao_inhibitor") and (clash := _maoi_clash(starting, stopped)) is not None:
        return stopped.washout_days_before_serotonergic, clash
    if starting.has("mao_inhibitor") and (clash := _maoi_clash(stopped, starting)) is not None:
        return stopped.washout_days_before_maoi, clash
    return None


def _washout(drug: Drug, patient: Patient) -> Iterator[Finding]:
    for stopped, days_ago in patient.stopped_days_ago:
        washout = maoi_washout(stopped, drug)
        if washout is None:
            continue
        rule, (clash_severity, clash_sources) = washout
        sources: tuple[str, ...]
        if rule is not None and rule.value is not None:
            if days_ago >= rule.value:
                continue
            severity, sources = clash_severity, _sources(rule.source, *clash_sources)
            summary = f"washout is {days(int(rule.value))}"
            action = (
                f"Wait until {days(int(rule.value))} after the last dose of {stopped.name} "
                f"({days(int(rule.value) - days_ago)} more)."
            )
        elif (
            drug.has("mao_inhibitor")
            and stopped.has("serotonergic")
            and not stopped.has("sympathomimetic")  # its labels set no interval after it
            and days_ago < LONGEST_WASHOUT_BEFORE_MAOI_DAYS
        ):
            severity = Severity.MAJOR
            sources = (drug.properties["mao_inhibitor"],)
            summary = "its washout before an MAOI is not in Poise's formulary"
            action = (
                f"Check the {stopped.name} label for the interval before an MAOI (labelled "
                "washouts run from 5 days to 5 weeks), and do not start the MAOI before it ends."
            )
        else:
            continue
        risk = (
            "the reaction the labels contraindicate (serotonin syndrome or a hypertensive crisis)"
            if clash_severity is Severity.CONTRAINDICATED
            else "the same interaction as taking both together, which the sources advise against"
        )
        yield Finding(
            severity,
            Kind.INTERACTION,
            tuple(sorted((drug.name, stopped.name))),
            "washout around an MAOI",
            f"{drug.name} {days_ago} days after stopping {stopped.name}: {summary}",
            f"{stopped.name.capitalize()} still acts after the last dose; starting "
            f"{drug.name} before the washout ends risks {risk}.",
            action,
            sources,
        )


def condition_met(when: str, patient: Patient, others: Sequence[Drug]) -> str | None:
    """Why the condition holds for this patient (for the summary), or None."""
    if not when:
        return ""
    if "&" in when:  # every joined test must hold
        parts = when.split("&")
        reasons = [condition_met(part, patient, others) for part in parts]
        if None in reasons:
            return None
        plain = reasons == [condition_words(part) for part in parts]  # no estimated eGFR
        return condition_words(when) if plain else " and ".join(filter(None, reasons))
    test, value = _parsed(when)
    if test == "with=":
        partners = _partners(when, others)
        return f"with {', '.join(partners)} ({_words(when)})" if partners else None
    if not _holds(test, value, patient):
        return None
    if test == "egfr<" and patient.egfr_estimated:
        estimated = _mg(patient.egfr or Decimal(0))
        return f"{condition_words(when)}: {estimated} from creatinine, CKD-EPI 2021"
    return condition_words(when)


# Which of the patient's facts a condition reads (`hepatic` reads the Child-Pugh class).
_CONDITION_FACTS = {
    "age>=": "age",
    "age>": "age",
    "age<": "age",
    "egfr<": "egfr",
    "child_pugh=": "child_pugh",
    "hepatic": "child_pugh",
    "cyp2d6=": "cyp2d6",
    "cyp2c19=": "cyp2c19",
    "weight<": "weight_kg",
    "weight>=": "weight_kg",
}


def decided(when: str, patient: Patient) -> bool:
    """Whether the patient's recorded facts settle a (non-`with=`) condition either way: each
    of joined tests recorded, or one of them recorded and failing."""
    parts = when.split("&")
    known = [getattr(patient, _CONDITION_FACTS[_parsed(part)[0]]) is not None for part in parts]
    return all(known) or any(
        is_known and condition_met(part, patient, ()) is None
        for part, is_known in zip(parts, known, strict=True)
    )


def condition_words(when: str) -> str:
    """A patient condition (not a `with=` one) in words: "age 65 or over", "CYP2D6 poor
    metaboliser", "age over 12 and age under 18"."""
    if "&" in when:
        match = re.fullmatch(r"age>(\d+)&age<(\d+)", when)  # an age band: "age 13-17"
        if match:
            return f"age {int(match[1]) + 1}-{int(match[2]) - 1}"
        return " and ".join(condition_words(part) for part in when.split("&"))
    test, value = _parsed(when)
    if test in ("cyp2d6=", "cyp2c19="):
        return f"{test[:-1].upper()} {value} metaboliser"
    return {
        "hepatic": "hepatic impairment",
        "age>": f"age over {value}",
        "age>=": f"age {value} or over",
        "age<": f"age under {value}",
        "egfr<": f"eGFR below {value}",
        "weight<": f"weight under {value} kg",
        "weight>=": f"weight {value} kg or over",
        "child_pugh=": f"Child-Pugh class {value}",
    }[test]


def _parsed(when: str) -> tuple[str, str]:
    parsed = parse_condition(when)
    if parsed is None:
        raise ValueError(f"unknown condition {when!r}")
    return parsed


def _holds(test: str, value: str, patient: Patient) -> bool:
    if test == "hepatic":
        return bool(patient.child_pugh)
    if test == "child_pugh=":
        return patient.child_pugh == value
    if test in ("cyp2d6=", "cyp2c19="):
        return bool(getattr(patient, test[:-1]) == value)
    measured = getattr(patient, _CONDITION_FACTS[test])
    return measured is not None and _COMPARE[test](measured, Decimal(value))


_COMPARE = {
    "age>": operator.gt,
    "age>=": operator.ge,
    "age<": operator.lt,
    "egfr<": operator.lt,
    "weight<": operator.lt,
    "weight>=": operator.ge,
}


def limits_for(drug: Drug, form: str | None) -> tuple[Limit, ...]:
    return _applicable_limits(drug.limits, tuple(f.form for f in drug.forms), form)


@cache
def _applicable_limits(
    limits: tuple[Limit, ...], drug_forms: tuple[str, ...], form: str | None
) -> tuple[Limit, ...]:
    """The limits that apply to the form given. A form's own cap replaces the general cap for
    the same condition (PAXIL CR 62.5 mg against 60 mg). Without a form, a cap applies only
    as the highest of the caps of all the drug's forms, and only if every form has one, so no
    product is judged by another's lower maximum (methylphenidate 200 mg/day is over every
    form's maximum; zolpidem 10 mg at 70 is over the tablet's only)."""
    caps = [limit for limit in limits if limit.max_mg is not None]
    rules = [limit for limit in limits if limit.max_mg is None and limit.form in ("", form)]
    forms = [form] if form else [*drug_forms, *(cap.form for cap in caps if cap.form)]
    for when in dict.fromkeys(cap.when for cap in caps):
        general = [cap for cap in caps if cap.when == when and not cap.form]
        per_form: list[Limit] = []
        for each in dict.fromkeys(forms or [""]):
            own = [cap for cap in caps if cap.when == when and each and cap.form == each]
            if not own and not general:
                break  # this form has no cap for the condition, so none applies
            per_form.append(min(own or general, key=_max_mg))
        else:
            rules.append(max(per_form, key=_max_mg))
    return tuple(rules)


def _max_mg(limit: Limit) -> Decimal:
    return limit.max_mg or Decimal(0)


# How an avoid finding words the source's position.
_VERDICT = {True: "contraindicates", False: "advises against"}


def _dose(item: Item, patient: Patient, drugs: Sequence[Drug]) -> Iterator[Finding]:
    drug, dose = item.drug, item.daily_dose_mg
    others = [other for other in drugs if other.name != drug.name]
    applicable = applicable_limits(drug, item.form, patient, others)
    caps = [(lim, why) for lim, why in applicable if lim.max_mg is not None]
    if dose is None:  # checked for interactions only: a co-medication's cap is one
        yield from _cap_with(drug, [lim for lim, _ in caps if not lim.advice], others)
    exceeded = None
    if dose is not None and caps:
        limit, reason = min(caps, key=lambda pair: (pair[0].max_mg, pair[0].when))
        assert limit.max_mg is not None
        if dose > limit.max_mg:
            exceeded = limit
            if limit.form and not item.form:
                reason = ", ".join(
                    filter(
                        None,
                        [reason, f"the highest of its forms' maxima, for the {FORMS[limit.form]}"],
                    )
                )
            context = f" ({reason})" if reason else ""
            note = f" Note: {limit.note}." if limit.note else ""
            yield Finding(
                Severity.MAJOR,
                Kind.DOSE,
                tuple(sorted((drug.name, *_partners(limit.when, others)))),
                "dose above the maximum",
                f"{drug.name} {_mg(dose)} mg/day is above the maximum of "
                f"{_mg(limit.max_mg)} mg/day{context}",
                "Doses above this maximum were not shown to help more and add "
                f"dose-related harm.{note}",
                f"Reduce to at most {_mg(limit.max_mg)} mg/day, or record why not."
                + (f" {limit.advice}" if limit.advice else ""),
                (limit.source,),
            )
    for limit, reason in applicable:
        if limit.avoid:
            yield from _avoided(drug, limit, reason, others)
    for limit, reason in advice_in_force(applicable):
        # A cap that is also a relative change ("half the usual dose") advises at any dose;
        # above the cap, the finding that says so is enough.
        if limit is not exceeded:
            # A co-medication's dosing rule is an interaction of that pair: one finding per
            # partner, so each pair's finding stands whatever else the regimen holds.
            cases: list[tuple[str | None, str]] = [
                (p, f"with {p} ({_words(limit.when)})") for p in _partners(limit.when, others)
            ]
            for partner, why in cases or [(None, reason)]:
                yield Finding(
                    Severity.MODERATE,
                    Kind.INTERACTION if partner else Kind.DOSE,
                    tuple(sorted((drug.name, partner))) if partner else (drug.name,),
                    _words(limit.when) if partner else why,
                    f"{drug.name} dosing changes ({why})",
                    f"{limit.note[0].upper()}{limit.note[1:]}."
                    if limit.note
                    else f"The source changes the dosing of {drug.name} for this patient ({why}).",
                    limit.advice,
                    (limit.source,),
                )


def applicable_limits(
    drug: Drug, form: str | None, patient: Patient, others: Sequence[Drug]
) -> list[tuple[Limit, str]]:
    """The drug's dose rules whose condition holds, each with the reason in words; a maximum
    by body weight becomes this patient's maximum in mg, and applies only with a weight."""
    applicable = []
    for limit in limits_for(drug, form):
        reason = condition_met(limit.when, patient, others)
        if reason is None:
            continue
        if limit.max_mg_per_kg is not None:
            if patient.weight_kg is None:
                continue
            per_kg = f"{_mg(limit.max_mg_per_kg)} mg/kg at {_mg(patient.weight_kg)} kg"
            cap = (limit.max_mg_per_kg * patient.weight_kg).quantize(Decimal("0.1"))
            limit = replace(limit, max_mg=cap)
            reason = f"{reason}; {per_kg}" if reason else per_kg
        applicable.append((limit, reason))
    return applicable


def advice_in_force(applicable: Sequence[tuple[Limit, str]]) -> list[tuple[Limit, str]]:
    """The dosing advice among the rules that hold, less the gentler advice for an organ whose
    impairment the source advises against the drug in (lithium below an eGFR of 30)."""
    avoided = {_organ(limit.when) for limit, _ in applicable if limit.avoid}
    return [(lim, why) for lim, why in applicable if lim.advice and _organ(lim.when) not in avoided]


def _avoided(drug: Drug, limit: Limit, reason: str, others: Sequence[Drug]) -> Iterator[Finding]:
    """A source's instruction to avoid the drug: a population finding for this patient, or,
    under a `with=` condition, one interaction finding per co-medication it names (sertraline
    oral solution with disulfiram)."""
    severity = Severity.CONTRAINDICATED if limit.contraindicated else Severity.MAJOR
    verdict = _VERDICT[limit.contraindicated]
    named = _partners(limit.when, others)
    partners = [other for other in others if other.name in named]
    if not partners:
        yield Finding(
            severity,
            Kind.POPULATION,
            (drug.name,),
            reason,
            f"{drug.name}: {limit.avoid}",
            f"The cited source {verdict} {drug.name} for this patient ({reason}).",
            f"Choose another drug, or record why {drug.name} is still the right choice.",
            (limit.source,),
        )
    prop = limit.when.removeprefix("with=")  # the property that makes each partner one
    for partner in partners:
        yield Finding(
            severity,
            Kind.INTERACTION,
            tuple(sorted((drug.name, partner.name))),
            _words(limit.when),
            f"{drug.name} with {partner.name}: {limit.avoid}",
            f"The cited source {verdict} {drug.name} with {partner.name} ({_words(limit.when)}).",
            f"Choose another drug or product, or record why {drug.name} is still the right choice.",
            _sources(limit.source, partner.properties[prop]),
        )


def _cap_with(drug: Drug, caps: Sequence[Limit], others: Sequence[Drug]) -> Iterator[Finding]:
    """A lower maximum the label sets with a co-medication, for a drug given without a dose
    (a cap that also advises a change says so in its own finding, as does an interaction row
    for the same co-medications)."""
    for limit in caps:
        assert limit.max_mg is not None
        if any(row.with_property == limit.when.removeprefix("with=") for row in drug.interactions):
            continue
        for partner in _partners(limit.when, others):
            yield Finding(
                Severity.MODERATE,
                Kind.INTERACTION,
                tuple(sorted((drug.name, partner))),
                _words(limit.when),
                f"{drug.name} with {partner}: at most {_mg(limit.max_mg)} mg/day",
                f"The label lowers the {drug.name} maximum with a {_words(limit.when)} "
                f"such as {partner}" + (f" ({limit.note})." if limit.note else "."),
                f"Keep {drug.name} at or below {_mg(limit.max_mg)} mg/day while it is given "
                f"with {partner}.",
                (limit.source,),
            )


def _headline(effect: str) -> str:
    """An effect's words before its first colon outside parentheses: the summary's part, the
    rest being detail ("raises levels (fluvoxamine: AUC up 29%): more sedation" keeps the
    whole parenthesis)."""
    depth = 0
    for at, char in enumerate(effect):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ":" and depth == 0:
            return effect[:at]
    return effect


def _partners(when: str, others: Sequence[Drug]) -> list[str]:
    """The co-medications a `with=` condition names in this regimen (none for other
    conditions)."""
    parsed = parse_condition(when)
    if parsed is None or parsed[0] != "with=":
        return []
    return [other.name for other in others if other.has(parsed[1])]


# Properties a dose limit names (`with=`) whose names do not read as words.
PROPERTY_WORDS = {
    "alcohol_reaction": "disulfiram-alcohol reaction",
    "ugt_inhibitor_lamotrigine": "inhibitor of lamotrigine's glucuronidation",
}


def _words(when: str) -> str:
    """A property, or a `with=` condition's, in words: "strong CYP3A4 inducer"."""
    name = when.removeprefix("with=")
    words = PROPERTY_WORDS.get(name, name.replace("_", " "))
    return re.sub(r"\bcyp(\w+)", lambda m: f"CYP{m[1].upper()}", words)


def _organ(when: str) -> str:
    """What a condition is about: the kidneys, the liver, or the condition itself."""
    test = parse_condition(when)  # joined tests are about themselves
    name = test[0] if test else when
    return {"egfr<": "kidneys", "hepatic": "liver", "child_pugh=": "liver"}.get(name, when)


def _population(drug: Drug, patient: Patient) -> Iterator[Finding]:
    if patient.pregnant:
        yield from _reproductive(
            drug,
            "fetal risk",
            "in pregnancy",
            (drug.pregnancy_contraindicated, Severity.CONTRAINDICATED, "contraindicated"),
            (drug.pregnancy_boxed, Severity.MAJOR, "boxed warning for fetal harm"),
            (drug.pregnancy, Severity.MODERATE, "a label warning of harm"),
        )
        yield from _reproductive(
            drug,
            "levels change in pregnancy",
            "in pregnancy",
            (drug.pregnancy_levels, Severity.MODERATE, "serum levels fall; measure and adjust"),
        )
        # Class labeling about the newborn: a separate mechanism, so a drug's own warning
        # (paroxetine's malformations) and its class's stand side by side.
        for warning in class_pregnancy_warnings(drug):
            yield warning.finding(
                drug, "in pregnancy", "risk to the newborn", "risk to the newborn (class labeling)"
            )
    if (
        patient.sex == "female"
        and not patient.pregnant
        and patient.age is not None
        and REPRODUCTIVE_AGE[0] <= patient.age <= REPRODUCTIVE_AGE[1]
    ):
        for fact, severity, verdict in (
            (drug.childbearing_potential, Severity.MAJOR, "pregnancy must be prevented"),
            (drug.childbearing_caution, Severity.MODERATE, "discuss the risk to a pregnancy"),
        ):
            if fact is not None:
                yield Finding(
                    severity,
                    Kind.POPULATION,
                    (drug.name,),
                    "fetal risk (may become pregnant)",
                    f"{drug.name} in a woman aged {patient.age}: {verdict}",
                    fact.text,
                    fact.action,
                    (fact.source, "who-reproductive-age"),
                )
    if patient.breastfeeding:
        yield from _reproductive(
            drug,
            "risk to the breastfed infant",
            "while breastfeeding",
            (drug.lactation, Severity.MODERATE, "risk to the breastfed infant"),
        )
        risk = "risk to the breastfed infant"
        for warning in class_lactation_warnings(drug):
            yield warning.finding(drug, "while breastfeeding", risk, risk)
        if drug.lactation is None:
            yield from _reproductive(
                drug,
                "breastfed infant exposure",
                "while breastfeeding",
                (drug.lactation_caution, Severity.MINOR, "another drug may be preferred"),
            )
    older = patient.age is not None and patient.age >= 65
    if older:
        yield from _beers(drug, patient)
    if older and drug.drug_class == "antipsychotic":
        yield Finding(
            Severity.MODERATE,
            Kind.POPULATION,
            (drug.name,),
            "dementia-related psychosis (class boxed warning)",
            f"{drug.name} at age {patient.age}: boxed warning on increased mortality in "
            "dementia-related psychosis",
            ANTIPSYCHOTIC_DEMENTIA.text,
            ANTIPSYCHOTIC_DEMENTIA.action,
            (ANTIPSYCHOTIC_DEMENTIA.source,),
        )
    approved = drug.approved_from_age
    # An age at which the label contraindicates the drug (EMSAM under 12) says more than
    # "off-label", so that finding stands alone; a rule for one product (extended-release
    # stimulants under 6) leaves the drug's other products off-label.
    if (
        approved
        and approved.value is not None
        and patient.age is not None
        and patient.age < approved.value
        and not any(
            limit.avoid
            and not limit.form
            and limit.when.startswith("age<")
            and condition_met(limit.when, patient, []) is not None
            for limit in drug.limits
        )
    ):
        yield Finding(
            Severity.MINOR,
            Kind.POPULATION,
            (drug.name,),
            "younger than the label's approved ages",
            f"{drug.name} at age {patient.age}: not approved below age {_mg(approved.value)}",
            approved.text,
            "Use at this age is off-label: prefer a drug approved for the child's age and "
            "condition where one fits, involve a child and adolescent psychiatrist, and record "
            "the reason.",
            (approved.source,),
        )
    young = drug.boxed_young
    if young and young.value is not None and patient.age is not None and patient.age < young.value:
        yield Finding(
            Severity.MODERATE,
            Kind.POPULATION,
            (drug.name,),
            "boxed warning for young patients",
            f"{drug.name} at age {patient.age}: boxed warning",
            young.text,
            young.action,
            (young.source,),
        )
    over = drug.smoker_contraindicated_over
    if (
        over
        and over.value is not None
        and patient.smoker
        and patient.sex != "male"
        and patient.age is not None
        and patient.age > over.value
    ):
        yield Finding(
            Severity.CONTRAINDICATED,
            Kind.POPULATION,
            (drug.name,),
            "cardiovascular risk in a smoker over the label's age",
            f"{drug.name} in a smoker aged {patient.age}: contraindicated over {_mg(over.value)}",
            over.text,
            over.action,
            (over.source,),
        )
    if drug.has("antidepressant") and patient.age is not None and patient.age <= 24:
        yield Finding(
            Severity.MODERATE,
            Kind.POPULATION,
            (drug.name,),
            "suicidality in children and young adults",
            f"{drug.name} at age {patient.age}: boxed warning on suicidal thoughts",
            "Antidepressants increased the risk of suicidal thoughts and behaviours in "
            "patients aged 24 and younger in short-term trials (boxed warning).",
            "Monitor closely for worsening and emergent suicidality, especially in the first "
            "months and after dose changes; involve family or carers.",
            (drug.properties["antidepressant"],),
        )


# WHO's reproductive age (15-49 years): the ages at which Poise assumes, without a record of
# menarche or menopause, that a woman may become pregnant.
REPRODUCTIVE_AGE = (15, 49)
# FDA 2022 class labeling for benzodiazepines (pregnancy and lactation).
BENZODIAZEPINE_PREGNANCY = Sourced(
    source="fda-bzd-pregnancy-2022",
    text="Benzodiazepines taken late in pregnancy can cause withdrawal and sedation in the "
    "newborn (low muscle tone, breathing problems, poor feeding).",
    action="Discuss the need with the patient; use the lowest dose for the shortest time, "
    "never stop abruptly, and tell the team delivering the baby so the newborn is observed "
    "for sedation and withdrawal.",
)
# FDA 2011 class labeling for antipsychotics (third trimester).
ANTIPSYCHOTIC_PREGNANCY = Sourced(
    source="fda-antipsychotic-pregnancy-2011",
    text="Newborns exposed to antipsychotics in the third trimester are at risk of abnormal "
    "muscle movements (extrapyramidal signs) and withdrawal: agitation, abnormal muscle tone, "
    "tremor, sleepiness, breathing and feeding difficulty.",
    action="Discuss benefits and risks; do not stop abruptly because of the pregnancy (stopping "
    "can cause significant complications); tell the team delivering the baby so the newborn "
    "is monitored.",
)
# FDA class boxed warning: atypical antipsychotics 2005, conventional ones 2008.
ANTIPSYCHOTIC_DEMENTIA = Sourced(
    source="fda-antipsychotic-dementia",
    text="Older adults with dementia-related psychosis treated with antipsychotics have a higher "
    "risk of death (about 1.6-1.7 times in pooled placebo-controlled trials, mostly cardiovascular "
    "or infectious); no antipsychotic is approved for dementia-related psychosis.",
    action="Check the indication: not for behavioural symptoms of dementia. If the patient has "
    "dementia and the drug is still needed, agree the risks, use the lowest dose for the "
    "shortest time and review it regularly.",
)
# Class boxed warnings, shown with a drug's own where its entry does not repeat them.
ANTIDEPRESSANT_BOXED = (
    "Suicidal thoughts and behaviours: antidepressants increased the risk in children, "
    "adolescents and young adults (24 and under) in short-term trials; monitor every patient "
    "closely for clinical worsening and emergent suicidal thoughts, especially in the first "
    "months and after dose changes."
)
ANTIPSYCHOTIC_BOXED = (
    "Increased mortality in elderly patients with dementia-related psychosis (about 1.6-1.7 "
    "times the risk of death in placebo-controlled trials); not approved for dementia-related "
    "psychosis."
)
BENZODIAZEPINE_BOXED = (
    "With opioids: profound sedation, respiratory depression, coma and death. Abuse, misuse "
    "and addiction, which can lead to overdose or death. Dependence: abrupt stopping or a rapid "
    "reduction after continued use can cause life-threatening withdrawal reactions; taper."
)


def boxed_warnings_of(drug: Drug) -> tuple[Sourced, ...]:
    """The drug's own boxed warnings, then those of its class (antidepressants, antipsychotics,
    benzodiazepines) that its own do not already state."""
    said = " ".join(b.text for b in drug.boxed_warnings).lower()
    of_class = (
        (
            drug.has("antidepressant") and "suicid" not in said,
            drug.properties.get("antidepressant", ""),
            ANTIDEPRESSANT_BOXED,
        ),
        (
            drug.drug_class == "antipsychotic" and "dementia" not in said,
            ANTIPSYCHOTIC_DEMENTIA.source,
            ANTIPSYCHOTIC_BOXED,
        ),
        (
            drug.has("benzodiazepine") and "abuse" not in said,
            drug.properties.get("benzodiazepine", ""),
            BENZODIAZEPINE_BOXED,
        ),
    )
    return (
        *drug.boxed_warnings,
        *(Sourced(source, text=text) for applies, source, text in of_class if applies),
    )


# SSRI and SNRI labeling (ZOLOFT 2011 and others): late third-trimester exposure.
SSRI_SNRI_PREGNANCY = Sourced(
    source="ssri-snri-neonatal-labeling",
    text="Newborns exposed to SSRIs or SNRIs late in the third trimester have needed prolonged "
    "hospital care, breathing support and tube feeding (poor neonatal adaptation); SSRI "
    "exposure may raise the risk of persistent pulmonary hypertension of the newborn.",
    action="Weigh the risks of untreated depression against these; do not stop abruptly; tell "
    "the team delivering the baby so the newborn is observed for breathing difficulty over "
    "the first days.",
)
BENZODIAZEPINE_LACTATION = Sourced(
    source="fda-bzd-pregnancy-2022",
    text="Benzodiazepines pass into breast milk; sedation and poor feeding are reported in "
    "breastfed infants.",
    action="Watch the infant for sedation, poor feeding and poor weight gain; prefer the "
    "lowest dose of a short-acting drug.",
)


# FDA class labeling for opioid analgesics (2013-2016), boxed: neonatal opioid withdrawal
# syndrome (NOWS) after prolonged use in pregnancy.
OPIOID_ANALGESIC_PREGNANCY = Sourced(
    source="opioid-analgesic-boxed",
    text="Prolonged use of an opioid during pregnancy can cause neonatal opioid withdrawal "
    "syndrome, which may be life-threatening if not recognised and treated.",
    action="If an opioid is needed for a prolonged time in pregnancy, tell the patient of the "
    "risk and make sure the team delivering the baby knows, so the newborn can be watched "
    "and treated for withdrawal.",
)
# FDA 2016, methadone and buprenorphine for opioid use disorder in pregnancy.
OPIOID_USE_DISORDER_PREGNANCY = Sourced(
    source="fda-mat-pregnancy-2016",
    text="Prolonged opioid exposure in pregnancy, prescribed or not, can cause neonatal opioid "
    "withdrawal syndrome: expected and treatable, but life-threatening if not recognised. "
    "For opioid use disorder, guidelines (ACOG, SAMHSA, WHO) recommend methadone or "
    "buprenorphine in pregnancy: the risk of withdrawal in the newborn is weighed against "
    "that of untreated addiction.",
    action="Do not stop treatment of opioid use disorder because of the pregnancy; make sure "
    "the team delivering the baby knows, so the newborn can be watched and treated for "
    "withdrawal.",
)


# FDA opioid analgesic class labeling, section 4 (Contraindications): every opioid analgesic
# is contraindicated in known or suspected gastrointestinal obstruction, including paralytic
# ileus, and in acute or severe bronchial asthma in an unmonitored setting or without
# resuscitative equipment. "Significant respiratory depression", the third, has no
# ICD-10-CM code of its own and is left to the prescriber.
OPIOID_ANALGESIC_DIAGNOSES = (
    DiagnosisWarning(
        codes=("K56", "K91.3", "K31.5"),
        diagnosis="known or suspected gastrointestinal obstruction, including paralytic ileus",
        text="Opioid analgesic labels contraindicate them in known or suspected "
        "gastrointestinal obstruction, including paralytic ileus: opioids slow the gut further.",
        action="Do not give an opioid analgesic while the obstruction or ileus lasts; choose a "
        "non-opioid analgesic and ask the treating team.",
        source="opioid-analgesic-contraindications",
        codes_source="icd10-codes",
        severity="contraindicated",
        current_only=True,
    ),
    DiagnosisWarning(
        codes=(
            *("J45.21", "J45.22", "J45.31", "J45.32", "J45.41", "J45.42"),
            *("J45.5", "J45.901", "J45.902"),
        ),
        diagnosis="acute or severe bronchial asthma",
        text="Opioid analgesic labels contraindicate them in acute or severe bronchial asthma "
        "in an unmonitored setting or without resuscitative equipment: they depress breathing.",
        action="Do not give an opioid analgesic for this patient outside a monitored setting "
        "with resuscitative equipment; choose a non-opioid analgesic.",
        source="opioid-analgesic-contraindications",
        codes_source="icd10-codes",
        severity="contraindicated",
        current_only=True,
    ),
)


def _opioid_analgesic_box(drug: Drug) -> Sourced | None:
    """The FDA's opioid analgesic class boxed warning, on the drugs whose labels carry it."""
    return next((b for b in drug.boxed_warnings if b.source == "opioid-analgesic-boxed"), None)


def diagnosis_warnings(drug: Drug) -> tuple[DiagnosisWarning, ...]:
    """The diagnoses the drug's label names, with those its class labeling adds."""
    if _opioid_analgesic_box(drug) is not None:
        return (*drug.diagnosis_warnings, *OPIOID_ANALGESIC_DIAGNOSES)
    return drug.diagnosis_warnings


@dataclass(frozen=True, slots=True)
class ClassWarning:
    """A pregnancy or breastfeeding warning that a whole class's labeling carries; `boxed`
    is the drug's boxed warning that carries it too, which makes it major."""

    fact: Sourced
    label: str  # the class, as people name it
    boxed: Sourced | None = None

    @property
    def severity(self) -> Severity:
        return Severity.MODERATE if self.boxed is None else Severity.MAJOR

    @property
    def sources(self) -> tuple[str, ...]:
        boxed = () if self.boxed is None else (self.boxed.source,)
        return tuple(dict.fromkeys((self.fact.source, *boxed)))

    @property
    def where(self) -> str:
        return f"{self.label} class {'labeling' if self.boxed is None else 'boxed warning'}"

    def finding(self, drug: Drug, when: str, risk: str, mechanism: str) -> Finding:
        return Finding(
            self.severity,
            Kind.POPULATION,
            (drug.name,),
            mechanism,
            f"{drug.name} {when}: {risk} ({self.where})",
            self.fact.text,
            self.fact.action,
            self.sources,
        )


def class_pregnancy_warnings(drug: Drug) -> Iterator[ClassWarning]:
    """The pregnancy warnings the drug's class labeling carries."""
    if drug.has("benzodiazepine"):
        yield ClassWarning(BENZODIAZEPINE_PREGNANCY, "benzodiazepine")
    if drug.drug_class == "antipsychotic":
        yield ClassWarning(ANTIPSYCHOTIC_PREGNANCY, "antipsychotic")
    if drug.drug_class in ("ssri", "snri"):
        yield ClassWarning(SSRI_SNRI_PREGNANCY, "SSRI and SNRI")
    # Methadone for pain carries the analgesic box; for addiction (and buprenorphine, which
    # has no box) the 2016 labeling weighs the newborn's risk against untreated addiction.
    boxed = _opioid_analgesic_box(drug)
    if drug.has("opioid_use_disorder_treatment"):
        yield ClassWarning(OPIOID_USE_DISORDER_PREGNANCY, "opioid", boxed)
    elif boxed is not None:
        yield ClassWarning(OPIOID_ANALGESIC_PREGNANCY, "opioid analgesic", boxed)


def class_lactation_warnings(drug: Drug) -> Iterator[ClassWarning]:
    """The breastfeeding warnings the drug's class labeling carries."""
    if drug.has("benzodiazepine"):
        yield ClassWarning(BENZODIAZEPINE_LACTATION, "benzodiazepine")


def _reproductive(
    drug: Drug, mechanism: str, when: str, *warnings: tuple[Sourced | None, Severity, str]
) -> Iterator[Finding]:
    """Sourced warnings for pregnancy or breastfeeding, each at the severity given."""
    for fact, severity, what in warnings:
        if fact is not None:
            yield Finding(
                severity,
                Kind.POPULATION,
                (drug.name,),
                mechanism,
                f"{drug.name} {when}: {what}",
                fact.text,
                fact.action,
                (fact.source,),
            )


def _beers_conditions(drugs: Sequence[Drug], patient: Patient) -> Iterator[Finding]:
    """The Beers drug-disease criteria an older adult's regimen meets: one finding for each
    condition recorded (current or past), naming every drug the criterion lists, except a
    drug whose own label rule already answers for that diagnosis (`_diagnoses`)."""
    for beers in BEERS:
        if not beers.codes or (beers.sex and patient.sex not in (None, beers.sex)):
            continue
        current = tuple(code for code in patient.diagnoses if code.startswith(beers.codes))
        past = tuple(code for code in patient.past_diagnoses if code.startswith(beers.codes))
        codes = current + past
        named = [
            drug
            for drug in drugs
            if drug.has(beers.prop)
            and not any(warning.matching(current, past) for warning in diagnosis_warnings(drug))
        ]
        if codes and named:
            yield Finding(
                Severity.MODERATE,
                Kind.POPULATION,
                tuple(drug.name for drug in named),
                f"potentially inappropriate in older adults with {beers.condition}",
                f"{', '.join(drug.name for drug in named)} at age {patient.age} with "
                f"{', '.join(codes)}: Beers Criteria advise {beers.advise}",
                beers.harm,
                beers.action,
                _sources(beers.source)
                if beers.source
                else _sources(*(drug.properties[beers.prop] for drug in named)),
            )


def _beers(drug: Drug, patient: Patient) -> Iterator[Finding]:
    """The Beers criteria an older adult's drug meets on its own: for everyone 65 and over,
    or with the kidney function the criterion names (the drug-disease criteria are the
    regimen's, in `_beers_conditions`)."""
    for beers in BEERS:
        if not drug.has(beers.prop) or beers.codes:
            continue
        if beers.egfr_below is not None:
            if patient.egfr is None or patient.egfr >= beers.egfr_below:
                continue
            context, having = " with reduced kidney function", f" with eGFR {patient.egfr}"
        else:
            context = having = ""
        yield Finding(
            Severity.MODERATE,
            Kind.POPULATION,
            (drug.name,),
            f"potentially inappropriate in older adults{context}",
            f"{drug.name} at age {patient.age}{having}: Beers Criteria advise {beers.advise}",
            beers.harm,
            beers.action,
            (drug.properties[beers.prop],),
        )


@dataclass(frozen=True)
class BeersCriterion:
    """A Beers Criteria entry for adults 65 and older: the drugs with the property; for the
    kidney-function table, the creatinine clearance below which it applies; for the
    drug-disease table, the condition and the ICD-10-CM codes (current or past) that
    record it, and the sex it is about where it names one (it holds unless the record
    gives the other); `source` where the row's source is not the property's."""

    prop: str
    advise: str
    harm: str
    action: str
    egfr_below: Decimal | None = None
    condition: str = ""
    codes: tuple[str, ...] = ()
    sex: str = ""
    source: str = ""


BEERS = (
    BeersCriterion(
        "beers_avoid_sedative",
        "avoiding it",
        "Older adults are more sensitive to benzodiazepines and Z-drugs: cognitive impairment, "
        "delirium, falls, fractures and motor vehicle crashes.",
        "Prefer non-drug treatment (CBT for insomnia or anxiety); if it is still needed, use "
        "the lowest dose for the shortest time and plan the taper.",
    ),
    BeersCriterion(
        "beers_avoid_anticholinergic",
        "avoiding it",
        "Strongly anticholinergic antidepressants cause confusion, constipation, urinary "
        "retention, orthostatic hypotension and sedation in older adults.",
        "Choose an antidepressant with little anticholinergic effect, or record why not.",
    ),
    BeersCriterion(
        "beers_avoid_antihistamine",
        "avoiding it",
        "First-generation antihistamines are highly anticholinergic, are cleared more slowly "
        "with age, and lose their effect as hypnotics: confusion, dry mouth, constipation and "
        "other anticholinergic toxicity.",
        "Avoid; for anxiety or sleep prefer a non-drug approach or a drug without strong "
        "anticholinergic effects, or record why not.",
    ),
    BeersCriterion(
        "beers_avoid_nsaid_long_term",
        "against long-term use",
        "Non-COX-selective NSAIDs raise the risk of stomach and intestinal bleeding and ulcers, "
        "most at 75 and over and with an anticoagulant, an antiplatelet drug or a "
        "corticosteroid; a proton-pump inhibitor or misoprostol lowers the risk but does not "
        "remove it.",
        "Prefer another analgesic; if this NSAID is still needed for long, give a proton-pump "
        "inhibitor or misoprostol with it, or record why not.",
    ),
    BeersCriterion(
        "beers_avoid_nsaid_kidney",
        "avoiding it",
        "At a creatinine clearance below 30 mL/min, NSAIDs may cause acute kidney injury and a "
        "further decline in kidney function.",
        "Avoid; choose an analgesic that spares the kidneys, or record why not.",
        egfr_below=Decimal(30),
    ),
    BeersCriterion(
        "beers_avoid_falls",
        "avoiding it unless safer alternatives are not available",
        "Antiepileptics, antipsychotics, benzodiazepines, Z-drugs, antidepressants (TCAs, SSRIs "
        "and SNRIs) and opioids can cause ataxia, impaired psychomotor function, syncope and "
        "further falls.",
        "Prefer a safer alternative; if the drug is still needed, record why.",
        condition="a history of falls or fractures",
        codes=("Z91.81", "R29.6", "Z87.31", "Z87.81"),
    ),
    BeersCriterion(
        "beers_avoid_parkinson",
        "avoiding it",
        "Dopamine-receptor antagonists can worsen parkinsonian symptoms; quetiapine, clozapine "
        "and pimavanserin appear less likely to.",
        "Choose quetiapine or clozapine if an antipsychotic is needed, and an antiemetic that "
        "does not block dopamine, or record why not.",
        condition="Parkinson disease",
        codes=("G20",),
    ),
    BeersCriterion(
        "beers_avoid_delirium",
        "avoiding it",
        "It can bring on or worsen delirium; an antipsychotic only when non-drug measures have "
        "failed or are not possible and the person threatens substantial harm to self or others.",
        "Treat the cause of the delirium and use non-drug measures; stop or reduce the drug "
        "where possible, or record why it is needed.",
        condition="delirium",
        codes=("F05",),
    ),
    BeersCriterion(
        "beers_avoid_dementia",
        "avoiding it",
        "Anticholinergics, benzodiazepines, Z-drugs and antipsychotics have adverse CNS effects "
        "in dementia; antipsychotics also bring a greater risk of stroke, faster cognitive "
        "decline and higher mortality.",
        "Prefer non-drug approaches; an antipsychotic for behavioural symptoms only when they "
        "have failed or are not possible and the person threatens substantial harm to self or "
        "others; reduce or stop the others where possible.",
        condition="dementia or cognitive impairment",
        codes=("F01", "F02", "F03", "G30", "G31.0", "G31.83", "G31.84"),
    ),
    BeersCriterion(
        "beers_avoid_seizures",
        "avoiding it",
        "It lowers the seizure threshold; it may be acceptable when seizures are well "
        "controlled and alternatives have not worked.",
        "Choose a drug that does not lower the seizure threshold, or record why not.",
        condition="a history of seizures or epilepsy",
        codes=("G40",),
    ),
    BeersCriterion(
        "beers_avoid_syncope",
        "avoiding it",
        "It raises the risk of orthostatic hypotension or bradycardia.",
        "Choose a drug that does not lower the blood pressure on standing or slow the heart, "
        "or record why not.",
        condition="syncope",
        codes=("R55",),
    ),
    BeersCriterion(
        "beers_avoid_nsaid_long_term",
        "avoiding it unless other alternatives are not effective and a gastroprotective agent "
        "can be taken",
        "Non-COX-2-selective NSAIDs may worsen existing ulcers or cause new or additional ones.",
        "Prefer another analgesic; if this NSAID is still needed, give a proton-pump inhibitor "
        "or misoprostol with it, or record why not.",
        condition="a history of gastric or duodenal ulcers",
        codes=("K25", "K26", "K27", "K28", "Z87.11"),
        source="beers-2023",  # the drug-disease table; the property is the Table 2 row's
    ),
    BeersCriterion(
        "strongly_anticholinergic",
        "avoiding it in men",
        "Strongly anticholinergic drugs may decrease urinary flow and cause urinary retention.",
        "Choose a drug with little anticholinergic effect, or record why not; ask about a weak "
        "stream, hesitancy and incomplete emptying.",
        condition="lower urinary tract symptoms or benign prostatic hyperplasia",
        codes=("N40", "R39.1"),
        sex="male",
    ),
    BeersCriterion(
        "beers_avoid_incontinence_women",
        "avoiding it in women",
        "Peripheral alpha-1 blockers and non-vaginal estrogen aggravate urinary incontinence.",
        "Choose another treatment, or record why not; vaginal estrogen is not part of this "
        "criterion.",
        condition="urinary incontinence",
        codes=("N39.3", "N39.4", "R32"),
        sex="female",
    ),
    BeersCriterion(
        "beers_avoid_heart_failure",
        "caution, and avoiding it if the heart failure is symptomatic",
        "NSAIDs and COX-2 inhibitors can promote fluid retention and worsen heart failure.",
        "Prefer an analgesic that is not an NSAID; avoid NSAIDs if the heart failure is "
        "symptomatic, or record why not.",
        condition="heart failure",
        codes=("I50",),
    ),
)


# Allergies are often recorded as a chemical group that is not a class of the formulary. The
# WHO ATC index defines these groups: an allergy recorded under one of these names (singular
# or plural) matches every drug whose ATC code falls in the group.
ATC_ALLERGY_GROUPS = {
    # N05AA, N05AB, N05AC: phenothiazines with an aliphatic side-chain, a piperazine or a
    # piperidine structure (chlorpromazine; fluphenazine, perphenazine; thioridazine).
    "phenothiazine": ("N05AA", "N05AB", "N05AC"),
    # N06AA: non-selective monoamine reuptake inhibitors, the tricyclic antidepressants.
    "tricyclic": ("N06AA",),
    "tricyclic antidepressant": ("N06AA",),
    # J01MA: fluoroquinolones, often recorded as "quinolones".
    "quinolone": ("J01MA",),
}


def _allergy_names(drug: Drug) -> frozenset[str]:
    """The names an allergy to this drug may be recorded under, normalised and singular."""
    return _names_and_groups((*drug.all_names, drug.drug_class), drug.atc)


@cache
def _names_and_groups(names: tuple[str, ...], atc: str) -> frozenset[str]:
    groups = (g for g, prefixes in ATC_ALLERGY_GROUPS.items() if atc and atc.startswith(prefixes))
    return frozenset((*(normalise(name) for name in names), *groups))


def _recorded_as(allergy: str) -> frozenset[str]:
    name = normalise(allergy)
    return frozenset((name, name.removesuffix("s")))


# Each group's words, found anywhere in a normalised allergy ("tmp smx", "sulfa drugs").
ALLERGY_GROUP_WORDS = {
    group: re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(words)))})s?\b")
    for group, words in ALLERGY_GROUPS.items()
}


def _allergens(allergy: str, formulary: Formulary) -> frozenset[str]:
    """What a recorded allergy is an allergy to, as cross-sensitivities name it: the drug and
    its class ("Advil": ibuprofen, class:nsaid), a class recorded by name ("NSAIDs") or by its
    ATC group ("tricyclic antidepressants": class:tca), and the groups whose words it contains
    ("Sulfa drugs", "Bactrim DS": group:sulfonamide)."""
    recorded = _recorded_as(allergy)
    allergens = {f"class:{name}" for name in recorded}
    if drug := formulary.find(allergy):
        allergens |= {drug.name, f"class:{drug.drug_class}"}
    for group in recorded & ATC_ALLERGY_GROUPS.keys():
        allergens |= {f"class:{c}" for c in _classes_within(formulary, ATC_ALLERGY_GROUPS[group])}
    name = normalise(allergy)
    allergens |= {f"group:{g}" for g, words in ALLERGY_GROUP_WORDS.items() if words.search(name)}
    return frozenset(allergens)


def _classes_within(formulary: Formulary, prefixes: tuple[str, ...]) -> set[str]:
    """The drug classes every member of which is in the ATC groups: the tricyclics are the
    tca class; the phenothiazines are only some of the antipsychotics, so no class."""
    inside = {d.drug_class for d in formulary.drugs.values() if d.atc.startswith(prefixes)}
    outside = {d.drug_class for d in formulary.drugs.values() if not d.atc.startswith(prefixes)}
    return inside - outside


def _allergy(
    drug: Drug, allergies: dict[str, tuple[frozenset[str], frozenset[str]]]
) -> Iterator[Finding]:
    """A recorded allergy to the drug, its class ("benzodiazepines") or ATC group
    ("phenothiazines"), or to a drug, class or group its label names as cross-reacting.
    `allergies` maps each recorded allergy to the names it is recorded as and its
    allergens."""
    for allergy, (recorded, allergens) in allergies.items():
        cross = next((c for c in drug.cross_sensitivity if c.allergen in allergens), None)
        if matched := recorded & _allergy_names(drug):
            by_group = bool(matched & ATC_ALLERGY_GROUPS.keys())
            yield Finding(
                Severity.CONTRAINDICATED,
                Kind.ALLERGY,
                (drug.name,),
                "recorded allergy",
                f"{drug.name}: the patient has a recorded allergy to {allergy}",
                "A known hypersensitivity to a drug "
                + (f"or its group ({drug.name} is one of the {allergy}) " if by_group else "")
                + "contraindicates it.",
                "Do not give; check the recorded reaction and choose another drug.",
                ("label-hypersensitivity", "who-atc") if by_group else ("label-hypersensitivity",),
            )
        elif cross is not None:
            severity = Severity(cross.severity)
            yield Finding(
                severity,
                Kind.ALLERGY,
                (drug.name,),
                "cross-sensitivity",
                f"{drug.name}: the patient has a recorded allergy to {allergy}, which can "
                "cross-react",
                f"{cross.note}.",
                CROSS_SENSITIVITY_ACTIONS[severity].format(drug=drug.name),
                (cross.source,),
            )


CROSS_SENSITIVITY_ACTIONS = {
    Severity.CONTRAINDICATED: "Do not give: the label contraindicates {drug} after such a "
    "reaction; choose a drug that does not cross-react.",
    Severity.MAJOR: "Prefer a drug that does not cross-react; if {drug} is still chosen, warn "
    "the patient and stop at the first sign of rash or hypersensitivity.",
    Severity.MODERATE: "Ask what the reaction was; if {drug} is given, warn the patient and "
    "stop at the first sign of rash or hypersensitivity.",
}


# The clozapine label's ANC table for the general population (10^3/µL): upper bound, severity,
# band, and what to do if the patient is already taking it.
ANC_BANDS = (
    (
        Decimal("0.5"),
        Severity.CONTRAINDICATED,
        "severe neutropenia",
        "Interrupt clozapine; check the ANC daily until it is at least 1000/µL, then three "
        "times a week until at least 1500/µL; consult haematology; do not rechallenge unless "
        "the benefit outweighs the risk.",
    ),
    (
        Decimal("1.0"),
        Severity.MAJOR,
        "moderate neutropenia",
        "Interrupt clozapine; check the ANC daily until it is at least 1000/µL, then three "
        "times a week until at least 1500/µL; it may be resumed once the ANC is at least "
        "1000/µL.",
    ),
    (
        Decimal("1.5"),
        Severity.MAJOR,
        "mild neutropenia",
        "Do not start clozapine; if it is already taken, continue and check the ANC three "
        "times a week until it is at least 1500/µL.",
    ),
)


# CTCAE grade 3 QTc prolongation (over 500 ms); ACC/AHA/ESC 2006: in drug-induced long QT,
# removing the offending agent is indicated (class I).
QTC_HIGH_RISK_MS = Decimal(500)


def _qtc_over(
    drug: Drug,
    qtc: Decimal,
    over: Decimal,
    severity: Severity,
    why: str,
    action: str,
    sources: tuple[str, ...],
) -> Finding:
    return Finding(
        severity,
        Kind.LAB,
        (drug.name,),
        "QT prolongation",
        f"{drug.name} with QTc {_mg(qtc)} ms (over {_mg(over)} ms)",
        why,
        action,
        sources,
    )


def _labs(drug: Drug, patient: Patient) -> Iterator[Finding]:
    qtc = patient.qtc_ms
    stop, ceiling = drug.qtc_discontinue_ms, drug.qtc_contraindicated_ms
    if qtc and stop is None and drug.has("qt_prolongation_warning") and qtc > QTC_HIGH_RISK_MS:
        yield _qtc_over(
            drug,
            qtc,
            QTC_HIGH_RISK_MS,
            Severity.MAJOR,
            f"The {drug.name} label warns of QT prolongation; a QTc over "
            f"{_mg(QTC_HIGH_RISK_MS)} ms is the highest grade short of torsade de pointes.",
            f"If the prolongation is drug-induced, stop or replace {drug.name} (and any other "
            "QT-prolonging drug); correct potassium and magnesium and repeat the ECG.",
            ("qtc-500-drug-induced", drug.properties["qt_prolongation_warning"]),
        )
    if qtc and stop and stop.value and qtc > stop.value:
        yield _qtc_over(
            drug,
            qtc,
            stop.value,
            Severity.MAJOR,
            f"{drug.name} prolongs the QT interval dose-dependently; a QTc over "
            f"{_mg(stop.value)} ms puts the patient at risk of torsade de pointes.",
            f"Stop {drug.name} if the QTc stays over {_mg(stop.value)} ms; correct "
            "potassium and magnesium.",
            (stop.source,),
        )
    if qtc and ceiling and ceiling.value and qtc > ceiling.value:
        yield _qtc_over(
            drug,
            qtc,
            ceiling.value,
            Severity.CONTRAINDICATED,
            f"The {drug.name} label contraindicates it with a QTc over "
            f"{_mg(ceiling.value)} ms: dose-related QT prolongation, torsade de pointes and "
            "sudden death.",
            f"Do not start {drug.name}; if it is being taken, stop it and choose an "
            "antipsychotic with less effect on the QT interval; correct potassium and "
            "magnesium.",
            (ceiling.source,),
        )
    # Above 500 ms the rules for a QTc at which the drug is stopped say more.
    start = drug.qtc_start_max_ms
    if qtc and start and start.value and start.value < qtc <= QTC_HIGH_RISK_MS:
        yield _qtc_over(
            drug,
            qtc,
            start.value,
            Severity.MAJOR,
            f"The {drug.name} label says not to start it with a QTc over {_mg(start.value)} ms: "
            "it can cause life-threatening ventricular tachycardia with QT prolongation.",
            f"Do not start {drug.name}. If it is already taken, the label's limit is a QT of "
            "500 ms, at which the dose is reduced, the interval lengthened or the drug stopped; "
            "correct potassium and magnesium.",
            (start.source,),
        )
    anc, minimum = patient.labs.get("anc"), drug.anc_minimum_to_start
    if anc is not None and minimum and minimum.value and anc < minimum.value:
        severity, band, action = next((b for b in ANC_BANDS if anc < b[0]), ANC_BANDS[-1])[1:]
        yield Finding(
            severity,
            Kind.LAB,
            (drug.name,),
            "neutropenia",
            f"{drug.name} with ANC {_mg(anc * 1000)}/µL: {band}",
            f"{drug.name} can cause severe neutropenia; it is not started with an ANC below "
            f"{_mg(minimum.value * 1000)}/µL ({minimum.note}).",
            action,
            (minimum.source,),
        )
    yield from _serum_level(drug, patient)
    yield from _level_by_sex(drug, patient)
    if patient.smoker and drug.smoking_lowers_levels:
        yield Finding(
            Severity.MODERATE,
            Kind.INTERACTION,
            (drug.name,),
            "CYP1A2 induction by tobacco smoke",
            f"{drug.name} in a smoker: lower levels now, higher if they stop smoking",
            f"Tobacco smoke induces CYP1A2 and lowers {drug.name} levels; when the patient "
            "stops smoking (or is admitted somewhere smoke-free) the levels rise.",
            drug.smoking_lowers_levels.action
            or f"Watch for loss of effect; if the patient stops smoking, reduce {drug.name} "
            "and check a level.",
            (drug.smoking_lowers_levels.source,),
        )
    if patient.hla_b1502 and drug.hla_b1502_avoid:
        yield Finding(
            Severity.MAJOR,
            Kind.POPULATION,
            (drug.name,),
            "HLA-B*15:02 and severe skin reactions",
            f"{drug.name} with HLA-B*15:02: high risk of Stevens-Johnson syndrome / TEN",
            "Carriers of HLA-B*15:02 have a much higher risk of SJS/TEN with this drug.",
            f"Avoid {drug.name} unless the benefit clearly outweighs the risk.",
            (drug.hla_b1502_avoid.source,),
        )
    caution = drug.hla_b1502_caution
    if patient.hla_b1502 and caution:
        yield Finding(
            Severity.MODERATE,
            Kind.POPULATION,
            (drug.name,),
            "HLA-B*15:02 and severe skin reactions",
            f"{drug.name} with HLA-B*15:02: a risk factor for serious rash",
            caution.text,
            caution.action,
            (caution.source,),
        )


def _serum_level(drug: Drug, patient: Patient) -> Iterator[Finding]:
    """A drug level above the label's toxicity ceiling (major), or above its target range but
    not the ceiling (moderate)."""
    ceiling, target = drug.lab_ceiling, drug.lab_target_max
    level = patient.labs.get(ceiling.lab) if ceiling else None
    if ceiling is None or ceiling.value is None or level is None:
        return
    if level > ceiling.value:
        yield Finding(
            Severity.MAJOR,
            Kind.LAB,
            (drug.name,),
            "serum level above range",
            f"{drug.name} level {_mg(level)} {ceiling.unit} is above {_mg(ceiling.value)}",
            f"Toxicity is closely related to the serum level: {ceiling.note}.",
            ceiling.action
            or "Hold the next dose, check for signs of toxicity (tremor, ataxia, confusion, "
            "vomiting), repeat the level and review interacting drugs and hydration.",
            (ceiling.source,),
        )
    elif target and target.value is not None and level > target.value:
        yield Finding(
            Severity.MODERATE,
            Kind.LAB,
            (drug.name,),
            "serum level above the target range",
            f"{drug.name} level {_mg(level)} {target.unit} is above the target range "
            f"(up to {_mg(target.value)})",
            f"The level is above the labelled target ({target.note}), though below "
            f"{_mg(ceiling.value)}; toxicity can occur close to therapeutic levels.",
            target.action,
            (target.source,),
        )


def _level_by_sex(drug: Drug, patient: Patient) -> Iterator[Finding]:
    """A level above the source's threshold for the patient's sex; with the sex not recorded,
    above the lower of the two, saying both."""
    female, male = drug.lab_caution_female, drug.lab_caution_male
    if female is None or male is None or female.value is None or male.value is None:
        return
    level = patient.labs.get(female.lab)
    if level is None:
        return
    rule, whose = {"female": (female, "in a woman"), "male": (male, "in a man")}.get(
        patient.sex or "",
        (
            min(female, male, key=lambda fact: fact.value or 0),
            f"(sex not recorded: above {_mg(female.value)} in women, {_mg(male.value)} in men)",
        ),
    )
    assert rule.value is not None
    if level > rule.value:
        yield Finding(
            Severity.MODERATE,
            Kind.LAB,
            (drug.name,),
            rule.note,
            f"{drug.name} level {_mg(level)} {rule.unit} {whose}: above {_mg(rule.value)}, "
            f"{rule.note}",
            rule.text,
            rule.action,
            (rule.source,),
        )


def _sources(*ids: str) -> tuple[str, ...]:
    """The distinct source ids in the order given, so the rule's own source comes before the
    sources of the properties it acts on; an empty id (a fact not present) is left out."""
    return tuple(dict.fromkeys(filter(None, ids)))


def _mg(value: Decimal) -> str:
    return f"{value.normalize():f}"
