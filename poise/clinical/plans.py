"""Titration and taper plans: dated steps of daily doses that real products can give.

A plan is a list of steps, each a start day (counted from the plan's first day), a daily dose,
and how to give it with the drug's sourced strengths (whole or, where the label says the
tablet is scored, half tablets; or a measured volume of a liquid). Pure: no clock, no I/O.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from poise.clinical import safety
from poise.clinical.formulary import Formulary
from poise.clinical.formulary.model import (
    FORMS,
    ByWeight,
    Drug,
    Form,
    Sourced,
    Titration,
    parse_conditions,
)

# The smallest volume we ask anyone to measure with an oral syringe. A practical limit, not a
# clinical one: below it the plan stops stepping down and ends.
SMALLEST_LIQUID_ML = Decimal("0.5")
MOST_UNITS_PER_DAY = 4


class PlanError(ValueError):
    """The plan cannot be made as asked; the message says why."""


class Contraindicated(PlanError):
    """No plan at all: the checker finds a contraindication for the drug as asked."""


@dataclass(frozen=True, slots=True)
class Step:
    start_day: int
    daily_dose_mg: Decimal
    how: str


@dataclass(frozen=True)
class Plan:
    drug: str
    steps: tuple[Step, ...]
    warnings: tuple[str, ...]
    sources: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "drug": self.drug,
            "steps": [
                {"start_day": s.start_day, "daily_dose_mg": _number(s.daily_dose_mg), "how": s.how}
                for s in self.steps
            ],
            "warnings": list(self.warnings),
            "sources": list(self.sources),
        }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _mg(value: Decimal) -> str:
    return f"{value.normalize():f}"


# --- giving a dose with real products ---------------------------------------------------------


TIMES_A_DAY = {1: "a day", 2: "twice a day", 3: "three times a day", 4: "four times a day"}
DOSES_A_DAY = {2: "two", 3: "three"}  # unequal doses are spelled out for up to three a day


def how_to_give(drug: Drug, daily_mg: Decimal) -> str | None:
    """Words for giving `daily_mg` with the drug's sourced forms, or None if they cannot. A
    drug whose label divides the day's amount spells out each dose when the amount splits
    into equal givable doses; otherwise the day's units are listed (the plan's warnings quote
    the label on how to divide them)."""
    if daily_mg == 0:
        return "stop"
    times = drug.times_a_day
    if times > 1:
        each = _units(drug, daily_mg / times)
        if each is not None:
            return f"{each} {TIMES_A_DAY[times]}"
        uneven = _nearly_even(drug, daily_mg, times)
        if uneven is not None:
            return uneven
    total = _units(drug, daily_mg)
    return None if total is None else f"{total} a day"


def _nearly_even(drug: Drug, daily_mg: Decimal, times: int) -> str | None:
    """A day's amount the label divides but the tablets cannot split equally, given as doses
    as close to equal as the tablets allow (then with the fewest different ones), largest
    first ("two doses a day: 0.5 mg tablet + 1 mg tablet, and 1 mg tablet"), so nobody takes
    a divided drug's whole day at once."""
    solids = dataclasses.replace(drug, forms=tuple(f for f in drug.forms if f.strengths_mg))
    if times not in DOSES_A_DAY:
        return None
    if not solids.forms:
        return _liquid_doses(drug, daily_mg, times)
    amounts = achievable_doses(solids, daily_mg)
    givable = set(amounts)
    splits = (
        [(a, daily_mg - a) for a in amounts if daily_mg - a in givable and daily_mg - a <= a]
        if times == 2
        else [
            (a, b, daily_mg - a - b)
            for a in amounts
            for b in amounts
            if b <= a and daily_mg - a - b in givable and daily_mg - a - b <= b
        ]
    )
    if not splits:
        return None

    def products(split: tuple[Decimal, ...]) -> int:  # different tablets to keep at home
        return len(set().union(*(_solid_units(solids, mg) or () for mg in split)))

    best = min(splits, key=lambda split: (split[0] - split[-1], products(split), split))
    return _doses_a_day([_units(solids, mg) or "" for mg in best])


def _liquid_doses(drug: Drug, daily_mg: Decimal, times: int) -> str | None:
    """A liquid's day divided into doses measurable to 0.1 mL, as near equal as they go
    (7.5 mL in two: 3.8 mL and 3.7 mL)."""
    for form in drug.forms:
        if not form.mg_per_ml:
            continue
        tenths = daily_mg / form.mg_per_ml * 10
        if tenths != tenths.to_integral_value():
            continue
        small, extra = divmod(int(tenths), times)
        volumes = [Decimal(small + (n < extra)) / 10 for n in range(times)]
        if volumes[-1] >= SMALLEST_LIQUID_ML:
            liquid = f"{form.concentration} {FORMS[form.form]}"
            return _doses_a_day([f"{_mg(ml)} mL of the {liquid}" for ml in volumes])
    return None


def _doses_a_day(doses: list[str]) -> str:
    return f"{DOSES_A_DAY[len(doses)]} doses a day: {', '.join(doses[:-1])}, and {doses[-1]}"


def _units(drug: Drug, mg: Decimal) -> str | None:
    """The fewest units of one form that make `mg` (then the fewest different ones to keep at
    home), or a measurable volume of a liquid."""
    counts = _solid_units(drug, mg)
    if counts is not None:
        return " + ".join(f"{n} x {label}" if n > 1 else label for label, n in counts.items())
    for form in drug.forms:
        if form.mg_per_ml:
            volume = mg / form.mg_per_ml
            if volume >= SMALLEST_LIQUID_ML and volume == volume.quantize(Decimal("0.1")):
                return f"{_mg(volume)} mL of the {form.concentration} {FORMS[form.form]}"
    return None


def _solid_units(drug: Drug, mg: Decimal) -> collections.Counter[str] | None:
    """The tablets or capsules of one form that make `mg`: the fewest, then the fewest
    different ones; None if none do."""
    for form in drug.forms:
        name = FORMS[form.form]
        units = [(s, f"{_mg(s)} mg {name}") for s in form.strengths_mg]
        units += [(s / 2, f"half of a scored {_mg(s)} mg {name}") for s in form.scored_mg]
        for count in range(1, _most_units(drug, form) + 1):
            exact = [
                combo
                for combo in itertools.combinations_with_replacement(units, count)
                if sum(unit for unit, _ in combo) == mg
            ]
            if exact:
                best = min(exact, key=lambda combo: len(set(combo)))
                return collections.Counter(label for _, label in best)
    return None


def _most_units(drug: Drug, form: Form) -> int:
    """Units a day: a practical few, unless the label maximum needs more of the form's largest
    strength (tranylcypromine's 60 mg/day comes only as 10 mg tablets)."""
    ceiling = _ceiling(drug)
    if ceiling is None or not form.strengths_mg:
        return MOST_UNITS_PER_DAY
    return max(MOST_UNITS_PER_DAY, math.ceil(ceiling / max(form.strengths_mg)))


def achievable_doses(drug: Drug, up_to: Decimal) -> list[Decimal]:
    """Every daily dose up to `up_to` that the sourced forms can give, ascending."""
    doses: set[Decimal] = set()
    for form in drug.forms:
        units = [*form.strengths_mg, *(s / 2 for s in form.scored_mg)]
        for count in range(1, _most_units(drug, form) + 1):
            for combo in itertools.combinations_with_replacement(units, count):
                if sum(combo) <= up_to:
                    doses.add(sum(combo, Decimal(0)))
        if form.mg_per_ml:
            step = form.mg_per_ml / 10  # 0.1 mL
            smallest = form.mg_per_ml * SMALLEST_LIQUID_ML
            dose = smallest
            while dose <= up_to:
                doses.add(dose)
                dose += step
    return sorted(doses)


# --- titration --------------------------------------------------------------------------------

# LAMICTAL PI section 2.2, escalation regimen for bipolar disorder: (start day, mg/day).
LAMOTRIGINE_ARMS = {
    "standard": ((0, "25"), (14, "50"), (28, "100"), (35, "200")),
    "with valproate": ((0, "12.5"), (14, "25"), (28, "50"), (35, "100")),
    "with an enzyme inducer": ((0, "50"), (14, "100"), (28, "200"), (35, "300"), (42, "400")),
}


def titration(
    *,
    drug: Drug,
    with_drugs: Sequence[Drug],
    target_mg: Decimal | None,
    formulary: Formulary,
    patient: safety.Patient | None = None,
    form: str | None = None,
) -> Plan:
    """A titration from the label's start to the target, in the form given if one is (every
    step in that product). Without a patient the plan says whom it does not fit; with one
    (age, weight, kidneys, liver, genotype) it follows the label's dosing for them, a target
    above their maximum is refused, and the plan carries what the checker finds for them."""
    drug = _schedule_for(_for_product(drug, form, patient), patient)
    if form is not None:
        drug = _in_form(drug, form, target_mg)
    if drug.start is not None and drug.start.value is not None:  # refused before any planning
        _checked(drug, form, drug.start.value, with_drugs, patient, formulary)
    cap = _patient_cap(drug, patient) if patient is not None else None
    if cap is not None and target_mg is not None and target_mg > cap[0]:
        raise _above_patient_cap(drug, target_mg, cap)
    dosing = _patient_dosing(drug, patient)
    if dosing.start_mg is not None:
        plan = _patient_start(drug, dosing, target_mg, formulary)
    elif dosing.factor is not None:
        plan = _scaled(drug, with_drugs, target_mg, formulary, patient, dosing)
    else:
        plan = _usual_titration(drug, with_drugs, target_mg, formulary, patient)
    top = max(s.daily_dose_mg for s in plan.steps)
    if cap is not None and top > cap[0]:  # the label's own dose is above this patient's cap
        if len(plan.steps) > 1:
            raise _above_patient_cap(drug, top, cap)
        usual, top = top, cap[0]  # a single label dose (acamprosate): the patient's dose
        _require_givable(drug, top)
        plan = dataclasses.replace(
            plan,
            steps=(Step(0, top, _given(drug, top)),),
            warnings=(
                f"The label's dose for this patient ({cap[1]}): {_mg(top)} mg/day in place "
                f"of the usual {_mg(usual)} mg/day.",
                *plan.warnings,
            ),
        )
    warnings, sources = _for_some_patients(drug, top, patient or safety.Patient())
    # What the checker finds for the drug with its co-medications (clozapine with fluvoxamine:
    # a third of the dose; lamotrigine with the pill: a higher maintenance dose) and, given a
    # patient, for that patient travels with the plan, as a switch's findings for taking both do.
    found = _checked(drug, form, top, with_drugs, patient, formulary)
    titles = (formulary.source(s).title for s in (*sources, *(s for f in found for s in f.sources)))
    younger = patient is not None and patient.age is not None and patient.age < 65
    return dataclasses.replace(
        plan,
        warnings=(
            *(w for w in plan.warnings if not (younger and w == SODIUM_WATCH)),
            *(
                f"{'Taken together' if len(f.drugs) > 1 else 'For this patient'} "
                f"({f.severity.value}): {f.summary}. {f.action}"
                for f in found
            ),
            *warnings,
        ),
        sources=tuple(dict.fromkeys((*plan.sources, *titles))),
    )


