from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import rtoml

from poise.clinical import formulary, safety
from poise.clinical.formulary import FormularyError, build


def test_brand_names_and_synonyms_find_the_generic() -> None:
    loaded = formulary.load()
    for query, name in [
        ("Zoloft", "sertraline"),
        ("DIVALPROEX", "valproate"),
        ("St. John's-Wort", "st-johns-wort"),
        ("rifampicin", "rifampin"),
    ]:
        found = loaded.find(query)
        assert found is not None and found.name == name


def test_a_misspelling_gets_the_closest_names() -> None:
    assert formulary.load().closest("sertralin")[0] == "sertraline"


def test_a_name_like_no_drug_still_gets_the_nearest_names() -> None:
    assert len(formulary.load().closest("qqqqzzzz")) == 3
    assert formulary.load().find("sertralin") is None


SOURCES = {"s": {"title": "A label", "where": "somewhere"}}


def test_a_fact_citing_an_unknown_source_is_refused() -> None:
    with pytest.raises(FormularyError, match="not in sources"):
        build(SOURCES, {"x": {"class": "c", "limits": [{"max_mg": 1, "source": "nowhere"}]}})


def test_a_misspelt_key_is_refused_rather_than_ignored() -> None:
    with pytest.raises(FormularyError, match="unknown keys"):
        build(SOURCES, {"x": {"class": "c", "limts": []}})
    with pytest.raises(FormularyError, match="unknown condition"):
        build(
            SOURCES,
            {"x": {"class": "c", "limits": [{"max_mg": 1, "when": "age>sixty", "source": "s"}]}},
        )
    with pytest.raises(FormularyError, match="limit on unknown form"):
        build(
            SOURCES, {"x": {"class": "c", "limits": [{"max_mg": 1, "form": "pill", "source": "s"}]}}
        )


def test_an_acb_score_outside_the_scale_is_refused() -> None:
    with pytest.raises(FormularyError, match="ACB score is 1, 2 or 3"):
        build(SOURCES, {"x": {"class": "c", "acb_score": {"value": 4, "source": "s"}}})


@pytest.mark.parametrize(
    "ceiling",
    [None, {"lab": "other", "value": 2}, {"lab": "level", "value": 1}],
    ids=["no ceiling", "another lab", "not above the target"],
)
def test_a_target_level_needs_a_higher_ceiling_for_the_same_lab(ceiling: dict | None) -> None:
    target = {"lab": "level", "value": 1, "source": "s", "action": "a"}
    drug = {"class": "c", "lab_target_max": target}
    if ceiling:
        drug["lab_ceiling"] = {**ceiling, "source": "s"}
    with pytest.raises(FormularyError, match="needs a higher ceiling"):
        build(SOURCES, {"x": drug})


def test_only_an_instruction_to_avoid_can_be_contraindicated() -> None:
    cap = {"max_mg": 1, "contraindicated": True, "source": "s"}
    with pytest.raises(FormularyError, match="only an instruction to avoid"):
        build(SOURCES, {"x": {"class": "c", "limits": [cap]}})


def test_a_limit_cannot_give_its_maximum_both_in_mg_and_by_weight() -> None:
    cap = {"max_mg": 100, "max_mg_per_kg": 1.4, "source": "s"}
    with pytest.raises(FormularyError, match="in mg or in mg/kg, not both"):
        build(SOURCES, {"x": {"class": "c", "limits": [cap]}})


# Patient tests can be joined with "&" (all must hold); a co-medication condition cannot.
@pytest.mark.parametrize(
    ("when", "valid"),
    [
        ("age>12&age<18", True),
        ("age<18&weight<51", True),
        ("age>12&with=serotonergic", False),
        ("age>12&", False),
        ("age>12&age<eighteen", False),
    ],
)
def test_joined_conditions_are_patient_tests(when: str, valid: bool) -> None:
    drug = {"class": "c", "limits": [{"max_mg": 1, "when": when, "source": "s"}]}
    if valid:
        assert build(SOURCES, {"x": drug})
    else:
        with pytest.raises(FormularyError, match="unknown condition"):
            build(SOURCES, {"x": drug})


