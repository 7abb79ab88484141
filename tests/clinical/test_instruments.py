"""Scoring against the instruments' manuals and papers, and against external FHIR examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poise.clinical.instruments import INSTRUMENTS, PHQ9, PHQ9_LOINC, ScoringError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fhir"


def score(instrument: str, *answers: object, sex: str | None = None):  # type: ignore[no-untyped-def]
    return INSTRUMENTS[instrument].score(list(answers), sex=sex)  # type: ignore[arg-type]


def phq9_with_total(total: int) -> list[int]:
    answers = [0] * 9
    for i in range(total):
        answers[i % 8] += 1  # items 1-8 only, so item 9 stays 0
    return answers


# Kroenke, Spitzer & Williams 2001: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately
# severe, 20-27 severe.
@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (24, "severe"),
    ],
)
def test_phq9_bands(total: int, band: str) -> None:
    result = PHQ9.score(phq9_with_total(total))
    assert (result.total, result.severity) == (total, band)
    assert result.positive is (total >= 10)  # Kroenke 2010: cut-point 10


def test_any_answer_above_0_on_phq9_item_9_raises_the_suicide_flag() -> None:
    assert score("phq9", 0, 0, 0, 0, 0, 0, 0, 0, 1).flags == ("suicidal-ideation",)
    assert score("phq9", 3, 3, 3, 3, 3, 3, 3, 3, 0).flags == ()


def test_the_us_core_phq9_example_scores_to_its_own_total() -> None:
    response = json.loads((FIXTURES / "QuestionnaireResponse-phq-9-example.json").read_text())
    by_code = {item["linkId"].strip("/"): item["answer"][0] for item in response["item"]}
    labels = {label: code for code, _, label in PHQ9.items[0].options}
    answers = [labels[by_code[code]["valueCoding"]["display"]] for code in PHQ9_LOINC]
    assert PHQ9.score(answers).total == by_code["44261-6"]["valueDecimal"]


def test_the_sdc_phq9_example_with_item_9_answered_is_flagged() -> None:
    response = json.loads(
        (FIXTURES / "questionnaireresponse-sdc-profile-example-PHQ9.json").read_text()
    )
    displays = [
        q["answer"][0]["valueCoding"]["display"]
        for q in response["item"][0]["item"]
        if q["linkId"].endswith(tuple(f"Q{n}" for n in range(1, 10)))
    ]
    labels = {label: code for code, _, label in PHQ9.items[0].options}
    result = PHQ9.score([labels[d] for d in displays])
    assert result.total == 10 and "suicidal-ideation" in result.flags


def test_an_incomplete_phq9_is_not_scored() -> None:
    result = score("phq9", 1, 1, 1, 1, None, 1, 1, 1, 0)
    assert result.total is None and result.severity is None and result.positive is None


def test_a_wrong_answer_names_the_item() -> None:
    with pytest.raises(ScoringError, match="item 3"):
        score("phq9", 0, 0, 4, 0, 0, 0, 0, 0, 0)
    with pytest.raises(ScoringError, match="9 items"):
        score("phq9", 0, 0)


# Spitzer 2006: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe; 10+ positive.
@pytest.mark.parametrize(
    ("answers", "band", "positive"),
    [
        ((1, 1, 1, 1, 0, 0, 0), "minimal", False),
        ((1, 1, 1, 1, 1, 0, 0), "mild", False),
        ((2, 2, 2, 2, 2, 0, 0), "moderate", True),
        ((3, 3, 3, 3, 3, 0, 0), "severe", True),
    ],
)
def test_gad7_bands(answers: tuple[int, ...], band: str, positive: bool) -> None:
    result = score("gad7", *answers)
    assert (result.severity, result.positive) == (band, positive)


@pytest.mark.parametrize("instrument", ["phq2", "gad2"])
def test_two_item_screens_are_positive_at_3(instrument: str) -> None:
    assert score(instrument, 1, 2).positive is True
    assert score(instrument, 1, 1).positive is False


# Columbia: yes to 4 or 5, or behaviour in the past 3 months, is high risk; any yes is flagged.
def test_cssrs_intent_is_high_risk() -> None:
    result = score("cssrs", "yes", "yes", "no", "yes", "no", "no", None)
    assert result.severity == "high risk" and "suicide-risk" in result.flags


def test_cssrs_behaviour_long_ago_is_flagged_but_not_high_risk() -> None:
    result = score("cssrs", "no", "no", None, None, None, "yes", "no")
    assert result.positive is True and result.severity is None
    assert result.flags == ("suicide-risk",)


def test_cssrs_all_no_is_negative_and_unflagged() -> None:
    result = score("cssrs", "no", "no", None, None, None, "no", None)
    assert (result.positive, result.flags) == (False, ())


def test_cssrs_skip_rules_are_enforced() -> None:
    with pytest.raises(ScoringError, match="only after a yes to item 2"):
        score("cssrs", "no", "no", "yes", None, None, "no", None)
    with pytest.raises(ScoringError, match="past 3 months"):
        score("cssrs", "no", "no", None, None, None, "yes", None)


# Hirschfeld 2000: 7+ of 13, several at once, moderate or serious problem.
@pytest.mark.parametrize(
    ("yes_count", "together", "problem", "positive"),
    [
        (7, "yes", "moderate", True),
        (13, "yes", "serious", True),
        (6, "yes", "serious", False),
        (9, "no", "serious", False),
        (9, "yes", "minor", False),
    ],
)
def test_mdq_positive_rule(yes_count: int, together: str, problem: str, positive: bool) -> None:
    symptoms = ["yes"] * yes_count + ["no"] * (13 - yes_count)
    assert score("mdq", *symptoms, together, problem).positive is positive


def test_asrs_counts_answers_in_the_shaded_boxes() -> None:
    # items 1-3 shaded from Sometimes (2); items 4-6 from Often (3)
    assert score("asrs", 2, 2, 2, 3, 0, 0).positive is True
    assert score("asrs", 2, 2, 2, 2, 2, 2).positive is False


def test_pcl5_cut_point_and_dsm5_clusters() -> None:
    result = score("pcl5", *([2] * 20))
    assert result.total == 40 and result.positive and "dsm5-provisional-ptsd" in result.flags
    no_avoidance = [3] * 5 + [0, 0] + [3] * 13
    assert "dsm5-provisional-ptsd" not in score("pcl5", *no_avoidance).flags


def test_auditc_cut_points_differ_by_sex() -> None:
    assert score("auditc", 1, 1, 1, sex="female").positive is True
    assert score("auditc", 1, 1, 1, sex="male").positive is False
    assert score("auditc", 1, 1, 1).positive is None


def test_wsas_without_work_scores_the_other_four_items() -> None:
    result = score("wsas", None, 5, 5, 5, 6)
    assert result.total == 21 and result.severity == "moderately severe or worse"
    assert score("wsas", 2, 2, 2, 2, 1).severity == "subclinical"


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (7, "no clinically significant insomnia"),
        (8, "subthreshold insomnia"),
        (15, "clinical insomnia (moderate severity)"),
        (22, "clinical insomnia (severe)"),
    ],
)
def test_isi_bands(total: int, band: str) -> None:
    answers = [0] * 7
    for i in range(total):
        answers[i % 7] += 1
    assert score("isi", *answers).severity == band


@given(data=st.data(), name=st.sampled_from(sorted(INSTRUMENTS)))
def test_every_complete_answer_set_scores_within_range(data: st.DataObject, name: str) -> None:
    instrument = INSTRUMENTS[name]
    answers = [
        data.draw(st.sampled_from([code for code, _, _ in item.options]))
        for item in instrument.items
    ]
    try:
        result = instrument.score(answers, sex=data.draw(st.sampled_from(["female", "male"])))
    except ScoringError:
        return  # a combination the instrument's skip rules forbid (C-SSRS)
    most = sum(max(score for _, score, _ in item.options) for item in instrument.items)
    assert result.total is not None and 0 <= result.total <= most


@given(
    a=st.lists(st.integers(0, 3), min_size=9, max_size=9),
    b=st.lists(st.integers(0, 3), min_size=9, max_size=9),
)
def test_phq9_severity_never_falls_as_the_total_rises(a: list[int], b: list[int]) -> None:
    bands = [band for _, band in PHQ9.bands]
    first, second = PHQ9.score(a), PHQ9.score(b)
    assert first.total is not None and second.total is not None
    if first.total <= second.total:
        assert bands.index(first.severity or "") <= bands.index(second.severity or "")


def test_the_confidence_item_is_a_plain_0_to_10_rating_without_cut_points() -> None:
    result = score("confidence", "7")
    assert (result.total, result.severity, result.positive, result.flags) == (7, None, None, ())


@pytest.mark.parametrize("key", ["se_ad", "se_ap"])
def test_side_effect_checklists_are_labelled_and_have_no_cut_points(key: str) -> None:
    instrument = INSTRUMENTS[key]
    assert "not a validated scale" in instrument.name
    result = instrument.score(["1"] + ["0"] * (len(instrument.items) - 1))
    assert (result.total, result.severity, result.positive) == (1, None, None)
