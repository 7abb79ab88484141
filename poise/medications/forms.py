"""Medication history forms."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from poise.clinical import formulary
from poise.clinical.formulary.model import Drug
from poise.medications.models import FORMULATIONS, MedicationStatement, rxnorm_validator
from poise.patients.forms import DATE, keep_as_typed, not_in_future, question_near_miss

DOSE = {"min_value": Decimal("0.001"), "max_digits": 9, "decimal_places": 3}
TIMES_PER_DAY = {"min_value": 1, "max_value": 24}


class DoseFields(forms.Form):
    dose_mg = forms.DecimalField(label="Dose (mg)", **DOSE)  # type: ignore[arg-type]
    times_per_day = forms.IntegerField(label="Times a day", initial=1, **TIMES_PER_DAY)  # type: ignore[arg-type]
    as_needed = forms.BooleanField(label="Only as needed", required=False)
    instructions = forms.CharField(max_length=200, required=False, help_text="e.g. at bedtime")


class MedicationStartForm(DoseFields):
    drug = forms.CharField(max_length=80, help_text="Generic name, e.g. sertraline")
    keep_as_typed = keep_as_typed()
    rxnorm = forms.CharField(
        label="RxNorm code", max_length=10, required=False, validators=[rxnorm_validator]
    )
    formulation = forms.ChoiceField(choices=FORMULATIONS)
    indication = forms.CharField(max_length=200, required=False)
    started_on = forms.DateField(widget=DATE, initial=timezone.localdate)

    field_order = ["drug", "keep_as_typed", "rxnorm", "formulation", "indication", "started_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drug"].widget.attrs["list"] = "formulary-drugs"

    def clean_drug(self) -> str:
        """A name the formulary knows (generic, brand or synonym) becomes its generic name;
        anything else is kept as typed, since a history also holds non-psychiatric drugs."""
        typed = str(self.cleaned_data["drug"]).strip()
        known = formulary.load().find(typed)
        return known.name if known else typed.lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        question_near_miss(self, "drug")
        known = formulary.load().find(data.get("drug", ""))
        if known and known.rxnorm:
            if data.get("rxnorm") and data["rxnorm"] != known.rxnorm:
                self.add_error(
                    "rxnorm", f"The RxNorm ingredient code of {known.name} is {known.rxnorm}."
                )
            data["rxnorm"] = known.rxnorm
        return data

    def clean_started_on(self) -> date:
        value: date = self.cleaned_data["started_on"]
        not_in_future(value)
        return value


class DoseChangeForm(DoseFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    effective_on = forms.DateField(label="From", widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(max_length=200, help_text="e.g. partial response, side effects")

    field_order = ["effective_on", "dose_mg", "times_per_day", "as_needed"]


class StopForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    stopped_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(max_length=200)

    def clean_stopped_on(self) -> date:
        value: date = self.cleaned_data["stopped_on"]
        not_in_future(value)
        return value


@functools.cache
def drug_forms() -> dict[str, list[str]]:
    """Each name the formulary knows (normalised as `formulary.normalise` does) and the forms
    its drug comes in, for the form's script to offer those first."""
    known = formulary.load()
    return {
        name: [form.form for form in known.drugs[drug].forms]
        for name, drug in known.index.items()
        if known.drugs[drug].forms
    }


def form_values(form: forms.Form, *names: str) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in names}


PLAN_KINDS = [
    ("titrate", "Start a new medicine"),
    ("taper", "Taper a current medicine"),
    ("switch", "Switch a current medicine to a new one"),
]
# A plan's first day is a date near today: a slip of a year is a typo, not a plan.
PLAN_START_WINDOW_DAYS = 366


class PlanForm(forms.Form):
    """What to plan for this patient. The planners read the rest (age, weight, kidneys, liver,
    genotype, the other medicines) from the chart; `current` lists the active medicines."""

    kind = forms.ChoiceField(
        label="Plan", choices=PLAN_KINDS, initial="titrate", widget=forms.RadioSelect
    )
    current = forms.ChoiceField(
        label="Current medicine", required=False, help_text="For a taper or a switch."
    )
    drug = forms.CharField(
        label="New medicine",
        max_length=80,
        required=False,
        help_text="For a start or a switch: generic or brand name, e.g. sertraline.",
    )
    formulation = forms.ChoiceField(
        label="Product",
        required=False,
        choices=[("", "The label's usual product"), *FORMULATIONS],
        help_text="Keeps every step of the new medicine in this product.",
    )
    target_mg = forms.DecimalField(
        label="Target (mg/day)",
        required=False,
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=3,
        help_text="For a start or a switch, the daily dose to reach; for a taper, the daily "
        "dose to end at (empty or 0 stops the medicine).",
    )
    start_on = forms.DateField(
        label="First day", widget=DATE, required=False, help_text="Today if left empty."
    )

    def __init__(self, *args: Any, current: Sequence[MedicationStatement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.courses = {str(course.public_id): course for course in current}
        field = self.fields["current"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((key, course_label(c)) for key, c in self.courses.items())]
        self.fields["drug"].widget.attrs["list"] = "formulary-drugs"

    def clean_drug(self) -> Drug | None:
        typed = str(self.cleaned_data["drug"]).strip()
        if not typed:
            return None
        known = formulary.load()
        drug = known.find(typed)
        if drug is None:
            closest = known.closest(typed)
            hint = f" Closest known: {', '.join(closest)}." if closest else ""
            raise forms.ValidationError(f"{typed!r} is not in Poise's formulary.{hint}")
        return drug

    def clean_start_on(self) -> date:
        value: date = self.cleaned_data["start_on"] or timezone.localdate()
        if abs((value - timezone.localdate()).days) > PLAN_START_WINDOW_DAYS:
            raise forms.ValidationError("Give a first day within a year of today.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        course = self.courses.get(data.get("current") or "")
        if kind in ("taper", "switch") and course is None:
            self.add_error("current", f"Choose the current medicine to {kind}.")
        if kind in ("titrate", "switch") and not data.get("drug") and "drug" not in self.errors:
            self.add_error("drug", "Name the new medicine.")
        drug = data.get("drug")
        if kind in ("titrate", "switch") and drug is not None:
            known = formulary.load()
            taken = [c for c in self.courses.values() if known.find(c.drug) is drug]
            if taken:
                self.add_error(
                    "drug",
                    f"{course_label(taken[0])} is already on the chart: plan a taper, or "
                    "change its dose on the chart.",
                )
        data["course"] = course
        return data


def course_label(course: MedicationStatement) -> str:
    dose = course.current_dose
    daily = f" {dose.daily_dose_mg.normalize():f} mg/day" if dose else ""
    return f"{course.drug}{daily} ({course.get_formulation_display().lower()})"


class ShareForm(forms.Form):
    """Sharing the plan shown: `digest` names it (`Planned.digest`), `idempotency_key` makes a
    second press of the button share it once."""

    note = forms.CharField(
        label="Note to the patient",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown with the plan in the patient's portal, e.g. call us if you feel worse.",
    )
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)


class PlanEndForm(forms.Form):
    ended_on = forms.DateField(label="Ends on", widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(max_length=200, help_text="e.g. replaced by a new plan, stopped early")

    def clean_ended_on(self) -> date:
        value: date = self.cleaned_data["ended_on"]
        not_in_future(value)
        return value