ADVICE = {"advice": "Start lower.", "when": "age>=65", "source": "s"}


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        ({"dose_factor": 0.5, "when": "age>=65", "source": "s"}, "belongs to advice"),
        ({**ADVICE, "dose_factor": 0.5, "when": "with=serotonergic"}, "belongs to advice"),
        ({**ADVICE, "start_mg": 1, "when": ""}, "belongs to advice"),
        ({**ADVICE, "dose_factor": 0.5, "start_mg": 1}, "one thing"),
        ({**ADVICE, "dose_factor": 1}, "between 0 and 1"),
        ({**ADVICE, "start_mg": 0}, "above 0 mg"),
    ],
)
def test_advice_tells_a_plan_one_thing_and_only_for_some_patients(
    limit: dict, message: str
) -> None:
    for kept in ({"dose_factor": 0.5}, {"start_mg": 1}, {"keeps_schedule": True}):
        assert build(SOURCES, {"x": {"class": "c", "limits": [{**ADVICE, **kept}]}})
    with pytest.raises(FormularyError, match=message):
        build(SOURCES, {"x": {"class": "c", "limits": [limit]}})


@pytest.mark.parametrize(
    "male",
    [None, {"lab": "other", "value": 2}],
    ids=["one sex only", "another lab"],
)
def test_a_level_by_sex_needs_both_thresholds_for_one_lab(male: dict | None) -> None:
    female = {"lab": "level", "value": 1, "source": "s", "action": "a"}
    drug = {"class": "c", "lab_caution_female": female}
    if male:
        drug["lab_caution_male"] = {**male, "source": "s", "action": "a"}
    with pytest.raises(FormularyError, match="both sexes' thresholds for one lab"):
        build(SOURCES, {"x": drug})


@pytest.mark.parametrize(
    "own",
    [
        {"start_mg": 100, "step_mg": 100, "every_days": 7, "source": "s"},
        {"when": "with=serotonergic", "start_mg": 100, "source": "s"},
        {"when": "age<12", "step_mg": 100, "every_days": 7, "source": "s"},
        {"when": "nonsense", "start_mg": 100, "source": "s"},
    ],
    ids=["whom missing", "a co-medication", "start missing", "an unknown test"],
)
def test_a_titration_for_some_patients_names_whom_and_its_start(own: dict) -> None:
    good = {"when": "age<12", "start_mg": 100, "step_mg": 100, "every_days": 7, "source": "s"}
    assert build(SOURCES, {"x": {"class": "c", "titrations_for": [good]}})
    with pytest.raises(FormularyError, match="needs whom or a form, and a start"):
        build(SOURCES, {"x": {"class": "c", "titrations_for": [own]}})


def test_only_an_antidepressants_rises_may_leave_their_interval_to_the_generic_one() -> None:
    step = {"schedule": [[0, 30], [7, 60]], "step_mg": 30, "source": "s"}
    group = [{**step, "when": "age<18", "start_mg": 30}]
    antidepressant = {"class": "snri", "properties": {"antidepressant": "s"}}
    maoi = {"class": "maoi", "properties": {"antidepressant": "s"}}
    for accepted in ({"titration": step}, {"titrations_for": group}):
        assert build(SOURCES, {"x": {**antidepressant, **accepted}})
    for refused in (
        {"class": "antipsychotic", "titration": step},
        {"class": "antipsychotic", "titrations_for": group},
        {**maoi, "titration": step},
        {**antidepressant, "taper": step},
    ):
        with pytest.raises(FormularyError, match="step needs every_days"):
            build(SOURCES, {"x": refused})