def _checked(
    drug: Drug,
    form: str | None,
    daily_mg: Decimal,
    with_drugs: Sequence[Drug],
    patient: safety.Patient | None,
    formulary: Formulary,
) -> list[safety.Finding]:
    """What the checker finds for the drug at `daily_mg` with its co-medications and, given a
    patient, for that patient. A contraindication leaves no plan to follow."""
    found = [
        finding
        for finding in safety.check(
            regimen=[safety.Item(drug, form, daily_mg), *map(safety.Item, with_drugs)],
            patient=patient or safety.Patient(),
            formulary=formulary,
        )
        if drug.name in finding.drugs and (patient is not None or len(finding.drugs) > 1)
    ]
    for finding in found:
        if finding.severity is safety.Severity.CONTRAINDICATED:
            raise Contraindicated(
                f"no plan: the checker finds a contraindication ({finding.summary}). "
                f"{finding.action}"
            )
    return found


def _in_form(drug: Drug, form: str, target: Decimal | None) -> Drug:
    """The drug kept to one product for a titration (`sertraline:oral_solution`): its forms
    narrowed as a taper's are, and its start in that form, so that form's maximum holds."""
    start = drug.start
    if start is None or start.value is None:
        raise PlanError(f"no sourced starting dose for {drug.name} yet")
    family = one_release(drug, start.value, form, target or start.value)
    return dataclasses.replace(family, start=dataclasses.replace(start, form=form))


def _for_product(drug: Drug, form: str | None, patient: safety.Patient | None) -> Drug:
    """The drug with the schedules for the product a plan is in (the usual product without a
    form): the label's own for that product (EFFEXOR XR) in place of the usual one, and only
    that product's schedules for patient groups and its maxima. A schedule is not moved to a
    product it was not given for: SEROQUEL's daily steps are not SEROQUEL XR's. A product's
    own schedule is an adult's; a child's is one of its groups (FOCALIN XR at 6-17), and a
    product may have only those (RITALIN: none for adults)."""
    usual = _usual_product(drug)
    known = form in {f.form for f in drug.forms}  # else _in_form says there is no such product
    wanted = _product(form) if form is not None and known else usual
    mine = tuple(
        own for own in drug.titrations_for if (_product(own.form) if own.form else usual) == wanted
    )
    groups = tuple(own for own in mine if own.when)
    # Its forms and maxima too: a plan in PAXIL's tablets keeps to their 40 mg at 70, not PAXIL
    # CR's 50, and AMBIEN's tablets to their 10 mg.
    limits = tuple(lim for lim in drug.limits if not lim.form or _product(lim.form) == wanted)
    forms = tuple(f for f in drug.forms if _product(f.form) == wanted)
    if form is not None and not known:  # the refusal names every form the drug has
        forms = drug.forms
    drug = dataclasses.replace(drug, limits=limits, forms=forms or drug.forms)
    if wanted == usual:
        return dataclasses.replace(drug, titrations_for=groups)
    adult = dataclasses.replace(drug, titrations_for=groups, schedule_from_age=None)
    own = next((own for own in mine if not own.when), None)
    if own is not None:
        return _following(adult, own)
    assert form is not None
    held = patient is not None and any(
        safety.condition_met(group.when, patient, ()) for group in groups
    )
    if groups and held:  # _schedule_for follows the group's schedule
        return adult
    if groups:
        whom = " or ".join(safety.condition_words(group.when) for group in groups)
        by_age = all(
            test.startswith("age") for g in groups for test, _ in parse_conditions(g.when) or ()
        )
        facts = "give the patient's age (--age)" if by_age else "give the patient's facts"
        missing = "there is none for this patient" if patient else facts
        raise PlanError(
            f"the sourced {drug.name} schedule for the {FORMS[form]} is for {whom}; {missing}"
        )
    product = FORMS[usual] if usual else "immediate-release forms"
    raise PlanError(
        f"the sourced {drug.name} schedule is for the {product}; there is none for the "
        f"{FORMS[form]}"
    )


def _product(form: str) -> str:
    """The product a form is for a schedule: a modified-release form is its own; the
    immediate-release tablets, capsules and liquids are one ("")."""
    return form if form in MODIFIED_RELEASE else ""


def _usual_product(drug: Drug) -> str:
    """The product the usual schedule is for: the one its start names, else the
    immediate-release forms, else the drug's only product (duloxetine's capsules)."""
    if drug.start is not None and drug.start.form:
        return _product(drug.start.form)
    products = {_product(f.form) for f in drug.forms}
    return products.pop() if len(products) == 1 else ""


def _schedule_for(drug: Drug, patient: safety.Patient | None) -> Drug:
    """The drug with the label's own start and schedule for this patient's group (viloxazine
    at 6-11: 100 mg, then rises of 100 mg weekly) in place of the usual ones."""
    if patient is None:
        return drug
    for own in drug.titrations_for:
        reason = safety.condition_met(own.when, patient, ())
        if reason is not None:
            return _following(drug, own, f"for {reason}")
    return drug


def _following(drug: Drug, own: Titration, note: str = "") -> Drug:
    """The drug with one of the label's own schedules in place of its usual start and steps."""
    form = own.form or (drug.start.form if drug.start else "")
    times = Sourced(own.source, value=Decimal(own.doses_per_day or 0))
    return dataclasses.replace(
        drug,
        titration=own,
        start=Sourced(own.source, value=own.start_mg, note=note, form=form),
        doses_per_day=times if own.doses_per_day else drug.doses_per_day,
    )


def _usual_titration(
    drug: Drug,
    with_drugs: Sequence[Drug],
    target: Decimal | None,
    formulary: Formulary,
    patient: safety.Patient | None,
) -> Plan:
    by_weight = _by_weight(drug, patient)
    if by_weight is not None:
        assert patient is not None
        return _titration_by_weight(drug, by_weight, patient, target, formulary)
    if drug.name == "lamotrigine":
        return _lamotrigine(drug, with_drugs, target, formulary)
    if drug.name == "clozapine":
        return _clozapine(drug, target, formulary)
    if drug.name == "lithium":
        return _lithium_titration(drug, target, formulary)
    return _generic_titration(drug, with_drugs, target, formulary)


@dataclass(frozen=True)
class PatientDosing:
    """What the label's advice for this patient (age, kidneys, liver, genotype) does to a
    titration: every dose at `factor` of the usual, or its own start with no rises by the
    calendar, or nothing (the usual schedule)."""

    factor: Decimal | None = None
    start_mg: Decimal | None = None
    reason: str = ""  # the patient's condition in words
    source: str = ""


def _patient_dosing(drug: Drug, patient: safety.Patient | None) -> PatientDosing:
    """The patient's dosing advice as a titration can follow it. Advice a plan cannot follow
    ("a lower start and slower titration", "start at half the dose, then by levels") refuses
    the plan with the label's words, as a co-medication's does; so does a patient the label
    doses by weight without a weight."""
    if patient is None:
        return PatientDosing()
    _fits_age(drug, patient)
    _by_weight(drug, patient)
    form = drug.start.form if drug.start and drug.start.form else None
    applicable = safety.applicable_limits(drug, form, patient, ())
    scheduled = [own.when for own in drug.titrations_for]  # advice the data made a schedule
    advice = [
        (limit, reason)
        for limit, reason in safety.advice_in_force(applicable)
        if limit.when and not limit.keeps_schedule and limit.when not in scheduled
    ]
    for limit, reason in advice:
        if limit.dose_factor is None and limit.start_mg is None:
            raise _by_hand(drug, f"for this patient ({reason})", limit.advice)
    factors = [(limit.dose_factor, reason, limit) for limit, reason in advice if limit.dose_factor]
    starts = [(limit.start_mg, reason, limit) for limit, reason in advice if limit.start_mg]
    # A group's schedule, a fraction and a start each set the doses: two kinds at once leave
    # no one plan to follow. Each kind as (whom, what the label says).
    held = (safety.condition_words(w) for w in scheduled if safety.condition_met(w, patient, ()))
    group = [(words, f"The label has its own schedule for {words}.") for words in held]
    kinds = [
        group,
        [(r, lim.advice) for _, r, lim in factors],
        [(r, lim.advice) for _, r, lim in starts],
    ]
    said = [rules[0] for rules in kinds if rules]
    if len(said) > 1:
        raise _by_hand(
            drug,
            f"for this patient ({'; '.join(whom for whom, _ in said)})",
            " ".join(words for _, words in said),
        )
    if factors:  # the most cautious of the rules that hold
        factor, reason, limit = min(factors, key=lambda rule: rule[0])
        return PatientDosing(factor=factor, reason=reason, source=limit.source)
    if starts:
        start, reason, limit = min(starts, key=lambda rule: rule[0])
        return PatientDosing(start_mg=start, reason=reason, source=limit.source)
    return PatientDosing()


