"""Input validation at the edge: each form says, field by field, what is wrong."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from poise.accounts.models import STAFF_ROLES, User
from poise.clinical import formulary, icd10cm, observations
from poise.patients.models import (
    STATUS_FIELDS,
    AllergyCategory,
    AllergyIntolerance,
    Condition,
    ConditionStatus,
    Patient,
    StatusAssessment,
)
from poise.patients.services import DEMOGRAPHIC_FIELDS, Measurement

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def not_in_future(value: date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError("This date is in the future.")


def keep_as_typed() -> forms.BooleanField:
    return forms.BooleanField(
        label="Keep the name as typed",
        required=False,
        help_text="For a name Poise questions as a likely misspelling, when it is right: "
        "Poise cannot check a name outside its formulary.",
    )


def question_near_miss(form: forms.BaseForm, field: str) -> None:
    """A name close to a known drug ("trazadone") is likely a misspelling, which the safety
    checker would silently pass over: ask, unless "Keep the name as typed" is ticked."""
    typed = form.cleaned_data.get(field, "")
    if form.cleaned_data.get("keep_as_typed") or not typed:
        return
    if meant := formulary.load().near_miss(typed):
        form.add_error(
            field,
            f"Poise's formulary has no “{typed}”. Did you mean {meant}? Correct the name, "
            "or tick “Keep the name as typed”.",
        )


class PatientForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Patient
        fields = ["mrn", *DEMOGRAPHIC_FIELDS]
        widgets = {"date_of_birth": DATE, "address": forms.Textarea(attrs={"rows": 2})}

    def clean_date_of_birth(self) -> date:
        value: date = self.cleaned_data["date_of_birth"]
        not_in_future(value)
        if value.year < 1900:
            raise forms.ValidationError("Check the year of birth.")
        return value

    def clean_mrn(self) -> str:
        mrn: str = self.cleaned_data["mrn"].strip()
        clinic_id: int = self.instance.clinic_id or self.initial["clinic_id"]
        taken = Patient.objects.filter(clinic_id=clinic_id, mrn=mrn).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Another patient in this clinic has this record number.")
        return mrn


class ConditionForm(forms.ModelForm):  # type: ignore[type-arg]
    # Longer than a code, so a name typed here gets one clear answer rather than two.
    icd10cm = forms.CharField(label="ICD-10-CM code", max_length=100)

    class Meta:
        model = Condition
        fields = ["icd10cm", "text", "onset_date", "clinical_status"]
        widgets = {"onset_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["text"].label = "Description"
        self.fields["text"].help_text = "Leave empty for the code's ICD-10-CM name."

    def clean_icd10cm(self) -> str:
        """The code as it is written (f331 -> F33.1), if ICD-10-CM has it."""
        typed = str(self.cleaned_data["icd10cm"]).strip()
        try:
            return icd10cm.code_from(typed)
        except icd10cm.CodeError as error:
            raise forms.ValidationError(
                f"“{typed}” is not an ICD-10-CM code: enter one such as F33.1, or find it by "
                "name above."
                if error.malformed
                else str(error)
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text", "").strip() and "icd10cm" in data:
            data["text"] = icd10cm.describe(data["icd10cm"]) or ""
        return data

    def clean_onset_date(self) -> date | None:
        value: date | None = self.cleaned_data.get("onset_date")
        if value:
            not_in_future(value)
        return value


class ConditionStatusForm(forms.Form):
    clinical_status = forms.ChoiceField(choices=ConditionStatus.choices, label="Status now")


class AllergyForm(forms.ModelForm):  # type: ignore[type-arg]
    keep_as_typed = keep_as_typed()

    class Meta:
        model = AllergyIntolerance
        fields = ["substance", "keep_as_typed", "category", "type", "reaction", "severity"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == AllergyCategory.MEDICATION:
            question_near_miss(self, "substance")
        data.pop("keep_as_typed", None)
        return data


class StatusForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StatusAssessment
        fields = ["assessed_on", *STATUS_FIELDS]
        widgets = {"assessed_on": DATE}
        help_texts = {
            "hepatic": "The Child-Pugh class, where liver disease is known.",
            "cyp2d6": "The phenotype a pharmacogenomic test reported.",
            "cyp2c19": "The phenotype a pharmacogenomic test reported.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()

    def clean_assessed_on(self) -> date:
        value: date = self.cleaned_data["assessed_on"]
        not_in_future(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(field) for field in STATUS_FIELDS):
            raise forms.ValidationError("Record at least one status.")
        return data


class MeasurementsForm(forms.Form):
    """One optional decimal field per kind; at least one must be filled in."""

    kinds: tuple[observations.ObservationKind, ...] = ()
    effective_at = forms.DateTimeField(label="Measured at", widget=DATETIME)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        for kind in self.kinds:
            low, high = kind.entry_range
            self.fields[kind.key] = forms.DecimalField(
                label=f"{kind.name} ({kind.unit_display})",
                required=False,
                min_value=low,
                max_value=high,
                decimal_places=kind.decimals,
            )

    def clean_effective_at(self) -> Any:
        value = self.cleaned_data["effective_at"]
        if value > timezone.now():
            raise forms.ValidationError("This time is in the future.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.measurements():
            raise forms.ValidationError("Enter at least one value.")
        pair = ("systolic_bp", "diastolic_bp")
        if any(k in self.fields for k in pair) and bool(data.get(pair[0])) != bool(
            data.get(pair[1])
        ):
            raise forms.ValidationError("Enter both the systolic and diastolic pressure.")
        return data

    def measurements(self) -> list[Measurement]:
        return [
            Measurement(kind.key, Decimal(self.cleaned_data[kind.key]))
            for kind in self.kinds
            if self.cleaned_data.get(kind.key) is not None
        ]


class VitalsForm(MeasurementsForm):
    kinds = tuple(k for k in observations.VITAL_SIGNS if k.key != "bmi")


class LabsForm(MeasurementsForm):
    kinds = observations.LABS


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class CareTeamForm(forms.Form):
    member = StaffChoiceField(queryset=User.objects.none(), label="Staff member")
    responsibility = forms.CharField(max_length=60, help_text="e.g. Prescriber, Therapist")

    def __init__(self, *args: Any, clinic_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ModelChoiceField)
        member.queryset = User.objects.filter(
            clinic_id=clinic_id, is_active=True, role__in=STAFF_ROLES
        ).order_by("last_name", "first_name")


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(max_length=300, help_text="Why this entry is wrong")