def test_a_titration_for_a_product_names_one_of_the_drugs_forms() -> None:
    forms = [{"form": "tablet", "strengths_mg": [10], "source": "s"}]
    own = {"form": "tablet", "start_mg": 10, "source": "s"}
    formulary = build(SOURCES, {"x": {"class": "c", "forms": forms, "titrations_for": [own]}})
    assert formulary.find("x").titrations_for[0].form == "tablet"
    with pytest.raises(FormularyError, match="form 'capsule_er' is not one of its"):
        build(
            SOURCES,
            {
                "x": {
                    "class": "c",
                    "forms": forms,
                    "titrations_for": [{**own, "form": "capsule_er"}],
                }
            },
        )


def test_a_schedule_age_is_a_childs_age() -> None:
    for age in (18, -1):
        with pytest.raises(FormularyError, match="schedule_from_age is an age from 0 to 17"):
            build(
                SOURCES,
                {"x": {"class": "c", "schedule_from_age": {"value": age, "source": "s"}}},
            )


BY_WEIGHT = {
    "when": "age<18",
    "up_to_kg": 70,
    "start_mg_per_kg": 0.5,
    "target_mg_per_kg": 1.2,
    "after_days": 3,
    "source": "s",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"when": "with=serotonergic"}, "for a patient condition"),
        ({"when": "age<eighteen"}, "for a patient condition"),
        ({"start_mg_per_kg": 1.2}, "below its target"),
        ({"source": "nowhere"}, "not in sources"),
        ({"after": 3}, "unknown keys"),
    ],
)
def test_a_titration_by_weight_is_for_a_patient_condition_and_rises(
    change: dict, message: str
) -> None:
    assert build(SOURCES, {"x": {"class": "c", "titration_by_weight": BY_WEIGHT}})
    with pytest.raises(FormularyError, match=message):
        build(SOURCES, {"x": {"class": "c", "titration_by_weight": {**BY_WEIGHT, **change}}})


def test_a_class_partner_must_name_a_known_class() -> None:
    interaction = {"severity": "major", "effect": "e", "action": "a", "source": "s"}
    with pytest.raises(FormularyError, match="unknown 'antipsychotc'"):
        build(
            SOURCES,
            {"x": {"class": "c", "interactions": [{"with": "class:antipsychotc", **interaction}]}},
        )


def test_an_interaction_may_only_name_a_shared_mechanism() -> None:
    interaction = {"with": "drug:y", "severity": "major", "effect": "e", "action": "a"}
    drugs = {"y": {"class": "c"}}
    row = {**interaction, "source": "s", "mechanism": "additive QT prolongation"}
    built = build(SOURCES, {"x": {"class": "c", "interactions": [row]}, **drugs})
    assert built.drugs["x"].interactions[0].mechanism == "additive QT prolongation"
    with pytest.raises(FormularyError, match="mechanism 'QT'"):
        build(
            SOURCES,
            {"x": {"class": "c", "interactions": [{**row, "mechanism": "QT"}]}, **drugs},
        )


@pytest.mark.parametrize("allergen", ["carbamazepin", "class:nsiad", "group:sulfa", "x:y"])
def test_a_cross_sensitivity_must_name_a_known_drug_class_or_group(allergen: str) -> None:
    cross = {"with": allergen, "note": "n", "source": "s"}
    with pytest.raises(FormularyError, match="cross-sensitivity with unknown"):
        build(SOURCES, {"x": {"class": "c", "cross_sensitivity": [cross]}})


def test_a_cross_sensitivity_is_at_most_contraindicated_and_at_least_moderate() -> None:
    cross = {"with": "group:sulfonamide", "note": "n", "source": "s", "severity": "minor"}
    with pytest.raises(FormularyError, match="cross-sensitivity severity 'minor'"):
        build(SOURCES, {"x": {"class": "c", "cross_sensitivity": [cross]}})


def test_a_pregnancy_or_lactation_warning_needs_its_advice() -> None:
    for key in ("pregnancy_boxed", "pregnancy", "lactation"):
        with pytest.raises(FormularyError, match=f"{key} needs the action"):
            build(SOURCES, {"x": {"class": "c", key: {"text": "harm", "source": "s"}}})


