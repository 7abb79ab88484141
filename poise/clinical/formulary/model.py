"""The formulary's shape: frozen records read from the TOML data files beside this module."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

# When a dose rule applies: `hepatic`, or a test and its value (`age>=65`, `egfr<30`,
# `child_pugh=C`, `cyp2d6=poor`, `weight<51`, `with=strong_cyp2d6_inhibitor`); patient tests
# can be joined with `&`, all of which must hold (`age>12&age<18`).
CONDITION_VALUES = {
    "age>=": r"\d+",
    "age>": r"\d+",
    "age<": r"\d+",
    "egfr<": r"\d+",
    "weight<": r"\d+",
    "weight>=": r"\d+",
    "child_pugh=": r"[ABC]",
    "cyp2d6=": r"poor|intermediate|normal|rapid|ultrarapid",
    "cyp2c19=": r"poor|intermediate|normal|rapid|ultrarapid",
    "with=": r"[a-z0-9_]+",
}
# The properties the rules read. A property names the source that gives the drug that
# property; the loader refuses any other name, so a misspelt property cannot silently
# switch a rule off.
PROPERTIES = frozenset(
    {
        "alcohol_reaction",  # disulfiram: alcohol-containing preparations are contraindicated
        "antidepressant",  # boxed warning on suicidality in patients aged 24 and under
        "antiepileptic",  # FDA 2008 class labeling: monitor for suicidal thoughts and behaviour
        "benzodiazepine",
        "beers_avoid_anticholinergic",
        "beers_avoid_delirium",  # Beers 2023 Table 3: with or at high risk of delirium
        "beers_avoid_dementia",  # Beers 2023 Table 3: dementia or cognitive impairment
        "beers_avoid_falls",  # Beers 2023 Table 3: with a history of falls or fractures
        "beers_avoid_heart_failure",  # Beers 2023 Table 3: NSAIDs in heart failure
        "beers_avoid_incontinence_women",  # Beers 2023 Table 3: alpha-1 blockers, estrogen
        "beers_avoid_antihistamine",
        "beers_avoid_nsaid_kidney",  # NSAIDs at a creatinine clearance below 30 mL/min
        "beers_avoid_nsaid_long_term",  # non-COX-selective NSAIDs (also: history of ulcers)
        "beers_avoid_parkinson",  # Beers 2023 Table 3: dopamine antagonists in Parkinson disease
        "beers_avoid_seizures",  # Beers 2023 Table 3: with a history of seizures or epilepsy
        "beers_avoid_syncope",  # Beers drug-disease table: syncope
        "beers_avoid_sedative",
        "bleeding_risk",
        "cns_active",  # Beers 2023: avoid three or more together at 65 and over
        "cyp2c19_inhibitor",
        "enzyme_inducer_contraception",  # lowers hormonal contraceptive levels (SPS, FSRH)
        "enzyme_inducer_lamotrigine",
        "estrogen_contraceptive",
        "mao_inhibitor",
        "moderate_cyp3a4_inhibitor",
        "opioid_use_disorder_treatment",  # buprenorphine, methadone: not withheld (FDA 2017)
        "opioid",
        "qt_prolonging",  # QT prolongation in a contraindication or boxed warning
        "qt_prolongation_warning",  # the label warns of QT prolongation
        "raises_lithium_level",
        "serotonergic",
        "serotonin_reuptake_bleeding",
        "siadh_risk",  # Beers 2023: use with caution, may cause SIADH or hyponatraemia
        "strong_cyp1a2_inhibitor",
        "strong_cyp2d6_inhibitor",
        "strong_cyp3a4_inducer",
        "strong_cyp3a4_inhibitor",
        "strongly_anticholinergic",
        "sympathomimetic",
        "ugt_inhibitor_lamotrigine",
        "withdrawal_prone",
    }
)

# How a drug can be given (name -> words for people); the loader refuses any other form name,
# and `poise check` accepts these after the drug name (sertraline:oral_solution=50).
FORMS = {
    "tablet": "tablet",
    "tablet_er": "extended-release tablet",
    "tablet_sr": "sustained-release tablet",
    "tablet_dr": "delayed-release tablet",
    "tablet_chewable": "chewable tablet",
    "capsule": "capsule",
    "capsule_er": "extended-release capsule",
    "capsule_dr": "delayed-release capsule",
    "odt": "orally disintegrating tablet",
    "tablet_sl": "sublingual tablet",
    "oral_solution": "oral solution",
    "oral_suspension": "oral suspension",
    "patch": "patch",
    "injection_lai": "long-acting injection",
}

CONDITION = re.compile(
    "^(?:"
    + "|".join(
        f"(?P<t{i}>{re.escape(test)})(?P<v{i}>{value})"
        for i, (test, value) in enumerate(CONDITION_VALUES.items())
    )
    + "|hepatic)$"
)


def parse_conditions(when: str) -> list[tuple[str, str]] | None:
    """Each test of a condition (one, or several joined with `&`, none of them `with=`), or
    None if any is not valid."""
    parts = [parse_condition(part) for part in when.split("&")]
    if any(part is None for part in parts):
        return None
    tests = [part for part in parts if part is not None]
    if len(tests) > 1 and any(test == "with=" for test, _ in tests):
        return None
    return tests


@cache
def parse_condition(when: str) -> tuple[str, str] | None:
    """(test, value) of a valid condition (("hepatic", "") for hepatic), or None."""
    match = CONDITION.match(when)
    if match is None:
        return None
    if when == "hepatic":
        return ("hepatic", "")
    test_group = next(
        name
        for name, text in match.groupdict().items()
        if text is not None and name.startswith("t")
    )
    return match[test_group], match["v" + test_group[1:]]


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    where: str


@dataclass(frozen=True, slots=True)
class Form:
    """How the drug can be given: solid strengths, or a liquid's concentration."""

    form: str
    source: str
    strengths_mg: tuple[Decimal, ...] = ()
    scored_mg: tuple[Decimal, ...] = ()  # strengths the label says are scored for halving
    mg_per_ml: Decimal | None = None
    # The label's own words for a liquid's strength where mg/mL would mislead (lithium oral
    # solution is labelled in mEq: 8 mEq per 5 mL, the lithium in 300 mg lithium carbonate).
    strength_text: str = ""
    # A product the label doses differently from the drug's other forms (metformin extended
    # release once daily, where the immediate-release tablets are divided).
    doses_per_day: int | None = None

    @property
    def is_liquid(self) -> bool:
        return self.mg_per_ml is not None

    @property
    def concentration(self) -> str:
        """A liquid's strength as its label states it."""
        return self.strength_text or f"{(self.mg_per_ml or Decimal(0)).normalize():f} mg/mL"