ADULT_AGE = 18


def _schedule_age(drug: Drug) -> int:
    """The youngest age the drug's usual start and schedule are labelled for."""
    youngest = drug.schedule_from_age
    return int(youngest.value) if youngest and youngest.value is not None else ADULT_AGE


def _fits_age(drug: Drug, patient: safety.Patient) -> None:
    """Refuse a plan for a patient younger than the label approves the drug for, or younger
    than its usual schedule is labelled for without a schedule of the label's own for them
    (olanzapine's adult 10 mg start is not an adolescent's)."""
    age = patient.age
    if age is None:
        return
    approved = drug.approved_from_age
    if approved and approved.value is not None and age < approved.value:
        raise PlanError(
            f"{drug.name} is not approved at age {age} ({approved.text.rstrip('.')}): there is "
            "no sourced schedule to plan"
        )
    youngest = _schedule_age(drug)
    # Only a schedule for an age or a weight is a child's (not risperidone's renal one).
    whom = [when for when in _group_conditions(drug) if "age<" in when or "weight" in when]
    if age >= youngest or any(safety.condition_met(when, patient, ()) for when in whom):
        return
    if patient.weight_kg is None and any("weight" in when for when in whom):
        raise PlanError(
            f"the {drug.name} schedule for a patient of {age} depends on body weight: give the "
            "weight (--weight KG)"
        )
    raise PlanError(
        f"the sourced {drug.name} schedule is for {_ages(youngest)}; for a patient of {age}, "
        "plan the doses by hand from the label's dosing for children"
    )


def _group_conditions(drug: Drug) -> list[str]:
    """Whom the label's own schedules are for: its groups, and a start by weight."""
    whom = [own.when for own in drug.titrations_for]
    return whom + ([drug.titration_by_weight.when] if drug.titration_by_weight else [])


def _ages(youngest: int) -> str:
    return "adults" if youngest == ADULT_AGE else f"age {youngest} and over"


def _by_hand(drug: Drug, reason: str, advice: str) -> PlanError:
    return PlanError(
        f"{drug.name} {reason}: {advice} The label's usual schedule does not apply; plan "
        "these doses by hand."
    )


FRACTIONS = {Decimal("0.5"): "half", Decimal("0.25"): "a quarter"}


def _scaled(
    drug: Drug,
    with_drugs: Sequence[Drug],
    target: Decimal | None,
    formulary: Formulary,
    patient: safety.Patient | None,
    dosing: PatientDosing,
) -> Plan:
    """The usual schedule with every dose at the label's fraction for this patient ("half the
    usual starting and target doses"); a target is the patient's, so the usual plan is made
    for target / fraction."""
    factor = dosing.factor
    assert factor is not None
    fraction = FRACTIONS.get(factor, f"{_mg(factor * 100)}%")
    context = f"for this patient ({dosing.reason}) every dose is {fraction} of the usual"
    ceiling = _ceiling(drug)
    if target is not None and ceiling is not None and target > ceiling * factor:
        raise PlanError(
            f"target {_mg(target)} mg/day is above {_mg(ceiling * factor)} mg/day: {context}, "
            f"and the usual schedule ends at the {drug.name} maximum of {_mg(ceiling)} mg/day"
        )
    try:
        usual = _usual_titration(
            drug, with_drugs, None if target is None else target / factor, formulary, patient
        )
        for step in usual.steps:
            _require_givable(drug, step.daily_dose_mg * factor)
    except PlanError as refused:
        raise PlanError(f"{context}: {refused}") from None
    doses = [(step.start_day, step.daily_dose_mg * factor) for step in usual.steps]
    if not (drug.start and drug.start.form):  # one product family throughout
        drug = one_release(drug, doses[0][1], None, doses[-1][1])
    return dataclasses.replace(
        usual,
        steps=tuple(Step(day, mg, _given(drug, mg)) for day, mg in doses),
        warnings=(
            f"For this patient ({dosing.reason}) the label gives {fraction} of the usual doses: "
            f"each step is {fraction} of the usual schedule's (the lines below describe the "
            "usual schedule).",
            *usual.warnings,
        ),
        sources=tuple(dict.fromkeys((formulary.source(dosing.source).title, *usual.sources))),
    )


def _patient_start(
    drug: Drug, dosing: PatientDosing, target: Decimal | None, formulary: Formulary
) -> Plan:
    """The label's own start for this patient (temazepam 7.5 mg at 65 and over): the plan is
    that dose; the label paces what follows by response, not by the calendar."""
    start = dosing.start_mg
    assert start is not None
    context = f"the {drug.name} label's start for this patient ({dosing.reason})"
    if target is not None and target < start:
        raise PlanError(f"the target is below {context}, {_mg(start)} mg/day")
    if target is not None and target > start:
        raise PlanError(
            f"{context} is {_mg(start)} mg/day, and it gives no schedule beyond it: plan the "
            "rises by hand, by response and tolerability"
        )
    _require_givable(drug, start)
    watch = _what_to_watch(drug)
    return Plan(
        drug=drug.name,
        steps=(Step(0, start, _given(drug, start)),),
        warnings=(
            f"The plan is {context}, {_mg(start)} mg/day; the label raises it from there by "
            "response and tolerability, not by the calendar.",
            *(fact.text for fact in watch),
        ),
        sources=_titles(formulary, dosing.source, *(fact.source for fact in watch)),
    )


def _by_weight(drug: Drug, patient: safety.Patient | None) -> ByWeight | None:
    """The label's start by weight when it is this patient's (a child up to 70 kg on
    atomoxetine). Its condition holding without a recorded weight is refused: the usual
    start would be guessed for someone the label doses by weight."""
    rule = drug.titration_by_weight
    if rule is None or patient is None:
        return None
    reason = safety.condition_met(rule.when, patient, ())
    if reason is None:
        return None
    if patient.weight_kg is None:
        raise PlanError(
            f"{drug.name} is dosed by body weight for {reason}, up to {_mg(rule.up_to_kg)} kg "
            f"(about {_mg(rule.start_mg_per_kg)} mg/kg/day to start): give the weight "
            "(--weight KG)"
        )
    return rule if patient.weight_kg <= rule.up_to_kg else None


def _titration_by_weight(
    drug: Drug,
    rule: ByWeight,
    patient: safety.Patient,
    target: Decimal | None,
    formulary: Formulary,
) -> Plan:
    """The label's start by weight, then one rise to its target by weight (or to a lower
    target given), each the nearest dose the forms give within the patient's maximum."""
    weight = patient.weight_kg
    assert weight is not None
    caps = [c for c in (_ceiling(drug), (_patient_cap(drug, patient) or (None,))[0]) if c]
    doses = achievable_doses(drug, min(caps) if caps else rule.target_mg_per_kg * weight)
    if not doses:
        raise PlanError(
            f"the smallest {drug.name} dose the sourced strengths give is above this "
            f"patient's maximum at {_mg(weight)} kg"
        )

    def about(mg_per_kg: Decimal) -> Decimal:  # the nearest dose; a tie goes to the lower
        return min(doses, key=lambda dose: (abs(dose - mg_per_kg * weight), dose))

    start, label_target = about(rule.start_mg_per_kg), about(rule.target_mg_per_kg)
    if target is None:
        target = label_target
    elif target > label_target:
        raise PlanError(
            f"target {_mg(target)} mg/day is above the {drug.name} label's target for this "
            f"patient: about {_mg(rule.target_mg_per_kg)} mg/kg/day, {_mg(label_target)} mg/day "
            f"at {_mg(weight)} kg ({rule.note or 'the label gives no step beyond it'})"
        )
    elif target < start:
        raise PlanError(
            f"the target is below the {drug.name} starting dose of {_mg(start)} mg/day "
            f"at {_mg(weight)} kg"
        )
    _require_givable(drug, target)
    schedule = [(0, start), (rule.after_days, target)] if target > start else [(0, start)]
    steps = tuple(Step(day, mg, _given(drug, mg)) for day, mg in schedule)

    def per_kg(mg: Decimal) -> str:
        return f"{_mg(mg)} mg, {_mg(round(mg / weight, 2))} mg/kg"

    watch = _what_to_watch(drug)
    words = safety.condition_words(rule.when)
    return Plan(
        drug=drug.name,
        steps=steps,
        warnings=(
            f"Dosed by body weight ({words}, up to {_mg(rule.up_to_kg)} kg; {_mg(weight)} kg): "
            f"the label starts at about {_mg(rule.start_mg_per_kg)} mg/kg/day ({per_kg(start)}) "
            f"and raises after at least {safety.days(rule.after_days)} to about "
            f"{_mg(rule.target_mg_per_kg)} mg/kg/day ({per_kg(label_target)})"
            + (f"; {rule.note}." if rule.note else "."),
            "Raise only if the current dose is tolerated.",
            *(fact.text for fact in watch),
        ),
        sources=_titles(formulary, rule.source, *(fact.source for fact in watch)),
    )


def _patient_cap(drug: Drug, patient: safety.Patient) -> tuple[Decimal, str] | None:
    """The lowest maximum the label sets for this patient, with the reason in words."""
    form = drug.start.form if drug.start and drug.start.form else None
    caps = [  # the caps for particular patients; the label's general maximum is checked apart
        (limit.max_mg, reason)
        for limit, reason in safety.applicable_limits(drug, form, patient, ())
        if limit.max_mg is not None and (limit.when or limit.max_mg_per_kg is not None)
    ]
    return min(caps) if caps else None