def test_one_name_cannot_mean_two_drugs() -> None:
    with pytest.raises(FormularyError, match="names both"):
        build(
            SOURCES,
            {"x": {"class": "c", "brands": ["Same"]}, "y": {"class": "c", "brands": ["same"]}},
        )


CODE_TABLES = {"cpic-drug-table", "cpic-drug-table-2", "pharmgkb-drugs", "pharmgkb-drugs-2025"}


def test_every_code_names_the_table_it_comes_from() -> None:
    for drug in formulary.load().drugs.values():
        if drug.rxnorm or drug.atc:
            assert drug.codes_source in CODE_TABLES, drug.name
        if drug.rxnorm:
            assert drug.rxnorm.isdigit(), drug.name


@pytest.mark.parametrize(
    ("name", "rxnorm", "atc"),
    [
        # As PharmGKB's drugs.tsv cross-references them.
        ("lithium", "6448", "N05AN01"),
        ("clonazepam", "2598", "N03AE01"),
        ("gabapentin", "25480", "N03AX12"),
        ("desvenlafaxine", "734064", "N06AX23"),
        ("guanfacine", "40114", "C02AC02"),
        # A later release (ClinPGx) codes drugs the earlier copy left out.
        ("lumateperone", "2275602", "N05AD10"),
        ("asenapine", "784649", "N05AH05"),
        ("brexpiprazole", "1658314", "N05AX16"),  # the RxCUI as in the CPIC table
        ("cariprazine", "", "N05AX15"),
        ("iloperidone", "73178", "N05AX14"),
        ("buprenorphine", "1819", "N07BC01"),  # of N02AE01 and N07BC01: opioid dependence
        ("viloxazine", "11196", "N06AX09"),
        ("vortioxetine", "1455099", "N06AX26"),  # the RxCUI as in the CPIC table
        ("lurasidone", "", "N05AE05"),  # two RxNorm identifiers listed: neither taken
    ],
)
def test_drugs_carry_their_rxnorm_ingredient_and_atc_codes(
    name: str, rxnorm: str, atc: str
) -> None:
    drug = formulary.load().drugs[name]
    assert (drug.rxnorm, drug.atc) == (rxnorm, atc)


@pytest.mark.parametrize(
    ("name", "usual"),
    [
        # As the labels state them: LITHIUM Table 1, INVEGA section 2, VYVANSE section 2.2.
        ("lithium", "maintenance 0.8-1.0 mEq/L"),
        ("paliperidone", "3-12 mg once a day"),
        ("lisdexamfetamine", "30-70 mg once a day"),
        ("pimozide", "below 0.2 mg/kg/day or 10 mg/day"),  # ORAP maintenance
        ("trazodone", "150-400 mg/day"),  # DESYREL usual adult dosage, outpatients
        ("dexmethylphenidate", "20-40 mg/day"),  # FOCALIN XR adult trial: 20, 30, 40 mg
    ],
)
def test_drugs_state_the_usual_range_their_label_gives(name: str, usual: str) -> None:
    drug = formulary.load().drugs[name]
    assert drug.usual is not None and usual in drug.usual.text


def test_every_dose_rule_says_something_and_names_its_source() -> None:
    loaded = formulary.load()
    for drug in loaded.drugs.values():
        for limit in drug.limits:
            assert limit.source in loaded.sources, drug.name
            cap = limit.max_mg is not None or limit.max_mg_per_kg is not None
            assert cap or limit.avoid or limit.advice, drug.name
            assert limit.max_mg is None or limit.max_mg > 0, drug.name
            assert limit.max_mg_per_kg is None or limit.max_mg_per_kg > 0, drug.name


