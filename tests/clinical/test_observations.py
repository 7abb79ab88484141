from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poise.clinical import observations


def test_bmi_is_weight_over_height_in_metres_squared() -> None:
    # 70 kg at 1.75 m: 70 / 3.0625 = 22.857... -> 22.9
    assert observations.bmi(weight_kg=Decimal(70), height_cm=Decimal(175)) == Decimal("22.9")


def test_bmi_refuses_a_zero_height() -> None:
    with pytest.raises(ValueError, match="positive"):
        observations.bmi(weight_kg=Decimal(70), height_cm=Decimal(0))


@given(
    weight=st.decimals(min_value=1, max_value=400, places=1),
    height=st.decimals(min_value=40, max_value=250, places=1),
    extra=st.decimals(min_value="0.5", max_value=50, places=1),
)
def test_bmi_rises_with_weight_and_falls_with_height(
    weight: Decimal, height: Decimal, extra: Decimal
) -> None:
    base = observations.bmi(weight_kg=weight, height_cm=height)
    assert observations.bmi(weight_kg=weight + extra, height_cm=height) >= base
    assert observations.bmi(weight_kg=weight, height_cm=height + extra) <= base


def test_every_kind_has_a_loinc_code_and_a_ucum_unit() -> None:
    assert len(observations.BY_LOINC) == len(observations.KINDS)
    for kind in observations.KINDS:
        assert kind.loinc.count("-") == 1, kind
        assert kind.unit, kind


def test_the_chart_records_the_labs_psychiatric_monitoring_needs() -> None:
    needed = {
        "lithium",
        "valproate",
        "carbamazepine",
        "anc",
        "wbc",
        "creatinine",
        "egfr",
        "tsh",
        "sodium",
        "alt",
        "ast",
        "glucose_fasting",
        "hba1c",
        "cholesterol_total",
        "hdl",
        "ldl",
        "triglycerides",
    }
    assert needed <= {kind.key for kind in observations.LABS}
    assert "qtc" in observations.BY_KEY


def test_a_weight_typed_in_pounds_as_kilograms_past_the_range_is_caught() -> None:
    assert observations.out_of_entry_range(key="weight", value=Decimal(450)) is not None
    assert observations.out_of_entry_range(key="weight", value=Decimal(82)) is None


def test_loinc_check_digits_are_valid() -> None:
    """LOINC codes end in a mod-10 check digit (LOINC Users' Guide, appendix on check digits)."""
    for kind in observations.KINDS:
        body, check = kind.loinc.split("-")
        assert int(check) == _loinc_check_digit(body), kind.loinc


def _loinc_check_digit(body: str) -> int:
    digits = [int(d) for d in body]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            doubled = digit * 2
            total += doubled // 10 + doubled % 10
        else:
            total += digit
    return (10 - total % 10) % 10


# CKD-EPI 2021 (race-free), as the NKF gives it. A published worked example: a 55-year-old
# woman with a creatinine of 0.9 mg/dL has an eGFR of about 76 (creatinineclearancecalculator
# .net, CKD-EPI 2021 equation explained, rounding the intermediate terms).
def test_egfr_ckd_epi_2021_matches_a_worked_example() -> None:
    egfr = observations.egfr_ckd_epi_2021(creatinine_mg_dl=Decimal("0.9"), age=55, sex="female")
    assert abs(egfr - 76) <= 1


@given(
    creatinine=st.decimals(min_value=Decimal("0.2"), max_value=Decimal("15"), places=2),
    age=st.integers(min_value=18, max_value=100),
    sex=st.sampled_from(["female", "male"]),
)
def test_egfr_falls_as_creatinine_or_age_rises(creatinine: Decimal, age: int, sex: str) -> None:
    egfr = observations.egfr_ckd_epi_2021(creatinine_mg_dl=creatinine, age=age, sex=sex)
    higher = observations.egfr_ckd_epi_2021(
        creatinine_mg_dl=creatinine + Decimal("0.1"), age=age, sex=sex
    )
    older = observations.egfr_ckd_epi_2021(creatinine_mg_dl=creatinine, age=age + 1, sex=sex)
    assert egfr > 0 and higher <= egfr and older <= egfr


def test_egfr_needs_an_adult_and_a_creatinine() -> None:
    with pytest.raises(ValueError):
        observations.egfr_ckd_epi_2021(creatinine_mg_dl=Decimal("1.0"), age=17, sex="male")
    with pytest.raises(ValueError):
        observations.egfr_ckd_epi_2021(creatinine_mg_dl=Decimal(0), age=40, sex="male")