def _above_patient_cap(drug: Drug, target: Decimal, cap: tuple[Decimal, str]) -> PlanError:
    return PlanError(
        f"target {_mg(target)} mg/day is above the {drug.name} maximum of {_mg(cap[0])} "
        f"mg/day for this patient ({cap[1]})"
    )


def _ceiling(drug: Drug) -> Decimal | None:
    """The label maximum for the form a plan starts in (or for any form, if none is named)."""
    form = drug.start.form if drug.start and drug.start.form else None
    limits = safety.limits_for(drug, form)
    caps = [lim.max_mg for lim in limits if lim.max_mg is not None and not lim.when]
    return min(caps) if caps else None


def _check_target(drug: Drug, target: Decimal) -> None:
    ceiling = _ceiling(drug)
    if ceiling is not None and target > ceiling:
        raise PlanError(
            f"target {_mg(target)} mg/day is above the {drug.name} maximum of {_mg(ceiling)} mg/day"
        )
    if target <= 0:
        raise PlanError("the target must be above 0 mg/day")
    _require_givable(drug, target)


def _require_givable(drug: Drug, daily_mg: Decimal) -> None:
    """Refuse a daily dose the sourced forms cannot give, naming the nearest they can."""
    if not drug.forms or how_to_give(drug, daily_mg) is not None:
        return
    raise PlanError(
        f"{_mg(daily_mg)} mg/day of {drug.name} cannot be given with its sourced "
        f"strengths; nearest: {', '.join(_mg(d) for d in _nearest(drug, daily_mg))}"
    )


def _nearest(drug: Drug, daily_mg: Decimal) -> list[Decimal]:
    """The doses the drug's forms can give closest to `daily_mg` (at least its smallest)."""
    units = [
        unit
        for form in drug.forms
        for unit in (
            *form.strengths_mg,
            *(s / 2 for s in form.scored_mg),
            *((form.mg_per_ml * SMALLEST_LIQUID_ML,) if form.mg_per_ml else ()),
        )
    ]
    return _near(achievable_doses(drug, daily_mg * 2 + min(units)), daily_mg)


def _for_some_patients(
    drug: Drug, top_mg: Decimal, patient: safety.Patient
) -> tuple[list[str], list[str]]:
    """The drug's rules for particular patients (age, kidneys, liver, genotype) that change a
    plan reaching `top_mg`, as (warnings, source ids): the plan says whom the schedule does
    not fit (caps below the top dose, each instruction to avoid or advice on dosing), leaving
    out the conditions the patient's recorded facts already decide."""
    form = drug.start.form if drug.start and drug.start.form else None
    whom: dict[str, list[str]] = {}  # what the rule says -> the conditions it is said for
    sources = []
    for limit in safety.limits_for(drug, form):
        if not limit.when or limit.when.startswith("with="):
            continue
        # A rule by weight that holds is decided only with the weight too.
        per_kg = limit.max_mg_per_kg
        if safety.decided(limit.when, patient) and (
            per_kg is None
            or patient.weight_kg is not None
            or safety.condition_met(limit.when, patient, ()) is None
        ):
            continue
        said = [limit.avoid, limit.advice]
        note = f" ({limit.note})" if limit.note else ""
        if limit.max_mg is not None and limit.max_mg < top_mg:
            said.insert(0, f"at most {_mg(limit.max_mg)} mg/day{note}")
        if per_kg is not None:
            said.insert(0, f"at most {_mg(per_kg)} mg/kg/day{note}")
        if not any(said):
            continue
        text = ". ".join(part.strip().rstrip(".") for part in said if part)
        if text[1:2].islower():  # "Avoid ..." follows the colon in lower case; "CYP2D6" stays
            text = text[0].lower() + text[1:]
        whom.setdefault(text, []).append(safety.condition_words(limit.when))
        sources.append(limit.source)
    approved = drug.approved_from_age
    youngest = _schedule_age(drug)
    if (
        patient.age is None
        and approved is not None
        and approved.value is not None
        and approved.value < youngest
        and not any("age<" in when for when in _group_conditions(drug))
    ):  # a child may be given the drug, but this schedule is not theirs
        text = (
            f"the sourced schedule is for {_ages(youngest)}: plan a child's doses from the "
            "label's dosing for children"
        )
        whom.setdefault(text, []).append(f"age under {youngest}")
        sources.append(approved.source)
    for own in drug.titrations_for:  # the label's own schedule for a group not decided here
        if not safety.decided(own.when, patient):
            assert own.start_mg is not None
            days = "".join(f", {_mg(mg)} mg from day {day}" for day, mg in own.schedule[1:])
            rises = (
                f", rises of {_mg(own.step_mg)} mg no sooner than every "
                f"{safety.days(own.every_days)}"
                if own.step_mg is not None
                else ""
            )
            text = f"the label's schedule starts at {_mg(own.start_mg)} mg/day{days}{rises}"
            whom.setdefault(text, []).append(safety.condition_words(own.when))
            sources.append(own.source)
    warnings = [f"If {' or '.join(conditions)}: {text}." for text, conditions in whom.items()]
    return warnings, sources


ARM_WORDS = {"standard": "without valproate or an enzyme inducer"}


def _lamotrigine(
    lamotrigine: Drug, with_drugs: Sequence[Drug], target: Decimal | None, formulary: Formulary
) -> Plan:
    """LAMICTAL's escalation for the arm the co-medications choose, in the products given (the
    tablets, or the form named: chewable dispersible tablets, ODT); 12.5 mg is 25 mg every
    other day where a product cannot give it daily."""
    if any(d.has("ugt_inhibitor_lamotrigine") for d in with_drugs):
        arm = "with valproate"
    elif any(d.has("enzyme_inducer_lamotrigine") for d in with_drugs):
        arm = "with an enzyme inducer"
    else:
        arm = "standard"
    schedule = [(day, Decimal(mg)) for day, mg in LAMOTRIGINE_ARMS[arm]]
    arm_target, words = schedule[-1][1], ARM_WORDS.get(arm, arm)
    if target is not None:
        if target > arm_target:
            raise PlanError(
                f"the lamotrigine target {words} is {_mg(arm_target)} mg/day; "
                "the label schedule does not go higher"
            )
        kept = [(day, mg) for day, mg in schedule if mg <= target]
        if not kept or kept[-1][1] != target:
            raise PlanError(
                f"{_mg(target)} mg/day is not a step of the label schedule ({words}): "
                + ", ".join(_mg(mg) for _, mg in schedule)
            )
        schedule = kept
    # With an inducer the label divides 100 mg/day and above into two doses.
    divided = dataclasses.replace(lamotrigine, doses_per_day=Sourced("lamictal-label", Decimal(2)))

    def given(mg: Decimal) -> str:
        how = how_to_give(
            divided if arm == "with an enzyme inducer" and mg >= 100 else lamotrigine, mg
        )
        if how is None and mg == Decimal("12.5"):
            product = next((f for f in lamotrigine.forms if Decimal(25) in f.strengths_mg), None)
            how = f"25 mg {FORMS[product.form]} every other day" if product else None
        if how is None:
            _require_givable(lamotrigine, mg)  # names the nearest doses the products give
        return how or ""

    steps = tuple(Step(day, mg, given(mg)) for day, mg in schedule)
    return Plan(
        drug="lamotrigine",
        steps=steps,
        warnings=(
            f"The label's schedule {words}. Never go faster or start higher: "
            + lamotrigine.boxed_warnings[0].text,
            "Stop at the first sign of rash unless it is clearly not drug-related.",
        ),
        sources=(formulary.source("lamictal-label").title,),
    )


def _clozapine(drug: Drug, target: Decimal | None, formulary: Formulary) -> Plan:
    """12.5 mg, then rises of 25-50 mg/day to the target; above 450 mg/day, rises of at most
    100 mg once or twice weekly; at most 900 mg/day (clozapine PI section 2.2)."""
    target = target if target is not None else Decimal(300)
    _check_target(drug, target)
    if target < 25:
        raise PlanError("the clozapine target must be at least 25 mg/day (12.5 mg is the start)")
    schedule = [(0, Decimal("12.5")), (1, Decimal(25))]
    day, dose = 1, Decimal(25)
    while dose < target:
        rise = Decimal(25) if dose < 100 else Decimal(50) if dose < 450 else Decimal(100)
        day += 1 if dose < 100 else 2 if dose < 450 else 7
        dose = min(dose + rise, target)
        schedule.append((day, dose))
    schedule = [(d, mg) for d, mg in schedule if mg <= target]
    steps = tuple(Step(d, mg, _given(drug, mg)) for d, mg in schedule)
    return Plan(
        drug=drug.name,
        steps=steps,
        warnings=(
            "Check the ANC before starting (not below 1500/µL; 1000/µL in benign ethnic "
            "neutropenia) and weekly for the first 6 months.",
            "Go slower if orthostatic hypotension, bradycardia, syncope or sedation occur; "
            "above 100 mg/day give the dose in divided doses.",
            "If 2 or more days of doses are missed, restart at 12.5 mg once or twice daily.",
            drug.boxed_warnings[0].text,
        ),
        sources=(formulary.source("clozapine-label").title,),
    )


# Lithium label (PLR) Table 1: start 300 mg three times daily; usual acute dose 600 mg two to
# three times daily. The level, not the calendar, decides each rise: a trough after 3 days,
# then twice a week until stable (older labelling), so rises come at most every 4 days.
LITHIUM_USUAL_ACUTE_MG = Decimal(1800)
LITHIUM_RISE_MG = Decimal(300)
LITHIUM_LEVEL_EVERY_DAYS = 4