def test_a_misspelt_property_or_partner_is_refused() -> None:
    with pytest.raises(FormularyError, match="properties: unknown keys"):
        build(SOURCES, {"x": {"class": "c", "properties": {"serotonin": "s"}}})
    interaction = {"severity": "major", "effect": "e", "action": "a", "source": "s"}
    with pytest.raises(FormularyError, match="unknown 'nobody'"):
        build(
            SOURCES, {"x": {"class": "c", "interactions": [{"with": "drug:nobody", **interaction}]}}
        )
    with pytest.raises(FormularyError, match="unknown property"):
        build(
            SOURCES,
            {
                "x": {
                    "class": "c",
                    "limits": [{"max_mg": 1, "when": "with=strong_cyp9", "source": "s"}],
                }
            },
        )


# Every drug the clinical-core issue lists, by generic name: unknown names would make `poise
# check` exit 2 for a regimen a prescriber can reasonably enter.
PSYCHOTROPICS = [
    "citalopram",
    "escitalopram",
    "fluoxetine",
    "fluvoxamine",
    "paroxetine",
    "sertraline",
    "venlafaxine",
    "desvenlafaxine",
    "duloxetine",
    "levomilnacipran",
    "bupropion",
    "mirtazapine",
    "trazodone",
    "vortioxetine",
    "vilazodone",
    "amitriptyline",
    "nortriptyline",
    "clomipramine",
    "imipramine",
    "doxepin",
    "phenelzine",
    "tranylcypromine",
    "isocarboxazid",
    "selegiline",
    "lithium",
    "valproate",
    "divalproex",
    "lamotrigine",
    "carbamazepine",
    "oxcarbazepine",
    "aripiprazole",
    "brexpiprazole",
    "cariprazine",
    "asenapine",
    "clozapine",
    "iloperidone",
    "lurasidone",
    "lumateperone",
    "olanzapine",
    "paliperidone",
    "quetiapine",
    "risperidone",
    "ziprasidone",
    "haloperidol",
    "chlorpromazine",
    "perphenazine",
    "fluphenazine",
    "pimozide",
    "thioridazine",
    "methylphenidate",
    "dexmethylphenidate",
    "amphetamine",
    "lisdexamfetamine",
    "atomoxetine",
    "viloxazine",
    "guanfacine",
    "clonidine",
    "alprazolam",
    "clonazepam",
    "diazepam",
    "lorazepam",
    "temazepam",
    "chlordiazepoxide",
    "buspirone",
    "hydroxyzine",
    "zolpidem",
    "eszopiclone",
    "ramelteon",
    "suvorexant",
    "gabapentin",
    "pregabalin",
    "prazosin",
    "propranolol",
    "naltrexone",
    "buprenorphine",
    "disulfiram",
    "acamprosate",
    "varenicline",
    "mixed amphetamine salts",
]
CO_MEDICATIONS = [
    "tramadol",
    "oxycodone",
    "hydrocodone",
    "morphine",
    "methadone",
    "fentanyl",
    "meperidine",
    "codeine",
    "ibuprofen",
    "naproxen",
    "aspirin",
    "celecoxib",
    "warfarin",
    "apixaban",
    "clopidogrel",
    "lisinopril",
    "losartan",
    "hydrochlorothiazide",
    "furosemide",
    "amlodipine",
    "metoprolol",
    "ondansetron",
    "metoclopramide",
    "sumatriptan",
    "linezolid",
    "ciprofloxacin",
    "levofloxacin",
    "moxifloxacin",
    "clarithromycin",
    "erythromycin",
    "azithromycin",
    "ketoconazole",
    "fluconazole",
    "itraconazole",
    "rifampin",
    "ritonavir",
    "omeprazole",
    "cimetidine",
    "metformin",
    "atorvastatin",
    "levothyroxine",
    "amoxicillin",
    "tamoxifen",
    "dextromethorphan",
    "pseudoephedrine",
    "tizanidine",
    "theophylline",
    "digoxin",
    "amiodarone",
    "sotalol",
    "methylene blue",
    "ethinyl estradiol",
    "St John's wort",
]


