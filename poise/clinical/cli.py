"""The clinical commands of `poise`: check, titrate, taper, drugs. No database, no Django.

Output with --json has a stable, documented shape (README, "Clinical commands").
Bad input exits with status 2 and a message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from poise.clinical import formulary as formulary_module
from poise.clinical import icd10cm, instruments, observations, plans, safety
from poise.clinical.formulary import Formulary
from poise.clinical.formulary.model import FORMS, Drug, Limit, Sourced

COMMANDS = ("check", "titrate", "taper", "switch", "drugs", "score")
ITEM = re.compile(r"^(?P<drug>[^:=]+?)(?::(?P<form>[a-z_]+))?(?:=(?P<dose>.+))?$")


class UsageError(Exception):
    """Bad input: printed, exit status 2."""


def add_commands(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="Check a regimen for interactions, dose and population problems",
        description="Check a regimen. Each DRUG[:FORM]=DAILY_MG; a drug without =dose is "
        "checked for interactions only.",
    )
    check.add_argument("items", nargs="+", metavar="DRUG[:FORM]=DAILY_MG")
    _add_dosing_context(check)
    check.add_argument("--sex", choices=["female", "male"])
    check.add_argument("--pregnant", action="store_true")
    check.add_argument("--breastfeeding", action="store_true")
    check.add_argument("--qtc", type=_observation_arg("qtc"), metavar="MS")
    check.add_argument("--hla-b1502", action="store_true", help="HLA-B*15:02 positive")
    check.add_argument("--allergy", action="append", default=[], metavar="NAME")
    check.add_argument("--smoker", action="store_true")
    check.add_argument(
        "--diagnosis",
        action="append",
        default=[],
        type=_diagnosis_arg,
        metavar="ICD10CM",
        help="a current diagnosis as an ICD-10-CM code, e.g. G40.909",
    )
    check.add_argument(
        "--past-diagnosis",
        action="append",
        default=[],
        type=_diagnosis_arg,
        metavar="ICD10CM",
        help="a past diagnosis (resolved, inactive or in remission), e.g. K70.30: it counts "
        "for every rule except those about a present state, such as a recent infarction",
    )
    check.add_argument(
        "--lab",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a recent lab, e.g. lithium=1.6 (mmol/L) or anc=1.2 (10^3/uL)",
    )
    check.add_argument(
        "--stopped",
        action="append",
        default=[],
        metavar="DRUG:DAYS",
        help="a drug stopped DAYS ago (for washouts), e.g. fluoxetine:14",
    )
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_check)

    titrate = commands.add_parser(
        "titrate",
        help="Plan a titration from start to target",
        description="Plan a titration. DRUG[:FORM] keeps every step in that form (e.g. "
        "venlafaxine:capsule_er); without a form the plan stays with one release profile.",
    )
    titrate.add_argument("drug")
    _add_with(titrate)
    titrate.add_argument("--target", type=_dose_arg, metavar="MG")
    _add_dosing_context(titrate)
    titrate.add_argument("--json", action="store_true")
    titrate.set_defaults(handler=cmd_titrate)

    taper = commands.add_parser(
        "taper",
        help="Plan a taper from a daily dose down",
        description="Plan a taper. DRUG[:FORM] keeps every step in that form (e.g. "
        "zolpidem:tablet_er); without a form the plan stays with one release profile.",
    )
    taper.add_argument("drug", metavar="DRUG[:FORM]")
    taper.add_argument("--from", dest="from_mg", type=_dose_arg, required=True, metavar="MG")
    taper.add_argument("--to", dest="to_mg", type=_dose_arg, default=Decimal(0), metavar="MG")
    taper.add_argument("--json", action="store_true")
    taper.set_defaults(handler=cmd_taper)

    switch = commands.add_parser(
        "switch",
        help="Plan a switch: taper one drug while the next is titrated",
        description="Cross-taper from one drug to another, each at its own sourced pace; "
        "into or out of an MAOI, stop first and wait the label's washout.",
    )
    switch.add_argument("from_drug", metavar="FROM_DRUG[:FORM]")
    switch.add_argument("to_drug", metavar="TO_DRUG[:FORM]")
    switch.add_argument("--from", dest="from_mg", type=_dose_arg, required=True, metavar="MG")
    switch.add_argument("--target", type=_dose_arg, metavar="MG")
    _add_with(switch)
    _add_dosing_context(switch)
    switch.add_argument("--json", action="store_true")
    switch.set_defaults(handler=cmd_switch)

    score = commands.add_parser(
        "score",
        help="Score a rating scale",
        description="Score a rating scale. Instruments: "
        + " ".join(instruments.INSTRUMENTS)
        + ". Answers are the item codes in order (0..3 for PHQ-9; yes/no for yes/no items; "
        "- for an item the instrument lets you leave out).",
    )
    score.add_argument("instrument", choices=sorted(instruments.INSTRUMENTS))
    score.add_argument("answers", nargs="+", metavar="ANSWER")
    score.add_argument("--sex", choices=["female", "male"])
    score.add_argument("--json", action="store_true")
    score.set_defaults(handler=cmd_score)

    drugs = commands.add_parser("drugs", help="List or show formulary entries")
    drugs.add_argument("query", nargs="?")
    drugs.add_argument("--json", action="store_true")
    drugs.set_defaults(handler=cmd_drugs)


def _add_with(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--with",
        dest="with_drugs",
        action="append",
        default=[],
        metavar="DRUG",
        help="a drug taken with it that changes the schedule",
    )


def _add_dosing_context(command: argparse.ArgumentParser) -> None:
    """The patient facts the label dose rules read (age, weight, kidneys, liver, genotype)."""
    command.add_argument("--age", type=_age_arg)
    command.add_argument("--weight", type=_observation_arg("weight"), metavar="KG")
    command.add_argument("--egfr", type=_observation_arg("egfr"))
    command.add_argument("--child-pugh", choices=["A", "B", "C"])
    phenotypes = ["poor", "intermediate", "normal", "rapid", "ultrarapid"]
    command.add_argument("--cyp2d6", choices=phenotypes)
    command.add_argument("--cyp2c19", choices=phenotypes)


def _dosing_context(args: argparse.Namespace) -> safety.Patient | None:
    """The patient `titrate` and `switch` plan for, if any of the dosing facts was given."""
    facts = {
        "age": args.age,
        "weight_kg": args.weight,
        "egfr": args.egfr,
        "child_pugh": args.child_pugh,
        "cyp2d6": args.cyp2d6,
        "cyp2c19": args.cyp2c19,
    }
    return safety.Patient(**facts) if any(v is not None for v in facts.values()) else None


def run(handler: Any, args: argparse.Namespace) -> int:
    try:
        result: int = handler(args, formulary_module.load())
    except UsageError as problem:
        print(f"poise: {problem}", file=sys.stderr)
        return 2
    return result


OLDEST_AGE = 130  # input validation: no one is older


def _age_arg(text: str) -> int:
    if not text.isdigit() or int(text) > OLDEST_AGE:
        raise argparse.ArgumentTypeError(f"{text!r} is not an age in years (0 to {OLDEST_AGE})")
    return int(text)


def _diagnosis_arg(text: str) -> str:
    try:
        return icd10cm.code_from(text)
    except icd10cm.CodeError as error:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ICD-10-CM code (a letter, two characters, then an optional "
            "dot and detail, e.g. G40.909)"
            if error.malformed
            else str(error)
        ) from None


def _decimal_arg(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a number of zero or more")
    return value


def _dose_arg(text: str) -> Decimal:
    """A daily dose in mg, refused above the largest Poise records (a slip, not a dose)."""
    value = _decimal_arg(text)
    if value > safety.MAX_DOSE_MG:
        raise argparse.ArgumentTypeError(
            f"{text!r} mg: a dose is at most {safety.MAX_DOSE_MG:,} mg"
        )
    return value


def _observation_arg(key: str) -> Callable[[str], Decimal]:
    """A measurement typed on the command line, refused outside the range anyone could have
    (the same bounds as the web forms), so a slip such as QTc 5000 is not read as data."""

    def parse(text: str) -> Decimal:
        value = _decimal_arg(text)
        problem = observations.out_of_entry_range(key=key, value=value)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return parse


def find_drug(formulary: Formulary, name: str) -> Drug:
    drug = formulary.find(name)
    if drug is None:
        suggestions = formulary.closest(name)
        hint = f"; closest known drugs: {', '.join(suggestions)}" if suggestions else ""
        raise UsageError(f"unknown drug {name!r}{hint} (`poise drugs` lists them)")
    return drug


def drug_and_form(formulary: Formulary, text: str) -> tuple[Drug, str | None]:
    """A plan's DRUG[:FORM] argument: the drug and the form every step is to keep to."""
    name, _, form = text.partition(":")
    return find_drug(formulary, name.strip()), known_form(form, text)