def _lithium_titration(drug: Drug, target: Decimal | None, formulary: Formulary) -> Plan:
    assert drug.start is not None and drug.start.value is not None
    if target is None:
        raise PlanError(
            "give --target MG: the lithium dose is set by serum levels (usually 1200-1800 "
            "mg/day when acute, 900-1200 mg/day for maintenance)"
        )
    if target > LITHIUM_USUAL_ACUTE_MG:
        raise PlanError(
            f"{_mg(target)} mg/day is above the label's usual acute dose of "
            f"{_mg(LITHIUM_USUAL_ACUTE_MG)} mg/day; beyond it, let the level decide"
        )
    _check_target(drug, target)
    dose, day, steps = min(drug.start.value, target), 0, []
    while True:
        steps.append(Step(day, dose, _given(drug, dose)))
        if dose >= target:
            break
        day, dose = day + LITHIUM_LEVEL_EVERY_DAYS, min(dose + LITHIUM_RISE_MG, target)
    watch = _what_to_watch(drug)
    return Plan(
        drug=drug.name,
        steps=tuple(steps),
        warnings=(
            "Every rise depends on the serum level: draw a 12-hour trough level after 3 to 4 "
            "days and then twice a week until the level and the clinical state are stable.",
            "Raise only while the trough is below the target range (acute 0.8-1.2 mEq/L, "
            "maintenance 0.8-1.0 mEq/L); hold the dose once it is in range; above it, reduce "
            "and look for early toxicity (diarrhoea, vomiting, drowsiness, muscular weakness, "
            "lack of coordination).",
            *(fact.text for fact in watch),
        ),
        sources=_titles(
            formulary,
            "lithium-label-plr",
            "lithium-dosing-table",
            "lithium-label-older",
            *(fact.source for fact in watch),
        ),
    )


def _check_co_medication(drug: Drug, with_drugs: Sequence[Drug], target: Decimal) -> None:
    """The label's dose rules for a co-medication (`--with`): a target above its cap is
    refused, and so is a schedule the label changes in a way the plan cannot encode (a start
    held for weeks, a fraction of every dose); the message gives the label's words."""
    for limit in drug.limits:
        if not limit.when.startswith("with="):
            continue
        reason = safety.condition_met(limit.when, safety.Patient(), with_drugs)
        if reason is None:
            continue
        if limit.max_mg is not None and target > limit.max_mg:
            raise PlanError(
                f"target {_mg(target)} mg/day is above the {drug.name} maximum of "
                f"{_mg(limit.max_mg)} mg/day {reason}"
            )
        if limit.advice:
            raise _by_hand(drug, reason, limit.advice)


# Therapeutic Guidelines' antidepressant regimens raise citalopram, escitalopram, fluoxetine and
# fluvoxamine by half the starting dose, no more often than every 2 weeks. Poise uses that shape
# for an antidepressant whose label gives a start but no step, and says so in the plan. Not for
# an MAOI: the NARDIL label asks for a "fairly rapid" rise, which this schedule would contradict.
GENERIC_ANTIDEPRESSANT = Titration(step_mg=None, every_days=14, source="tg-antidepressant-regimens")


def _generic_step(drug: Drug, start: Decimal) -> Decimal:
    """Half the starting dose, as the largest single unit (a strength or a scored half) not
    above it, so every rise is one more tablet or capsule; the smallest unit if all are above.
    A liquid alone measures half the start itself."""
    units = sorted(
        {u for f in drug.forms for u in (*f.strengths_mg, *(s / 2 for s in f.scored_mg))}
    )
    return max([u for u in units if u <= start / 2] or units[:1] or [start / 2])


def _generic_titration(
    drug: Drug, with_drugs: Sequence[Drug], target: Decimal | None, formulary: Formulary
) -> Plan:
    """The label's day-by-day schedule where it has one, then rises of the label's step; for an
    antidepressant whose label has no step, the generic antidepressant schedule."""
    rule, label_start = drug.titration, drug.start
    if rule is not None and rule.step_mg is None and len(rule.schedule) <= 1:
        rule = None  # a group's start with no step (lurasidone at 10-12): its start alone
        generic = False
    else:
        generic = (
            rule is None
            and drug.has("antidepressant")
            and drug.drug_class != "maoi"
            and bool(drug.forms)
        )
    if label_start is None or label_start.value is None:
        raise PlanError(f"no sourced titration schedule for {drug.name} yet")
    if rule is None and not generic:
        if target is None or target == label_start.value:
            return _label_start_only(drug, formulary)
        if target < label_start.value:
            raise PlanError(
                f"the target is below the {drug.name} starting dose of {_mg(label_start.value)} mg"
            )
        raise PlanError(
            f"no sourced titration schedule for {drug.name} beyond its starting dose of "
            f"{_mg(label_start.value)} mg/day"
        )
    if rule is None:
        rule = dataclasses.replace(
            GENERIC_ANTIDEPRESSANT, step_mg=_generic_step(drug, label_start.value)
        )
    label_step_only = rule.step_mg is not None and not rule.every_days
    if label_step_only:  # the label's step, at the generic schedule's pace (the loader's rule)
        rule = dataclasses.replace(rule, every_days=GENERIC_ANTIDEPRESSANT.every_days)
    if label_start.form:  # the label's start names a product: the plan stays with it
        drug = dataclasses.replace(
            drug, forms=tuple(f for f in drug.forms if f.form == label_start.form)
        )
    if target is None:
        raise PlanError(f"give --target MG: {drug.name} has no single label target dose")
    _check_target(drug, target)
    _check_co_medication(drug, with_drugs, target)
    start = rule.schedule[0][1] if rule.schedule else label_start.value
    if target < start:
        raise PlanError(f"the target is below the {drug.name} starting dose of {_mg(start)} mg")
    if not label_start.form and drug.forms:  # one product family throughout, as a taper
        drug = one_release(drug, start, None, target)
    schedule = list(rule.schedule) or [(0, start)]
    day, dose = schedule[-1]
    rises = target > dose  # beyond the label's own days
    paced = label_step_only and rises  # only rises take the generic pace
    while dose < target and rule.step_mg is not None:
        day, dose = day + rule.every_days, dose + rule.step_mg
        schedule.append((day, dose))
    steps = [Step(d, min(mg, target), _given(drug, min(mg, target))) for d, mg in schedule]
    steps = [
        step
        for n, step in enumerate(steps)
        if n == 0 or step.daily_dose_mg > steps[n - 1].daily_dose_mg
    ]
    # A rise the products cannot give (375 mg of desvenlafaxine would take five tablets) is
    # left out: the plan waits for the next one they can.
    _require_givable(drug, steps[0].daily_dose_mg)
    steps = [s for s in steps if not drug.forms or how_to_give(drug, s.daily_dose_mg)]
    if steps[-1].daily_dose_mg < target:
        raise PlanError(
            f"the {drug.name} label schedule ends at {_mg(steps[-1].daily_dose_mg)} mg/day; "
            "there is no sourced step beyond it"
        )
    paces = [
        "follow the label's schedule day by day" if rule.schedule else "",
        f"at least {safety.days(rule.every_days)} between rises" if rises else "",
    ]
    pace = ", then ".join(filter(None, paces))
    watch = _what_to_watch(drug)
    caveat = (
        f"No sourced titration schedule for {drug.name} beyond its starting dose: this is "
        "Poise's generic antidepressant schedule (rises of about half the starting dose, one "
        "tablet or capsule at a time, at least 2 weeks apart, as Therapeutic Guidelines raises "
        "the SSRIs). Check it against the label and raise only for insufficient response "
        "after an adequate trial."
    )
    pace_caveat = (
        f"The {drug.name} label gives its rises of {_mg(rule.step_mg or Decimal(0))} mg but no "
        "interval between them: Poise waits at least 2 weeks, the generic antidepressant pace "
        "(Therapeutic Guidelines raises the SSRIs no more often than every 2 weeks). Raise only "
        "for insufficient response after an adequate trial."
    )
    return Plan(
        drug=drug.name,
        steps=tuple(steps),
        warnings=(
            *([caveat] if generic else []),
            *([pace_caveat] if paced else []),
            *_label_start_words(label_start),
            f"Raise only if the current dose is tolerated; {pace}.",
            *([f"{rule.note}."] if rule.note else []),
            *(fact.text for fact in watch),
        ),
        sources=_titles(
            formulary,
            label_start.source,
            rule.source,
            *([GENERIC_ANTIDEPRESSANT.source] if paced else []),
            *(f.source for f in watch),
        ),
    )


# What stopping means for a drug whose own entry does not say, by class, from the sources the
# taper planner already follows.
ANTIDEPRESSANT_STOP = Sourced(
    "nice-ng222",
    text="Stopping or reducing an antidepressant can cause withdrawal symptoms, from mild to "
    "severe and sometimes long-lasting: reduce in steps, more slowly for drugs more likely to "
    "cause them, and never stop abruptly.",
)
BENZODIAZEPINE_STOP = Sourced(
    "bzd-boxed-warning",
    text="After continued use, abrupt stopping or a rapid reduction can cause acute withdrawal "
    "reactions, which can be life-threatening: taper gradually.",
)
ANTIPSYCHOTIC_STOP = Sourced(
    "horowitz-antipsychotic-taper-2021",
    text="Stopping an antipsychotic can cause withdrawal symptoms and relapse, which clusters in "
    "the months after a reduction: reduce gradually, months apart.",
)
STIMULANT_STOP = Sourced(
    "stimulant-withdrawal-label",
    text="After prolonged use, stopping abruptly or lowering the dose can bring withdrawal: "
    "dysphoric mood, depression, fatigue, vivid unpleasant dreams, insomnia or hypersomnia, "
    "increased appetite, and psychomotor slowing or agitation.",
)
LITHIUM_STOP = Sourced(
    "nice-cg185-lithium-stop",
    text="Stop lithium gradually over at least 4 weeks, preferably up to 3 months, and watch "
    "for early signs of mania and depression during and for 3 months after.",
)