@dataclass(frozen=True, slots=True)
class Limit:
    """A dose rule. `when` is empty (always) or one condition such as `age>60`, `egfr<30`,
    `hepatic`, `child_pugh=C`, `cyp2d6=poor`, `with=strong_cyp2d6_inhibitor`.
    It carries a maximum daily dose, or an instruction to avoid, or advice. An instruction to
    avoid is `contraindicated` when the source says so, else a major finding.

    Advice for patients (not `with=`) tells a titration for such a patient what to do: give
    every dose at `dose_factor` of the usual ("half the usual dose"), or start at `start_mg`
    and go no further by the calendar, or, with `keeps_schedule`, keep the usual schedule and
    carry the advice (caution, "may", "consider another drug"); any other advice changes the
    dosing in words a plan cannot follow, so the plan is refused with them."""

    source: str
    max_mg: Decimal | None = None
    max_mg_per_kg: Decimal | None = None  # a maximum by body weight (valproate 60 mg/kg/day)
    when: str = ""
    form: str = ""
    avoid: str = ""
    contraindicated: bool = False
    advice: str = ""
    note: str = ""
    dose_factor: Decimal | None = None
    start_mg: Decimal | None = None
    keeps_schedule: bool = False


@dataclass(frozen=True, slots=True)
class Sourced:
    """A single value with its unit and source (a starting dose, a lab threshold, ...)."""

    source: str
    value: Decimal | None = None
    unit: str = ""
    text: str = ""
    note: str = ""
    lab: str = ""
    form: str = ""
    action: str = ""  # what the label or guideline says to do, for facts that raise a finding


@dataclass(frozen=True, slots=True)
class Interaction:
    """A label- or guideline-specific interaction of this drug with any drug that has a
    property, with one named drug (`drug:NAME`), or with a class (`class:antipsychotic`).
    A row naming a drug may say which shared risk it describes (`mechanism`), so the pair
    gets one finding for that risk."""

    with_property: str
    severity: str
    effect: str
    action: str
    source: str
    mechanism: str = ""


# Risks several rules can describe for one pair; the checker keeps the most severe finding.
QT_MECHANISM = "additive QT prolongation"
MAOI_MECHANISM = "taken with an MAOI"
CNS_MECHANISM = "CNS and respiratory depression"  # an opioid with another CNS depressant
SEDATION_MECHANISM = "additive CNS depression"
SEROTONIN_MECHANISM = "two serotonergic drugs"
CYP1A2_MECHANISM = "CYP1A2 inhibition"  # a strong inhibitor's label and the substrate's
SHARED_MECHANISMS = (
    QT_MECHANISM,
    MAOI_MECHANISM,
    CNS_MECHANISM,
    SEDATION_MECHANISM,
    SEROTONIN_MECHANISM,
    CYP1A2_MECHANISM,
)