def known_form(form: str | None, text: str) -> str | None:
    if form and form not in FORMS:
        raise UsageError(f"unknown form {form!r} in {text!r}; one of {', '.join(FORMS)}")
    return form or None


def parse_item(formulary: Formulary, text: str) -> safety.Item:
    match = ITEM.match(text.strip())
    if match is None:
        raise UsageError(f"cannot read {text!r}: write DRUG[:FORM]=DAILY_MG, e.g. sertraline=100")
    drug = find_drug(formulary, match["drug"].strip())
    form = known_form(match["form"], text)
    dose = None
    if match["dose"] is not None:
        try:
            dose = Decimal(match["dose"].strip().removesuffix("mg").strip())
        except InvalidOperation:
            raise UsageError(f"malformed dose in {text!r}: give mg per day, e.g. =100") from None
        if not dose.is_finite() or not 0 < dose <= safety.MAX_DOSE_MG:
            raise UsageError(
                f"malformed dose in {text!r}: the daily dose must be above 0 mg and at most "
                f"{safety.MAX_DOSE_MG:,} mg"
            )
    return safety.Item(drug=drug, form=form, daily_dose_mg=dose)


def _labs(pairs: list[str]) -> dict[str, Decimal]:
    labs = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        key = key.strip().lower()
        if key not in observations.BY_KEY:
            raise UsageError(
                f"unknown lab {key!r}; one of {', '.join(k.key for k in observations.LABS)}"
            )
        try:
            labs[key] = Decimal(value)
        except InvalidOperation:
            raise UsageError(f"malformed lab {pair!r}: write KEY=VALUE, e.g. lithium=0.8") from None
        problem = (
            observations.out_of_entry_range(key=key, value=labs[key])
            if labs[key].is_finite()
            else f"{key} must be a number"
        )
        if problem:
            raise UsageError(f"implausible lab {pair!r}: {problem}")
    return labs


