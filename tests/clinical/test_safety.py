"""The safety checker against the labels and guidelines it encodes, positives and negatives."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poise.clinical import formulary, safety
from poise.clinical.safety import Kind, Severity

FORMULARY = formulary.load()


def item(name: str, mg: float | None = None, form: str | None = None) -> safety.Item:
    drug = FORMULARY.find(name)
    assert drug is not None, name
    return safety.Item(drug, form, None if mg is None else Decimal(str(mg)))


def findings(*items: safety.Item, **patient: object) -> list[safety.Finding]:
    return safety.check(regimen=items, patient=safety.Patient(**patient), formulary=FORMULARY)  # type: ignore[arg-type]


def one(found: list[safety.Finding]) -> safety.Finding:
    assert len(found) == 1, [f.summary for f in found]
    return found[0]


# Citalopram: FDA Drug Safety Communication (Aug 2011, rev. 2012): at most 40 mg/day; 20 mg/day
# over 60, in hepatic impairment, in CYP2C19 poor metabolisers, and with cimetidine.
def test_citalopram_above_40_mg_is_flagged() -> None:
    finding = one(findings(item("citalopram", 60), age=45))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.DOSE)
    assert "maximum of 40 mg/day" in finding.summary


def test_citalopram_40_mg_in_a_45_year_old_is_fine() -> None:
    assert findings(item("citalopram", 40), age=45) == []


@pytest.mark.parametrize(
    ("patient", "extra"),
    [
        ({"age": 61}, ()),
        ({"child_pugh": "A"}, ()),
        ({"cyp2c19": "poor"}, ()),
        ({}, ("cimetidine",)),
    ],
)
def test_citalopram_is_capped_at_20_mg_when_exposure_is_higher(
    patient: dict[str, object], extra: tuple[str, ...]
) -> None:
    found = findings(item("citalopram", 30), *(item(e) for e in extra), **patient)
    assert "maximum of 20 mg/day" in one(found).summary


def test_escitalopram_is_capped_at_10_mg_in_older_adults() -> None:
    assert "maximum of 10 mg/day" in one(findings(item("escitalopram", 20), age=70)).summary
    assert findings(item("escitalopram", 10), age=70) == []


# Serotonin syndrome and MAOIs: PROZAC PI 4.1 and 5.2.
@pytest.mark.parametrize("maoi", ["phenelzine", "tranylcypromine", "linezolid", "methylene blue"])
@pytest.mark.parametrize("other", ["sertraline", "venlafaxine", "tramadol", "st john's wort"])
def test_an_maoi_with_a_serotonergic_drug_is_contraindicated(maoi: str, other: str) -> None:
    finding = one(findings(item(maoi), item(other)))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.INTERACTION)
    assert "serotonin syndrome" in finding.summary


def test_fluoxetine_needs_five_weeks_before_an_maoi() -> None:
    fluoxetine = FORMULARY.find("fluoxetine")
    assert fluoxetine is not None
    early = findings(item("phenelzine"), stopped_days_ago=((fluoxetine, 14),))
    assert "washout is 35 days" in one(early).summary
    assert findings(item("phenelzine"), stopped_days_ago=((fluoxetine, 36),)) == []


def test_a_serotonergic_drug_waits_two_weeks_after_an_maoi() -> None:
    phenelzine = FORMULARY.find("phenelzine")
    assert phenelzine is not None
    assert one(findings(item("sertraline", 50), stopped_days_ago=((phenelzine, 10),)))
    assert findings(item("sertraline", 50), stopped_days_ago=((phenelzine, 15),)) == []


def test_two_serotonergic_drugs_are_a_moderate_interaction() -> None:
    finding = one(findings(item("sertraline", 100), item("tramadol")))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)


# Benzodiazepine class boxed warning (FDA 2020): concomitant opioids.
def test_a_benzodiazepine_with_an_opioid_is_major() -> None:
    finding = one(findings(item("lorazepam", 2), item("oxycodone")))
    assert finding.severity is Severity.MAJOR and finding.drugs == ("lorazepam", "oxycodone")


# LATUDA PI section 4: contraindicated with strong CYP3A4 inhibitors and inducers.
@pytest.mark.parametrize("partner", ["ketoconazole", "clarithromycin", "ritonavir", "rifampin"])
def test_lurasidone_with_a_strong_cyp3a4_modulator_is_contraindicated(partner: str) -> None:
    assert one(findings(item("lurasidone", 40), item(partner))).severity is Severity.CONTRAINDICATED


def test_lurasidone_renal_and_hepatic_caps() -> None:
    assert "maximum of 80" in one(findings(item("lurasidone", 120), egfr=Decimal(40))).summary
    assert "maximum of 40" in one(findings(item("lurasidone", 80), child_pugh="C")).summary


# Vortioxetine: 10 mg/day in CYP2D6 poor metabolisers; halve with a strong CYP2D6 inhibitor.
# Strong CYP2D6 inhibitors per the FDA table: bupropion, fluoxetine, paroxetine.
@pytest.mark.parametrize("inhibitor", ["bupropion", "fluoxetine", "paroxetine"])
def test_vortioxetine_is_capped_with_a_strong_cyp2d6_inhibitor(inhibitor: str) -> None:
    found = [f for f in findings(item("vortioxetine", 20), item(inhibitor)) if f.kind is Kind.DOSE]
    assert "maximum of 10 mg/day" in one(found).summary


def test_vortioxetine_in_a_poor_metaboliser() -> None:
    assert one(findings(item("vortioxetine", 15), cyp2d6="poor")).kind is Kind.DOSE
    assert findings(item("vortioxetine", 15), cyp2d6="normal") == []


def test_atomoxetine_with_paroxetine_gets_the_slower_start() -> None:
    found = [
        f for f in findings(item("atomoxetine", 40), item("paroxetine")) if f.kind is Kind.DOSE
    ]
    assert "only if symptoms fail to improve after 4 weeks" in one(found).action


def test_duloxetine_is_not_for_severe_renal_impairment() -> None:
    assert one(findings(item("duloxetine", 60), egfr=Decimal(25))).kind is Kind.POPULATION
    assert findings(item("duloxetine", 60), egfr=Decimal(45)) == []


def test_valproate_in_pregnancy_carries_the_fetal_risk_warning() -> None:
    finding = one(findings(item("valproate", 1000), pregnant=True))
    assert finding.severity is Severity.MAJOR and "neural tube" in finding.rationale
    assert findings(item("valproate", 1000)) == []


def test_antidepressants_in_young_adults_carry_the_suicidality_warning() -> None:
    assert one(findings(item("sertraline", 50), age=19)).kind is Kind.POPULATION
    assert findings(item("sertraline", 50), age=25) == []


def test_a_recorded_allergy_under_a_brand_name_is_caught() -> None:
    finding = one(findings(item("sertraline", 50), allergies=("Zoloft",)))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.ALLERGY)


def test_citalopram_with_a_qtc_over_500_ms() -> None:
    assert one(findings(item("citalopram", 20), qtc_ms=Decimal(520))).kind is Kind.LAB
    assert findings(item("citalopram", 20), qtc_ms=Decimal(480)) == []


def test_clozapine_with_a_low_anc() -> None:
    assert one(findings(item("clozapine", 200), labs={"anc": Decimal("1.2")})).kind is Kind.LAB
    assert findings(item("clozapine", 200), labs={"anc": Decimal("2.4")}) == []


def test_lithium_level_above_the_labelled_range() -> None:
    assert one(findings(item("lithium", 900), labs={"lithium": Decimal("1.8")})).kind is Kind.LAB
    assert findings(item("lithium", 900), labs={"lithium": Decimal("0.8")}) == []


def test_carbamazepine_in_an_hla_b1502_carrier() -> None:
    assert "Stevens-Johnson" in one(findings(item("carbamazepine", 400), hla_b1502=True)).summary


@pytest.mark.parametrize(
    "pair",
    [
        ("sertraline", "mirtazapine"),
        ("aripiprazole", "lorazepam"),
        ("bupropion", "sertraline"),
        ("lamotrigine", "escitalopram"),
        ("lurasidone", "sertraline"),
        ("clozapine", "lorazepam"),
    ],
)
def test_pairs_without_a_clinically_significant_interaction_get_no_finding(
    pair: tuple[str, str],
) -> None:
    assert findings(item(pair[0]), item(pair[1])) == []


def test_findings_come_most_severe_first() -> None:
    found = findings(item("phenelzine"), item("sertraline", 300), item("tramadol"), age=20)
    ranks = [f.severity.rank for f in found]
    assert ranks == sorted(ranks) and found[0].severity is Severity.CONTRAINDICATED


def test_every_finding_names_a_source_in_the_registry() -> None:
    found = findings(
        item("phenelzine"),
        item("citalopram", 60),
        item("lorazepam"),
        item("oxycodone"),
        item("valproate"),
        pregnant=True,
        age=20,
        allergies=("valproate",),
    )
    assert found and all(f.sources and set(f.sources) <= set(FORMULARY.sources) for f in found)


NAMES = sorted(FORMULARY.drugs)
regimens = st.lists(st.sampled_from(NAMES), min_size=2, max_size=6, unique=True)


@settings(max_examples=150, deadline=None)
@given(names=regimens, data=st.data())
def test_findings_do_not_depend_on_the_order_of_the_regimen(
    names: list[str], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(names))
    assert findings(*(item(n) for n in names)) == findings(*(item(n) for n in shuffled))


@settings(max_examples=150, deadline=None)
@given(names=regimens, extra=st.sampled_from(NAMES))
def test_adding_a_drug_never_removes_an_interaction_between_the_others(
    names: list[str], extra: str
) -> None:
    before = {f for f in findings(*(item(n) for n in names)) if f.kind is Kind.INTERACTION}
    after = set(findings(*(item(n) for n in [*names, extra])))
    assert before <= after


# Lithium: ACE inhibitors, ARBs, thiazides and NSAIDs raise the level (Australian Prescriber;
# bpac NZ 2007).
@pytest.mark.parametrize("partner", ["ibuprofen", "naproxen", "lisinopril", "losartan", "hctz"])
def test_drugs_that_raise_the_lithium_level_are_a_major_interaction(partner: str) -> None:
    finding = one(findings(item("lithium", 900), item(partner)))
    assert finding.severity is Severity.MAJOR and "lithium level" in finding.summary


def test_antiplatelets_do_not_raise_the_lithium_level() -> None:
    assert findings(item("lithium", 900), item("aspirin")) == []
    assert findings(item("lithium", 900), item("clopidogrel")) == []


# SSRIs and venlafaxine with anticoagulants, antiplatelets and NSAIDs (Medsafe 2011; ASCP).
@pytest.mark.parametrize("partner", ["warfarin", "apixaban", "aspirin", "clopidogrel", "naproxen"])
def test_an_ssri_with_a_bleeding_risk_drug_is_a_moderate_interaction(partner: str) -> None:
    finding = one(findings(item("sertraline", 50), item(partner)))
    assert finding.severity is Severity.MODERATE and "bleeding" in finding.summary


def test_bupropion_and_mirtazapine_carry_no_bleeding_interaction() -> None:
    assert findings(item("bupropion", 300), item("warfarin")) == []
    assert findings(item("mirtazapine", 15), item("warfarin")) == []


# CLOZARIL PI co-medication table (CNS Drugs 2022 Table 1).
@pytest.mark.parametrize("inhibitor", ["fluvoxamine", "ciprofloxacin"])
def test_clozapine_with_a_strong_cyp1a2_inhibitor_needs_a_third_of_the_dose(inhibitor: str) -> None:
    found = [
        f for f in findings(item("clozapine", 300), item(inhibitor)) if f.kind is Kind.INTERACTION
    ]
    assert "one-third" in one(found).action


@pytest.mark.parametrize("inducer", ["carbamazepine", "phenytoin", "rifampin", "st john's wort"])
def test_clozapine_with_a_strong_cyp3a4_inducer_is_not_recommended(inducer: str) -> None:
    found = [
        f for f in findings(item("clozapine", 300), item(inducer)) if f.kind is Kind.INTERACTION
    ]
    assert "not recommended" in one(found).action


def test_smoking_on_clozapine_is_flagged_and_not_smoking_is_not() -> None:
    assert "stop smoking" in one(findings(item("clozapine", 300), smoker=True)).summary
    assert findings(item("clozapine", 300), smoker=False) == []
    assert findings(item("sertraline", 50), smoker=True) == []


def test_lamotrigine_with_rifampin_uses_the_inducer_arm() -> None:
    from poise.clinical import plans

    rifampin, lamotrigine = FORMULARY.find("rifampin"), FORMULARY.find("lamotrigine")
    assert rifampin and lamotrigine
    plan = plans.titration(
        drug=lamotrigine, with_drugs=[rifampin], target_mg=None, formulary=FORMULARY
    )
    assert plan.steps[-1].daily_dose_mg == 400


# GEODON PI 4: contraindicated with drugs that prolong the QT interval; citalopram (FDA 2011)
# is not recommended with them; methadone carries a boxed QT warning.
@pytest.mark.parametrize(
    "partner", ["citalopram", "methadone", "thioridazine", "sotalol", "moxifloxacin"]
)
def test_ziprasidone_with_a_qt_prolonging_drug_is_contraindicated(partner: str) -> None:
    finding = one(
        [
            f
            for f in findings(item("ziprasidone", 80), item(partner))
            if f.mechanism == "qt prolonging"
        ]
    )
    assert finding.severity is Severity.CONTRAINDICATED


def test_both_labels_warning_of_one_risk_give_one_finding() -> None:
    qt = [
        f
        for f in findings(item("ziprasidone", 80), item("citalopram", 20))
        if f.mechanism == "qt prolonging"
    ]
    assert len(qt) == 1 and qt[0].severity is Severity.CONTRAINDICATED


def test_citalopram_with_methadone_is_a_major_qt_interaction() -> None:
    finding = one(findings(item("citalopram", 20), item("methadone")))
    assert finding.severity is Severity.MAJOR and "QT" in finding.summary


@pytest.mark.parametrize("drug", ["pimozide", "thioridazine"])
def test_fluoxetine_with_pimozide_or_thioridazine_is_contraindicated(drug: str) -> None:
    named = [
        f for f in findings(item("fluoxetine", 20), item(drug)) if f.mechanism == "label-named pair"
    ]
    assert one(named).severity is Severity.CONTRAINDICATED


def test_sertraline_carries_no_qt_interaction_with_methadone() -> None:
    assert findings(item("sertraline", 50), item("methadone")) == []


# AGS Beers Criteria 2023, Table 2.
@pytest.mark.parametrize(
    "drug", ["lorazepam", "alprazolam", "zolpidem", "paroxetine", "amitriptyline"]
)
def test_beers_drugs_in_older_adults_are_flagged(drug: str) -> None:
    found = [f for f in findings(item(drug), age=70) if f.kind is Kind.POPULATION]
    assert one(found).severity is Severity.MODERATE and "Beers" in one(found).summary


def test_beers_flags_neither_younger_adults_nor_other_drugs() -> None:
    assert findings(item("lorazepam"), age=64) == []
    assert findings(item("sertraline", 50), age=80) == []


# Fluvoxamine / LUVOX CR PI: contraindications and label dose rules.
@pytest.mark.parametrize(
    ("partner", "severity"),
    [
        ("tizanidine", Severity.CONTRAINDICATED),
        ("ramelteon", Severity.CONTRAINDICATED),
        ("thioridazine", Severity.CONTRAINDICATED),
        ("theophylline", Severity.MAJOR),
    ],
)
def test_fluvoxamine_label_interactions(partner: str, severity: Severity) -> None:
    named = [
        f
        for f in findings(item("fluvoxamine", 100), item(partner))
        if f.mechanism == "label-named pair"
    ]
    assert one(named).severity is severity


def test_tizanidine_with_sertraline_has_no_finding() -> None:
    assert findings(item("sertraline", 50), item("tizanidine")) == []


# NARDIL PI contraindications; Stockley (MAOIs and nasal decongestants).
@pytest.mark.parametrize(
    "partner",
    ["methylphenidate", "lisdexamfetamine", "pseudoephedrine", "meperidine", "dextromethorphan"],
)
def test_phenelzine_contraindications(partner: str) -> None:
    found = [
        f
        for f in findings(item("phenelzine"), item(partner))
        if f.severity is Severity.CONTRAINDICATED
    ]
    assert found


def test_pseudoephedrine_with_sertraline_has_no_finding() -> None:
    assert findings(item("sertraline", 50), item("pseudoephedrine")) == []


# FDA Drug Safety Communication, December 2019.
@pytest.mark.parametrize("gabapentinoid", ["gabapentin", "pregabalin"])
def test_a_gabapentinoid_with_an_opioid_is_a_major_interaction(gabapentinoid: str) -> None:
    finding = one(findings(item(gabapentinoid), item("oxycodone")))
    assert finding.severity is Severity.MAJOR and "respiratory" in finding.rationale


def test_a_gabapentinoid_with_sertraline_has_no_finding() -> None:
    assert findings(item("gabapentin"), item("sertraline", 50)) == []


# Organ-function rules quoted from the labels by secondary summaries (brief tier S).
def test_lisdexamfetamine_is_capped_in_severe_renal_impairment() -> None:
    assert "maximum of 50" in one(findings(item("lisdexamfetamine", 70), egfr=Decimal(20))).summary
    assert "maximum of 30" in one(findings(item("lisdexamfetamine", 70), egfr=Decimal(10))).summary
    assert findings(item("lisdexamfetamine", 70), egfr=Decimal(60)) == []


@pytest.mark.parametrize("drug", ["atomoxetine", "bupropion"])
def test_hepatic_impairment_changes_the_dosing(drug: str) -> None:
    found = [f for f in findings(item(drug, 80), child_pugh="B") if f.kind is Kind.DOSE]
    assert "hepatic" in one(found).action.lower()
    assert [f for f in findings(item(drug, 80), child_pugh="A") if f.kind is Kind.DOSE] == []


def test_lithium_is_avoided_in_severe_renal_impairment() -> None:
    finding = one(findings(item("lithium", 900), egfr=Decimal(25)))
    assert finding.kind is Kind.POPULATION and "renal" in finding.summary
    assert findings(item("lithium", 900), egfr=Decimal(45)) == []