ANTIPSYCHOTIC_MONITORING = Sourced(
    "apa-schizophrenia-2020",
    text="Weight or BMI at every visit for 6 months, then at least quarterly; fasting glucose "
    "or HbA1c and lipids at baseline, 4 months after starting and at least annually; abnormal "
    "movements (akathisia, parkinsonism, tardive dyskinesia) at each visit; ask about symptoms "
    "of raised prolactin.",
)
# APA 2020: an ECG before these antipsychotics and with significant dose changes.
ECG_ANTIPSYCHOTICS = frozenset(
    {"chlorpromazine", "iloperidone", "pimozide", "thioridazine", "ziprasidone"}
)


def monitoring_of(drug: Drug) -> tuple[Sourced, ...]:
    """The drug's own monitoring, then its class's: antipsychotics (APA 2020, with an ECG for
    the five it names), the antidepressant and benzodiazepine boxed warnings, the antiepileptic
    suicidality labeling (FDA 2008), and sodium in older adults for the drugs Beers 2023 names
    as causing SIADH."""
    facts = list(drug.monitoring)
    if drug.drug_class == "antipsychotic":
        ecg = " An ECG before starting and with significant dose changes."
        text = ANTIPSYCHOTIC_MONITORING.text + (ecg if drug.name in ECG_ANTIPSYCHOTICS else "")
        facts.append(dataclasses.replace(ANTIPSYCHOTIC_MONITORING, text=text))
    if drug.has("antidepressant") and not any("uicid" in b.text for b in drug.boxed_warnings):
        facts.append(Sourced(drug.properties["antidepressant"], text=ANTIDEPRESSANT_WATCH))
    if drug.has("benzodiazepine"):
        facts.append(Sourced(drug.properties["benzodiazepine"], text=BENZODIAZEPINE_WATCH))
    if drug.has("antiepileptic"):
        facts.append(Sourced(drug.properties["antiepileptic"], text=ANTIEPILEPTIC_WATCH))
    if drug.has("siadh_risk"):
        facts.append(Sourced(drug.properties["siadh_risk"], text=SODIUM_WATCH))
    return tuple(facts)


def discontinuation_of(drug: Drug) -> Sourced | None:
    """The drug's own stopping advice, else its class's."""
    if drug.discontinuation:
        return drug.discontinuation
    if drug.has("antidepressant"):
        return ANTIDEPRESSANT_STOP
    if drug.has("benzodiazepine"):
        return BENZODIAZEPINE_STOP
    if drug.drug_class == "antipsychotic":
        return ANTIPSYCHOTIC_STOP
    if drug.drug_class == "stimulant":
        return STIMULANT_STOP
    return LITHIUM_STOP if drug.name == "lithium" else None


# What the class labeling asks prescribers to watch for, above all while a dose is changing.
ANTIDEPRESSANT_WATCH = (
    "Watch for worsening depression, suicidal thoughts and unusual changes in behaviour, "
    "especially in the first months and after each dose change (antidepressant boxed "
    "warning; the raised risk is in patients aged 24 and under)."
)
BENZODIAZEPINE_WATCH = (
    "Benzodiazepine boxed warning: abuse, misuse and addiction, and dependence with "
    "withdrawal reactions on continued use; use the lowest dose that works, for the shortest "
    "time, and not with an opioid unless alternatives are inadequate."
)
ANTIEPILEPTIC_WATCH = (
    "Watch for new or worse depression, suicidal thoughts or behaviour and unusual changes in "
    "mood or behaviour (antiepileptic drugs, for any indication, about doubled them in "
    "placebo-controlled trials)."
)
SODIUM_WATCH = (
    "At 65 and over, check sodium closely when starting and after each dose change: it may "
    "cause or worsen SIADH and hyponatraemia (Beers 2023, use with caution)."
)


def _what_to_watch(drug: Drug) -> tuple[Sourced, ...]:
    """The drug's monitoring (its own, then its class's) and its boxed warnings, each with a
    source."""
    boxed = [Sourced(b.source, text=f"Boxed warning: {b.text}") for b in drug.boxed_warnings]
    return (*monitoring_of(drug), *boxed)


def _titles(formulary: Formulary, *source_ids: str) -> tuple[str, ...]:
    """The sources' titles, each once, in the order given."""
    return tuple(dict.fromkeys(formulary.source(s).title for s in source_ids))


def _given(drug: Drug, mg: Decimal) -> str:
    return how_to_give(drug, mg) or f"{_mg(mg)} mg a day"


# --- tapers -----------------------------------------------------------------------------------


# Products that release the drug over hours (or weeks): a plan does not move between one of
# these and another form, since that changes the product and its timing, not only the dose.
MODIFIED_RELEASE = frozenset(
    {"tablet_er", "tablet_sr", "tablet_dr", "capsule_er", "capsule_dr", "patch", "injection_lai"}
)


def one_release(
    drug: Drug, from_mg: Decimal, form: str | None = None, to_mg: Decimal = Decimal(0)
) -> Drug:
    """The drug with only the forms of one product family, so that every step of a plan uses
    the same products: the form named (with the immediate-release liquids for a measured end
    of an immediate-release plan), or without one, the first immediate-release tablet or
    capsule (with those liquids) that gives both ends of the plan as easily as all of them
    together, else all the immediate-release forms, else the first modified-release form."""
    if form is not None and form not in {f.form for f in drug.forms}:
        known = ", ".join(sorted({f.form for f in drug.forms})) or "none"
        raise PlanError(f"no sourced {form} strengths for {drug.name}; its forms: {known}")
    immediate = tuple(f for f in drug.forms if f.form not in MODIFIED_RELEASE)
    liquids = tuple(f for f in immediate if f.mg_per_ml)
    if form in MODIFIED_RELEASE:
        families = [tuple(f for f in drug.forms if f.form == form)]
    elif form is not None:
        families = [tuple(f for f in immediate if f.form == form) + liquids]
    else:
        # One tablet or capsule where it is no harder to take than all of them together.
        together = _burden(dataclasses.replace(drug, forms=immediate), from_mg)
        solids = [
            one
            for one in ((f, *liquids) for f in immediate if not f.mg_per_ml)
            if _burden(dataclasses.replace(drug, forms=one), from_mg) <= together
        ]
        families = [*solids, immediate, *((f,) for f in drug.forms if f.form in MODIFIED_RELEASE)]
    for forms in families:
        family = dataclasses.replace(drug, forms=forms)
        if forms and all(how_to_give(family, mg) for mg in (from_mg, to_mg) if mg):
            return family
    for forms in families:  # none gives both ends: taper() says why
        family = dataclasses.replace(drug, forms=forms)
        if forms and how_to_give(family, from_mg) is not None:
            return family
    if form is not None:
        raise PlanError(
            f"{_mg(from_mg)} mg/day of {drug.name} cannot be given with its {FORMS[form]}s"
        )
    return drug


def _finer_form(every_form: Drug, family: Drug) -> str | None:
    """When the plan keeps to one tablet or capsule and another immediate-release solid of the
    drug gives a smaller dose, say so: the prescriber may prefer finer steps to one product."""

    def smallest(form: Form) -> Decimal:
        return min((*form.strengths_mg, *(s / 2 for s in form.scored_mg)))

    used = [f for f in family.forms if f.strengths_mg]
    if len(used) != 1 or any(f.mg_per_ml for f in family.forms):
        return None
    finer = [
        f
        for f in every_form.forms
        if f.strengths_mg and f.form not in MODIFIED_RELEASE and smallest(f) < smallest(used[0])
    ]
    if not finer:
        return None
    best = min(finer, key=smallest)
    return (
        f"Every step uses {family.name} {FORMS[used[0].form]}s (smallest dose "
        f"{_mg(smallest(used[0]))} mg). Its {FORMS[best.form]}s give doses as small as "
        f"{_mg(smallest(best))} mg: for finer steps, plan with {family.name}:{best.form}."
    )


def taper(
    *, drug: Drug, from_mg: Decimal, to_mg: Decimal, formulary: Formulary, form: str | None = None
) -> Plan:
    if not 0 < from_mg <= safety.MAX_DOSE_MG:
        raise PlanError(
            f"--from must be the current daily dose, above 0 mg and at most "
            f"{safety.MAX_DOSE_MG:,} mg"
        )
    if to_mg >= from_mg:
        raise PlanError("--to must be below --from")
    every_form, drug = drug, one_release(drug, from_mg, form, to_mg)
    _require_givable(drug, from_mg)
    if to_mg and how_to_give(every_form, to_mg) and not how_to_give(drug, to_mg):
        family = " and ".join(sorted({FORMS[f.form] + "s" for f in drug.forms}))
        raise PlanError(
            f"{_mg(to_mg)} mg/day is not a dose of the {drug.name} {family} the taper starts "
            "in (every step keeps to one product family); taper to a dose they give, then "
            f"change product: nearest {', '.join(_mg(d) for d in _nearest(drug, to_mg))}"
        )
    if to_mg:
        _require_givable(drug, to_mg)
    plan = _taper_by_kind(drug, from_mg, to_mg, formulary)
    hint = None if form else _finer_form(every_form, drug)
    return dataclasses.replace(plan, warnings=(*plan.warnings, hint)) if hint else plan