def _stopped(formulary: Formulary, pairs: list[str]) -> tuple[tuple[Drug, int], ...]:
    stopped = []
    for pair in pairs:
        name, _, days = pair.rpartition(":")
        if not name or not days.isdigit():
            raise UsageError(f"malformed --stopped {pair!r}: write DRUG:DAYS, e.g. fluoxetine:14")
        stopped.append((find_drug(formulary, name), int(days)))
    return tuple(stopped)


def cmd_check(args: argparse.Namespace, formulary: Formulary) -> int:
    if args.sex == "male" and (args.pregnant or args.breastfeeding):
        raise UsageError("--pregnant and --breastfeeding need --sex female (or no --sex)")
    regimen = [parse_item(formulary, text) for text in args.items]
    patient = safety.Patient(
        age=args.age,
        sex=args.sex,
        pregnant=args.pregnant,
        breastfeeding=args.breastfeeding,
        egfr=args.egfr,
        weight_kg=args.weight,
        child_pugh=args.child_pugh,
        allergies=tuple(args.allergy),
        hla_b1502=args.hla_b1502,
        cyp2d6=args.cyp2d6,
        cyp2c19=args.cyp2c19,
        qtc_ms=args.qtc,
        smoker=args.smoker,
        diagnoses=tuple(args.diagnosis),
        past_diagnoses=tuple(args.past_diagnosis),
        labs=_labs(args.lab),
        stopped_days_ago=_stopped(formulary, args.stopped),
    )
    findings = safety.check(regimen=regimen, patient=patient, formulary=formulary)
    if args.json:
        print(
            json.dumps(
                {
                    "regimen": [
                        {
                            "drug": i.drug.name,
                            "form": i.form,
                            "daily_dose_mg": _number(i.daily_dose_mg),
                        }
                        for i in regimen
                    ],
                    "findings": [finding_json(f, formulary) for f in findings],
                },
                indent=2,
            )
        )
        return 0
    if not findings:
        print("No findings.")
    for finding in findings:
        print(f"[{finding.severity.upper()}] {finding.summary}")
        print(f"  why:  {finding.rationale}")
        print(f"  do:   {finding.action}")
        for source in finding.sources:
            print(f"  source: {_cited(formulary.source(source).title)}")
    return 0