# Allergies recorded under a chemical group's everyday name, or under the drug that caused
# them, rather than under a drug of the formulary: the words (normalised, singular) that mean
# the group wherever they stand in the recorded allergy. The labels of some non-antibiotic
# sulfonamides (celecoxib, hydrochlorothiazide, furosemide) name an allergy to sulfonamides,
# which patients record as "sulfa" or as the sulfonamide antibiotic that caused it
# (co-trimoxazole: trimethoprim with sulfamethoxazole, "TMP-SMX", Bactrim, Septra), or as
# sulfasalazine. "Sulfate" and "sulfite" are other chemicals.
ALLERGY_GROUPS = {
    "sulfonamide": frozenset(
        {
            *("sulfa", "sulpha", "sulfonamide", "sulphonamide", "sulfamethoxazole", "smx"),
            *("cotrimoxazole", "co trimoxazole", "bactrim", "septra", "sulfadiazine"),
            "sulfasalazine",
        }
    ),
    # Piperazine antihistamines the hydroxyzine label names alongside hydroxyzine itself.
    "cetirizine": frozenset({"cetirizine", "levocetirizine", "zyrtec", "xyzal"}),
}


# ICD-10-CM's format: a letter, a digit, a digit or letter, then up to four more after a dot
# (CDC/NCHS ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A), widened to
# what CMS's April 2026 code set uses: U07.0 (vaping-related disorder), O9A and, from FY2026,
# QA0 (neurodevelopmental disorders related to specific genetic pathogenic variants).
# `poise.clinical.icd10cm` checks that a code exists.
ICD10CM = re.compile(r"^[A-Z][0-9A][0-9AB](\.[0-9A-Z]{1,4})?$")


@dataclass(frozen=True, slots=True)
class DiagnosisWarning:
    """A diagnosis the label contraindicates the drug in, or says to avoid it with. `codes`
    are ICD-10-CM codes or categories (G40, F50.2): a recorded code falls under the ones it
    begins with. Most warnings hold for a past diagnosis too (a history of seizures); a
    `current_only` one is about a present state (a recent infarction, uncompensated heart
    failure) and ignores diagnoses recorded as resolved, inactive or in remission."""

    codes: tuple[str, ...]
    diagnosis: str  # in the label's words
    text: str
    action: str
    source: str
    codes_source: str  # where the codes' meanings come from
    severity: str = "major"  # contraindicated, major (the label says avoid) or moderate
    current_only: bool = False

    @property
    def verdict(self) -> str:
        return {"contraindicated": "contraindicated", "major": "avoid"}.get(
            self.severity, "caution"
        )

    def matching(self, current: tuple[str, ...], past: tuple[str, ...]) -> list[str]:
        recorded = current if self.current_only else current + past
        return [code for code in recorded if code.startswith(self.codes)]


@dataclass(frozen=True, slots=True)
class CrossSensitivity:
    """An allergy that makes a reaction to this drug likely (carbamazepine and
    oxcarbazepine), or that the label contraindicates it after (aspirin and the NSAIDs).
    The allergen is a drug, a class (`class:nsaid`) or a group of ALLERGY_GROUPS
    (`group:sulfonamide`); the severity is the finding's."""

    allergen: str
    note: str
    source: str
    severity: str = "major"

    @property
    def allergy_to(self) -> str:
        """The allergen in words: "aspirin", "any nsaid", "any sulfonamide"."""
        kind, _, name = self.allergen.rpartition(":")
        return f"any {name.replace('_', ' ')}" if kind else name


@dataclass(frozen=True, slots=True)
class Titration:
    """Rises of `step_mg` every `every_days` days, after the label's day-by-day `schedule`
    of (day, daily mg) pairs when it has one. Tapers use the same shape, going down. `note`
    says how a step was chosen where the label gives only the interval."""

    step_mg: Decimal | None
    every_days: int
    source: str
    schedule: tuple[tuple[int, Decimal], ...] = ()
    note: str = ""
    # A label's own schedule for some patients (`titrations_for`): whom (`age<12`) and its start,
    # and the product it is for (`capsule_er`: EFFEXOR XR) where that is not the usual one's.
    when: str = ""
    start_mg: Decimal | None = None
    doses_per_day: int | None = None  # how the group's doses are divided, where the label says
    form: str = ""