def _taper_by_kind(drug: Drug, from_mg: Decimal, to_mg: Decimal, formulary: Formulary) -> Plan:
    """The taper its drug's class or label calls for, in the products already chosen."""
    if drug.has("benzodiazepine"):
        return _proportional_taper(
            drug,
            from_mg,
            to_mg,
            formulary,
            fraction=lambda dose: Decimal("0.10"),
            every_days=14,
            source="jgim-2025-bzd-taper",
            warnings=(
                "Reductions of 5-10% every 2-4 weeks; do not exceed 25% every 2 weeks.",
                "Check for withdrawal at each step; pause or slow down if it is significant. "
                "The taper may take months to more than a year.",
                "Never stop a benzodiazepine abruptly in someone likely to be dependent.",
            ),
        )
    if drug.drug_class == "z_drug":
        return _proportional_taper(
            drug,
            from_mg,
            to_mg,
            formulary,
            fraction=lambda dose: Decimal("0.25"),
            every_days=14,
            source="pottie-2018-bzra-deprescribing",
            warnings=(
                "About a quarter of the dose every 2 weeks, the deprescribing guideline's pace "
                "for benzodiazepine receptor agonists; where the tablets cannot give that, the "
                "step lasts longer. Slow down or pause if withdrawal or rebound insomnia is "
                "hard to bear; the pace is agreed with the patient.",
                "Do not stop abruptly after regular use.",
            ),
        )
    if drug.has("antidepressant"):
        slow = drug.has("withdrawal_prone")
        start = drug.start.value if drug.start and drug.start.value else None

        def fraction(dose: Decimal) -> Decimal:
            # NICE NG222: proportional steps (e.g. 50%), smaller (e.g. 25%) as the dose gets
            # lower; slower for drugs with more withdrawal (paroxetine, venlafaxine).
            if slow or (start is not None and dose <= start):
                return Decimal("0.25")
            return Decimal("0.50")

        # The drug's own label advice on stopping travels with the plan (EMSAM's diet after a
        # reduction; VIIBRYD's shorter schedule, which this slower pace stays within).
        own = drug.discontinuation
        return _proportional_taper(
            drug,
            from_mg,
            to_mg,
            formulary,
            fraction=fraction,
            every_days=28,
            source="nice-ng222",
            extra_sources=("horowitz-taylor-2019", *([own.source] if own else [])),
            warnings=(
                "Steps are 4 weeks apart as a starting pace, not a rule"
                + (
                    ": this drug is more likely to cause withdrawal symptoms, so go slowly. "
                    if slow
                    else ". "
                )
                + "Take the next step only when withdrawal symptoms have resolved or are "
                "tolerable; the pace is agreed with the patient.",
                "Watch for withdrawal (dizziness, nausea, sleep problems, irritability, "
                "electric-shock sensations) and for a return of depression.",
                *([f"What its label says about stopping: {own.text}"] if own else []),
            ),
        )
    if drug.drug_class == "antipsychotic":
        # Horowitz et al. 2021: a quarter of the most recent dose, every 3-6 months.
        return _proportional_taper(
            drug,
            from_mg,
            to_mg,
            formulary,
            fraction=lambda dose: Decimal("0.25"),
            every_days=ANTIPSYCHOTIC_STEP_DAYS,
            source="horowitz-antipsychotic-taper-2021",
            warnings=(
                "Each step cuts about a quarter of the most recent dose (roughly 5 percentage "
                "points of D2 blockade), 3 to 6 months apart, titrated to individual tolerance; "
                "some people prefer about 10% of the most recent dose each month.",
                "Watch for early signs of relapse and for withdrawal symptoms at each step; "
                "relapses cluster in the months after a reduction. Slow down or pause if they "
                "appear.",
                "The last dose before stopping may need to be as small as 1/40th of a "
                "therapeutic dose, below what tablets can give: ask a pharmacist about a "
                "liquid preparation.",
            ),
        )
    if drug.drug_class == "gabapentinoid":
        # The Maudsley Deprescribing Guidelines: cuts of the most recent dose, about 15% from
        # the lowest clinical doses for a patient at moderate risk of withdrawal (the cautious
        # default), larger from higher doses; paced by symptoms.
        lowest = drug.start.value if drug.start and drug.start.value else Decimal(0)
        return _proportional_taper(
            drug,
            from_mg,
            to_mg,
            formulary,
            fraction=lambda dose: Decimal("0.25") if dose > lowest else Decimal("0.15"),
            every_days=GABAPENTINOID_STEP_DAYS,
            source="maudsley-deprescribing-gabapentinoids",
            warnings=(
                "Each step cuts a share of the most recent dose: about a quarter above the usual "
                f"starting dose ({_mg(lowest)} mg/day), about 15% below it, the guidelines' "
                "start for a patient at moderate risk of withdrawal (10% or less at high "
                "risk). 2 weeks apart is a starting pace, not a rule: take the next step only "
                "when withdrawal symptoms have settled, agreed with the patient.",
                "Watch for withdrawal symptoms and for a return of the condition treated; slow "
                "down or pause if they appear. Do not stop abruptly: the labels ask for at "
                "least a week even when stopping quickly is needed.",
            ),
        )
    if drug.name == "lithium":
        return _lithium_taper(drug, from_mg, to_mg, formulary)
    if drug.name == "lamotrigine":
        # LAMICTAL: step-wise over at least 2 weeks, about half the dose a week.
        return _proportional_taper(
            drug,
            from_mg,
            to_mg,
            formulary,
            fraction=lambda dose: Decimal("0.5"),
            every_days=7,
            source="lamictal-discontinuation",
            warnings=(
                "Reduce step by step over at least 2 weeks (about half the dose each week) "
                "unless safety concerns, such as a rash, call for stopping sooner.",
                "Watch for a return of mood symptoms and, rarely, seizures after withdrawal.",
                "If lamotrigine has been stopped for more than 5 half-lives, restart with the "
                "initial escalation schedule, not the previous dose (serious rash risk).",
            ),
        )
    if drug.taper is not None:
        return _label_taper(drug, drug.taper, from_mg, to_mg, formulary)
    advice = discontinuation_of(drug)
    said = f"; what its source says about stopping: {advice.text}" if advice else ""
    raise PlanError(f"no sourced taper method for {drug.name} ({drug.drug_class}) yet{said}")


ANTIPSYCHOTIC_STEP_DAYS = 91  # the fast end of Horowitz et al.'s 3-6 months: 13 weeks
LITHIUM_TAPER_WEEKS = 12  # NICE CG185: at least 4 weeks, preferably up to 3 months
GABAPENTINOID_STEP_DAYS = 14  # a starting pace; the Maudsley guidelines pace by symptoms


def _lithium_taper(drug: Drug, from_mg: Decimal, to_mg: Decimal, formulary: Formulary) -> Plan:
    """Equal reductions every 2 weeks over 12 weeks, each rounded to a givable dose."""
    steps_count = LITHIUM_TAPER_WEEKS // 2
    doses = achievable_doses(drug, from_mg)
    steps, previous = [Step(0, from_mg, how_to_give(drug, from_mg) or "")], from_mg
    for number in range(1, steps_count + 1):
        wanted = from_mg - (from_mg - to_mg) * number / steps_count
        dose = max((d for d in doses if to_mg <= d <= wanted), default=to_mg)
        if dose < previous:
            steps.append(Step(14 * number, dose, how_to_give(drug, dose) or f"{_mg(dose)} mg"))
            previous = dose
    return Plan(
        drug=drug.name,
        steps=tuple(steps),
        warnings=(
            "Stopping lithium abruptly raises the risk of relapse, especially into mania: "
            "reduce over at least 4 weeks, preferably up to 3 months.",
            "Watch for early signs of mania and depression during the taper and for 3 months "
            "after; keep checking lithium levels while reducing.",
        ),
        sources=(formulary.source("nice-cg185-lithium-stop").title,),
    )


def _label_taper(
    drug: Drug, rule: Titration, from_mg: Decimal, to_mg: Decimal, formulary: Formulary
) -> Plan:
    """Falls of at most the label's step, each at the slow end of its interval."""
    assert rule.step_mg is not None
    doses = achievable_doses(drug, from_mg)
    steps, day, dose = [Step(0, from_mg, how_to_give(drug, from_mg) or "")], 0, from_mg
    while dose > to_mg:
        lower = [d for d in doses if max(to_mg, dose - rule.step_mg) <= d < dose]
        dose = min(lower) if lower else to_mg
        day += rule.every_days
        steps.append(Step(day, dose, how_to_give(drug, dose) or "stop"))
    return Plan(
        drug=drug.name,
        steps=tuple(steps),
        warnings=(
            drug.discontinuation.text if drug.discontinuation else "Do not stop abruptly.",
            "Check blood pressure and heart rate during the taper.",
            *([f"{rule.note}."] if rule.note else []),
        ),
        sources=(formulary.source(rule.source).title,),
    )


# A givable dose above the wanted one is taken when it cuts at least this share of the wanted
# cut: a gentler step at the usual pace rather than a bigger one stretched over more weeks.
NEAR_ENOUGH = Decimal("0.5")