# A source's title is its citation followed by what it says; a few (the Beers Criteria's
# tables) run to pages, which the text output cuts short. --json always gives them whole.
LONGEST_SOURCE_LINE = 400


def _cited(title: str) -> str:
    if len(title) <= LONGEST_SOURCE_LINE:
        return title
    cut = title[:LONGEST_SOURCE_LINE].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut} ... (--json gives the full title)"


def finding_json(finding: safety.Finding, formulary: Formulary) -> dict[str, Any]:
    return {
        "severity": finding.severity.value,
        "kind": finding.kind.value,
        "drugs": list(finding.drugs),
        "mechanism": finding.mechanism,
        "summary": finding.summary,
        "rationale": finding.rationale,
        "action": finding.action,
        "sources": [formulary.source(s).title for s in finding.sources],
    }


def _print_plan(plan: plans.Plan | plans.Switch, as_json: bool) -> int:
    if as_json:
        print(json.dumps(plan.as_json(), indent=2))
        return 0
    if isinstance(plan, plans.Switch):
        for part in (plan.stop, plan.start):
            _print_plan(part, as_json=False)
        print("switch:" + (" cross-taper" if plan.cross_taper else " stop, washout, start"))
        for warning in plan.warnings:
            print(f"  ! {warning}")
        for source in plan.sources:
            print(f"  source: {_cited(source)}")
        return 0
    print(f"{plan.drug}:")
    for step in plan.steps:
        print(f"  day {step.start_day:>4}: {_number(step.daily_dose_mg)} mg/day  {step.how}")
    for warning in plan.warnings:
        print(f"  ! {warning}")
    for source in plan.sources:
        print(f"  source: {_cited(source)}")
    return 0


def cmd_titrate(args: argparse.Namespace, formulary: Formulary) -> int:
    drug, form = drug_and_form(formulary, args.drug)
    with_drugs = [find_drug(formulary, name) for name in args.with_drugs]
    try:
        plan = plans.titration(
            drug=drug,
            with_drugs=with_drugs,
            target_mg=args.target,
            formulary=formulary,
            patient=_dosing_context(args),
            form=form,
        )
    except plans.PlanError as problem:
        raise UsageError(str(problem)) from None
    return _print_plan(plan, args.json)


def cmd_taper(args: argparse.Namespace, formulary: Formulary) -> int:
    drug, form = drug_and_form(formulary, args.drug)
    try:
        plan = plans.taper(
            drug=drug, from_mg=args.from_mg, to_mg=args.to_mg, formulary=formulary, form=form
        )
    except plans.PlanError as problem:
        raise UsageError(str(problem)) from None
    return _print_plan(plan, args.json)


def cmd_switch(args: argparse.Namespace, formulary: Formulary) -> int:
    from_drug, from_form = drug_and_form(formulary, args.from_drug)
    to_drug, to_form = drug_and_form(formulary, args.to_drug)
    try:
        plan = plans.switch(
            from_drug=from_drug,
            from_mg=args.from_mg,
            to_drug=to_drug,
            target_mg=args.target,
            formulary=formulary,
            from_form=from_form,
            patient=_dosing_context(args),
            to_form=to_form,
            with_drugs=[find_drug(formulary, name) for name in args.with_drugs],
        )
    except plans.PlanError as problem:
        raise UsageError(str(problem)) from None
    return _print_plan(plan, args.json)


