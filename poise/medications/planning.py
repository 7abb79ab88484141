"""Titration, taper and switch plans for a patient on the chart: the clinical planners, given
what the chart holds (age, weight, kidneys, liver, genotype, the other medicines)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from poise.clinical import formulary, plans
from poise.clinical.formulary.model import Drug
from poise.medications.models import MedicationStatement
from poise.patients import selectors
from poise.patients.selectors import ChartSummary


@dataclass(frozen=True)
class Row:
    day: int
    on: date
    daily_dose_mg: Decimal
    how: str


@dataclass(frozen=True)
class Calendar:
    """One drug's steps, each with the date it starts."""

    title: str
    rows: list[Row]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Planned:
    title: str
    first_day: date
    calendars: list[Calendar]
    warnings: tuple[str, ...]  # about the plan as a whole (a switch's washout)
    sources: tuple[str, ...]

    def digest(self) -> str:
        """Names exactly this plan, so one shown earlier is shared only if it is still the
        plan the chart gives (a new lab or medicine since may change it)."""
        shown = [self.title, self.calendars_json(), self.warnings, self.sources]
        return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()

    def calendars_json(self) -> list[dict[str, Any]]:
        """The calendars as a shared plan keeps them (`SharedPlan.calendars`)."""
        return [
            {
                "title": c.title,
                "rows": [
                    {
                        "day": r.day,
                        "on": r.on.isoformat(),
                        "daily_dose_mg": str(r.daily_dose_mg),
                        "how": r.how,
                    }
                    for r in c.rows
                ],
                "warnings": list(c.warnings),
            }
            for c in self.calendars
        ]


class NotPlanned(Exception):
    """The planner's refusal, in the chart's words; `contraindicated` when the checker's."""

    def __init__(self, message: str, *, contraindicated: bool) -> None:
        super().__init__(message)
        self.contraindicated = contraindicated


# The planners word a missing fact as the command line asks for it; the chart asks for it so.
CHART_WORDS = {
    "give --target MG": "give a target",
    "give the weight (--weight KG)": "record the patient's weight on the chart",
    "--to must be below --from": "the target must be below the current daily dose",
}


def plan_for(data: dict[str, Any], summary: ChartSummary, today: date) -> Planned:
    """The plan the form asks for (`PlanForm.cleaned_data`), or NotPlanned saying why not."""
    course: MedicationStatement | None = data["course"]
    known = formulary.load()
    current = _drug_of(course, known) if course is not None else None
    taking = {m.drug for m in summary.medications if m.is_active}
    patient = selectors.patient_context(
        summary=summary,
        today=today,
        stopped=selectors.recently_stopped(summary=summary, today=today, taking=taking),
    )
    target, form, first = data["target_mg"], data["formulation"] or None, data["start_on"]
    try:
        # The other medicines taken throughout choose the new drug's schedule.
        planned = {d.name for d in (data["drug"], current) if d is not None}
        others = [known.find(name) for name in taking]
        with_drugs = [d for d in others if d is not None and d.name not in planned]
        if data["kind"] == "titrate":
            plan = plans.titration(
                drug=data["drug"],
                with_drugs=with_drugs,
                target_mg=target,
                formulary=known,
                patient=patient,
                form=form,
            )
            start = _calendar(plan, "Start", first)
            return Planned(start.title, first, [start], (), plan.sources)
        assert course is not None and current is not None
        from_mg, from_form = _current_dose(course, current)
        if data["kind"] == "taper":
            plan = plans.taper(
                drug=current,
                from_mg=from_mg,
                to_mg=target or Decimal(0),
                formulary=known,
                form=from_form,
            )
            taper = _calendar(plan, "Taper", first)
            return Planned(taper.title, first, [taper], (), plan.sources)
        switch = plans.switch(
            from_drug=current,
            from_mg=from_mg,
            to_drug=data["drug"],
            target_mg=target,
            formulary=known,
            from_form=from_form,
            patient=patient,
            to_form=form,
            with_drugs=with_drugs,
        )
    except plans.PlanError as refusal:
        message = str(refusal)
        for command_line, chart in CHART_WORDS.items():
            message = message.replace(command_line, chart)
        raise NotPlanned(
            message[:1].upper() + message[1:],
            contraindicated=isinstance(refusal, plans.Contraindicated),
        ) from refusal
    return Planned(
        f"Switch {switch.stop.drug} to {switch.start.drug}",
        first,
        [_calendar(switch.stop, "Stop", first), _calendar(switch.start, "Start", first)],
        switch.warnings,
        switch.sources,
    )


def _drug_of(course: MedicationStatement, known: formulary.Formulary) -> Drug:
    drug = known.find(course.drug)
    if drug is None:
        raise NotPlanned(
            f"{course.drug} is not in Poise's formulary, so Poise has no plan for it.",
            contraindicated=False,
        )
    return drug


def _current_dose(course: MedicationStatement, drug: Drug) -> tuple[Decimal, str | None]:
    """The course's daily dose now and its product, where it is one the formulary lists."""
    dose = course.current_dose
    assert dose is not None  # the form offers only courses with a dose
    forms = {f.form for f in drug.forms}
    return dose.daily_dose_mg, course.formulation if course.formulation in forms else None


def _calendar(plan: plans.Plan, verb: str, first: date) -> Calendar:
    return Calendar(
        title=f"{verb} {plan.drug}",
        rows=[
            Row(s.start_day, first + timedelta(days=s.start_day), s.daily_dose_mg, s.how)
            for s in plan.steps
        ],
        warnings=plan.warnings,
    )