def _proportional_taper(
    drug: Drug,
    from_mg: Decimal,
    to_mg: Decimal,
    formulary: Formulary,
    *,
    fraction: Any,
    every_days: int,
    source: str,
    warnings: tuple[str, ...],
    extra_sources: tuple[str, ...] = (),
) -> Plan:
    """Each step cuts a fraction of the *current* dose, so the mg steps shrink as the dose
    falls. The next dose is one the products can give: a gentler cut when one of at least
    half the fraction exists (in the main tablets or capsules if they have one, else any
    form), else the dose below, the step then lasting longer in proportion, so the average
    pace never exceeds the fraction.
    From the smallest dose that can be given, the last step goes to the target."""
    if not drug.forms:
        raise PlanError(f"no sourced strengths for {drug.name} yet: cannot plan givable doses")
    doses = achievable_doses(drug, from_mg)
    # The main tablets or capsules first: a measured liquid only where they cannot come close.
    main = next((f for f in drug.forms if f.strengths_mg), None)
    main_doses = achievable_doses(dataclasses.replace(drug, forms=(main,)), from_mg) if main else []
    steps, day, dose = [Step(0, from_mg, how_to_give(drug, from_mg) or "")], 0, from_mg
    while dose > to_mg:
        cut: Decimal = fraction(dose)
        wanted = dose * (1 - cut)
        # A dose above the wanted one that still cuts at least half the fraction is taken as
        # it is; otherwise the next dose below, with the step lengthened in proportion.
        above = _gentler(drug, main_doses, dose, wanted, cut, to_mg) or _gentler(
            drug, doses, dose, wanted, cut, to_mg
        )
        lower = [d for d in doses if to_mg <= d <= wanted and d < dose]
        if above is not None:
            next_dose, stretch = above, 1
        else:
            next_dose = max(lower) if lower else to_mg
            last_step = next_dose == to_mg and not lower
            actual_cut = (dose - next_dose) / dose
            stretch = 1 if last_step else max(math.ceil(actual_cut / cut), 1)
        day += every_days * stretch
        dose = next_dose
        steps.append(Step(day, dose, how_to_give(drug, dose) or f"{_mg(dose)} mg a day"))
    return Plan(
        drug=drug.name,
        steps=tuple(steps),
        warnings=warnings,
        sources=tuple(formulary.source(s).title for s in (source, *extra_sources)),
    )


def _gentler(
    drug: Drug,
    candidates: list[Decimal],
    dose: Decimal,
    wanted: Decimal,
    cut: Decimal,
    to_mg: Decimal,
) -> Decimal | None:
    """A givable dose from the wanted one up to a cut of half the fraction: the simplest to
    take (the fewest tablets, then the fewest different ones), then the largest cut."""
    band = [
        d
        for d in candidates
        if wanted <= d < dose and d >= to_mg and (dose - d) / dose >= cut * NEAR_ENOUGH
    ]
    return min(band, key=lambda d: (*_burden(drug, d), d), default=None)


def _burden(drug: Drug, daily_mg: Decimal) -> tuple[int, int]:
    """How hard a day's dose is to take, as it is given (in equal doses where the label divides
    the day): its units, then its different products; a measured liquid counts as one."""
    times = drug.times_a_day
    if times > 1:
        each = _solid_units(drug, daily_mg / times)
        # Doses that cannot be made equal come after every dose that can.
        return (sum(each.values()) * times, len(each)) if each else (MOST_UNITS_PER_DAY * 9, 9)
    counts = _solid_units(drug, daily_mg)
    return (sum(counts.values()), len(counts)) if counts else (1, 1)


# --- switching from one drug to another -----------------------------------------------------


@dataclass(frozen=True)
class Switch:
    """Two plans on one calendar: the first drug's taper and the second drug's titration."""

    stop: Plan
    start: Plan
    cross_taper: bool
    warnings: tuple[str, ...]
    sources: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.stop.as_json(),
            "to": self.start.as_json(),
            "cross_taper": self.cross_taper,
            "warnings": list(self.warnings),
            "sources": list(self.sources),
        }


def switch(
    *,
    from_drug: Drug,
    from_mg: Decimal,
    to_drug: Drug,
    target_mg: Decimal | None,
    formulary: Formulary,
    from_form: str | None = None,
    patient: safety.Patient | None = None,
    to_form: str | None = None,
    with_drugs: Sequence[Drug] = (),
) -> Switch:
    """Cross-taper: the new drug starts on the day of the first reduction, each drug at its
    own sourced pace. Into or out of an MAOI there is no overlap: the first drug is stopped,
    then the label's washout passes before the second starts. Two drugs the checker
    contraindicates together otherwise are never overlapped: the switch is refused. Given a
    patient, the new drug's titration keeps to that patient's maximum; `with_drugs`, the
    medicines taken throughout, choose its schedule as for a titration (lamotrigine with
    valproate)."""
    if from_drug.name == to_drug.name:
        raise PlanError(f"switching {from_drug.name} to itself: plan a taper or titration")
    washout = _washout_days(from_drug, to_drug)
    # What taking both means for this patient (two anticholinergics at 70), not what each
    # alone means: the titration's warnings say that for the new drug.
    overlap = [
        finding
        for finding in safety.check(
            regimen=[safety.Item(from_drug), safety.Item(to_drug)],
            patient=patient or safety.Patient(),
            formulary=formulary,
        )
        if len(finding.drugs) > 1
    ]
    cross = washout is None
    for finding in overlap:  # a cross-taper would give them together
        if cross and finding.severity is safety.Severity.CONTRAINDICATED:
            raise Contraindicated(
                f"no cross-taper: {finding.summary} (contraindicated). {finding.action} Stop "
                f"{from_drug.name} completely first; no sourced interval before "
                f"{to_drug.name} may start is held, so plan its start by hand"
            )
    # Refused for a patient whose start the label sets apart, before the fallback below could
    # give the usual one.
    product = _for_product(to_drug, to_form, patient)
    dosing = _patient_dosing(product, patient)
    stop = taper(
        drug=from_drug, from_mg=from_mg, to_mg=Decimal(0), formulary=formulary, form=from_form
    )
    try:
        start = titration(
            drug=to_drug,
            with_drugs=with_drugs,
            target_mg=target_mg,
            formulary=formulary,
            patient=patient,
            form=to_form,
        )
    except PlanError as refused:
        if (
            target_mg is not None
            or dosing.factor is not None
            or isinstance(refused, Contraindicated)
        ):
            raise
        label_start = _schedule_for(product, patient)
        if to_form is not None:
            label_start = _in_form(label_start, to_form, None)
        start = _label_start_only(label_start, formulary)
        first = start.steps[0].daily_dose_mg
        _checked(product, to_form, first, with_drugs, patient, formulary)
        cap = _patient_cap(product, patient) if patient is not None else None
        if cap is not None and first > cap[0]:
            raise _above_patient_cap(to_drug, first, cap) from None
    if washout is None:
        first_cut = stop.steps[1].start_day
        stop = _shifted(stop, -first_cut, keep_from=1)
        starts_on = 0
    else:
        days, washout_sources = washout
        starts_on = stop.steps[-1].start_day + days
        stop = _shifted(stop, 0, keep_from=0, sources=_titles(formulary, *washout_sources))
    start = _shifted(start, starts_on, keep_from=0)
    return Switch(
        stop=stop,
        start=start,
        cross_taper=cross,
        warnings=(
            *(
                f"While both are taken ({f.severity.value}): {f.summary}. {f.action}"
                for f in overlap
                if cross
            ),
            (
                f"{to_drug.name} starts on the day of the first reduction of "
                f"{from_drug.name}; each follows its own plan. Go at the pace the person "
                "tolerates, and never faster than either plan."
                if cross
                else f"No overlap: stop {from_drug.name} completely and wait "
                f"{starts_on - stop.steps[-1].start_day} days before the first dose of "
                f"{to_drug.name}."
            ),
            f"Withdrawal symptoms from {from_drug.name} can be mistaken for side effects of "
            f"{to_drug.name}, and the reverse.",
        ),
        sources=tuple(formulary.source(s).title for s in ("ukmi-switching", "nhs-ggc-switching")),
    )


def _label_start_words(label_start: Sourced) -> list[str]:
    """The label's starting dose with its qualifiers ("schizophrenia; 20 mg in bipolar
    depression"), which only make sense beside the dose they qualify."""
    if not label_start.note or label_start.value is None:
        return []
    return [f"The label starts at {_mg(label_start.value)} mg/day ({label_start.note})."]


def _label_start_only(drug: Drug, formulary: Formulary) -> Plan:
    """A drug with no sourced titration (a switch's second drug, or a titration without a
    target): its label's starting dose alone, the label's words on what comes next, and what
    to watch for."""
    label_start = drug.start
    if label_start is None or label_start.value is None:
        raise PlanError(f"no sourced starting dose or titration schedule for {drug.name} yet")
    watch = _what_to_watch(drug)
    return Plan(
        drug=drug.name,
        steps=(Step(0, label_start.value, _given(drug, label_start.value)),),
        warnings=(
            f"No sourced titration schedule for {drug.name}: the plan gives its starting dose "
            "only; adjust it as the label directs.",
            *_label_start_words(label_start),
            *(fact.text for fact in watch),
        ),
        sources=_titles(formulary, label_start.source, *(fact.source for fact in watch)),
    )


def _washout_days(from_drug: Drug, to_drug: Drug) -> tuple[int, tuple[str, ...]] | None:
    """The label washout between the drugs when one is an MAOI the other clashes with (a
    serotonergic drug, or one whose label contraindicates the pair: bupropion, the stimulants,
    atomoxetine, carbamazepine), as the checker reads it, or None when none applies. A switch
    that needs a washout the formulary does not hold is refused."""
    washout = safety.maoi_washout(from_drug, to_drug)
    if washout is None:
        return None
    rule, (_, clash_sources) = washout
    if rule is None or rule.value is None:
        raise PlanError(
            f"no sourced washout between {from_drug.name} and {to_drug.name}: an MAOI switch "
            "needs one; read both labels"
        )
    return int(rule.value), (rule.source, *clash_sources)


def _shifted(plan: Plan, days: int, *, keep_from: int, sources: tuple[str, ...] = ()) -> Plan:
    return Plan(
        drug=plan.drug,
        steps=tuple(
            Step(s.start_day + days, s.daily_dose_mg, s.how) for s in plan.steps[keep_from:]
        ),
        warnings=plan.warnings,
        sources=tuple(dict.fromkeys((*plan.sources, *sources))),
    )


def _near(doses: list[Decimal], target: Decimal) -> list[Decimal]:
    return sorted(doses, key=lambda d: abs(d - target))[:3]