def cmd_score(args: argparse.Namespace, formulary: Formulary) -> int:
    instrument = instruments.INSTRUMENTS[args.instrument]
    answers = [None if answer == "-" else answer.lower() for answer in args.answers]
    try:
        result = instrument.score(answers, sex=args.sex)
    except instruments.ScoringError as problem:
        raise UsageError(str(problem)) from None
    if args.json:
        print(json.dumps(result.as_json(), indent=2))
        return 0
    total = "not scored (incomplete)" if result.total is None else str(result.total)
    print(
        f"{instrument.name}: total {total}"
        + (f", {result.severity}" if result.severity else "")
        + (
            ""
            if result.positive is None
            else ", positive screen"
            if result.positive
            else ", negative screen"
        )
    )
    for flag in result.flags:
        print(f"  FLAG: {flag}")
    return 0


def drug_json(drug: Drug, formulary: Formulary) -> dict[str, Any]:
    title = formulary.source
    return {
        "name": drug.name,
        "title": drug.title or drug.name,
        "class": drug.drug_class,
        "rxnorm": drug.rxnorm or None,
        "atc": drug.atc or None,
        "brands": list(drug.brands),
        "synonyms": list(drug.synonyms),
        "properties": {prop: title(src).title for prop, src in sorted(drug.properties.items())},
        "forms": [
            {
                "form": f.form,
                "strengths_mg": [_number(s) for s in f.strengths_mg],
                "mg_per_ml": _number(f.mg_per_ml),
                "label_strength": f.strength_text or None,
                "doses_per_day": f.doses_per_day,
                "source": title(f.source).title,
            }
            for f in drug.forms
        ],
        "limits": [
            {
                "max_daily_mg": _number(lim.max_mg),
                "max_daily_mg_per_kg": _number(lim.max_mg_per_kg),
                "when": lim.when or None,
                "form": lim.form or None,
                "avoid": lim.avoid or None,
                "contraindicated": lim.contraindicated or None,
                "advice": lim.advice or None,
                "dose_factor": _number(lim.dose_factor),
                "start_mg": _number(lim.start_mg),
                "keeps_schedule": lim.keeps_schedule or None,
                "note": lim.note or None,
                "source": title(lim.source).title,
            }
            for lim in drug.limits
        ],
        "start": _fact(drug.start, formulary, value_key="daily_mg"),
        "usual_range": _fact(drug.usual, formulary),
        "titration": None
        if drug.titration is None
        else {
            "schedule": [
                {"day": day, "daily_mg": _number(mg)} for day, mg in drug.titration.schedule
            ],
            "step_mg": _number(drug.titration.step_mg),
            "every_days": drug.titration.every_days if drug.titration.step_mg else None,
            "source": title(drug.titration.source).title,
        },
        "titrations_for": [
            {
                "when": own.when,
                "form": own.form or None,
                "start_mg": _number(own.start_mg),
                "step_mg": _number(own.step_mg),
                "every_days": own.every_days if own.step_mg else None,
                "schedule": [{"day": day, "daily_mg": _number(mg)} for day, mg in own.schedule],
                "doses_per_day": own.doses_per_day,
                "note": own.note or None,
                "source": title(own.source).title,
            }
            for own in drug.titrations_for
        ],
        "titration_by_weight": None
        if (by_weight := drug.titration_by_weight) is None
        else {
            "when": by_weight.when,
            "up_to_kg": _number(by_weight.up_to_kg),
            "start_mg_per_kg": _number(by_weight.start_mg_per_kg),
            "target_mg_per_kg": _number(by_weight.target_mg_per_kg),
            "after_days": by_weight.after_days,
            "note": by_weight.note or None,
            "source": title(by_weight.source).title,
        },
        "boxed_warnings": [_fact(b, formulary) for b in safety.boxed_warnings_of(drug)],
        "boxed_warning_below_age": _fact(drug.boxed_young, formulary, value_key="age"),
        "approved_from_age": _fact(drug.approved_from_age, formulary, value_key="age"),
        "schedule_from_age": _fact(drug.schedule_from_age, formulary, value_key="age"),
        "contraindicated_in_smokers_over_age": _fact(
            drug.smoker_contraindicated_over, formulary, value_key="age"
        ),
        "diagnoses": [
            {
                "icd10cm": list(d.codes),
                "diagnosis": d.diagnosis,
                "severity": d.severity,
                "current_only": d.current_only,
                "text": d.text,
                "action": d.action,
                "source": title(d.source).title,
            }
            for d in safety.diagnosis_warnings(drug)
        ],
        "interactions": [
            {
                "with": i.with_property,
                "severity": i.severity,
                "mechanism": i.mechanism or None,
                "effect": i.effect,
                "action": i.action,
                "source": title(i.source).title,
            }
            for i in drug.interactions
        ],
        "cross_sensitivity": [
            {
                "allergy_to": cross.allergy_to,
                "severity": cross.severity,
                "note": cross.note,
                "source": title(cross.source).title,
            }
            for cross in drug.cross_sensitivity
        ],
        "pregnancy": _fact(
            drug.pregnancy_contraindicated or drug.pregnancy_boxed or drug.pregnancy, formulary
        ),
        "pregnancy_class": [
            {"class": w.label, "boxed": w.boxed is not None, **(_fact(w.fact, formulary) or {})}
            for w in safety.class_pregnancy_warnings(drug)
        ],
        "pregnancy_levels": _fact(drug.pregnancy_levels, formulary),
        "pregnancy_note": _fact(drug.pregnancy_note, formulary),
        "childbearing_potential": _fact(drug.childbearing_potential, formulary),
        "childbearing_caution": _fact(drug.childbearing_caution, formulary),
        "lactation": _fact(drug.lactation, formulary),
        "lactation_class": [
            {"class": w.label, "boxed": w.boxed is not None, **(_fact(w.fact, formulary) or {})}
            for w in safety.class_lactation_warnings(drug)
        ],
        "lactation_caution": _fact(drug.lactation_caution, formulary),
        "lactation_note": _fact(drug.lactation_note, formulary),
        "half_life": _fact(drug.half_life, formulary),
        "monitoring": [_fact(fact, formulary) for fact in plans.monitoring_of(drug)],
        "discontinuation": _fact(plans.discontinuation_of(drug), formulary),
        **{key: _fact(fact, formulary) for key, _, fact in _thresholds(drug)},
    }