@pytest.mark.parametrize("name", PSYCHOTROPICS + CO_MEDICATIONS)
def test_every_drug_the_issue_lists_is_in_the_formulary(name: str) -> None:
    assert formulary.load().find(name) is not None


@pytest.mark.parametrize("name", PSYCHOTROPICS + CO_MEDICATIONS)
def test_every_drug_states_its_half_life_with_a_source(name: str) -> None:
    loaded = formulary.load()
    half_life = loaded.find(name).half_life
    assert half_life is not None and half_life.text and half_life.source in loaded.sources


# Boxed warnings as the labels state them: LITHIUM (toxicity near therapeutic levels),
# carbamazepine (SJS/TEN and HLA-B*1502; aplastic anaemia), the CNS stimulants after the FDA's
# 2023 class update, PROVAYBLUE (serotonin syndrome), disulfiram (never while intoxicated),
# warfarin (bleeding), the NSAID and fluoroquinolone class boxes, and the co-medications' own
# (amiodarone, levothyroxine, metformin, tamoxifen, the combined pill, furosemide, metronidazole).
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("lithium", "serum lithium concentrations"),
        ("carbamazepine", "HLA-B*1502"),
        ("carbamazepine", "agranulocytosis"),
        ("methylphenidate", "abuse, misuse and addiction"),
        ("lisdexamfetamine", "abuse, misuse and addiction"),
        ("methylene-blue", "serotonin syndrome"),
        ("disulfiram", "alcohol intoxication"),
        ("methadone", "QT prolongation"),
        ("codeine", "younger than 12"),
        ("tramadol", "tonsillectomy"),
        ("warfarin", "major or fatal bleeding"),
        ("celecoxib", "coronary artery bypass graft"),
        ("naproxen", "perforation"),
        ("moxifloxacin", "tendon rupture"),
        ("ciprofloxacin", "myasthenia gravis"),
        ("apixaban", "spinal"),
        ("sotalol", "continuous ECG monitoring"),
        ("ketoconazole", "hepatotoxicity"),
        ("itraconazole", "congestive heart failure"),
        ("amiodarone", "pulmonary toxicity"),
        ("amiodarone", "hepatotoxicity"),
        ("levothyroxine", "weight loss"),
        ("metformin", "lactic acidosis"),
        ("tamoxifen", "uterine"),
        ("tamoxifen", "pulmonary embolism"),
        ("ethinyl-estradiol", "over 35 who smoke"),
        ("furosemide", "electrolyte depletion"),
        ("metronidazole", "carcinogenic"),
        ("thioridazine", "sudden death"),
        ("ritonavir", "life-threatening"),
    ],
)
def test_drugs_carry_their_labels_boxed_warnings(name: str, words: str) -> None:
    drug = formulary.load().drugs[name]
    assert any(words.lower() in boxed.text.lower() for boxed in drug.boxed_warnings)


def test_every_opioid_analgesic_carries_the_class_boxed_warning() -> None:
    """The FDA's class labeling boxes addiction, respiratory depression and the danger with
    benzodiazepines for every opioid analgesic; sublingual buprenorphine for opioid use
    disorder carries no boxed warning."""
    analgesics = [
        drug
        for drug in formulary.load().drugs.values()
        if drug.has("opioid") and drug.name != "buprenorphine"
    ]
    assert len(analgesics) == 8
    for drug in analgesics:
        text = " ".join(boxed.text for boxed in drug.boxed_warnings)
        assert "respiratory depression" in text and "benzodiazepines" in text, drug.name
    assert not formulary.load().drugs["buprenorphine"].boxed_warnings


def test_metoprolol_says_to_stop_it_over_1_to_2_weeks() -> None:
    # TOPROL-XL boxes it, LOPRESSOR warns of it: the entry names no product, so no box.
    metoprolol = formulary.load().drugs["metoprolol"]
    assert metoprolol.discontinuation is not None and not metoprolol.boxed_warnings
    assert metoprolol.discontinuation.source == "metoprolol-cessation"
    assert "1 to 2 weeks" in metoprolol.discontinuation.text