@dataclass(frozen=True, slots=True)
class ByWeight:
    """A label's start by body weight for some patients (`when`, e.g. children) up to
    `up_to_kg`: about `start_mg_per_kg` a day, raised after at least `after_days` days to
    about `target_mg_per_kg`. `note` is what the label says beyond the target."""

    when: str
    up_to_kg: Decimal
    start_mg_per_kg: Decimal
    target_mg_per_kg: Decimal
    after_days: int
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Drug:
    name: str  # the id people type and records keep: one word, hyphenated ("st-johns-wort")
    drug_class: str
    title: str = ""  # how prose names it where the id reads badly ("St John's wort")
    rxnorm: str = ""
    atc: str = ""
    codes_source: str = ""
    brands: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    properties: dict[str, str] = field(default_factory=dict)  # property -> source id
    forms: tuple[Form, ...] = ()
    limits: tuple[Limit, ...] = ()
    start: Sourced | None = None
    doses_per_day: Sourced | None = None  # how many doses the label divides a day's amount into
    usual: Sourced | None = None  # the usual adult daily range, as words
    titration: Titration | None = None
    titration_by_weight: ByWeight | None = None  # replaces `titration` for whom it names
    titrations_for: tuple[Titration, ...] = ()  # so do these, the first whose `when` holds
    taper: Titration | None = None  # a label's own discontinuation steps
    interactions: tuple[Interaction, ...] = ()
    cross_sensitivity: tuple[CrossSensitivity, ...] = ()
    diagnosis_warnings: tuple[DiagnosisWarning, ...] = ()
    boxed_warnings: tuple[Sourced, ...] = ()
    boxed_young: Sourced | None = None  # a boxed warning for patients younger than `value`
    # The youngest age the label approves the drug at, for any indication (18: no paediatric
    # indication); `text` says which indications from which ages.
    approved_from_age: Sourced | None = None
    # The youngest age the usual start and schedule are labelled for (None: adults, 18); a
    # younger patient needs a schedule of the label's own (`titrations_for`, by weight).
    schedule_from_age: Sourced | None = None
    smoker_contraindicated_over: Sourced | None = None  # in smokers older than `value` years
    pregnancy_contraindicated: Sourced | None = None  # the label contraindicates it in pregnancy
    pregnancy_boxed: Sourced | None = None
    pregnancy: Sourced | None = None  # a label warning of fetal, neonatal or maternal harm
    pregnancy_levels: Sourced | None = None  # serum levels change in pregnancy: monitor, adjust
    # What the label's pregnancy section says where it names no fetal risk to warn about
    # (shown with the drug, no finding: absence of evidence is not evidence of safety).
    pregnancy_note: Sourced | None = None
    childbearing_potential: Sourced | None = None  # what a woman who may conceive needs
    childbearing_caution: Sourced | None = None  # a risk to discuss with a woman who may conceive
    lactation: Sourced | None = None  # a label or guideline warning for the breastfed infant
    # A lactation reference that prefers another drug where one can be chosen (a minor finding),
    # and one that finds the drug acceptable (shown with the drug, no finding).
    lactation_caution: Sourced | None = None
    lactation_note: Sourced | None = None
    qtc_discontinue_ms: Sourced | None = None
    qtc_contraindicated_ms: Sourced | None = None  # the label contraindicates it above this QTc
    qtc_start_max_ms: Sourced | None = None  # the label says not to start it above this QTc
    anc_minimum_to_start: Sourced | None = None
    lab_ceiling: Sourced | None = None  # a level above it risks toxicity (major)
    lab_target_max: Sourced | None = None  # the top of the target range, below the ceiling
    # A level above which the source names a risk (`note`) at a threshold by sex (valproate:
    # thrombocytopenia above 110 ug/mL in women, 135 in men): a moderate finding.
    lab_caution_female: Sourced | None = None
    lab_caution_male: Sourced | None = None
    hla_b1502_avoid: Sourced | None = None
    hla_b1502_caution: Sourced | None = None  # a label risk factor, not an avoid
    smoking_lowers_levels: Sourced | None = None
    washout_days_before_maoi: Sourced | None = None
    washout_days_before_serotonergic: Sourced | None = None
    # Reference facts shown with the drug (`poise drugs`).
    half_life: Sourced | None = None
    acb_score: Sourced | None = None  # Anticholinergic Cognitive Burden scale: 1, 2 or 3
    mme_factor: Sourced | None = None  # morphine milligram equivalents per mg a day (CDC)
    monitoring: tuple[Sourced, ...] = ()
    discontinuation: Sourced | None = None

    def has(self, prop: str) -> bool:
        return prop in self.properties

    @property
    def times_a_day(self) -> int:
        """How many doses the label divides a day's amount into (once a day if it says none):
        the forms' own number where every form of the drug as given has the same one (a plan
        kept to metformin's extended-release tablets), else the drug's."""
        own = {form.doses_per_day for form in self.forms}
        if len(own) == 1 and None not in own:
            return own.pop() or 1
        return (
            int(self.doses_per_day.value) if self.doses_per_day and self.doses_per_day.value else 1
        )

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.brands, *self.synonyms)