def _thresholds(drug: Drug) -> tuple[tuple[str, str, Sourced | None], ...]:
    """The checker's per-drug thresholds and flags: (JSON key, words, fact)."""
    return (
        (
            "qtc_contraindicated_above_ms",
            "contraindicated above QTc (ms)",
            drug.qtc_contraindicated_ms,
        ),
        ("qtc_stop_above_ms", "stop above QTc (ms)", drug.qtc_discontinue_ms),
        ("qtc_start_below_ms", "do not start above QTc (ms)", drug.qtc_start_max_ms),
        ("anc_minimum_to_start", "ANC to start at least (10^3/uL)", drug.anc_minimum_to_start),
        ("level_ceiling", "serum level above", drug.lab_ceiling),
        ("level_target_max", "target serum level up to", drug.lab_target_max),
        ("level_caution_female", "in women, a serum level above", drug.lab_caution_female),
        ("level_caution_male", "in men, a serum level above", drug.lab_caution_male),
        ("hla_b1502", "avoid in HLA-B*15:02 carriers", drug.hla_b1502_avoid),
        ("hla_b1502_caution", "caution in HLA-B*15:02 carriers", drug.hla_b1502_caution),
        ("smoking_lowers_levels", "smoking lowers its levels", drug.smoking_lowers_levels),
        ("acb_score", "anticholinergic burden (ACB score)", drug.acb_score),
        ("mme_factor", "morphine milligram equivalents per mg", drug.mme_factor),
        ("washout_days_before_maoi", "days before an MAOI", drug.washout_days_before_maoi),
        (
            "washout_days_before_serotonergic",
            "days after it before a serotonergic drug",
            drug.washout_days_before_serotonergic,
        ),
    )


def _fact(
    fact: Sourced | None, formulary: Formulary, value_key: str = "value"
) -> dict[str, Any] | None:
    if fact is None:
        return None
    shown = {
        value_key: _number(fact.value),
        "text": fact.text or None,
        "note": fact.note or None,
        "action": fact.action or None,
    }
    return {**shown, "source": formulary.source(fact.source).title}