def test_the_clinical_knowledge_page_lists_every_source() -> None:
    page = (Path(__file__).parents[2] / "docs" / "clinical-knowledge.md").read_text()
    missing = [key for key in formulary.load().sources if f"| `{key}` |" not in page]
    assert missing == []


def test_a_diagnosis_row_must_give_icd10cm_codes() -> None:
    raw_sources = {"s": {"title": "A label", "where": "here"}}
    row = {
        "codes": ["epilepsy"],
        "diagnosis": "a seizure disorder",
        "text": "t",
        "action": "a",
        "source": "s",
        "codes_source": "s",
    }
    with pytest.raises(formulary.FormularyError, match="not ICD-10-CM codes"):
        formulary.build(raw_sources, {"a": {"class": "x", "diagnoses": [row]}})
    row["codes"] = ["G40"]
    for severity in ("minor", "avoid"):  # a diagnosis on the chart is never a footnote
        with pytest.raises(formulary.FormularyError, match="diagnosis severity"):
            formulary.build(
                raw_sources, {"a": {"class": "x", "diagnoses": [{**row, "severity": severity}]}}
            )
    (warning,) = (
        formulary.build(raw_sources, {"a": {"class": "x", "diagnoses": [row]}})
        .drugs["a"]
        .diagnosis_warnings
    )
    assert (warning.severity, warning.verdict, warning.current_only) == ("major", "avoid", False)


def test_an_interaction_row_with_a_list_of_partners_is_one_interaction_per_partner() -> None:
    raw_sources = {"s": {"title": "A label", "where": "here"}}
    raw_drugs = {
        "a": {
            "class": "x",
            "interactions": [
                {
                    "with": ["drug:b", "drug:c"],
                    "severity": "moderate",
                    "effect": "raises levels",
                    "action": "Watch.",
                    "source": "s",
                }
            ],
        },
        "b": {"class": "x"},
        "c": {"class": "x"},
    }
    built = formulary.build(raw_sources, raw_drugs)
    assert [i.with_property for i in built.drugs["a"].interactions] == ["drug:b", "drug:c"]
    raw_drugs["a"]["interactions"][0]["with"] = ["drug:b", "drug:nonesuch"]  # type: ignore[index]
    with pytest.raises(formulary.FormularyError, match="unknown 'nonesuch'"):
        formulary.build(raw_sources, raw_drugs)


# The formulary is parsed with rtoml for speed (docs/benchmarks.md); the files must stay
# standard TOML that the standard library reads to the same data.
@pytest.mark.parametrize("path", sorted(formulary.DATA.glob("*.toml")), ids=lambda p: p.name)
def test_the_data_files_read_the_same_with_the_standard_library(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert rtoml.loads(text) == tomllib.loads(text)


# The issue asks for pregnancy and lactation notes per drug: every drug says something about
# each, from its own data or its class's labeling (a note, a finding, or how its levels
# change in pregnancy).
@pytest.mark.parametrize("name", sorted(formulary.load().drugs))
def test_every_drug_says_something_about_pregnancy(name: str) -> None:
    drug = formulary.load().drugs[name]
    assert any(
        (
            drug.pregnancy_contraindicated,
            drug.pregnancy_boxed,
            drug.pregnancy,
            drug.pregnancy_note,
            drug.pregnancy_levels,
            *safety.class_pregnancy_warnings(drug),
        )
    )


@pytest.mark.parametrize("name", sorted(formulary.load().drugs))
def test_every_drug_says_something_about_breastfeeding(name: str) -> None:
    drug = formulary.load().drugs[name]
    assert any(
        (
            drug.lactation,
            drug.lactation_caution,
            drug.lactation_note,
            *safety.class_lactation_warnings(drug),
        )
    )
