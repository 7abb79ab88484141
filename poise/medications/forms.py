"""Medication history forms."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from poise.clinical import formulary
from poise.medications.models import FORMULATIONS, rxnorm_validator
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