def cmd_drugs(args: argparse.Namespace, formulary: Formulary) -> int:
    if args.query:
        drugs = [find_drug(formulary, args.query)]
    else:
        drugs = sorted(formulary.drugs.values(), key=lambda d: (d.drug_class, d.name))
    if args.json:
        print(json.dumps([drug_json(d, formulary) for d in drugs], indent=2))
        return 0
    for drug in drugs:
        codes = ", ".join(
            c
            for c in (
                f"RxNorm {drug.rxnorm}" if drug.rxnorm else "",
                f"ATC {drug.atc}" if drug.atc else "",
            )
            if c
        )
        print(f"{drug.name:<18} {drug.drug_class:<18} {codes}")
        if args.query:
            if drug.title:
                print(f"  in words: {drug.title}")
            for line in drug_text(drug):
                print(f"  {line}")
            print("  (--json gives each source's full title)")
    return 0


def drug_text(drug: Drug) -> Iterator[str]:
    """A readable summary of one entry, each fact followed by its source id in brackets."""
    if drug.brands or drug.synonyms:
        yield f"also known as: {', '.join((*drug.brands, *drug.synonyms))}"
    if drug.properties:
        # The properties the checker's rules read, each with its source.
        yield "properties: " + ", ".join(
            f"{name.replace('_', ' ')} [{source}]"
            for name, source in sorted(drug.properties.items())
        )
    for form in drug.forms:
        amounts = (
            f"{', '.join(_amount(s) for s in form.strengths_mg)} mg"
            if form.strengths_mg
            else form.concentration
        )
        scored = (
            f" (scored: {', '.join(_amount(s) for s in form.scored_mg)} mg)"
            if form.scored_mg
            else ""
        )
        # A product dosed apart from the drug's other forms.
        times = f", {_times(form.doses_per_day)}" if form.doses_per_day else ""
        yield f"{FORMS[form.form]}: {amounts}{scored}{times} [{form.source}]"
    if drug.start and drug.start.value is not None:
        note = f" ({drug.start.note})" if drug.start.note else ""
        yield f"start: {_amount(drug.start.value)} mg/day{note} [{drug.start.source}]"
    if drug.usual:
        yield f"usual: {drug.usual.text} [{drug.usual.source}]"
    for rule in (*filter(None, [drug.titration]), *drug.titrations_for):
        # A group's start is its schedule's first day when it has one.
        start = (
            f"start {_amount(rule.start_mg)} mg"
            if rule.start_mg is not None and not rule.schedule
            else ""
        )
        times = f"given {_times(rule.doses_per_day)}" if rule.doses_per_day else ""
        days = ", ".join(f"day {day}: {_amount(mg)} mg" for day, mg in rule.schedule)
        step = (
            f"{'then ' if days or start else ''}rises of {_amount(rule.step_mg)} mg no sooner "
            f"than every {safety.days(rule.every_days)}"
            if rule.step_mg is not None
            else ""
        )
        when = f" when {rule.when}" if rule.when else ""
        product = f" ({FORMS[rule.form]})" if rule.form else ""
        shape = "; ".join(filter(None, (start, days, step, times)))
        yield f"titration{when}{product}: {shape} [{rule.source}]"
    if by_weight := drug.titration_by_weight:
        note = f"; {by_weight.note}" if by_weight.note else ""
        yield (
            f"titration when {by_weight.when}, up to {_amount(by_weight.up_to_kg)} kg: about "
            f"{_amount(by_weight.start_mg_per_kg)} mg/kg/day, after at least "
            f"{by_weight.after_days} days about {_amount(by_weight.target_mg_per_kg)} "
            f"mg/kg/day{note} [{by_weight.source}]"
        )
    for limit in drug.limits:
        when = f" when {limit.when}" if limit.when else ""
        product = f" ({FORMS[limit.form]})" if limit.form else ""
        for amount, unit in ((limit.max_mg, "mg/day"), (limit.max_mg_per_kg, "mg/kg/day")):
            if amount is not None:
                note = f"; {limit.note}" if limit.note else ""
                yield f"maximum{when}{product}: {_amount(amount)} {unit}{note} [{limit.source}]"
        if limit.avoid:
            verdict = "contraindicated" if limit.contraindicated else "avoid"
            yield f"{verdict}{when}: {limit.avoid} [{limit.source}]"
        if limit.advice:
            yield f"advice{when}: {limit.advice}{_for_plans(drug, limit)} [{limit.source}]"
    for boxed in safety.boxed_warnings_of(drug):
        yield f"boxed warning: {boxed.text} [{boxed.source}]"
    young = drug.boxed_young
    if young and young.value is not None:
        yield f"boxed warning below age {_amount(young.value)}: {young.text} [{young.source}]"
    approved = drug.approved_from_age
    if approved and approved.value is not None:
        yield f"approved from age {_amount(approved.value)}: {approved.text} [{approved.source}]"
    youngest = drug.schedule_from_age
    if youngest and youngest.value is not None:
        yield (
            f"usual schedule from age {_amount(youngest.value)}: {youngest.text} "
            f"[{youngest.source}]"
        )
    over = drug.smoker_contraindicated_over
    if over and over.value is not None:
        yield f"contraindicated in smokers over {_amount(over.value)}: {over.text} [{over.source}]"
    # A label table's row lists several partners that share one effect: one line for them.
    rows: dict[tuple[str, str, str], list[str]] = {}
    for i in drug.interactions:
        rows.setdefault((i.severity, i.effect, i.source), []).append(i.with_property)
    for (severity, effect, source), partners in rows.items():
        effect = effect.removeprefix(f"with {drug.name} ")
        yield f"{severity} with {', '.join(partners)}: {effect} [{source}]"
    crosses: dict[tuple[str, str, str], list[str]] = {}
    for cross in drug.cross_sensitivity:
        key = (cross.severity, cross.note, cross.source)
        crosses.setdefault(key, []).append(cross.allergy_to)
    for (severity, note, source), allergies in crosses.items():
        verdict = severity if severity == "contraindicated" else f"{severity} cross-sensitivity"
        yield f"{verdict} after an allergy to {', '.join(allergies)}: {note} [{source}]"
    for warning in safety.diagnosis_warnings(drug):
        codes = ", ".join(warning.codes) + ("; current only" if warning.current_only else "")
        yield (
            f"{warning.verdict} with {warning.diagnosis} ({codes}): {warning.text} "
            f"[{warning.source}]"
        )
    facts = (
        ("pregnancy (contraindicated)", drug.pregnancy_contraindicated),
        ("pregnancy (boxed)", drug.pregnancy_boxed),
        ("pregnancy", drug.pregnancy),
        *(
            (f"pregnancy ({warning.where})", warning.fact)
            for warning in safety.class_pregnancy_warnings(drug)
        ),
        ("pregnancy (levels)", drug.pregnancy_levels),
        ("pregnancy", drug.pregnancy_note),
        ("women who may become pregnant", drug.childbearing_potential),
        ("women who may become pregnant", drug.childbearing_caution),
        ("breastfeeding", drug.lactation),
        *(
            (f"breastfeeding ({warning.where})", warning.fact)
            for warning in safety.class_lactation_warnings(drug)
        ),
        ("breastfeeding (another drug may be preferred)", drug.lactation_caution),
        ("breastfeeding", drug.lactation_note),
        ("half-life", drug.half_life),
        *(("monitoring", fact) for fact in plans.monitoring_of(drug)),
        ("stopping", plans.discontinuation_of(drug)),
    )
    for label, fact in facts:
        if fact is not None:
            advice = f" Advice: {fact.action}" if fact.action else ""
            yield f"{label}: {fact.text}{advice} [{fact.source}]"
    for _, words, fact in _thresholds(drug):
        if fact is not None:
            shown = "; ".join(
                filter(None, (_amount(fact.value) if fact.value else "", fact.text, fact.note))
            )
            yield f"{words}: {shown or 'yes'} [{fact.source}]"


def _for_plans(drug: Drug, limit: Limit) -> str:
    """What the advice does to a titration for such a patient, in words."""
    if limit.dose_factor is not None:
        return f" (titrate: {_amount(limit.dose_factor * 100)}% of every usual dose)"
    if limit.start_mg is not None:
        return f" (titrate: the start, {_amount(limit.start_mg)} mg/day, only)"
    if limit.keeps_schedule or not limit.when:
        return ""
    if any(own.when == limit.when for own in drug.titrations_for):
        return f" (titrate: the schedule when {limit.when})"
    return " (titrate: refused, plan by hand)"


def _times(doses_per_day: int) -> str:
    return "once a day" if doses_per_day == 1 else plans.TIMES_A_DAY[doses_per_day]


def _amount(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
