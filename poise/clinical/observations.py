"""The vital signs and laboratory tests a psychiatric chart records, coded in LOINC with UCUM units.

Codes and units: LOINC (Regenstrief Institute, https://loinc.org/<code>); the vital-sign codes
are the ones the HL7 FHIR R4 vital-signs profiles require (hl7.org/fhir/R4/observation-vitalsigns).
`entry_range` is not a clinical cut-off: it bounds what can be typed, to catch slips such as a
weight in pounds entered as kilograms or a misplaced decimal point, and is wide on purpose.
Reference ranges and alert thresholds belong to the safety rules, each with its own source.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Category(StrEnum):
    """FHIR observation-category codes."""

    VITAL_SIGNS = "vital-signs"
    LABORATORY = "laboratory"


@dataclass(frozen=True, slots=True)
class ObservationKind:
    key: str
    loinc: str
    name: str
    unit: str  # UCUM
    category: Category
    entry_range: tuple[Decimal, Decimal]
    decimals: int = 1

    @property
    def unit_display(self) -> str:
        """The unit as people write it; `unit` stays the UCUM code for data exchange."""
        return UCUM_DISPLAY.get(self.unit, self.unit)


def _kind(
    key: str,
    loinc: str,
    name: str,
    unit: str,
    category: Category,
    low: str,
    high: str,
    decimals: int = 1,
) -> ObservationKind:
    return ObservationKind(
        key, loinc, name, unit, category, (Decimal(low), Decimal(high)), decimals
    )


UCUM_DISPLAY = {
    "kg/m2": "kg/m²",
    "mm[Hg]": "mmHg",
    "/min": "beats/min",
    "10*3/uL": "×10³/µL",  # noqa: RUF001  (the multiplication sign is meant)
    "ug/mL": "µg/mL",
    "mL/min/{1.73_m2}": "mL/min/1.73 m²",
    "m[IU]/L": "mIU/L",
}

V, L = Category.VITAL_SIGNS, Category.LABORATORY
KINDS: tuple[ObservationKind, ...] = (
    _kind("weight", "29463-7", "Body weight", "kg", V, "1", "400"),
    _kind("height", "8302-2", "Body height", "cm", V, "40", "250"),
    _kind("bmi", "39156-5", "Body mass index", "kg/m2", V, "5", "150"),
    _kind("systolic_bp", "8480-6", "Systolic blood pressure", "mm[Hg]", V, "40", "300", 0),
    _kind("diastolic_bp", "8462-4", "Diastolic blood pressure", "mm[Hg]", V, "20", "200", 0),
    _kind("heart_rate", "8867-4", "Heart rate", "/min", V, "20", "250", 0),
    _kind("qtc", "8636-3", "QTc interval", "ms", V, "250", "750", 0),
    _kind("lithium", "14334-7", "Lithium [serum]", "mmol/L", L, "0", "10", 2),
    _kind("valproate", "4086-5", "Valproate [serum]", "ug/mL", L, "0", "500"),
    _kind("carbamazepine", "3432-2", "Carbamazepine [serum]", "ug/mL", L, "0", "50"),
    _kind("anc", "751-8", "Neutrophils (ANC)", "10*3/uL", L, "0", "100", 2),
    _kind("wbc", "6690-2", "Leukocytes (WBC)", "10*3/uL", L, "0", "500", 2),
    _kind("creatinine", "2160-0", "Creatinine [serum]", "mg/dL", L, "0", "30", 2),
    _kind("egfr", "98979-8", "eGFR (CKD-EPI 2021)", "mL/min/{1.73_m2}", L, "0", "200", 0),
    _kind("tsh", "3016-3", "TSH", "m[IU]/L", L, "0", "500", 2),
    _kind("sodium", "2951-2", "Sodium [serum]", "mmol/L", L, "80", "200", 0),
    _kind("potassium", "2823-3", "Potassium [serum]", "mmol/L", L, "1", "10"),
    _kind("magnesium", "19123-9", "Magnesium [serum]", "mg/dL", L, "0", "20", 2),
    _kind("alt", "1742-6", "ALT", "U/L", L, "0", "10000", 0),
    _kind("ast", "1920-8", "AST", "U/L", L, "0", "10000", 0),
    _kind("glucose_fasting", "1558-6", "Glucose, fasting", "mg/dL", L, "10", "2000", 0),
    _kind("hba1c", "4548-4", "Hemoglobin A1c", "%", L, "2", "25"),
    _kind("cholesterol_total", "2093-3", "Cholesterol, total", "mg/dL", L, "20", "2000", 0),
    _kind("hdl", "2085-9", "HDL cholesterol", "mg/dL", L, "1", "500", 0),
    _kind("ldl", "13457-7", "LDL cholesterol (calculated)", "mg/dL", L, "1", "1500", 0),
    _kind("triglycerides", "2571-8", "Triglycerides", "mg/dL", L, "1", "10000", 0),
)
BY_KEY = {kind.key: kind for kind in KINDS}
BY_LOINC = {kind.loinc: kind for kind in KINDS}
VITAL_SIGNS = tuple(kind for kind in KINDS if kind.category is Category.VITAL_SIGNS)
LABS = tuple(kind for kind in KINDS if kind.category is Category.LABORATORY)


def bmi(*, weight_kg: Decimal, height_cm: Decimal) -> Decimal:
    """Body mass index, kg/m², to one decimal (weight divided by the square of height in metres)."""
    if weight_kg <= 0 or height_cm <= 0:
        raise ValueError("weight and height must be positive")
    height_m = height_cm / 100
    return (weight_kg / (height_m * height_m)).quantize(Decimal("0.1"))


# CKD-EPI 2021 creatinine equation without race (Inker et al., N Engl J Med 2021;385:1737-49;
# as the National Kidney Foundation and NIDDK give it, for adults): kappa, alpha and the
# female factor, by sex.
CKD_EPI_2021 = {"female": (Decimal("0.7"), -0.241, 1.012), "male": (Decimal("0.9"), -0.302, 1.0)}


def egfr_ckd_epi_2021(*, creatinine_mg_dl: Decimal, age: int, sex: str) -> Decimal:
    """eGFR in mL/min/1.73 m2, to the nearest whole number: 142 x min(Scr/kappa, 1)^alpha x
    max(Scr/kappa, 1)^-1.200 x 0.9938^age (x 1.012 for a woman), Scr the standardised serum
    creatinine in mg/dL."""
    if creatinine_mg_dl <= 0 or age < 18:
        raise ValueError("CKD-EPI 2021 needs a positive creatinine and an adult age")
    kappa, alpha, female_factor = CKD_EPI_2021[sex]
    ratio = float(creatinine_mg_dl / kappa)
    egfr = 142 * min(ratio, 1) ** alpha * max(ratio, 1) ** -1.200 * 0.9938**age * female_factor
    return Decimal(round(egfr))


def out_of_entry_range(*, key: str, value: Decimal) -> str | None:
    """Why a typed value cannot be right, or None when it is plausible."""
    kind = BY_KEY[key]
    low, high = kind.entry_range
    if low <= value <= high:
        return None
    return f"{kind.name} must be between {low} and {high} {kind.unit_display}."
