"""The safety checker against the labels and guidelines it encodes, positives and negatives."""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poise.clinical import formulary, safety
from poise.clinical.safety import Finding, Kind, Severity

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


def qt(found: list[safety.Finding]) -> list[safety.Finding]:
    return [f for f in found if f.mechanism == "additive QT prolongation"]


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
    def dose(mg: int) -> list[Finding]:
        return [f for f in findings(item("escitalopram", mg), age=70) if f.kind is Kind.DOSE]

    assert "maximum of 10 mg/day" in one(dose(20)).summary
    assert dose(10) == []


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


# Morphine and codeine sulfate tablets, section 4: contraindicated during an MAOI or within
# 14 days of one. Linezolid, an MAOI the class labeling's section 7 names, is its own (major) row.
@pytest.mark.parametrize("opioid", ["morphine", "codeine"])
def test_morphine_and_codeine_with_an_maoi_or_within_14_days(opioid: str) -> None:
    phenelzine = FORMULARY.find("phenelzine")
    assert phenelzine is not None
    finding = one(findings(item(opioid), item("phenelzine")))
    assert (finding.severity, finding.sources) == (
        Severity.CONTRAINDICATED,
        ("opioid-maoi-contraindication",),
    )
    assert one(findings(item(opioid), stopped_days_ago=((phenelzine, 10),)))
    assert findings(item(opioid), stopped_days_ago=((phenelzine, 15),)) == []
    linezolid = one(findings(item(opioid), item("linezolid")))
    assert (linezolid.severity, linezolid.sources) == (
        Severity.MAJOR,
        ("opioid-maoi-class-labeling",),
    )


def test_two_serotonergic_drugs_are_a_moderate_interaction() -> None:
    finding = one(findings(item("sertraline", 100), item("sumatriptan")))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)


# Benzodiazepine class boxed warning (FDA 2020): concomitant opioids.
def test_a_benzodiazepine_with_an_opioid_is_major() -> None:
    finding = one(findings(item("lorazepam", 2), item("oxycodone")))
    assert finding.severity is Severity.MAJOR and finding.drugs == ("lorazepam", "oxycodone")


# FDA 2017: buprenorphine and methadone for opioid addiction are not withheld from patients on
# a benzodiazepine; the finding stays major, and its advice says so (an opioid for pain keeps
# the boxed warning's "only when alternatives are inadequate").
@pytest.mark.parametrize("opioid", ["buprenorphine", "methadone"])
def test_opioid_use_disorder_treatment_is_not_withheld_for_a_benzodiazepine(opioid: str) -> None:
    found = findings(item("clonazepam", 1), item(opioid))
    finding = one([f for f in found if f.mechanism == "CNS and respiratory depression"])
    assert finding.severity is Severity.MAJOR and "do not withhold" in finding.action
    assert "fda-mat-benzodiazepine-2017" in finding.sources
    for_pain = one(findings(item("clonazepam", 1), item("oxycodone")))
    assert "do not withhold" not in for_pain.action


# LATUDA PI section 4: contraindicated with strong CYP3A4 inhibitors and inducers.
@pytest.mark.parametrize("partner", ["ketoconazole", "clarithromycin", "ritonavir", "rifampin"])
def test_lurasidone_with_a_strong_cyp3a4_modulator_is_contraindicated(partner: str) -> None:
    assert one(findings(item("lurasidone", 40), item(partner))).severity is Severity.CONTRAINDICATED


def test_lurasidone_renal_and_hepatic_caps() -> None:
    assert "maximum of 80" in one(findings(item("lurasidone", 120), egfr=Decimal(40))).summary
    assert "maximum of 40" in one(findings(item("lurasidone", 80), child_pugh="C")).summary


# ATIVAN Precautions: benzodiazepines may worsen hepatic encephalopathy, so lorazepam in
# severe hepatic insufficiency is given with care, dose adjusted by response; not in moderate.
def test_lorazepam_in_severe_hepatic_insufficiency() -> None:
    finding = one(findings(item("lorazepam", 2), child_pugh="C"))
    assert finding.severity is Severity.MODERATE and "hepatic encephalopathy" in finding.action
    assert finding.sources == ("ativan-hepatic",)
    assert findings(item("lorazepam", 2), child_pugh="B") == []


# CLOZARIL: a lower dose may be needed in significant hepatic impairment (read as Child-Pugh B
# or C) or in a CYP2D6 poor metaboliser; the label gives no figure, so advice, not a cap.
def test_clozapine_dose_advice_in_hepatic_impairment_and_poor_cyp2d6_metabolism() -> None:
    for context in ({"child_pugh": "B"}, {"child_pugh": "C"}, {"cyp2d6": "poor"}):
        finding = one(findings(item("clozapine", 300), **context))
        assert finding.severity is Severity.MODERATE and "lower clozapine dose" in finding.action
        assert finding.sources == ("clozaril-dose-adjustments",)
    assert findings(item("clozapine", 300), child_pugh="A", cyp2d6="normal") == []


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
        f
        for f in findings(item("atomoxetine", 40), item("paroxetine"))
        if "dosing changes" in f.summary
    ]
    assert one(found).kind is Kind.INTERACTION
    assert one(found).drugs == ("atomoxetine", "paroxetine")
    assert "only if symptoms fail to improve after 4 weeks" in one(found).action


# SEROQUEL section 7: with a strong CYP3A4 inducer quetiapine may need up to five times the
# dose. A co-medication's dosing rule names the pair it is about, once for each inducer.
def test_a_co_medication_dosing_rule_is_an_interaction_of_each_pair() -> None:
    found = [
        f
        for f in findings(item("quetiapine"), item("rifampin"), item("carbamazepine"))
        if "dosing changes" in f.summary
    ]
    assert {f.drugs for f in found} == {("quetiapine", "rifampin"), ("carbamazepine", "quetiapine")}
    assert all(f.kind is Kind.INTERACTION and "five times" in f.action for f in found)


# ABILIFY: at most half the usual dose with a strong CYP2D6 inhibitor; the dose finding names
# the inhibitor that lowers the cap.
def test_a_cap_lowered_by_a_co_medication_names_it() -> None:
    found = [
        f for f in findings(item("aripiprazole", 20), item("fluoxetine")) if f.kind is Kind.DOSE
    ]
    assert one(found).drugs == ("aripiprazole", "fluoxetine")


def test_duloxetine_is_not_for_severe_renal_impairment() -> None:
    assert one(findings(item("duloxetine", 60), egfr=Decimal(25))).kind is Kind.POPULATION
    assert findings(item("duloxetine", 60), egfr=Decimal(45)) == []


def test_valproate_in_pregnancy_carries_the_fetal_risk_warning() -> None:
    finding = one(findings(item("valproate", 1000), pregnant=True))
    assert finding.severity is Severity.MAJOR and "neural tube" in finding.rationale
    assert findings(item("valproate", 1000)) == []


# Boxed fetal toxicity of drugs acting on the renin-angiotensin system (FDA 2012 labeling).
@pytest.mark.parametrize("drug", ["lisinopril", "losartan"])
def test_ace_inhibitors_and_arbs_in_pregnancy_are_a_boxed_warning(drug: str) -> None:
    finding = one(findings(item(drug), pregnant=True))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.POPULATION)
    assert "as soon as possible" in finding.action
    assert all("pregnancy" not in f.summary for f in findings(item(drug), breastfeeding=True))


@pytest.mark.parametrize(
    ("drug", "words"),
    [
        ("paroxetine", "septal defects"),  # PAXIL, usage in pregnancy
        ("lithium", "Ebstein"),
        ("carbamazepine", "spina bifida"),  # TEGRETOL
        ("oxcarbazepine", "oral clefts"),  # TRILEPTAL 8.1
        ("ibuprofen", "oligohydramnios"),  # FDA 2020: NSAIDs from about 20 weeks
        ("naproxen", "ductus arteriosus"),
        ("celecoxib", "oligohydramnios"),
        ("phenytoin", "fetal hydantoin syndrome"),  # DILANTIN 8.1
        ("amiodarone", "neonatal hypothyroidism"),
        ("atorvastatin", "no longer a contraindication"),  # FDA 2021
        ("clarithromycin", "cleft palate"),  # BIAXIN Warnings
        ("tamoxifen", "diethylstilbestrol"),
        ("fluconazole", "400-800 mg"),  # FDA 2011 and 2016
        ("propranolol", "Intrauterine growth retardation"),  # label, Precautions
        ("viloxazine", "may cause maternal harm"),  # QELBREE 8.1: animal maternal toxicity
        ("methylene-blue", "intestinal atresia"),  # PROVAYBLUE 8.1
        ("itraconazole", "onychomycosis"),  # SPORANOX contraindications
        ("ondansetron", "oral clefts"),  # MHRA 2019
        ("rifampin", "postnatal haemorrhage"),  # UKTIS 2022, RIFADIN
        ("apixaban", "bleeding during pregnancy and delivery"),  # ELIQUIS 8.1
        ("ketoconazole", "contraindicate it in pregnancy"),  # UK and Australian labelling
    ],
)
def test_label_warnings_for_pregnancy(drug: str, words: str) -> None:
    finding = one([f for f in findings(item(drug), pregnant=True) if f.mechanism == "fetal risk"])
    assert finding.severity is Severity.MODERATE and words in finding.rationale


# Class labeling about the newborn stands beside a drug's own warning (paroxetine has both).
@pytest.mark.parametrize(
    ("drug", "source"),
    [
        ("clonazepam", "fda-bzd-pregnancy-2022"),
        ("sertraline", "ssri-snri-neonatal-labeling"),
        ("venlafaxine", "ssri-snri-neonatal-labeling"),
        ("paroxetine", "ssri-snri-neonatal-labeling"),
    ],
)
def test_class_labeling_about_the_newborn(drug: str, source: str) -> None:
    newborn = [
        f
        for f in findings(item(drug), pregnant=True, age=30)
        if f.mechanism == "risk to the newborn (class labeling)"
    ]
    assert one(newborn).sources == (source,)


# FDA opioid analgesic class labeling boxes neonatal opioid withdrawal syndrome; the FDA's
# 2016 labeling for methadone and buprenorphine in addiction treatment weighs it against
# untreated addiction instead (buprenorphine's label carries it unboxed).
OPIOID_ANALGESICS = ["tramadol", "oxycodone", "hydrocodone", "morphine", "fentanyl", "codeine"]


@pytest.mark.parametrize("drug", [*OPIOID_ANALGESICS, "meperidine"])
def test_opioid_analgesics_in_pregnancy_carry_the_boxed_newborn_warning(drug: str) -> None:
    finding = one(findings(item(drug), pregnant=True, age=30, sex="female"))
    assert finding.severity is Severity.MAJOR
    assert finding.sources == ("opioid-analgesic-boxed",)
    assert "neonatal opioid withdrawal syndrome" in finding.rationale
    assert "boxed warning" in finding.summary


@pytest.mark.parametrize(
    ("drug", "severity", "sources"),
    [
        ("methadone", Severity.MAJOR, ("fda-mat-pregnancy-2016", "opioid-analgesic-boxed")),
        ("buprenorphine", Severity.MODERATE, ("fda-mat-pregnancy-2016",)),
    ],
)
def test_addiction_treatment_in_pregnancy_is_not_to_be_stopped(
    drug: str, severity: Severity, sources: tuple[str, ...]
) -> None:
    finding = one(findings(item(drug), pregnant=True, age=30, sex="female"))
    assert (finding.severity, finding.sources) == (severity, sources)
    assert finding.action.startswith("Do not stop treatment of opioid use disorder")


@pytest.mark.parametrize("drug", [*OPIOID_ANALGESICS, "methadone", "buprenorphine"])
def test_opioids_outside_pregnancy_get_no_newborn_warning(drug: str) -> None:
    assert findings(item(drug), age=30, sex="female") == []


# LactMed: warfarin and lisinopril pose little risk to the breastfed infant (a note, no
# finding); losartan's label asks to choose between the drug and nursing (rat milk data).
def test_cardiovascular_drugs_while_breastfeeding() -> None:
    for drug in ("warfarin", "lisinopril"):
        assert findings(item(drug), breastfeeding=True) == []
        assert FORMULARY.drugs[drug].lactation_note is not None
    losartan = one(findings(item("losartan"), breastfeeding=True))
    assert losartan.severity is Severity.MINOR and losartan.sources == ("losartan-lactation",)


# LactMed: oral opioid analgesics can sedate the breastfed infant, so a non-opioid is preferred
# and use kept short; mothers stable on methadone or buprenorphine for opioid use disorder are
# encouraged to breastfeed, so those get a note and no finding.
@pytest.mark.parametrize("drug", ["oxycodone", "hydrocodone", "morphine"])
def test_opioid_analgesics_while_breastfeeding_prefer_a_non_opioid(drug: str) -> None:
    finding = one(findings(item(drug), breastfeeding=True, age=30, sex="female"))
    assert finding.severity is Severity.MINOR and finding.sources == ("lactmed",)
    assert finding.action.startswith("Prefer a non-opioid analgesic")


@pytest.mark.parametrize("drug", ["methadone", "buprenorphine"])
def test_addiction_treatment_while_breastfeeding_is_supported(drug: str) -> None:
    assert findings(item(drug), breastfeeding=True, age=30, sex="female") == []
    note = FORMULARY.drugs[drug].lactation_note
    assert note is not None and note.action.startswith("Support breastfeeding")


# The youngest age each label approves the drug at (brief G.5 via Mayo Clinic; Texas HHSC
# antipsychotic criteria; NIMH's ADHD list; a PDR chart): below it, a minor off-label finding.
@pytest.mark.parametrize(
    ("drug", "approved_from"),
    [
        ("sertraline", 6),  # OCD only
        ("fluoxetine", 7),  # OCD 7, depression 8
        ("escitalopram", 7),  # GAD 7, depression 12
        ("risperidone", 5),  # irritability with autism
        ("quetiapine", 10),  # bipolar mania
        ("amphetamine", 3),  # immediate-release mixed salts
        ("methylphenidate", 6),
        ("paroxetine", 18),  # no paediatric indication
        ("citalopram", 18),  # CELEXA: not approved for use in pediatric patients
        ("lithium", 7),  # FDA pediatric labeling, 2018
        ("brexpiprazole", 13),  # schizophrenia, 2022
        ("clozapine", 18),
        ("tranylcypromine", 18),  # PARNATE boxed warning: not approved in pediatric patients
        ("selegiline", 18),  # EMSAM: should not be used under 18
        ("chlordiazepoxide", 6),  # LIBRIUM: not recommended under 6
        ("eszopiclone", 18),  # LUNESTA pediatric labeling, 2012
    ],
)
def test_below_the_labels_approved_age_is_off_label(drug: str, approved_from: int) -> None:
    def off_label(age: int) -> list[Finding]:
        return [
            f
            for f in findings(item(drug), age=age)
            if f.mechanism == "younger than the label's approved ages"
        ]

    finding = one(off_label(approved_from - 1))
    assert finding.severity is Severity.MINOR
    assert finding.summary.endswith(f"not approved below age {approved_from}")
    assert off_label(approved_from) == [] and off_label(40) == []


APPROVED_AGES = sorted(d.name for d in FORMULARY.drugs.values() if d.approved_from_age)


@settings(max_examples=100)
@given(name=st.sampled_from(APPROVED_AGES), age=st.integers(min_value=0, max_value=100))
def test_the_off_label_age_finding_is_exactly_the_ages_below_approval(name: str, age: int) -> None:
    drug = FORMULARY.drugs[name]
    approved = drug.approved_from_age
    assert approved is not None and approved.value is not None
    # Below an age the label contraindicates the drug at, that finding replaces this one.
    contraindicated_below = max(
        (
            int(limit.when.removeprefix("age<"))
            for limit in drug.limits
            if limit.avoid and not limit.form and limit.when.startswith("age<")
        ),
        default=0,
    )
    off_label = [
        f
        for f in findings(item(name), age=age)
        if f.mechanism == "younger than the label's approved ages"
    ]
    assert len(off_label) == (1 if contraindicated_below <= age < approved.value else 0)


# Without an age, or for a drug whose approved ages are not encoded, there is no such finding.
def test_no_off_label_age_finding_without_an_age_or_an_encoded_approval() -> None:
    assert findings(item("sertraline")) == []
    assert FORMULARY.drugs["lorazepam"].approved_from_age is None
    assert all("approved" not in f.summary for f in findings(item("lorazepam"), age=10))


# FDA 2025: every extended-release stimulant gains a Limitation of Use under 6 (higher exposure,
# more adverse reactions, weight loss): major for the ER product only. Immediate-release tablets
# at 5 keep their own standing: off-label for methylphenidate (approved from 6), approved for
# amphetamine (from 3); the ER product at 6 gets nothing.
@pytest.mark.parametrize(
    ("name", "form", "immediate_release_at_5"),
    [
        ("methylphenidate", "tablet_er", [Severity.MINOR]),
        ("dexmethylphenidate", "capsule_er", [Severity.MINOR]),
        ("amphetamine", "capsule_er", []),
    ],
)
def test_an_extended_release_stimulant_under_6_is_advised_against(
    name: str, form: str, immediate_release_at_5: list[Severity]
) -> None:
    drug = FORMULARY.find(name)
    assert drug is not None
    er = [f for f in findings(safety.Item(drug, form, None), age=5) if f.severity is Severity.MAJOR]
    assert "weight loss" in one(er).summary and "fda-er-stimulants-under-6-2025" in one(er).sources
    assert findings(safety.Item(drug, form, None), age=6) == []
    immediate = findings(safety.Item(drug, "tablet", None), age=5)
    assert [f.severity for f in immediate] == immediate_release_at_5


# EMSAM pediatric labeling (2014): contraindicated under 12 (hypertensive crisis), and from 12
# to 17 the off-label finding, since efficacy was not shown in adolescents; the antidepressant
# boxed warning on suicidality applies too, as on every antidepressant.
def test_selegiline_is_contraindicated_under_12() -> None:
    under_12 = [f for f in findings(item("selegiline", 6), age=11) if f.kind is Kind.POPULATION]
    contraindicated = one([f for f in under_12 if f.severity is Severity.CONTRAINDICATED])
    assert "younger than 12" in contraindicated.summary + contraindicated.rationale
    assert "emsam-pediatric" in contraindicated.sources
    at_12 = findings(item("selegiline", 6), age=12)
    assert [f.severity for f in at_12] == [Severity.MODERATE, Severity.MINOR]


# The class boxed warnings every antidepressant (suicidality), antipsychotic (dementia-related
# psychosis, FDA 2005 and 2008) and benzodiazepine (FDA 2020) label carries are shown with the
# drug's own, once: a drug whose own box already states one does not get it twice.
@pytest.mark.parametrize(
    ("name", "words", "source"),
    [
        ("sertraline", "suicidal thoughts", "sertraline-label"),
        ("selegiline", "suicidal thoughts", "emsam-boxed-warning"),
        ("risperidone", "dementia-related psychosis", "fda-antipsychotic-dementia"),
        ("haloperidol", "dementia-related psychosis", "fda-antipsychotic-dementia"),
        ("lorazepam", "life-threatening withdrawal", "bzd-boxed-warning"),
    ],
)
def test_class_boxed_warnings_are_shown_with_the_drugs_own(
    name: str, words: str, source: str
) -> None:
    drug = FORMULARY.find(name)
    assert drug is not None and not drug.boxed_warnings
    (boxed,) = safety.boxed_warnings_of(drug)
    assert words in boxed.text and boxed.source == source


@pytest.mark.parametrize(
    ("name", "words"),
    [("vilazodone", "suicid"), ("asenapine", "dementia"), ("clozapine", "dementia")],
)
def test_a_class_boxed_warning_the_drug_already_states_is_not_repeated(
    name: str, words: str
) -> None:
    drug = FORMULARY.find(name)
    assert drug is not None
    assert safety.boxed_warnings_of(drug) == drug.boxed_warnings
    assert sum(words in b.text.lower() for b in safety.boxed_warnings_of(drug)) == 1


@pytest.mark.parametrize("name", ["lithium", "buspirone", "metformin", "zolpidem"])
def test_drugs_outside_those_classes_show_only_their_own_boxed_warnings(name: str) -> None:
    drug = FORMULARY.find(name)
    assert drug is not None and safety.boxed_warnings_of(drug) == drug.boxed_warnings


# EMSAM boxed warning (February 2008): suicidality and antidepressant drugs, up to age 24.
def test_transdermal_selegiline_carries_the_antidepressant_boxed_warning() -> None:
    young = one(findings(item("selegiline", 6), age=20))
    assert young.mechanism == "suicidality in children and young adults"
    assert young.sources == ("emsam-boxed-warning",)
    assert findings(item("selegiline", 6), age=25) == []


# Low-dose aspirin is outside the FDA's 2020 NSAID advice, and Poise does not judge aspirin's
# dose in pregnancy, so it gets no finding.
@pytest.mark.parametrize(
    "drug",
    [
        "bupropion",
        "mirtazapine",
        "aspirin",
        "naltrexone",
        "gabapentin",
        "pregabalin",
        "nortriptyline",
        "eszopiclone",
        "atomoxetine",
        "varenicline",
        "buspirone",
        "prazosin",
        "acamprosate",
        "ritonavir",
        "aspirin",
        "ethinyl-estradiol",
        "tizanidine",
        "sumatriptan",
        "metformin",
        "amoxicillin",
        "levofloxacin",
        "metoclopramide",
    ],
)
def test_drugs_without_a_sourced_pregnancy_warning_get_no_finding(drug: str) -> None:
    assert findings(item(drug), pregnant=True, age=30) == []


# Cohort and registry results are notes shown with the drug, each from its own source.
@pytest.mark.parametrize(
    ("drug", "source"),
    [
        ("gabapentin", "gabapentin-pregnancy-cohorts"),
        ("pregabalin", "pregabalin-pregnancy-cohorts"),
        ("nortriptyline", "uktis-tca-pregnancy"),
        ("atomoxetine", "broms-2023-atomoxetine-pregnancy"),
        ("eszopiclone", "lunesta-pregnancy"),
        ("varenicline", "varenicline-pregnancy-cohorts"),
        ("buspirone", "freeman-2022-buspirone-registry"),
        ("clonidine", "briggs-clonidine-pregnancy"),
        ("guanfacine", "guanfacine-pregnancy-summary"),
        ("naltrexone", "revia-pregnancy"),
        ("disulfiram", "uktis-disulfiram-2020"),
        ("acamprosate", "uktis-acamprosate-2020"),
        ("prazosin", "minipress-pregnancy"),
        ("ramelteon", "rozerem-pregnancy"),
        ("suvorexant", "suvorexant-pregnancy-summary"),
        ("phenelzine", "maoi-pregnancy"),
        ("tranylcypromine", "maoi-pregnancy"),
        ("isocarboxazid", "maoi-pregnancy"),
        ("selegiline", "emsam-pregnancy"),
        ("ritonavir", "paxlovid-pregnancy"),
        ("aspirin", "fda-nsaid-pregnancy-2020"),  # low-dose aspirin is exempt
        ("ethinyl-estradiol", "coc-pregnancy"),
        ("tizanidine", "sirdalud-label"),
        ("sumatriptan", "uktis-triptans-2020"),
        ("metformin", "uktis-metformin-2017"),
        ("omeprazole", "uktis-ppi-2021"),
        ("metronidazole", "uktis-metronidazole-2013"),
        ("azithromycin", "uktis-macrolides-2020"),
        ("erythromycin", "uktis-macrolides-2020"),
        ("ciprofloxacin", "uktis-quinolones-2017"),
        ("moxifloxacin", "uktis-quinolones-2017"),
        ("amoxicillin", "uktis-penicillins-2019"),
        ("metoclopramide", "metoclopramide-pregnancy"),
        ("metoprolol", "uktis-beta-blockers-2020"),
        ("amlodipine", "uktis-ccb-2023"),
        ("hydrochlorothiazide", "uktis-diuretics-2022"),
        ("furosemide", "uktis-diuretics-2022"),
        ("theophylline", "theophylline-pregnancy"),
        ("cimetidine", "uktis-h2ra-2019"),
        ("clopidogrel", "janusmed-clopidogrel-pregnancy"),
        ("digoxin", "lanoxin-pregnancy"),
        ("sotalol", "uktis-beta-blockers-2020"),
        ("linezolid", "linezolid-pregnancy-lactation"),
        ("dextromethorphan", "einarson-2001-dextromethorphan"),
        ("pseudoephedrine", "pseudoephedrine-pregnancy"),
        ("st-johns-wort", "st-johns-wort-pregnancy"),
    ],
)
def test_pregnancy_notes_name_their_source(drug: str, source: str) -> None:
    note = FORMULARY.drugs[drug].pregnancy_note
    assert note is not None and note.source == source


# eTG neurology: lamotrigine, carbamazepine and phenytoin levels can fall in pregnancy; the
# finding is about levels, not fetal harm (lamotrigine has no fetal-risk finding).
# SYNTHROID: requirements rise in pregnancy; raise the dose by 12.5-25 mcg and follow TSH.
def test_levothyroxine_in_pregnancy_needs_more() -> None:
    levels = one(findings(item("levothyroxine"), pregnant=True, age=30))
    assert levels.mechanism == "levels change in pregnancy"
    assert levels.sources == ("synthroid-pregnancy",) and "12.5-25 mcg" in levels.action


@pytest.mark.parametrize("drug", ["lamotrigine", "carbamazepine", "phenytoin"])
def test_antiepileptics_whose_levels_fall_in_pregnancy(drug: str) -> None:
    levels = [f for f in findings(item(drug), pregnant=True, age=30) if "levels" in f.mechanism]
    assert one(levels).sources == ("etg-aed-pregnancy",)
    assert all("levels" not in f.mechanism for f in findings(item(drug), age=30))


# TRILEPTAL 8.1: MHD levels may fall gradually through pregnancy.
def test_oxcarbazepine_levels_fall_in_pregnancy() -> None:
    levels = [f for f in findings(item("oxcarbazepine"), pregnant=True) if "levels" in f.mechanism]
    assert one(levels).sources == ("trileptal-pregnancy",) and "MHD" in one(levels).rationale


def test_lamotrigine_in_pregnancy_gets_the_levels_finding_only() -> None:
    assert one(findings(item("lamotrigine"), pregnant=True, age=30)).severity is Severity.MODERATE


# FDA 2011: the whole antipsychotic class warns of neonatal EPS and withdrawal.
@pytest.mark.parametrize("drug", ["quetiapine", "haloperidol", "aripiprazole", "clozapine"])
def test_antipsychotics_in_pregnancy_carry_the_class_warning(drug: str) -> None:
    finding = one(findings(item(drug), pregnant=True, age=30))
    assert finding.sources == ("fda-antipsychotic-pregnancy-2011",)
    assert finding.mechanism == "risk to the newborn (class labeling)"
    assert "do not stop abruptly" in finding.action


@pytest.mark.parametrize(
    "drug", ["lithium", "lorazepam", "pregabalin", "disulfiram", "atorvastatin", "amiodarone"]
)
def test_breastfeeding_warnings(drug: str) -> None:
    finding = one(findings(item(drug), breastfeeding=True))
    assert finding.mechanism == "risk to the breastfed infant"
    assert findings(item(drug)) == []


# LactMed: drugs its reviewers prefer or accept while breastfeeding raise nothing (the note is
# shown with the drug); where it says another drug may be preferred, a minor finding; where it
# calls the drug a poor choice (doxepin), a warning.
PREFERRED_IN_LACTATION = ["sertraline", "paroxetine", "escitalopram", "nortriptyline", "olanzapine"]


@pytest.mark.parametrize(
    "drug",
    [
        *PREFERRED_IN_LACTATION,
        "quetiapine",
        "naltrexone",
        "dexmethylphenidate",
        "propranolol",
        "hydrochlorothiazide",
        "amlodipine",
        "metformin",
        "aspirin",
        "amoxicillin",
        "levothyroxine",
        "phenytoin",
        "theophylline",
        "dextromethorphan",
    ],
)
def test_drugs_lactmed_prefers_raise_nothing_while_breastfeeding(drug: str) -> None:
    assert findings(item(drug), breastfeeding=True, age=30) == []
    note = item(drug).drug.lactation_note
    assert note is not None and note.source == "lactmed"


@pytest.mark.parametrize(
    ("drug", "watch"),
    [
        ("fluoxetine", "colic"),
        ("citalopram", "escitalopram"),
        ("bupropion", "jitteriness"),
        ("duloxetine", "drowsiness"),
        ("risperidone", "tremor"),
        ("aripiprazole", "milk supply"),
        ("vilazodone", "preterm"),
        ("guanfacine", "preterm"),
        ("suvorexant", "sedation"),
        ("fluphenazine", "milestones"),
        ("st-johns-wort", "colic"),
    ],
)
def test_lactmed_preferring_another_drug_is_a_minor_finding(drug: str, watch: str) -> None:
    finding = one(findings(item(drug), breastfeeding=True, age=30))
    assert (finding.severity, finding.kind) == (Severity.MINOR, Kind.POPULATION)
    assert finding.sources == ("lactmed",) and watch in finding.action
    assert findings(item(drug), age=30) == []


# NHS SPS Safety in Lactation (ibuprofen and celecoxib preferred, macrolides and quinolones
# usable with infant monitoring, omeprazole supported by limited data, ritonavir in milk
# negligible...), the AAP and WHO (rifampin compatible), Janusmed (digoxin: low risk), Rowe
# 2014 (linezolid well below neonatal doses) and LactMed (fentanyl): a note, no finding;
# naproxen (long half-life, not a preferred NSAID): another drug may be preferred.
@pytest.mark.parametrize(
    ("drug", "source"),
    [
        ("ibuprofen", "sps-nsaids-lactation"),
        ("celecoxib", "sps-nsaids-lactation"),
        ("azithromycin", "sps-macrolides-lactation"),
        ("ciprofloxacin", "sps-quinolones-lactation"),
        ("omeprazole", "sps-ppi-lactation"),
        ("furosemide", "sps-diuretics-lactation"),
        ("sumatriptan", "sps-antimigraine-lactation"),
        ("metoprolol", "sps-antimigraine-lactation"),
        ("metronidazole", "sps-metronidazole-lactation"),
        ("ondansetron", "sps-antiemetics-lactation"),
        ("metoclopramide", "sps-antiemetics-lactation"),
        ("clopidogrel", "sps-anticoagulants-lactation"),
        ("fluconazole", "sps-antifungals-lactation"),
        ("rifampin", "rifampin-pregnancy"),  # AAP and WHO: compatible
        ("digoxin", "janusmed-digoxin"),
        ("ritonavir", "sps-paxlovid-lactation"),
        ("linezolid", "linezolid-pregnancy-lactation"),
        ("fentanyl", "lactmed-fentanyl"),  # short procedures; one long-term patch report
    ],
)
def test_co_medications_acceptable_while_breastfeeding_raise_nothing(
    drug: str, source: str
) -> None:
    assert findings(item(drug), breastfeeding=True, age=30) == []
    note = item(drug).drug.lactation_note
    assert note is not None and note.source == source


def test_naproxen_while_breastfeeding_prefers_ibuprofen() -> None:
    finding = one(findings(item("naproxen"), breastfeeding=True, age=30))
    assert (finding.severity, finding.sources) == (Severity.MINOR, ("sps-nsaids-lactation",))
    assert "ibuprofen" in finding.action


# eTG (asenapine not adequately studied), NHS SPS (methylphenidate the preferred ADHD drug),
# Lexicomp (ramelteon) and the varenicline label: no human data, caution; Parikh 2014: limited
# safety data for iloperidone.
@pytest.mark.parametrize(
    ("drug", "source"),
    [
        ("asenapine", "etg-antipsychotics-breastfeeding"),
        ("atomoxetine", "sps-atomoxetine-lactation"),
        ("perphenazine", "e-lactancia"),
        ("prazosin", "e-lactancia"),
        ("ramelteon", "lexicomp-ramelteon"),
        ("varenicline", "varenicline-label-lactation"),
        ("iloperidone", "parikh-2014-antipsychotic-lactation"),
        ("levomilnacipran", "lactmed-milnacipran"),  # its racemate's record: none of its own
    ],
)
def test_other_sources_preferring_another_drug_while_breastfeeding(drug: str, source: str) -> None:
    finding = one(findings(item(drug), breastfeeding=True, age=30))
    assert (finding.severity, finding.sources) == (Severity.MINOR, (source,))


# The Swiss Melleril label advises against thioridazine while breastfeeding; ORAP asks to stop
# nursing or stop pimozide.
@pytest.mark.parametrize(
    ("drug", "source"),
    [("thioridazine", "melleril-ch-lactation"), ("pimozide", "orap-lactation")],
)
def test_labels_advising_against_breastfeeding_are_a_warning(drug: str, source: str) -> None:
    finding = one(findings(item(drug), breastfeeding=True, age=30))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, (source,))
    assert findings(item(drug), age=30) == []


# VIIBRYD, BRINTELLIX and zolpidem labeling warn of harm to the newborn after late use;
# bupropion's label does not
# (its studies go in a note, with no finding).
@pytest.mark.parametrize(
    ("drug", "source"),
    [
        ("vilazodone", "viibryd-pregnancy"),
        ("vortioxetine", "brintellix-pregnancy"),
        ("zolpidem", "zolpidem-pi-pregnancy"),
    ],
)
def test_drugs_whose_labels_warn_of_newborn_harm_in_pregnancy(drug: str, source: str) -> None:
    finding = one(findings(item(drug), pregnant=True, sex="female", age=30))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, (source,))
    assert findings(item("bupropion", 300), pregnant=True, sex="female", age=30) == []


# NHS SPS: first-generation MAOIs should not be used during lactation (no data; interactions).
@pytest.mark.parametrize("maoi", ["phenelzine", "tranylcypromine", "isocarboxazid"])
def test_first_generation_maois_while_breastfeeding_are_a_warning(maoi: str) -> None:
    finding = one(findings(item(maoi), breastfeeding=True, age=30))
    assert (finding.severity, finding.sources) == (
        Severity.MODERATE,
        ("sps-antidepressants-lactation",),
    )


# LactMed: tamoxifen accumulates in milk and suppresses lactation (avoid breastfeeding); oral
# meperidine is not recommended (infant sedation). Aljazaf 2003: one 60 mg dose of
# pseudoephedrine cut milk production by about a quarter (a caution, not a warning).
# SIRDALUD: tizanidine is not to be given while breastfeeding; LactMed prefers another
# beta-blocker to sotalol (builds up in a newborn) and another drug to cimetidine.
@pytest.mark.parametrize(
    ("drug", "severity", "source", "words"),
    [
        ("tamoxifen", Severity.MODERATE, "lactmed", "Do not breastfeed"),
        ("meperidine", Severity.MODERATE, "lactmed", "another analgesic"),
        ("pseudoephedrine", Severity.MINOR, "aljazaf-2003-pseudoephedrine", "milk supply"),
        ("apixaban", Severity.MODERATE, "sps-anticoagulants-lactation", "Prefer warfarin"),
        ("ethinyl-estradiol", Severity.MINOR, "chc-breastfeeding-evidence", "progestin-only"),
        ("methylene-blue", Severity.MODERATE, "proveblue-lactation", "8 days"),
        ("itraconazole", Severity.MINOR, "sps-antifungals-lactation", "Prefer fluconazole"),
        ("tizanidine", Severity.MODERATE, "sirdalud-label", "Avoid tizanidine"),
        ("sotalol", Severity.MINOR, "lactmed", "another beta-blocker"),
        ("cimetidine", Severity.MINOR, "lactmed", "famotidine"),
    ],
)
def test_co_medications_to_avoid_while_breastfeeding(
    drug: str, severity: Severity, source: str, words: str
) -> None:
    finding = one(findings(item(drug), breastfeeding=True, age=30))
    assert (finding.severity, finding.sources) == (severity, (source,))
    assert words in finding.action
    assert findings(item(drug), age=30) == []


def test_doxepin_while_breastfeeding_is_a_warning() -> None:
    finding = one(findings(item("doxepin", 25), breastfeeding=True, age=30))
    assert finding.severity is Severity.MODERATE and "another antidepressant" in finding.action


def test_antidepressants_in_young_adults_carry_the_suicidality_warning() -> None:
    assert one(findings(item("sertraline", 50), age=19)).kind is Kind.POPULATION
    assert findings(item("sertraline", 50), age=25) == []


def test_a_recorded_allergy_under_a_brand_name_is_caught() -> None:
    finding = one(findings(item("sertraline", 50), allergies=("Zoloft",)))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.ALLERGY)


def test_citalopram_with_a_qtc_over_500_ms() -> None:
    assert one(findings(item("citalopram", 20), qtc_ms=Decimal(520))).kind is Kind.LAB
    assert findings(item("citalopram", 20), qtc_ms=Decimal(480)) == []


# Clozapine label ANC table (general population): mild 1000-1499, moderate 500-999, severe <500.
@pytest.mark.parametrize(
    ("anc", "severity", "band"),
    [
        ("1.2", Severity.MAJOR, "mild neutropenia"),
        ("0.8", Severity.MAJOR, "moderate neutropenia"),
        ("0.4", Severity.CONTRAINDICATED, "severe neutropenia"),
    ],
)
def test_clozapine_with_a_low_anc(anc: str, severity: Severity, band: str) -> None:
    finding = one(findings(item("clozapine", 200), labs={"anc": Decimal(anc)}))
    assert (finding.kind, finding.severity) == (Kind.LAB, severity) and band in finding.summary
    assert findings(item("clozapine", 200), labs={"anc": Decimal("2.4")}) == []


def test_lithium_level_above_the_labelled_range() -> None:
    assert one(findings(item("lithium", 900), labs={"lithium": Decimal("1.8")})).kind is Kind.LAB
    assert findings(item("lithium", 900), labs={"lithium": Decimal("0.8")}) == []


# Lithium PI (PLR), 2.3: target 0.8-1.2 mEq/L in acute mania, 0.8-1.0 in maintenance, drawn 12
# hours after the last dose. A level above every labelled target but short of the older label's
# acute ceiling (1.5) is a moderate finding; at the top of the target it is none.
@pytest.mark.parametrize(
    ("level", "severity"),
    [
        ("1.2", None),
        ("1.3", Severity.MODERATE),
        ("1.5", Severity.MODERATE),
        ("1.6", Severity.MAJOR),
    ],
)
def test_lithium_level_above_the_target_range(level: str, severity: Severity | None) -> None:
    found = findings(item("lithium", 900), labs={"lithium": Decimal(level)})
    assert [f.severity for f in found] == ([severity] if severity else [])
    if severity is Severity.MODERATE:
        assert "12 hours after the last dose" in one(found).action


# DEPAKOTE, Thrombocytopenia: more likely at total trough levels above 110 ug/mL in women and
# 135 ug/mL in men. Without a recorded sex the lower threshold applies and the finding says both;
# above the mania range's 125 ug/mL the ceiling finding (major) comes as well.
@pytest.mark.parametrize(
    ("level", "sex", "expected"),
    [
        ("110", "female", []),
        ("111", "female", [("where thrombocytopenia", Severity.MODERATE)]),
        ("111", "male", []),
        ("111", None, [("where thrombocytopenia", Severity.MODERATE)]),
        ("130", "male", [("serum level above range", Severity.MAJOR)]),
        (
            "136",
            "male",
            [
                ("serum level above range", Severity.MAJOR),
                ("where thrombocytopenia", Severity.MODERATE),
            ],
        ),
    ],
)
def test_valproate_level_above_the_thrombocytopenia_threshold_for_the_sex(
    level: str, sex: str | None, expected: list[tuple[str, Severity]]
) -> None:
    found = findings(item("valproate", 1000), sex=sex, labs={"valproate": Decimal(level)})
    assert [(f.mechanism[:22], f.severity) for f in found] == [
        (mechanism[:22], severity) for mechanism, severity in expected
    ]
    for finding in found:
        if finding.severity is Severity.MODERATE:
            assert finding.sources == ("depakote-thrombocytopenia",)
            assert "platelet count" in finding.action
            assert ("sex not recorded" in finding.summary) is (sex is None)


# QELBREE 2.2: at most 400 mg once daily in children and adolescents, 600 mg in adults.
def test_viloxazine_above_the_childrens_maximum() -> None:
    finding = one(findings(item("viloxazine", 600), age=10))
    assert (
        finding.summary == "viloxazine 600 mg/day is above the maximum of 400 mg/day (age under 18)"
    )
    assert finding.sources == ("qelbree-pediatric-dosing",)
    assert not [f for f in findings(item("viloxazine", 400), age=10) if f.kind is Kind.DOSE]
    assert not [f for f in findings(item("viloxazine", 600), age=18) if f.kind is Kind.DOSE]


# Maxima for children. CONCERTA: at most 54 mg/day at 6-12 (72 mg from 13) and 2 mg/kg/day at
# 13-17; FOCALIN XR: at most 30 mg/day at 6-17 (40 mg in adults). Each cap is the product's:
# other forms of the drug are not held to it. SEROQUEL below 13: its one indication there,
# bipolar mania, goes to 600 mg/day; LATUDA under 18: at most 80 mg/day (160 mg in adults);
# LUVOX up to 11: at most 200 mg/day; ANAFRANIL under 18: at most 200 mg/day (and 3 mg/kg, with
# a weight); INTUNIV at 6-12: not evaluated above 4 mg/day; ADDERALL XR at 6-12: at most 30
# mg/day; INVEGA in adolescents under 51 kg: at most 6 mg/day. A rule for an age band or an age
# and a weight holds only when every part does, and is not applied while a part is unknown.
@pytest.mark.parametrize(
    ("regimen", "patient", "cap"),
    [
        (("methylphenidate", "tablet_er", 72), {"age": 10}, "54 mg/day (age under 13)"),
        (("methylphenidate", "tablet_er", 72), {"age": 13}, None),
        (("methylphenidate", "tablet", 60), {"age": 10}, None),
        (
            ("methylphenidate", "tablet_er", 72),
            {"age": 15, "weight_kg": Decimal(30)},
            "60 mg/day (age 13-17; 2 mg/kg at 30 kg)",
        ),
        (("methylphenidate", "tablet_er", 54), {"age": 15, "weight_kg": Decimal(30)}, None),
        (("methylphenidate", "tablet_er", 72), {"age": 18, "weight_kg": Decimal(30)}, None),
        (("methylphenidate", "tablet_er", 72), {"age": 15}, None),  # the weight unknown
        (("dexmethylphenidate", "capsule_er", 40), {"age": 17}, "30 mg/day (age under 18)"),
        (("dexmethylphenidate", "capsule_er", 40), {"age": 18}, None),
        (("quetiapine", "tablet", 800), {"age": 12}, "600 mg/day (age under 13)"),
        (("quetiapine", "tablet", 800), {"age": 13}, None),
        (("lurasidone", "tablet", 120), {"age": 17}, "80 mg/day (age under 18)"),
        (("lurasidone", "tablet", 120), {"age": 18}, None),
        (("fluvoxamine", "tablet", 300), {"age": 11}, "200 mg/day (age under 12)"),
        (("fluvoxamine", "tablet", 300), {"age": 12}, None),
        (("clomipramine", "capsule", 225), {"age": 17}, "200 mg/day (age under 18)"),
        (("clomipramine", "capsule", 225), {"age": 18}, None),
        (("guanfacine", "tablet_er", 6), {"age": 12}, "4 mg/day (age under 13)"),
        (("guanfacine", "tablet_er", 6), {"age": 13}, None),
        (("amphetamine", "capsule_er", 40), {"age": 12}, "30 mg/day (age under 13)"),
        (("amphetamine", "tablet", 40), {"age": 12}, None),
        (
            ("paliperidone", "tablet_er", 9),
            {"age": 15, "weight_kg": Decimal(45)},
            "6 mg/day (age under 18 and weight under 51 kg)",
        ),
        (("paliperidone", "tablet_er", 9), {"age": 15, "weight_kg": Decimal(60)}, None),
        (("paliperidone", "tablet_er", 9), {"age": 30, "weight_kg": Decimal(45)}, None),
    ],
)
def test_a_products_maximum_for_children(
    regimen: tuple[str, str, int], patient: dict, cap: str | None
) -> None:
    name, form, mg = regimen
    found = findings(item(name, mg, form), **patient)
    doses = [f for f in found if f.mechanism == "dose above the maximum"]
    expected = [f"{name} {mg} mg/day is above the maximum of {cap}"] if cap else []
    assert [f.summary for f in doses] == expected


# A joined condition holds when every part holds, and the recorded facts decide it when each
# part is recorded or one recorded part fails: an 11-year-old of unknown weight leaves
# "age<18&weight<51" undecided, a 30-year-old decides it whatever the weight.
@given(
    age=st.none() | st.integers(min_value=0, max_value=100),
    weight=st.none() | st.integers(min_value=1, max_value=150).map(Decimal),
)
def test_a_joined_condition_holds_only_when_every_part_does(
    age: int | None, weight: Decimal | None
) -> None:
    patient = safety.Patient(age=age, weight_kg=weight)
    young = age is not None and age < 18
    light = weight is not None and weight < 51
    assert (safety.condition_met("age<18&weight<51", patient, ()) is not None) is (young and light)
    failed = (age is not None and not young) or (weight is not None and not light)
    decided = (age is not None and weight is not None) or failed
    assert safety.decided("age<18&weight<51", patient) is decided
    band = safety.condition_met("age>12&age<18", patient, ())
    assert (band == "age 13-17") is (age is not None and 12 < age < 18)


def test_carbamazepine_in_an_hla_b1502_carrier() -> None:
    assert "Stevens-Johnson" in one(findings(item("carbamazepine", 400), hla_b1502=True)).summary


# LAMICTAL's boxed warning (November 2025) names HLA-B*1502 among the risk factors for serious
# rash: a moderate caution, not the carbamazepine-style avoid; other drugs give nothing.
def test_lamotrigine_in_an_hla_b1502_carrier_is_a_caution() -> None:
    finding = one(findings(item("lamotrigine", 100), hla_b1502=True))
    assert finding.severity is Severity.MODERATE and "lamictal-boxed-2025" in finding.sources
    assert findings(item("lamotrigine", 100), hla_b1502=False) == []
    assert findings(item("valproate", 1000), hla_b1502=True) == []


@pytest.mark.parametrize(
    "pair",
    [
        ("mirtazapine", "lamotrigine"),
        ("aripiprazole", "lorazepam"),
        ("bupropion", "sertraline"),
        ("lamotrigine", "escitalopram"),
        ("lurasidone", "sertraline"),
        ("clozapine", "metformin"),
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


@settings(max_examples=150)
@given(names=regimens, data=st.data())
def test_findings_do_not_depend_on_the_order_of_the_regimen(
    names: list[str], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(names))
    assert findings(*(item(n) for n in names)) == findings(*(item(n) for n in shuffled))


@settings(max_examples=150)
@given(names=regimens, extra=st.sampled_from(NAMES))
def test_adding_a_drug_never_removes_an_interaction_between_the_others(
    names: list[str], extra: str
) -> None:
    before = {f for f in findings(*(item(n) for n in names)) if f.kind is Kind.INTERACTION}
    after = set(findings(*(item(n) for n in [*names, extra])))
    assert before <= after


patients = st.builds(
    dict,
    age=st.one_of(st.none(), st.integers(min_value=0, max_value=110)),
    sex=st.sampled_from([None, "female", "male"]),
    pregnant=st.booleans(),
    breastfeeding=st.booleans(),
    egfr=st.one_of(st.none(), st.decimals(min_value=5, max_value=120, places=0)),
    child_pugh=st.sampled_from([None, "A", "B", "C"]),
    hla_b1502=st.booleans(),
    cyp2d6=st.sampled_from([None, "poor", "intermediate", "normal", "ultrarapid"]),
    cyp2c19=st.sampled_from([None, "poor", "intermediate", "normal", "ultrarapid"]),
    qtc_ms=st.one_of(st.none(), st.decimals(min_value=380, max_value=560, places=0)),
    smoker=st.booleans(),
    diagnoses=st.lists(
        st.sampled_from(["G40.909", "F50.2", "G70.0", "I50.9", "K76.0", "H40.211", "F32.1"]),
        max_size=3,
    ).map(tuple),
    past_diagnoses=st.lists(st.sampled_from(["I21.4", "I50.23", "K70.30"]), max_size=2).map(tuple),
)


@settings(max_examples=150)
@given(names=regimens, context=patients, data=st.data())
def test_with_any_patient_findings_are_sorted_and_independent_of_order(
    names: list[str], context: dict[str, object], data: st.DataObject
) -> None:
    doses = data.draw(
        st.lists(st.sampled_from([None, 1, 25, 100, 600]), min_size=len(names), max_size=len(names))
    )
    regimen = [item(n, d) for n, d in zip(names, doses, strict=True)]
    found = findings(*regimen, **context)
    ranks = [f.severity.rank for f in found]  # 0 is contraindicated: the most severe first
    assert ranks == sorted(ranks)
    assert found == findings(*data.draw(st.permutations(regimen)), **context)


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
    assert len([f for f in found if "not recommended" in f.action]) == 1


# Carbamazepine's own boxed warning (aplastic anaemia, agranulocytosis) on top of clozapine's
# severe neutropenia: interaction references say avoid. Other inducers and mood stabilisers do
# not add marrow toxicity.
def test_clozapine_with_carbamazepine_adds_bone_marrow_toxicity() -> None:
    def marrow(partner: str) -> list[safety.Finding]:
        found = findings(item("clozapine", 300), item(partner))
        return [f for f in found if "agranulocytosis" in f.summary]

    (found,) = marrow("carbamazepine")
    assert found.severity is Severity.MAJOR and found.action.startswith("Avoid")
    for partner in ("rifampin", "lamotrigine", "valproate", "lithium"):
        assert marrow(partner) == []


# The manufacturer's caution with benzodiazepines (J Clin Psychiatry 1997 letter): collapse,
# rarely with respiratory or cardiac arrest. Other sedatives carry no such report here.
@pytest.mark.parametrize("benzodiazepine", ["lorazepam", "diazepam", "clonazepam"])
def test_clozapine_with_a_benzodiazepine_is_moderate(benzodiazepine: str) -> None:
    finding = one(findings(item("clozapine", 300), item(benzodiazepine)))
    assert finding.severity is Severity.MODERATE and "collapse" in finding.summary
    assert "clozapine-benzodiazepine" in finding.sources and "titrate slowly" in finding.action


def test_clozapine_with_a_z_drug_has_no_collapse_finding() -> None:
    assert findings(item("clozapine", 300), item("zolpidem", 5)) == []


# FDA 2020: clozapine's constipation can progress to obstruction and death; avoid other
# anticholinergic drugs. Sertraline, not anticholinergic, keeps only its label's PK finding.
@pytest.mark.parametrize("partner", ["amitriptyline", "paroxetine", "hydroxyzine"])
def test_clozapine_with_a_strongly_anticholinergic_drug_is_major(partner: str) -> None:
    found = [
        f
        for f in findings(item("clozapine", 300), item(partner))
        if "fda-clozapine-constipation-2020" in f.sources
    ]
    assert one(found).severity is Severity.MAJOR and "bowel function" in one(found).action
    assert not any(
        "fda-clozapine-constipation-2020" in f.sources
        for f in findings(item("clozapine", 300), item("sertraline", 50))
    )


def test_smoking_on_clozapine_is_flagged_and_not_smoking_is_not() -> None:
    assert "stop smoking" in one(findings(item("clozapine", 300), smoker=True)).summary
    assert findings(item("clozapine", 300), smoker=False) == []
    assert findings(item("sertraline", 50), smoker=True) == []


# Tsuda et al. (BMJ Open 2014), a meta-analysis of 7 studies: olanzapine concentration per mg
# is lower in smokers; a non-smoker needs about 30% less for the same level.
def test_smoking_on_olanzapine_says_how_much_less_a_non_smoker_needs() -> None:
    finding = one(findings(item("olanzapine", 20), smoker=True))
    assert "30% less" in finding.action and finding.sources == ("tsuda-2014-smoking",)
    assert findings(item("olanzapine", 20), smoker=False) == []


# Combined oral contraceptive labels, boxed warning: contraindicated in women over 35 who smoke.
def test_the_combined_pill_in_a_smoker_over_35_is_contraindicated() -> None:
    finding = one(findings(item("combined oral contraceptive"), age=36, sex="female", smoker=True))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.POPULATION)
    assert finding.sources == ("coc-boxed",)
    assert "without estrogen" in finding.action


@pytest.mark.parametrize(
    "patient",
    [
        {"age": 35, "sex": "female", "smoker": True},  # not over 35
        {"age": 50, "sex": "female", "smoker": False},
        {"age": None, "sex": "female", "smoker": True},  # age unknown: nothing to compare
        {"age": 50, "sex": "male", "smoker": True},  # the label is about women
    ],
)
def test_the_combined_pill_is_not_contraindicated_outside_the_labels_words(
    patient: dict[str, object],
) -> None:
    assert findings(item("ethinyl-estradiol"), **patient) == []


@given(age=st.integers(min_value=12, max_value=60), smoker=st.booleans())
def test_only_smoking_over_35_contraindicates_the_combined_pill(age: int, smoker: bool) -> None:
    found = findings(item("ethinyl-estradiol"), age=age, sex="female", smoker=smoker)
    assert bool(found) == (smoker and age > 35)
    assert findings(item("atorvastatin"), age=age, sex="female", smoker=smoker) == []


# Diagnoses on the chart, as ICD-10-CM codes, against the labels' own contraindications:
# WELLBUTRIN 5.3 (seizure disorder, anorexia nervosa, bulimia), VALIUM and KLONOPIN
# (myasthenia gravis, sleep apnoea, acute narrow-angle glaucoma), NARDIL (congestive heart
# failure, liver disease), the fluoroquinolone boxed warning (myasthenia gravis: avoid), and
# the QT and cardiac rows below.
@pytest.mark.parametrize(
    ("drug", "code", "severity"),
    [
        ("bupropion", "G40.909", Severity.CONTRAINDICATED),
        ("bupropion", "F50.2", Severity.CONTRAINDICATED),
        ("bupropion", "F50.01", Severity.CONTRAINDICATED),
        ("diazepam", "G70.0", Severity.CONTRAINDICATED),
        ("diazepam", "G47.33", Severity.CONTRAINDICATED),
        ("diazepam", "H40.211", Severity.CONTRAINDICATED),
        ("clonazepam", "H40.212", Severity.CONTRAINDICATED),
        ("phenelzine", "I50.9", Severity.CONTRAINDICATED),
        ("phenelzine", "K76.0", Severity.CONTRAINDICATED),
        ("ciprofloxacin", "G70.00", Severity.MAJOR),
        ("moxifloxacin", "G70.01", Severity.MAJOR),
        # ORAP: congenital long QT, a history of arrhythmias, low potassium or magnesium.
        ("pimozide", "I45.81", Severity.CONTRAINDICATED),
        ("pimozide", "I48.91", Severity.CONTRAINDICATED),
        ("pimozide", "I47.10", Severity.CONTRAINDICATED),
        ("pimozide", "E87.6", Severity.CONTRAINDICATED),
        ("pimozide", "E83.42", Severity.CONTRAINDICATED),
        # GEODON 4, MHRA 2011, the HSE macrolide warning, the levofloxacin QT warning.
        ("ziprasidone", "I45.81", Severity.CONTRAINDICATED),
        ("citalopram", "I45.81", Severity.CONTRAINDICATED),
        ("escitalopram", "I45.81", Severity.CONTRAINDICATED),
        ("clarithromycin", "I45.81", Severity.CONTRAINDICATED),
        ("clarithromycin", "I47.21", Severity.CONTRAINDICATED),  # torsade de pointes
        ("clarithromycin", "I49.01", Severity.CONTRAINDICATED),  # ventricular fibrillation
        ("levofloxacin", "I45.81", Severity.MAJOR),
        # The stimulant labels: avoid with cardiomyopathy or coronary artery disease.
        ("methylphenidate", "I25.10", Severity.MAJOR),
        ("dexmethylphenidate", "I20.9", Severity.MAJOR),
        ("amphetamine", "I42.0", Severity.MAJOR),
        ("lisdexamfetamine", "I21.4", Severity.MAJOR),
        # GEODON 4: recent acute myocardial infarction, uncompensated heart failure.
        ("ziprasidone", "I21.4", Severity.CONTRAINDICATED),
        ("ziprasidone", "I22.0", Severity.CONTRAINDICATED),
        ("ziprasidone", "I50.23", Severity.CONTRAINDICATED),  # acute on chronic systolic
        ("ziprasidone", "I50.41", Severity.CONTRAINDICATED),
        ("ziprasidone", "I50.813", Severity.CONTRAINDICATED),
        # TOFRANIL, ANAFRANIL and nortriptyline: contraindicated in the acute recovery period
        # after a myocardial infarction; amitriptyline: not recommended.
        ("imipramine", "I21.A1", Severity.CONTRAINDICATED),
        ("clomipramine", "I21.3", Severity.CONTRAINDICATED),
        ("nortriptyline", "I22.9", Severity.CONTRAINDICATED),
        ("amitriptyline", "I21.4", Severity.MAJOR),
        # MHRA 2011: weigh benefits and risks after a recent infarction, in decompensated
        # heart failure or in significant bradycardia (a caution, not a contraindication).
        ("citalopram", "I21.4", Severity.MODERATE),
        ("escitalopram", "I50.43", Severity.MODERATE),
        ("citalopram", "R00.1", Severity.MODERATE),
        ("escitalopram", "R00.1", Severity.MODERATE),
        # STRATTERA 4: narrow-angle glaucoma (mydriasis).
        ("atomoxetine", "H40.22", Severity.CONTRAINDICATED),
        ("atomoxetine", "H40.21", Severity.CONTRAINDICATED),
        # SPORANOX boxed warning: not for onychomycosis with heart failure or a history of it.
        ("itraconazole", "I50.22", Severity.MAJOR),
        # Propranolol tablets, Contraindications and Warnings (nonallergic bronchospasm).
        ("propranolol", "J45.909", Severity.CONTRAINDICATED),
        ("propranolol", "J44.9", Severity.MAJOR),
        ("propranolol", "J43.9", Severity.MAJOR),
        ("propranolol", "R00.1", Severity.CONTRAINDICATED),
        ("propranolol", "I44.1", Severity.CONTRAINDICATED),
        ("propranolol", "R57.0", Severity.CONTRAINDICATED),
        # LOPRESSOR, Contraindications (hypertension and angina).
        ("metoprolol", "R00.1", Severity.CONTRAINDICATED),
        ("metoprolol", "I44.2", Severity.CONTRAINDICATED),
        ("metoprolol", "R57.0", Severity.CONTRAINDICATED),
        ("metoprolol", "I50.23", Severity.CONTRAINDICATED),
        # CSM 2000: thioridazine with dysrhythmias, conduction disorders, QTc prolongation.
        ("thioridazine", "I45.81", Severity.CONTRAINDICATED),
        ("thioridazine", "I48.91", Severity.CONTRAINDICATED),
        ("thioridazine", "I44.7", Severity.CONTRAINDICATED),  # left bundle-branch block
        # Haloperidol: Parkinson's disease (US label); Lewy bodies, PSP (Swiss label).
        ("haloperidol", "G20.A1", Severity.CONTRAINDICATED),
        ("haloperidol", "G31.83", Severity.CONTRAINDICATED),
        ("haloperidol", "G23.1", Severity.CONTRAINDICATED),
        # Valproate 4: urea cycle disorders, POLG disease.
        ("valproate", "E72.20", Severity.CONTRAINDICATED),
        ("valproate", "G31.81", Severity.CONTRAINDICATED),
        # Disulfiram: psychoses, coronary occlusion.
        ("disulfiram", "F20.0", Severity.CONTRAINDICATED),
        ("disulfiram", "F31.2", Severity.CONTRAINDICATED),
        ("disulfiram", "F10.259", Severity.CONTRAINDICATED),  # alcohol-induced psychosis
        ("disulfiram", "I25.82", Severity.CONTRAINDICATED),
        # ATIVAN: acute narrow-angle glaucoma.
        ("lorazepam", "H40.211", Severity.CONTRAINDICATED),
        # The opioid analgesics' class section 4: gastrointestinal obstruction or paralytic
        # ileus; acute or severe bronchial asthma.
        ("oxycodone", "K56.0", Severity.CONTRAINDICATED),
        ("morphine", "K56.69", Severity.CONTRAINDICATED),
        ("methadone", "K91.30", Severity.CONTRAINDICATED),
        ("hydrocodone", "K31.5", Severity.CONTRAINDICATED),
        ("fentanyl", "J45.52", Severity.CONTRAINDICATED),
        ("tramadol", "J45.901", Severity.CONTRAINDICATED),
        ("codeine", "J45.50", Severity.CONTRAINDICATED),  # severe persistent
        ("meperidine", "J45.41", Severity.CONTRAINDICATED),
        # STRATTERA 4: pheochromocytoma; severe cardiac or vascular disorders.
        ("atomoxetine", "C74.10", Severity.CONTRAINDICATED),
        ("atomoxetine", "D35.00", Severity.MODERATE),  # benign adrenal tumour: which kind?
        ("atomoxetine", "I25.10", Severity.MAJOR),
        ("phenelzine", "C74.11", Severity.CONTRAINDICATED),  # NARDIL: pheochromocytoma
        ("phenelzine", "D35.01", Severity.MODERATE),
        # Stimulant labels: serious heart rhythm abnormalities (ventricular tachycardia or
        # fibrillation), as for cardiomyopathy and coronary artery disease.
        ("methylphenidate", "I47.20", Severity.MAJOR),
        ("lisdexamfetamine", "I49.01", Severity.MAJOR),
        ("atomoxetine", "I47.21", Severity.MAJOR),  # STRATTERA warnings (2013)
        # FDA 2021: lamotrigine (class IB activity) in structural or functional heart disorders.
        ("lamotrigine", "I50.22", Severity.MAJOR),
        ("lamotrigine", "I35.0", Severity.MAJOR),  # aortic stenosis
        ("lamotrigine", "Q21.1", Severity.MAJOR),  # atrial septal defect
        ("lamotrigine", "I44.2", Severity.MAJOR),  # complete heart block
        ("lamotrigine", "I45.81", Severity.MAJOR),  # long QT syndrome, a channelopathy
        ("lamotrigine", "I47.20", Severity.MAJOR),
        ("lamotrigine", "I25.10", Severity.MAJOR),
        # FDA 2015: varenicline in a patient with a history of seizures: weigh the risk.
        ("varenicline", "G40.909", Severity.MODERATE),
        # Trazodone 5.3: avoid with arrhythmias, long QT, bradycardia, low potassium or
        # magnesium; not in the initial recovery phase of an infarction.
        ("trazodone", "I48.91", Severity.MAJOR),
        ("trazodone", "I45.81", Severity.MAJOR),
        ("trazodone", "E87.6", Severity.MAJOR),
        ("trazodone", "I21.4", Severity.MAJOR),
        # Stimulant labels (2013): peripheral vasculopathy, including Raynaud's phenomenon:
        # observe closely for digital changes.
        ("methylphenidate", "I73.00", Severity.MODERATE),
        ("dexmethylphenidate", "I73.01", Severity.MODERATE),
        ("amphetamine", "I73.00", Severity.MODERATE),
        ("lisdexamfetamine", "I73.00", Severity.MODERATE),
    ],
)
def test_a_diagnosis_the_label_contraindicates_is_found(
    drug: str, code: str, severity: Severity
) -> None:
    finding = one(findings(item(drug), diagnoses=(code,)))
    assert (finding.severity, finding.kind) == (severity, Kind.POPULATION)
    assert code in finding.summary


@pytest.mark.parametrize(
    ("drug", "code"),
    [
        ("bupropion", "F50.81"),  # binge eating disorder: not what the label names
        ("bupropion", "F32.1"),
        ("clonazepam", "H40.11"),  # open-angle glaucoma: the label allows it under treatment
        ("atomoxetine", "I73.00"),  # Raynaud's: the stimulants' warning, not atomoxetine's
        ("ciprofloxacin", "G40.909"),
        ("sertraline", "G40.909"),
        ("sertraline", "G70.0"),
        ("phenelzine", "I10"),
        ("clarithromycin", "I48.91"),  # atrial fibrillation: not a ventricular arrhythmia
        ("ziprasidone", "I48.91"),
        ("sertraline", "I45.81"),
        ("pimozide", "I10"),
        ("methylphenidate", "I10"),  # hypertension: monitored, not avoided
        ("amphetamine", "I45.81"),
        ("ziprasidone", "I25.2"),  # old myocardial infarction: not recent
        ("ziprasidone", "I50.9"),  # heart failure without its acuity
        ("ziprasidone", "I50.22"),  # chronic: compensated
        ("imipramine", "I25.2"),
        ("doxepin", "I21.4"),  # its label names no infarction
        ("sertraline", "I21.4"),
        ("citalopram", "I50.22"),  # chronic heart failure: not decompensated
        ("sertraline", "R00.1"),  # bradycardia: the MHRA caution is citalopram's and escitalopram's
        ("citalopram", "R00.0"),  # tachycardia
        ("atomoxetine", "H40.11"),  # open-angle glaucoma
        ("methylphenidate", "H40.22"),
        ("propranolol", "I44.0"),  # first-degree block: the label names greater than first
        ("propranolol", "R00.0"),
        ("metoprolol", "J45.909"),  # cardioselective: its label does not contraindicate asthma
        ("metoprolol", "I50.22"),  # chronic, compensated heart failure
        ("sertraline", "J45.909"),
        ("thioridazine", "I10"),
        ("haloperidol", "G25.0"),  # essential tremor: not parkinsonism
        ("quetiapine", "G20.A1"),  # below 65 no rule names it (Beers is for older adults)
        ("disulfiram", "F31.1"),  # mania without psychotic features
        ("disulfiram", "F32.2"),  # severe depression without psychotic features
        ("disulfiram", "F21"),  # schizotypal disorder is not a psychosis
        ("lorazepam", "H40.11"),  # open-angle glaucoma
        ("oxycodone", "J45.909"),  # asthma neither acute nor severe
        ("oxycodone", "J45.40"),  # moderate persistent, uncomplicated
        ("oxycodone", "K59.00"),  # constipation is not obstruction
        ("buprenorphine", "K56.0"),  # SUBOXONE carries no opioid analgesic class section
        ("sertraline", "K56.0"),
        ("atomoxetine", "I10"),  # hypertension: a caution in the label, not encoded
        ("methylphenidate", "D35.00"),  # its label names no adrenal tumour
        ("methylphenidate", "I48.91"),  # atrial fibrillation: not a ventricular arrhythmia
        ("lamotrigine", "I10"),  # hypertension alone is not a heart disorder the FDA names
        ("lamotrigine", "I48.91"),
        ("valproate", "I50.22"),  # not a sodium channel blocker in the FDA's review
        ("varenicline", "F17.210"),  # nicotine dependence, its indication
        ("trazodone", "I10"),
        ("trazodone", "I25.2"),  # an old infarction is not the recovery phase
    ],
)
def test_a_diagnosis_the_label_does_not_name_gives_no_finding(drug: str, code: str) -> None:
    assert findings(item(drug), diagnoses=(code,)) == []


# STRATTERA names narrow-angle glaucoma as a present state: a resolved episode is not it.
def test_atomoxetine_and_a_past_angle_closure_glaucoma() -> None:
    assert findings(item("atomoxetine"), past_diagnoses=("H40.22",)) == []


# ORAP contraindicates pimozide in hypokalaemia and hypomagnesaemia, which a potassium below
# 3.5 mmol/L and a magnesium below 1.46 mg/dL are (StatPearls): the lab result finds it as the
# recorded code would. At the lower limit it is not low, and a drug with no such rule gets
# nothing from a low result.
@pytest.mark.parametrize(
    ("lab", "low", "limit", "unit", "code", "source"),
    [
        ("potassium", "3.2", "3.5", "mmol/L", "E87.6", "statpearls-hypokalemia"),
        ("magnesium", "1.2", "1.46", "mg/dL", "E83.42", "statpearls-hypomagnesemia"),
    ],
)
def test_a_low_lab_counts_as_the_diagnosis_a_label_names(
    lab: str, low: str, limit: str, unit: str, code: str, source: str
) -> None:
    finding = one(findings(item("pimozide", 2), labs={lab: Decimal(low)}))
    assert finding.severity is Severity.CONTRAINDICATED
    assert f"{lab} {low} {unit}" in finding.summary
    assert finding.sources == ("orap-label", source)
    assert findings(item("pimozide", 2), labs={lab: Decimal(limit)}) == []
    assert findings(item("sertraline", 50), labs={lab: Decimal(low)}) == []
    recorded = one(findings(item("pimozide", 2), diagnoses=(code,), labs={lab: Decimal(low)}))
    assert f"({code})" in recorded.summary


def test_both_low_labs_make_one_finding() -> None:
    low = {"potassium": Decimal(3), "magnesium": Decimal(1)}
    both = one(findings(item("pimozide", 2), labs=low))
    assert "potassium 3 mmol/L" in both.summary and "magnesium 1 mg/dL" in both.summary


@settings(max_examples=60)
@given(
    names=regimens,
    potassium=st.decimals(min_value=Decimal("1.5"), max_value=Decimal("6.5"), places=1),
)
def test_a_low_potassium_finds_what_recorded_hypokalaemia_finds(
    names: list[str], potassium: Decimal
) -> None:
    def diagnosis_findings(**patient: object) -> list[tuple[Severity, tuple[str, ...]]]:
        # Pimozide, whose label names hypokalaemia, with any other drugs.
        regimen = [item("pimozide"), *(item(name) for name in names if name != "pimozide")]
        found = findings(*regimen, **patient)
        return [(f.severity, f.drugs) for f in found if f.mechanism.endswith("(diagnosis)")]

    measured = diagnosis_findings(labs={"potassium": potassium})
    recorded = diagnosis_findings(diagnoses=("E87.6",))
    assert recorded
    assert measured == (recorded if potassium < Decimal("3.5") else [])


def test_a_past_diagnosis_counts_except_for_a_present_state() -> None:
    # A seizure disorder in remission still contraindicates bupropion (WELLBUTRIN 5.3); an
    # infarction recorded as resolved is not the recent one GEODON 4 is about.
    assert one(findings(item("bupropion"), past_diagnoses=("G40.909",)))
    assert findings(item("ziprasidone"), past_diagnoses=("I21.4", "I50.23")) == []
    assert findings(item("imipramine"), past_diagnoses=("I21.4",)) == []
    assert findings(item("citalopram"), past_diagnoses=("I21.4", "R00.1")) == []
    assert one(findings(item("methylphenidate"), past_diagnoses=("I21.4",)))
    # Asthma in remission still rules out propranolol; a past bradycardia or heart block
    # is not the present state its label names.
    assert one(findings(item("propranolol"), past_diagnoses=("J45.909",))).severity is (
        Severity.CONTRAINDICATED
    )
    assert findings(item("propranolol"), past_diagnoses=("R00.1", "I44.2", "R57.0")) == []
    # A psychosis in remission is not the "presence of psychoses" the disulfiram label names.
    assert findings(item("disulfiram"), past_diagnoses=("F20.0", "F10.259")) == []
    # A resolved ileus or asthma attack is not the present state the opioid labels name.
    assert findings(item("oxycodone"), past_diagnoses=("K56.0", "J45.52")) == []
    # "Pheochromocytoma or a history of it" (STRATTERA 4).
    assert one(findings(item("atomoxetine"), past_diagnoses=("C74.11",))).severity is (
        Severity.CONTRAINDICATED
    )


@settings(max_examples=100)
@given(
    names=regimens,
    codes=st.lists(
        st.sampled_from(["G40.909", "I21.4", "I50.23", "I50.9", "I45.81", "G70.0", "K70.30"]),
        min_size=1,
        max_size=3,
    ).map(tuple),
)
def test_a_diagnosis_recorded_as_past_never_finds_more_than_recorded_as_current(
    names: list[str], codes: tuple[str, ...]
) -> None:
    regimen = [item(n) for n in names]
    as_past = set(findings(*regimen, past_diagnoses=codes))
    assert as_past <= set(findings(*regimen, diagnoses=codes))


@given(detail=st.from_regex(r"[0-9A-TV-Z]{1,3}", fullmatch=True))
def test_every_code_under_a_category_counts_and_no_other_does(detail: str) -> None:
    assert len(findings(item("bupropion"), diagnoses=(f"G40.{detail}",))) == 1
    assert findings(item("bupropion"), diagnoses=(f"G43.{detail}", f"Z79.{detail}")) == []


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
    finding = one(qt(findings(item("ziprasidone", 80), item(partner))))
    assert finding.severity is Severity.CONTRAINDICATED


def test_both_labels_warning_of_one_risk_give_one_finding_citing_both() -> None:
    finding = one(qt(findings(item("ziprasidone", 80), item("citalopram", 20))))
    assert finding.severity is Severity.CONTRAINDICATED
    ziprasidone, citalopram = FORMULARY.drugs["ziprasidone"], FORMULARY.drugs["citalopram"]
    qt_rows = {
        row.source
        for drug in (ziprasidone, citalopram)
        for row in drug.interactions
        if row.with_property in ("qt_prolonging", "qt_prolongation_warning")
    }
    assert qt_rows <= set(finding.sources)


def test_citalopram_with_methadone_is_a_major_qt_interaction() -> None:
    found = findings(item("citalopram", 20), item("methadone"))
    finding = one([f for f in found if "QT" in f.summary])
    assert finding.severity is Severity.MAJOR


@pytest.mark.parametrize("drug", ["pimozide", "thioridazine"])
def test_fluoxetine_with_pimozide_or_thioridazine_is_contraindicated(drug: str) -> None:
    named = [
        f
        for f in findings(item("fluoxetine", 20), item(drug))
        if f.mechanism.startswith("named in the")
    ]
    assert one(named).severity is Severity.CONTRAINDICATED


# FDA 2016: serotonin syndrome with opioids, most often fentanyl and methadone; sertraline has
# no QT warning, so the pair's only finding is the serotonergic one.
def test_sertraline_with_methadone_is_serotonergic_not_qt() -> None:
    finding = one(findings(item("sertraline", 50), item("methadone")))
    assert finding.mechanism == "two serotonergic drugs"
    assert "fda-opioid-serotonin-2016" in finding.sources


# AGS Beers Criteria 2023, Table 2.
@pytest.mark.parametrize(
    "drug", ["lorazepam", "alprazolam", "zolpidem", "paroxetine", "amitriptyline"]
)
def test_beers_drugs_in_older_adults_are_flagged(drug: str) -> None:
    found = [f for f in findings(item(drug), age=70) if "Beers" in f.summary]
    assert one(found).severity is Severity.MODERATE and "Beers" in one(found).summary


def test_beers_flags_neither_younger_adults_nor_other_drugs() -> None:
    assert findings(item("lorazepam"), age=64) == []
    # Sertraline is not on the avoid list; Beers only asks for caution (sodium) at 65+.
    [caution] = findings(item("sertraline", 50), age=80)
    assert caution.severity is Severity.MINOR and "hyponatraemia" in caution.summary


# AGS Beers Criteria: non-COX-selective oral NSAIDs (ibuprofen, naproxen; not the COX-2
# selective celecoxib) at 65 and over (Table 2), and every NSAID at a creatinine clearance
# below 30 mL/min (2023 Table 6). Younger adults, an eGFR of 30 and an unknown eGFR are
# negative controls; aspirin at a low dose is not an NSAID here.
@pytest.mark.parametrize("drug", ["ibuprofen", "naproxen"])
def test_beers_advises_against_long_term_non_selective_nsaids_at_65(drug: str) -> None:
    finding = one(findings(item(drug, 1000), age=65))
    assert finding.severity is Severity.MODERATE and "long-term" in finding.summary
    assert finding.sources == ("beers-2023-nsaids",)
    assert findings(item(drug, 1000), age=64, egfr=20) == []


def test_beers_advises_avoiding_nsaids_below_a_clearance_of_30_at_65() -> None:
    def kidney(drug: str, **patient: object) -> list[safety.Finding]:
        return [f for f in findings(item(drug), **patient) if "eGFR" in f.summary]

    for drug in ("ibuprofen", "naproxen", "celecoxib"):
        assert "Beers Criteria advise avoiding it" in one(kidney(drug, age=70, egfr=29)).summary
        assert kidney(drug, age=70, egfr=30) == kidney(drug, age=70) == []
    assert findings(item("celecoxib"), age=70) == []
    assert findings(item("aspirin", 81), age=80, egfr=20) == []


# AGS Beers Criteria 2023, Table 3 (drug-disease), at 65 and over. A history of falls or
# fractures: avoid antiepileptics, antipsychotics, benzodiazepines, Z-drugs, TCAs, SSRIs, SNRIs
# and opioids unless safer alternatives are not available. Parkinson disease: avoid
# metoclopramide and antipsychotics except quetiapine and clozapine. Seizures or epilepsy:
# avoid chlorpromazine, clozapine, olanzapine, thioridazine, tramadol (and bupropion, which
# its label contraindicates). Heart failure: NSAIDs with caution, avoided if symptomatic.
# Delirium: anticholinergics, antipsychotics, benzodiazepines, Z-drugs, H2 blockers, opioids.
@pytest.mark.parametrize(
    ("drug", "code"),
    [
        ("sertraline", "Z91.81"),  # history of falling
        ("venlafaxine", "R29.6"),  # repeated falls
        ("lorazepam", "Z87.81"),  # healed traumatic fracture
        ("oxycodone", "Z87.31"),
        ("zolpidem", "Z91.81"),
        ("lamotrigine", "Z91.81"),
        ("risperidone", "G20.A1"),
        ("perphenazine", "G20"),
        ("metoclopramide", "G20.C"),
        ("olanzapine", "G40.909"),  # clozapine's own label rule answers for it
        ("tramadol", "G40.A09"),
        ("naproxen", "I50.22"),
        ("celecoxib", "I50.9"),
        ("quetiapine", "F05"),  # delirium
        ("oxycodone", "F05"),
        ("cimetidine", "F05"),
        ("paroxetine", "F05"),  # strongly anticholinergic
        ("lorazepam", "G30.1"),  # dementia
        ("risperidone", "F03.90"),
        ("amitriptyline", "G31.84"),  # mild cognitive impairment
    ],
)
def test_beers_drug_disease_criteria_in_older_adults(drug: str, code: str) -> None:
    def disease(**patient: object) -> list[safety.Finding]:
        return [f for f in findings(item(drug), **patient) if "older adults with" in f.mechanism]

    finding = one(disease(age=65, diagnoses=(code,)))
    assert finding.severity is Severity.MODERATE and code in finding.summary
    assert finding.sources == ("beers-2023",)
    assert disease(age=65, past_diagnoses=(code,)) == [finding]  # a history counts
    assert disease(age=64, diagnoses=(code,)) == disease(age=65) == []


# Where the drug's own label contraindicates it in the diagnosis (haloperidol in Parkinson's
# disease), that finding answers for it: Beers repeats it only for the drugs it alone names.
def test_a_label_contraindication_answers_for_the_beers_row_naming_the_same_diagnosis() -> None:
    found = findings(item("haloperidol"), item("risperidone"), age=70, diagnoses=("G20.A1",))
    label = [f for f in found if f.mechanism.endswith("(diagnosis)")]
    beers = [f for f in found if "older adults with" in f.mechanism]
    assert one(label).drugs == ("haloperidol",)
    assert one(label).severity is Severity.CONTRAINDICATED
    assert one(beers).drugs == ("risperidone",)


# AGS Beers Criteria 2015 drug-disease table: with syncope, avoid peripheral alpha-1 blockers,
# tertiary TCAs, chlorpromazine, thioridazine and olanzapine (orthostatic hypotension,
# bradycardia). Nortriptyline is a secondary amine; quetiapine is not on the row.
@pytest.mark.parametrize(
    ("drug", "named"),
    [
        ("prazosin", True),
        ("amitriptyline", True),
        ("imipramine", True),
        ("olanzapine", True),
        ("thioridazine", True),
        ("nortriptyline", False),
        ("quetiapine", False),
        ("sertraline", False),
    ],
)
def test_beers_syncope_row(drug: str, named: bool) -> None:
    def syncope(**patient: object) -> list[safety.Finding]:
        return [f for f in findings(item(drug), **patient) if "with syncope" in f.mechanism]

    found = syncope(age=75, diagnoses=("R55",))
    assert [f.sources for f in found] == ([("beers-2015-syncope",)] if named else [])
    assert syncope(age=60, diagnoses=("R55",)) == []


BEERS_CODES = [code for criterion in safety.BEERS for code in criterion.codes]


@settings(max_examples=60)
@given(names=regimens, code=st.sampled_from(BEERS_CODES), age=st.integers(40, 95))
def test_a_beers_condition_names_exactly_the_drugs_its_criterion_lists_from_65(
    names: list[str], code: str, age: int
) -> None:
    found = findings(*(item(name) for name in names), age=age, diagnoses=(code,))
    named = {f.drugs for f in found if "older adults with" in f.mechanism}
    (criterion,) = [c for c in safety.BEERS if code in c.codes]
    # Less any drug whose own label rule answers for the code (haloperidol in G20).
    listed = tuple(
        sorted(
            name
            for name in names
            if FORMULARY.drugs[name].has(criterion.prop)
            and not any(
                w.matching((code,), ()) for w in safety.diagnosis_warnings(FORMULARY.drugs[name])
            )
        )
    )
    assert named == ({listed} if age >= 65 and listed else set())


# One finding per condition, naming every drug of the regimen the criterion lists.
def test_a_beers_condition_is_one_finding_for_the_regimen() -> None:
    found = findings(
        item("sertraline", 50),
        item("lorazepam", 1),
        item("oxycodone", 10),
        item("lisinopril", 10),
        age=70,
        past_diagnoses=("Z87.81",),
    )
    falls = one([f for f in found if "falls or fractures" in f.mechanism])
    assert falls.drugs == ("lorazepam", "oxycodone", "sertraline")
    assert "Z87.81" in falls.summary


# Beers 2023 Table 3: non-COX-2-selective NSAIDs with a history of ulcers; strongly
# anticholinergic drugs in men with lower urinary tract symptoms or BPH; peripheral alpha-1
# blockers and non-vaginal estrogen in women with urinary incontinence. A row about one sex
# holds for it and for a record without a sex, not for the other.
@pytest.mark.parametrize(
    ("drug", "code", "row_sex", "condition"),
    [
        ("naproxen", "Z87.11", None, "gastric or duodenal ulcers"),
        ("ibuprofen", "K26.9", None, "gastric or duodenal ulcers"),
        ("amitriptyline", "N40.1", "male", "benign prostatic hyperplasia"),
        ("paroxetine", "R39.12", "male", "benign prostatic hyperplasia"),
        ("prazosin", "N39.46", "female", "urinary incontinence"),
        ("ethinyl-estradiol", "R32", "female", "urinary incontinence"),
    ],
)
def test_beers_ulcer_and_urinary_rows(
    drug: str, code: str, row_sex: str | None, condition: str
) -> None:
    def beers(age: int, sex: str | None) -> list[Finding]:
        found = findings(item(drug), age=age, sex=sex, diagnoses=(code,))
        return [f for f in found if "older adults with" in f.mechanism]

    for sex in ("female", "male", None):
        applies = row_sex in (None, sex) or sex is None
        found = beers(72, sex)
        assert len(found) == applies
        assert all(condition in f.mechanism and f.sources == ("beers-2023",) for f in found)
    assert beers(60, row_sex) == []


@pytest.mark.parametrize(
    ("drug", "code"),
    [
        ("quetiapine", "G20"),  # the exceptions in Parkinson disease
        ("clozapine", "G20.A1"),
        ("ondansetron", "G20"),  # an antiemetic that is not a dopamine antagonist
        ("risperidone", "G21.11"),  # drug-induced parkinsonism: not Parkinson disease
        ("mirtazapine", "Z91.81"),  # not a TCA, SSRI or SNRI
        ("tizanidine", "Z91.81"),  # a muscle relaxant: not on the falls list
        ("lisinopril", "Z91.81"),
        ("risperidone", "G40.909"),  # not among the drugs Beers names for seizures
        ("sertraline", "I50.9"),
        ("sertraline", "F05"),  # not anticholinergic
        ("sertraline", "G30.1"),
        ("oxycodone", "F03.90"),  # opioids are on the delirium row, not the dementia row
        ("omeprazole", "F05"),
        ("celecoxib", "K25.9"),  # COX-2 selective: not on the ulcer row
        ("sertraline", "N40.1"),  # not strongly anticholinergic
        ("metoprolol", "N39.3"),  # not an alpha-1 blocker
    ],
)
def test_beers_drug_disease_criteria_name_only_their_drugs(drug: str, code: str) -> None:
    found = findings(item(drug), age=80, diagnoses=(code,))
    assert not [f for f in found if "older adults with" in f.mechanism]


# Anticoagulants with drugs that add to their bleeding: warfarin with any NSAID (Hansten and
# Horn: use only if the benefit outweighs the risk), apixaban with an antiplatelet drug,
# aspirin or an NSAID (ELIQUIS 7). Lisinopril and metformin are negative controls.
@pytest.mark.parametrize("nsaid", ["ibuprofen", "naproxen", "celecoxib"])
def test_warfarin_with_an_nsaid_is_a_major_bleeding_risk(nsaid: str) -> None:
    finding = one(findings(item("warfarin", 5), item(nsaid)))
    assert (finding.severity, finding.sources) == (
        Severity.MAJOR,
        ("hansten-horn-anticoagulant-nsaids",),
    )
    assert "acetaminophen" in finding.action
    assert findings(item("warfarin", 5), item("lisinopril")) == []


@pytest.mark.parametrize("partner", ["ibuprofen", "celecoxib", "aspirin", "clopidogrel"])
def test_apixaban_with_an_antiplatelet_or_nsaid_adds_bleeding_risk(partner: str) -> None:
    finding = one(findings(item("apixaban", 10), item(partner)))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, ("eliquis-bleeding",))
    assert findings(item("apixaban", 10), item("metformin")) == []


# INTUNIV 5.1: guanfacine with an antihypertensive (hypotension, bradycardia, syncope): use
# with caution and check heart rate and blood pressure. Sertraline and metformin are not.
@pytest.mark.parametrize(
    "partner", ["lisinopril", "losartan", "hydrochlorothiazide", "metoprolol", "clonidine"]
)
def test_guanfacine_with_an_antihypertensive(partner: str) -> None:
    finding = one(findings(item("guanfacine", 2), item(partner)))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, ("intuniv-warnings",))
    assert "heart rate and blood pressure" in finding.action
    assert findings(item("guanfacine", 2), item("sertraline", 50)) == []
    assert findings(item("guanfacine", 2), item("metformin")) == []


# Reitberg 1981: cimetidine cuts theophylline clearance by about 30% (up to 50%); omeprazole,
# the other acid suppressant in the formulary, is a negative control.
def test_cimetidine_raises_theophylline() -> None:
    finding = one(findings(item("theophylline"), item("cimetidine")))
    assert finding.severity is Severity.MAJOR
    assert finding.sources == ("reitberg-1981-cimetidine-theophylline",)
    assert findings(item("theophylline"), item("omeprazole")) == []


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
        if f.mechanism.startswith("named in the") or f.mechanism == "CYP1A2 inhibition"
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


# Every MAOI antidepressant, not only phenelzine: the stimulant labels (RITALIN, FOCALIN,
# ADDERALL, VYVANSE section 4), STRATTERA, DEMEROL and the OTC monograph's Drug Facts (21 CFR
# 341.80) each contraindicate use with an MAOI or within 14 days of one. A pair that two labels
# both forbid gets one finding.
MAOI_ANTIDEPRESSANTS = ["phenelzine", "tranylcypromine", "isocarboxazid", "selegiline"]
MAOI_CONTRAINDICATED = [
    "methylphenidate",
    "dexmethylphenidate",
    "amphetamine",
    "lisdexamfetamine",
    "atomoxetine",
    "pseudoephedrine",
    "dextromethorphan",
    "meperidine",
]


@pytest.mark.parametrize("maoi", MAOI_ANTIDEPRESSANTS)
@pytest.mark.parametrize("partner", MAOI_CONTRAINDICATED)
def test_every_maoi_antidepressant_is_contraindicated_with(maoi: str, partner: str) -> None:
    finding = one(findings(item(maoi), item(partner)))
    assert (finding.severity, finding.mechanism) == (Severity.CONTRAINDICATED, "taken with an MAOI")


# Linezolid is a weak, reversible MAOI: the amphetamine labels name it, DEMEROL's MAOI
# contraindication covers it, and ZYVOX forbids it with an MAOI antidepressant. With a
# sympathomimetic ZYVOX asks for reduced starting doses (moderate), not avoidance; the
# methylphenidate, atomoxetine and Drug Facts texts name MAOI antidepressants only.
@pytest.mark.parametrize(
    ("partner", "severity"),
    [
        ("amphetamine", Severity.CONTRAINDICATED),
        ("lisdexamfetamine", Severity.CONTRAINDICATED),
        ("meperidine", Severity.CONTRAINDICATED),
        ("phenelzine", Severity.CONTRAINDICATED),
        ("pseudoephedrine", Severity.MODERATE),
        ("methylphenidate", Severity.MODERATE),
    ],
)
def test_linezolid_as_an_maoi(partner: str, severity: Severity) -> None:
    assert one(findings(item("linezolid"), item(partner))).severity is severity


# FDA Drug Safety Communication (March 2016): meperidine, like tramadol and tapentadol, already
# carried a serotonin syndrome warning; with an SSRI it is a serotonergic combination. With an
# MAOI its own label's words stand (coma, respiratory depression), as one finding.
def test_meperidine_is_serotonergic_and_keeps_its_own_maoi_words() -> None:
    finding = one(findings(item("meperidine"), item("sertraline")))
    assert (finding.severity, finding.mechanism) == (Severity.MODERATE, "two serotonergic drugs")
    assert "fda-opioid-serotonin-2016" in finding.sources
    maoi = one(findings(item("meperidine"), item("phenelzine")))
    assert maoi.severity is Severity.CONTRAINDICATED
    assert "coma" in maoi.summary
    assert findings(item("meperidine"), item("lisinopril")) == []


@pytest.mark.parametrize("partner", ["atomoxetine", "dextromethorphan"])
def test_linezolid_is_not_treated_as_an_maoi_antidepressant(partner: str) -> None:
    assert findings(item("linezolid"), item(partner)) == []


# TEGRETOL contraindicates every MAOI (stopped at least 14 days before); PARNATE Table 1 names
# carbamazepine too, and the pair gets one finding citing both labels. NARDIL's label does
# not name it, so phenelzine's finding rests on TEGRETOL alone. Linezolid is not an MAOI
# antidepressant, and TEGRETOL's text does not name it.
def test_carbamazepine_with_an_maoi_is_contraindicated() -> None:
    found = one(findings(item("tranylcypromine"), item("carbamazepine")))
    assert found.severity is Severity.CONTRAINDICATED
    assert set(found.sources) == {"parnate-label", "tegretol-maoi"}
    phenelzine = one(findings(item("phenelzine"), item("carbamazepine")))
    assert phenelzine.severity is Severity.CONTRAINDICATED
    assert phenelzine.sources == ("tegretol-maoi",)
    assert findings(item("linezolid"), item("carbamazepine")) == []


def test_carbamazepine_waits_14_days_after_an_maoi() -> None:
    def washout(days: int) -> list[Finding]:
        stopped = ((FORMULARY.drugs["phenelzine"], days),)
        found = findings(item("carbamazepine", 400), stopped_days_ago=stopped)
        return [f for f in found if "washout" in f.summary]

    assert one(washout(10)).severity is Severity.CONTRAINDICATED
    assert washout(14) == []


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


# XANAX: in older adults and in advanced liver disease the usual start is 0.25 mg two or three
# times a day. Child-Pugh A is not advanced; a younger adult gets nothing.
@pytest.mark.parametrize("patient", [{"age": 70}, {"child_pugh": "B"}, {"child_pugh": "C"}])
def test_alprazolam_starts_lower_in_older_adults_and_advanced_liver_disease(
    patient: dict[str, object],
) -> None:
    advice = [f for f in findings(item("alprazolam", 1.5), **patient) if f.kind is Kind.DOSE]
    assert "0.25 mg two or three times a day" in one(advice).action
    assert one(advice).sources == ("xanax-special-populations",)


def test_alprazolam_in_mild_liver_disease_or_a_younger_adult_has_no_dose_advice() -> None:
    assert findings(item("alprazolam", 1.5), child_pugh="A", age=40) == []


# BELSOMRA: contraindicated in narcolepsy; other CNS depressants (benzodiazepines, opioids,
# tricyclics) add to its effect, and the opioid boxed warning covers it as a CNS depressant;
# strong CYP3A inducers may weaken it; monitor digoxin. Sertraline is none of these.
@pytest.mark.parametrize(
    ("partner", "severity", "mechanism"),
    [
        ("oxycodone", Severity.MAJOR, "CNS and respiratory depression"),
        ("lorazepam", Severity.MODERATE, "additive CNS depression"),
        ("amitriptyline", Severity.MODERATE, "additive CNS depression"),
        ("rifampin", Severity.MODERATE, "strong CYP3A4 inducer"),
        ("digoxin", Severity.MODERATE, "named in the suvorexant label"),
    ],
)
def test_suvorexant_with_the_drugs_its_label_names(
    partner: str, severity: Severity, mechanism: str
) -> None:
    finding = one(findings(item("suvorexant", 10), item(partner)))
    assert (finding.severity, finding.mechanism) == (severity, mechanism)
    assert findings(item("suvorexant", 10), item("sertraline", 50)) == []


# Hydroxyzine labeling: it potentiates other CNS depressants, whose doses should be reduced;
# with an opioid the opioid boxed warning applies (major), as for the Z-drugs.
@pytest.mark.parametrize(
    ("partner", "severity"),
    [
        ("oxycodone", Severity.MAJOR),
        ("lorazepam", Severity.MODERATE),
        ("zolpidem", Severity.MODERATE),
    ],
)
def test_hydroxyzine_with_other_cns_depressants(partner: str, severity: Severity) -> None:
    finding = one(findings(item("hydroxyzine", 25), item(partner)))
    assert finding.severity is severity and "CNS" in finding.mechanism
    assert findings(item("hydroxyzine", 25), item("sertraline", 50)) == []


def test_suvorexant_is_contraindicated_in_narcolepsy_not_in_cataplexy_alone() -> None:
    finding = one(findings(item("suvorexant", 10), diagnoses=("G47.411",)))
    assert finding.severity is Severity.CONTRAINDICATED
    assert findings(item("suvorexant", 10), diagnoses=("G47.4",)) == []


# Bupropion XL labeling: consider a lower dose or frequency below a GFR of 90 mL/min.
def test_bupropion_in_renal_impairment_gets_the_labels_advice() -> None:
    advice = one(findings(item("bupropion", 300), egfr=Decimal(60)))
    assert advice.kind is Kind.DOSE and advice.sources == ("bupropion-renal",)
    assert "less frequent dosing" in advice.action
    assert findings(item("bupropion", 300), egfr=Decimal(90)) == []


# PROZAC: a lower or less frequent dose in cirrhosis, whatever its grade (Child-Pugh A too).
@pytest.mark.parametrize("child_pugh", ["A", "B", "C"])
def test_fluoxetine_in_liver_disease_gets_a_lower_or_less_frequent_dose(child_pugh: str) -> None:
    advice = one(findings(item("fluoxetine", 20), child_pugh=child_pugh))
    assert advice.kind is Kind.DOSE and "lower or less frequent" in advice.action
    assert advice.sources == ("prozac-hepatic",)


@pytest.mark.parametrize("drug", ["atomoxetine", "bupropion"])
def test_hepatic_impairment_changes_the_dosing(drug: str) -> None:
    found = [f for f in findings(item(drug, 80), child_pugh="B") if f.kind is Kind.DOSE]
    assert "hepatic" in one(found).action.lower()
    assert [f for f in findings(item(drug, 80), child_pugh="A") if f.kind is Kind.DOSE] == []


def test_lithium_is_avoided_in_severe_renal_impairment() -> None:
    finding = one(findings(item("lithium", 900), egfr=Decimal(25)))
    assert finding.kind is Kind.POPULATION and "renal" in finding.summary


# FDA 2016 metformin labeling: contraindicated below an eGFR of 30; below 45 not started and
# continued only after weighing benefit and risk; 45 and above: nothing.
def test_metformin_follows_the_egfr() -> None:
    severe = one(findings(item("metformin", 1000), egfr=Decimal(25)))
    assert severe.severity is Severity.CONTRAINDICATED
    assert severe.sources == ("fda-metformin-renal-2016",)
    moderate = one(findings(item("metformin", 1000), egfr=Decimal(40)))
    assert moderate.severity is Severity.MODERATE and "do not start" in moderate.action
    assert findings(item("metformin", 1000), egfr=Decimal(45)) == []


# Lithium label (via MPR): mild to moderate renal impairment, a lower start, slow titration and
# monitoring; the severe-impairment advice against it supersedes this (one finding above).
@pytest.mark.parametrize("egfr", [45, 85])
def test_lithium_in_mild_to_moderate_renal_impairment_gets_dosing_advice(egfr: int) -> None:
    finding = one(findings(item("lithium", 900), egfr=Decimal(egfr)))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.DOSE)
    assert "lower dose" in finding.action
    assert findings(item("lithium", 900), egfr=Decimal(95)) == []


# Desvenlafaxine PI 2.1-2.5: 50 mg; CrCl 30-50 max 50 mg; below 30, 25 mg daily; 7 days off it
# before an MAOI.
@pytest.mark.parametrize(
    ("egfr", "mg", "maximum"), [(40, 100, "50"), (25, 50, "25"), (90, 500, "400")]
)
def test_desvenlafaxine_renal_caps(egfr: int, mg: int, maximum: str) -> None:
    found = findings(item("desvenlafaxine", mg), egfr=Decimal(egfr))
    assert f"maximum of {maximum} mg/day" in one(found).summary


def test_desvenlafaxine_50_mg_with_normal_kidneys_is_fine() -> None:
    assert findings(item("desvenlafaxine", 50), egfr=Decimal(90)) == []


def test_an_maoi_within_7_days_of_desvenlafaxine_is_contraindicated() -> None:
    desvenlafaxine = FORMULARY.find("Pristiq")
    assert desvenlafaxine is not None
    found = findings(item("phenelzine"), stopped_days_ago=((desvenlafaxine, 3),))
    assert one(found).severity is Severity.CONTRAINDICATED and "7 days" in one(found).summary
    assert findings(item("phenelzine"), stopped_days_ago=((desvenlafaxine, 8),)) == []


# CYP dose rules from the Rexulti, Fanapt and Caplyta labels (section 2).
@pytest.mark.parametrize(
    ("drug", "mg", "partner", "patient", "maximum"),
    [
        ("brexpiprazole", 4, "paroxetine", {}, "2"),
        ("brexpiprazole", 3, None, {"cyp2d6": "poor"}, "2"),
        ("brexpiprazole", 4, None, {"egfr": Decimal(45)}, "3"),
        ("iloperidone", 24, "fluoxetine", {}, "12"),
        ("iloperidone", 16, "ketoconazole", {}, "12"),
        ("lumateperone", 42, "clarithromycin", {}, "10.5"),
        ("lumateperone", 42, "erythromycin", {}, "21"),
        ("lumateperone", 42, None, {"child_pugh": "B"}, "21"),
        ("cariprazine", 6, "itraconazole", {}, "3"),
        ("paliperidone", 9, None, {"egfr": Decimal(40)}, "3"),
        ("suvorexant", 20, "fluconazole", {}, "10"),
    ],
)
def test_label_dose_caps_for_exposure(
    drug: str, mg: int, partner: str | None, patient: dict[str, object], maximum: str
) -> None:
    regimen = [item(drug, mg)] + ([item(partner)] if partner else [])
    dose = [f for f in findings(*regimen, **patient) if f.kind is Kind.DOSE]
    assert f"maximum of {maximum} mg/day" in one(dose).summary


def test_the_same_doses_without_the_exposure_raisers_are_fine() -> None:
    assert findings(item("brexpiprazole", 4), item("sertraline", 100)) == []
    assert findings(item("lumateperone", 42)) == []
    assert findings(item("paliperidone", 6), egfr=Decimal(90)) == []


@pytest.mark.parametrize(
    ("drug", "inducer"), [("cariprazine", "rifampin"), ("lumateperone", "carbamazepine")]
)
def test_strong_cyp3a4_inducers_are_to_be_avoided(drug: str, inducer: str) -> None:
    finding = one(findings(item(drug), item(inducer)))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.INTERACTION)


# Naltrexone PI: contraindicated with opioid analgesics and in opioid dependence.
@pytest.mark.parametrize("opioid", ["oxycodone", "buprenorphine", "methadone", "tramadol"])
def test_naltrexone_with_an_opioid_is_contraindicated(opioid: str) -> None:
    found = [f for f in findings(item("naltrexone"), item(opioid)) if "naltrexone" in f.drugs]
    assert one(found).severity is Severity.CONTRAINDICATED


# QELBREE 4 and 7.1: viloxazine is a strong CYP1A2 inhibitor. Sensitive or narrow-range CYP1A2
# substrates are contraindicated (one finding: duloxetine's own row about strong CYP1A2
# inhibitors describes the same risk); clozapine, a moderate sensitive substrate, is not
# recommended (CLOZARIL: a third of the dose); CYP2D6 substrates, monitor (a weak inhibitor).
@pytest.mark.parametrize(
    "partner", ["tizanidine", "theophylline", "ramelteon", "phenelzine", "duloxetine"]
)
def test_viloxazine_label_contraindications(partner: str) -> None:
    assert one(findings(item("viloxazine"), item(partner))).severity is Severity.CONTRAINDICATED


def test_viloxazine_as_a_strong_cyp1a2_inhibitor_raises_clozapine() -> None:
    finding = one(findings(item("viloxazine", 400), item("clozapine")))
    assert finding.severity is Severity.MAJOR and "one-third" in finding.action
    assert "qelbree-interactions" in finding.sources


@pytest.mark.parametrize("partner", ["atomoxetine", "risperidone", "venlafaxine"])
def test_viloxazine_with_a_cyp2d6_substrate_its_label_names_is_moderate(partner: str) -> None:
    finding = one(findings(item("viloxazine", 400), item(partner)))
    assert finding.severity is Severity.MODERATE and "weak CYP2D6 inhibitor" in finding.rationale
    assert findings(item("viloxazine", 400), item("sertraline")) == []


def test_ondansetron_adds_qt_risk_to_citalopram_but_not_to_sertraline() -> None:
    def mechanisms(partner: safety.Item) -> dict[str, Severity]:
        return {f.mechanism: f.severity for f in findings(item("ondansetron"), partner)}

    assert mechanisms(item("citalopram", 20)) == {
        "additive QT prolongation": Severity.MAJOR,
        "two serotonergic drugs": Severity.MODERATE,
    }
    assert mechanisms(item("sertraline", 50)) == {"two serotonergic drugs": Severity.MODERATE}


def test_hydroxyzine_limits_from_the_mhra() -> None:
    assert "maximum of 100 mg/day" in one(findings(item("hydroxyzine", 150), age=40)).summary
    at_70 = [f for f in findings(item("hydroxyzine", 75), age=70) if f.kind is Kind.DOSE]
    assert "maximum of 50 mg/day" in one(at_70).summary


# NICE CG178: one antipsychotic at a time.
def test_two_antipsychotics_are_a_duplication() -> None:
    finding = one(findings(item("quetiapine", 300), item("risperidone", 4)))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.DUPLICATION)


# MHRA December 2011: escitalopram not with other medicines known to prolong the QT interval;
# olanzapine carries no QT warning in Poise's sources, so nothing.
@pytest.mark.parametrize("other", ["azithromycin", "ondansetron", "haloperidol", "hydroxyzine"])
def test_escitalopram_with_a_qt_warning_drug_is_major(other: str) -> None:
    qt = [f for f in findings(item("escitalopram", 10), item(other)) if "QT" in f.summary]
    assert one(qt).severity is Severity.MAJOR
    assert "mhra-citalopram-escitalopram-2011" in one(qt).sources


def test_escitalopram_with_olanzapine_raises_nothing() -> None:
    assert findings(item("escitalopram", 10), item("olanzapine", 10)) == []


# SEROQUEL labeling (2011): avoid quetiapine with drugs that increase the QTc (methadone,
# moxifloxacin, amiodarone, sotalol, ziprasidone, ...); above a QTc of 500 ms it is flagged too.
@pytest.mark.parametrize("other", ["methadone", "moxifloxacin", "amiodarone", "sotalol"])
def test_quetiapine_with_a_drug_its_label_names_for_qt_is_major(other: str) -> None:
    finding = one(qt(findings(item("quetiapine", 300), item(other))))
    assert finding.severity is Severity.MAJOR and "seroquel-qt-2011" in finding.sources


def test_an_antipsychotic_with_an_antidepressant_is_no_duplication() -> None:
    assert findings(item("quetiapine", 300), item("sertraline", 100)) == []


def test_one_drug_entered_twice_is_checked_at_its_total_dose() -> None:
    found = findings(item("Zoloft", 150), item("sertraline", 100))
    assert {f.kind for f in found} == {Kind.DUPLICATION, Kind.DOSE}
    assert any("250 mg/day is above the maximum of 200" in f.summary for f in found)


@given(drug=st.sampled_from([d for d in NAMES if FORMULARY.drugs[d].limits]), data=st.data())
@settings(max_examples=60)
def test_splitting_a_dose_into_two_entries_changes_no_dose_finding(
    drug: str, data: st.DataObject
) -> None:
    total = data.draw(st.integers(min_value=2, max_value=3000))
    part = data.draw(st.integers(min_value=1, max_value=total - 1))
    whole = [f.summary for f in findings(item(drug, total)) if f.kind is Kind.DOSE]
    split = findings(item(drug, part), item(drug, total - part))
    assert [f.summary for f in split if f.kind is Kind.DOSE] == whole


@given(
    drug=st.sampled_from([d for d in NAMES if FORMULARY.drugs[d].limits]),
    egfr=st.integers(min_value=5, max_value=120),
    child_pugh=st.sampled_from([None, "A", "B", "C"]),
)
@settings(max_examples=80)
def test_advice_for_an_organ_never_stands_beside_advice_against_the_drug_for_it(
    drug: str, egfr: int, child_pugh: str | None
) -> None:
    found = findings(item(drug), egfr=Decimal(egfr), child_pugh=child_pugh)
    for words in (("eGFR",), ("Child-Pugh", "hepatic")):
        about = [f for f in found if any(word in f.mechanism for word in words)]
        against = [f for f in about if f.kind is Kind.POPULATION]
        assert not (against and [f for f in about if "dosing changes" in f.summary]), drug


# Beers 2023 regimen rules at 65 and over.
def test_three_cns_active_drugs_in_an_older_adult() -> None:
    regimen = (item("sertraline", 50), item("gabapentin", 900), item("oxycodone", 10))
    falls = [f for f in findings(*regimen, age=72) if "CNS-active" in f.summary]
    assert one(falls).drugs == ("gabapentin", "oxycodone", "sertraline")
    assert not [f for f in findings(*regimen, age=60) if "CNS-active" in f.summary]
    assert not [f for f in findings(*regimen[:2], age=72) if "CNS-active" in f.summary]


def test_two_strongly_anticholinergic_drugs_in_an_older_adult() -> None:
    found = findings(item("amitriptyline", 25), item("olanzapine", 5), age=75)
    assert one([f for f in found if "anticholinergic drugs" in f.summary]).drugs == (
        "amitriptyline",
        "olanzapine",
    )


def test_hyponatraemia_caution_grows_with_the_number_of_drugs() -> None:
    def sodium(*regimen: safety.Item) -> Finding:
        return one([f for f in findings(*regimen, age=80) if "hyponatraemia" in f.summary])

    assert sodium(item("mirtazapine", 15)).severity is Severity.MINOR
    assert (
        sodium(item("mirtazapine", 15), item("hydrochlorothiazide")).severity is Severity.MODERATE
    )


def test_lamotrigine_with_a_combined_pill_needs_dose_adjustment() -> None:
    finding = one(findings(item("lamotrigine", 200), item("combined oral contraceptive")))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)


def test_lithium_with_furosemide_raises_the_level() -> None:
    assert one(findings(item("lithium", 900), item("furosemide"))).severity is Severity.MAJOR


# Negative controls: common co-medications with no clinically significant psychotropic
# interaction get no finding.
@pytest.mark.parametrize(
    "other",
    [
        "metformin",
        "atorvastatin",
        "levothyroxine",
        "amoxicillin",
        "amlodipine",
        "digoxin",
        "omeprazole",
    ],
)
@pytest.mark.parametrize("psychotropic", ["sertraline", "quetiapine", "lamotrigine", "bupropion"])
def test_common_co_medications_without_an_interaction(other: str, psychotropic: str) -> None:
    assert findings(item(psychotropic), item(other)) == []


# CPIC CYP2D6-tamoxifen guideline (2018): strong CYP2D6 inhibitors lower endoxifen.
@pytest.mark.parametrize("inhibitor", ["paroxetine", "fluoxetine", "bupropion"])
def test_tamoxifen_with_a_strong_cyp2d6_inhibitor(inhibitor: str) -> None:
    finding = one(findings(item("tamoxifen"), item(inhibitor)))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.INTERACTION)


@pytest.mark.parametrize("antidepressant", ["venlafaxine", "desvenlafaxine", "escitalopram"])
def test_tamoxifen_with_antidepressants_the_guideline_prefers(antidepressant: str) -> None:
    assert findings(item("tamoxifen"), item(antidepressant)) == []


# Citalopram PI 2 (FDA 2011): 20 mg/day with "cimetidine or another CYP2C19 inhibitor"; the
# inhibitors are those FDA named in its 2009 clopidogrel communication.
@pytest.mark.parametrize(
    "inhibitor", ["omeprazole", "fluconazole", "ketoconazole", "fluoxetine", "fluvoxamine"]
)
def test_citalopram_is_capped_at_20_mg_with_any_cyp2c19_inhibitor(inhibitor: str) -> None:
    dose = [f for f in findings(item("citalopram", 40), item(inhibitor)) if f.kind is Kind.DOSE]
    assert "maximum of 20 mg/day" in one(dose).summary
    assert findings(item("citalopram", 20), item("omeprazole")) == []


def test_escitalopram_has_no_cyp2c19_inhibitor_cap() -> None:
    assert findings(item("escitalopram", 20), item("omeprazole")) == []


# A drug given without a dose is checked for interactions only, and a lower maximum its label
# sets with a co-medication is one: citalopram 20 mg/day with a CYP2C19 inhibitor (FDA 2011),
# lumateperone 10.5 mg/day with a strong CYP3A4 inhibitor (CAPLYTA 2), suvorexant 10 mg/day
# with a moderate one (BELSOMRA 2). With a dose at or below the cap there is nothing to say.
@pytest.mark.parametrize(
    ("drug", "partner", "cap"),
    [
        ("citalopram", "omeprazole", "20"),
        ("lumateperone", "itraconazole", "10.5"),
        ("suvorexant", "fluconazole", "10"),
    ],
)
def test_a_co_medication_cap_is_said_when_no_dose_is_given(
    drug: str, partner: str, cap: str
) -> None:
    finding = one(findings(item(drug), item(partner)))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)
    assert finding.drugs == tuple(sorted((drug, partner)))
    assert f"at most {cap} mg/day" in finding.summary
    assert findings(item(drug, float(cap)), item(partner)) == []
    assert findings(item(drug), item("lisinopril")) == []


# ORAP contraindications: every QT-prolonging drug, CYP3A4 inhibitors, sertraline, Lexapro.
@pytest.mark.parametrize(
    "partner",
    ["azithromycin", "erythromycin", "levofloxacin", "fluconazole", "ondansetron", "methadone"],
)
def test_pimozide_with_a_qt_prolonging_drug_is_contraindicated(partner: str) -> None:
    finding = one(qt(findings(item("pimozide", 2), item(partner))))
    assert finding.severity is Severity.CONTRAINDICATED


@pytest.mark.parametrize("partner", ["sertraline", "escitalopram", "paroxetine", "itraconazole"])
def test_pimozide_label_named_and_cyp3a4_contraindications(partner: str) -> None:
    severities = {f.severity for f in findings(item("pimozide", 2), item(partner))}
    assert Severity.CONTRAINDICATED in severities


def test_pimozide_with_drugs_without_a_qt_or_cyp3a4_effect_has_no_interaction() -> None:
    for partner in ("amoxicillin", "metformin", "lamotrigine", "venlafaxine"):
        found = findings(item("pimozide", 2), item(partner))
        assert [f for f in found if f.kind is Kind.INTERACTION] == [], partner


# The anti-infectives' own QT warnings meet the QT rules of psychotropics that carry one.
@pytest.mark.parametrize("antibiotic", ["azithromycin", "erythromycin", "levofloxacin"])
def test_qt_warning_antibiotics_with_hydroxyzine(antibiotic: str) -> None:
    finding = one(findings(item("hydroxyzine", 25), item(antibiotic)))
    assert (finding.severity, finding.mechanism) == (Severity.MAJOR, "additive QT prolongation")


@pytest.mark.parametrize("antibiotic", ["azithromycin", "levofloxacin", "amoxicillin"])
def test_antibiotics_with_sertraline_have_no_finding(antibiotic: str) -> None:
    assert findings(item("sertraline", 50), item(antibiotic)) == []


def test_fluconazole_with_erythromycin_is_contraindicated() -> None:
    finding = one(findings(item("fluconazole"), item("erythromycin")))
    assert finding.severity is Severity.CONTRAINDICATED


# Metoclopramide PI 7: avoid with antipsychotics; strong CYP2D6 inhibitors raise exposure.
@pytest.mark.parametrize("antipsychotic", ["quetiapine", "haloperidol", "aripiprazole"])
def test_metoclopramide_with_any_antipsychotic_is_major(antipsychotic: str) -> None:
    finding = one(findings(item("metoclopramide"), item(antipsychotic)))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.INTERACTION)


def test_metoclopramide_with_cyp2d6_inhibitors_but_not_with_sertraline() -> None:
    assert one(findings(item("metoclopramide"), item("paroxetine"))).severity is Severity.MODERATE
    assert findings(item("metoclopramide"), item("sertraline")) == []


@pytest.mark.parametrize(
    ("drug", "partner", "severity"),
    [
        ("duloxetine", "fluvoxamine", Severity.MAJOR),  # CYMBALTA: avoid strong CYP1A2
        ("duloxetine", "ciprofloxacin", Severity.MAJOR),
        ("olanzapine", "ciprofloxacin", Severity.MODERATE),  # ZYPREXA: lower doses
        ("metoprolol", "paroxetine", Severity.MODERATE),  # LOPRESSOR: CYP2D6
        ("metoprolol", "bupropion", Severity.MODERATE),
        ("propranolol", "fluvoxamine", Severity.MODERATE),  # LUVOX CR 7.3
        ("alprazolam", "ketoconazole", Severity.CONTRAINDICATED),  # XANAX 4
        ("alprazolam", "itraconazole", Severity.CONTRAINDICATED),
        ("alprazolam", "clarithromycin", Severity.MAJOR),  # a strong CYP3A inhibitor
        ("alprazolam", "ritonavir", Severity.MAJOR),  # time-dependent: adjust or stop
        ("disulfiram", "metronidazole", Severity.CONTRAINDICATED),  # ANTABUSE 4
        ("disulfiram", "warfarin", Severity.MODERATE),
        ("paroxetine", "thioridazine", Severity.CONTRAINDICATED),  # PAXIL 4
        ("clopidogrel", "omeprazole", Severity.MAJOR),  # FDA 2009
    ],
)
def test_label_interactions_of_co_medications(drug: str, partner: str, severity: Severity) -> None:
    interactions = [f for f in findings(item(drug), item(partner)) if f.kind is Kind.INTERACTION]
    assert severity in {f.severity for f in interactions}


@pytest.mark.parametrize(
    ("drug", "partner"),
    [
        ("duloxetine", "sertraline"),  # serotonergic only: the moderate serotonin finding
        ("metoprolol", "sertraline"),
        ("metoprolol", "escitalopram"),
        ("propranolol", "sertraline"),
        ("alprazolam", "fluconazole"),
        ("lorazepam", "clarithromycin"),  # its label names no CYP3A interaction
        ("disulfiram", "sertraline"),
        ("clopidogrel", "mirtazapine"),  # bupropion is named: WELLBUTRIN XL 7.1 (CYP2B6)
    ],
)
def test_negative_controls_for_the_co_medication_rules(drug: str, partner: str) -> None:
    mechanisms = {f.mechanism for f in findings(item(drug), item(partner))}
    assert mechanisms <= {"two serotonergic drugs"}


# ABILIFY dosage adjustments: half the usual dose with a strong CYP2D6 or CYP3A4 inhibitor or
# in a CYP2D6 poor metabolizer; double with a strong CYP3A4 inducer. Above 15 mg/day (half the
# maximum) the dose finding says so, with that advice; at any lower dose the advice stands,
# since 10 mg may be the usual dose not yet halved. Sertraline and a normal metabolizer change
# nothing.
@pytest.mark.parametrize(
    ("others", "patient"),
    [(("fluoxetine",), {}), (("itraconazole",), {}), ((), {"cyp2d6": "poor"})],
)
def test_aripiprazole_is_capped_at_half_the_maximum_when_exposure_is_higher(
    others: tuple[str, ...], patient: dict[str, object]
) -> None:
    above = one(findings(item("aripiprazole", 20), *(item(o) for o in others), **patient))
    assert above.kind is Kind.DOSE and "maximum of 15 mg/day" in above.summary
    assert "Give half the usual aripiprazole dose" in above.action
    advice = one(findings(item("aripiprazole", 10), *(item(o) for o in others), **patient))
    assert advice.severity is Severity.MODERATE
    assert advice.action.startswith("Give half the usual aripiprazole dose")
    assert findings(item("aripiprazole", 10), item("sertraline"), cyp2d6="normal") == []


def test_aripiprazole_with_an_inducer_needs_a_higher_dose_and_sertraline_changes_nothing() -> None:
    assert "Double" in one(findings(item("aripiprazole", 15), item("carbamazepine"))).action
    assert findings(item("aripiprazole", 20), item("sertraline", 50)) == []


# SEROQUEL: one sixth of the dose with a strong CYP3A4 inhibitor; up to 5-fold with an inducer.
@pytest.mark.parametrize(
    ("partner", "words"), [("ketoconazole", "one sixth"), ("rifampin", "five")]
)
def test_quetiapine_dose_changes_with_cyp3a4_inhibitors_and_inducers(
    partner: str, words: str
) -> None:
    assert words in one(findings(item("quetiapine", 300), item(partner))).action


# RISPERDAL 8.5 and product information: a lower start in the elderly, 0.5 mg twice daily.
def test_risperidone_at_65_or_over_starts_lower() -> None:
    older = [f for f in findings(item("risperidone", 2), age=70) if f.kind is Kind.DOSE]
    assert "0.5 mg twice daily" in one(older).action
    assert findings(item("risperidone", 2), age=64) == []


# ZYPREXA 2: a 5 mg start where metabolism is slower (non-smoking women of 65 and over).
def test_olanzapine_at_65_or_over_gets_the_labels_lower_start() -> None:
    older = [f for f in findings(item("olanzapine", 10), age=70) if f.kind is Kind.DOSE]
    assert "5 mg/day" in one(older).action and "zyprexa-special-populations" in one(older).sources
    assert findings(item("olanzapine", 10), age=64) == []


# SEROQUEL 2: in the elderly, start at 50 mg/day, rises of 50 mg/day, a lower target dose.
def test_quetiapine_at_65_or_over_gets_the_labels_slower_start() -> None:
    older = [f for f in findings(item("quetiapine", 300), age=70) if f.kind is Kind.DOSE]
    assert "start at 50 mg/day" in one(older).action and "seroquel-elderly" in one(older).sources
    assert findings(item("quetiapine", 300), age=64) == []


def stopped(name: str, days: int) -> tuple[formulary.model.Drug, int]:
    drug = FORMULARY.find(name)
    assert drug is not None
    return (drug, days)


# Washouts before an MAOI: PAXIL/SEROXAT (two weeks), CYMBALTA (5 days), PROZAC (5 weeks),
# BUSPAR (14 days).
@pytest.mark.parametrize(
    ("name", "inside", "outside"),
    [("paroxetine", 13, 14), ("duloxetine", 4, 5), ("fluoxetine", 34, 35), ("buspirone", 13, 14)],
)
def test_label_washouts_before_an_maoi(name: str, inside: int, outside: int) -> None:
    early = one(findings(item("phenelzine"), stopped_days_ago=(stopped(name, inside),)))
    assert early.severity is Severity.CONTRAINDICATED
    assert findings(item("phenelzine"), stopped_days_ago=(stopped(name, outside),)) == []


def test_an_unencoded_washout_before_an_maoi_is_flagged_for_checking() -> None:
    found = one(findings(item("phenelzine"), stopped_days_ago=(stopped("amitriptyline", 10),)))
    assert found.severity is Severity.MAJOR and "not in Poise's formulary" in found.summary
    later = stopped("amitriptyline", safety.LONGEST_WASHOUT_BEFORE_MAOI_DAYS)
    assert findings(item("phenelzine"), stopped_days_ago=(later,)) == []


# A stimulant within 14 days of an MAOI (its own label, and the MAOI's 14 days); atomoxetine
# both ways (STRATTERA). Stopping a stimulant before an MAOI has no labelled interval, and the
# check-the-label net is for serotonergic drugs only.
def test_a_stimulant_within_14_days_of_an_maoi() -> None:
    early = one(
        findings(item("methylphenidate"), stopped_days_ago=(stopped("tranylcypromine", 10),))
    )
    assert early.severity is Severity.CONTRAINDICATED
    assert "methylphenidate-label" in early.sources
    later = (stopped("tranylcypromine", 14),)
    assert findings(item("methylphenidate"), stopped_days_ago=later) == []


def test_atomoxetine_needs_two_weeks_either_side_of_an_maoi() -> None:
    after_maoi = findings(item("atomoxetine"), stopped_days_ago=(stopped("phenelzine", 13),))
    before_maoi = findings(item("phenelzine"), stopped_days_ago=(stopped("atomoxetine", 13),))
    assert one(after_maoi).severity is one(before_maoi).severity is Severity.CONTRAINDICATED
    assert findings(item("phenelzine"), stopped_days_ago=(stopped("atomoxetine", 14),)) == []


def test_no_washout_is_invented_after_a_stimulant() -> None:
    assert findings(item("phenelzine"), stopped_days_ago=(stopped("amphetamine", 2),)) == []


def test_the_safety_net_covers_the_longest_washout_in_the_formulary() -> None:
    washouts = [
        d.washout_days_before_maoi.value
        for d in FORMULARY.drugs.values()
        if d.washout_days_before_maoi and d.washout_days_before_maoi.value
    ]
    assert max(washouts) == safety.LONGEST_WASHOUT_BEFORE_MAOI_DAYS


# QTc over 500 ms on any drug whose label warns of QT prolongation (CTCAE grade 3; ACC/AHA/ESC
# 2006: remove the offending drug); citalopram keeps its own label threshold.
@pytest.mark.parametrize("drug", ["ziprasidone", "haloperidol", "methadone", "ondansetron"])
def test_a_qtc_over_500_on_a_qt_drug_is_a_lab_finding(drug: str) -> None:
    finding = one(findings(item(drug), qtc_ms=Decimal(520)))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.LAB)
    assert findings(item(drug), qtc_ms=Decimal(490)) == []


def test_a_long_qtc_on_drugs_without_a_qt_warning_is_not_flagged() -> None:
    assert findings(item("sertraline", 50), item("lamotrigine"), qtc_ms=Decimal(520)) == []


def test_citalopram_with_a_long_qtc_gets_one_finding() -> None:
    assert one(findings(item("citalopram", 20), qtc_ms=Decimal(520))).kind is Kind.LAB


# Trazodone 5.3: it prolongs the QT interval; avoid it with other drugs known to (sotalol,
# quetiapine); sertraline, with no QT warning, keeps only the serotonergic finding.
@pytest.mark.parametrize("partner", ["sotalol", "quetiapine", "ziprasidone", "methadone"])
def test_trazodone_with_a_qt_prolonging_drug_is_at_least_major(partner: str) -> None:
    found = qt(findings(item("trazodone", 150), item(partner)))
    assert one(found).severity.rank <= Severity.MAJOR.rank
    assert qt(findings(item("trazodone", 150), item("sertraline", 50))) == []


# FDA 2007 haloperidol alert: particular caution with other QT-prolonging drugs.
def test_haloperidol_with_a_qt_drug_is_a_moderate_interaction() -> None:
    finding = one(findings(item("haloperidol", 5), item("levofloxacin")))
    assert finding.severity is Severity.MODERATE and finding.mechanism == "additive QT prolongation"


# WELLBUTRIN and REMERON labels: contraindicated with MAOIs, 14 days apart in either direction.
@pytest.mark.parametrize("drug", ["bupropion", "mirtazapine"])
def test_labels_contraindicating_maois_are_enforced_with_their_washouts(drug: str) -> None:
    assert one(findings(item(drug), item("phenelzine"))).severity is Severity.CONTRAINDICATED
    after_maoi = findings(item(drug), stopped_days_ago=(stopped("phenelzine", 10),))
    assert one(after_maoi).severity is Severity.CONTRAINDICATED
    before_maoi = findings(item("phenelzine"), stopped_days_ago=(stopped(drug, 10),))
    assert "washout is 14 days" in one(before_maoi).summary
    assert findings(item("phenelzine"), stopped_days_ago=(stopped(drug, 14),)) == []


# REMERON warnings (FDA safety labeling changes 2010-2011): serotonin syndrome with other
# serotonergic drugs; use with caution. A moderate finding, not a block (NICE NG222 lists
# mirtazapine added to an SSRI among the combinations a specialist may choose).
def test_mirtazapine_with_an_ssri_is_a_moderate_serotonergic_finding() -> None:
    finding = one(findings(item("mirtazapine", 15), item("sertraline", 50)))
    assert (finding.severity, finding.mechanism) == (Severity.MODERATE, "two serotonergic drugs")
    assert "remeron-serotonin-2011" in finding.sources


# CPIC TCA guideline (2016 update): amitriptyline/nortriptyline avoid in CYP2D6 poor and
# ultrarapid metabolizers (strong), 25% lower start in intermediates; other TCAs optional.
@pytest.mark.parametrize("phenotype", ["poor", "ultrarapid"])
@pytest.mark.parametrize("drug", ["amitriptyline", "nortriptyline"])
def test_cpic_advises_avoiding_amitriptyline_and_nortriptyline(drug: str, phenotype: str) -> None:
    finding = one(findings(item(drug, 50), cyp2d6=phenotype))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.POPULATION)
    assert "CPIC" in finding.summary


@pytest.mark.parametrize("drug", ["amitriptyline", "imipramine", "clomipramine", "doxepin"])
def test_cpic_lower_start_for_intermediate_metabolizers(drug: str) -> None:
    finding = one(findings(item(drug, 50), cyp2d6="intermediate"))
    assert finding.severity is Severity.MODERATE and "25%" in finding.action
    assert findings(item(drug, 50), cyp2d6="normal") == []


# The same guideline by CYP2C19 (Table 4; 23andMe's CPIC summary for the other tertiary
# amines): amitriptyline in a poor metabolizer, avoid or start at half (moderate); in a rapid
# or ultrarapid one, consider a drug not metabolized by CYP2C19 (optional); clomipramine,
# doxepin and imipramine in a poor metabolizer, optional. Nortriptyline, a secondary amine, and
# intermediate metabolizers get nothing.
def test_cpic_advises_avoiding_amitriptyline_in_cyp2c19_poor_metabolizers() -> None:
    finding = one(findings(item("amitriptyline", 50), cyp2c19="poor"))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.POPULATION)
    assert finding.sources == ("cpic-tca-2017-cyp2c19",)
    assert "half" in finding.summary + finding.action


@pytest.mark.parametrize("phenotype", ["rapid", "ultrarapid"])
def test_cpic_suggests_another_drug_for_fast_cyp2c19_metabolizers(phenotype: str) -> None:
    finding = one(findings(item("amitriptyline", 50), cyp2c19=phenotype))
    assert finding.severity is Severity.MODERATE
    assert "not metabolized by CYP2C19" in finding.action


@pytest.mark.parametrize("drug", ["imipramine", "clomipramine", "doxepin"])
def test_cpic_optional_advice_for_other_tertiary_amines_in_cyp2c19_poor_metabolizers(
    drug: str,
) -> None:
    finding = one(findings(item(drug, 50), cyp2c19="poor"))
    assert finding.severity is Severity.MODERATE and "CPIC (optional)" in finding.action


@pytest.mark.parametrize(
    ("drug", "phenotype"),
    [("amitriptyline", "intermediate"), ("imipramine", "intermediate"), ("nortriptyline", "poor")],
)
def test_no_cyp2c19_finding_for_intermediates_or_nortriptyline(drug: str, phenotype: str) -> None:
    assert findings(item(drug, 50), cyp2c19=phenotype) == []


@pytest.mark.parametrize("inhibitor", ["fluoxetine", "paroxetine", "bupropion"])
def test_tcas_with_strong_cyp2d6_inhibitors(inhibitor: str) -> None:
    found = findings(item("nortriptyline", 50), item(inhibitor))
    assert any("CYP2D6 inhibition" in f.summary for f in found)


def test_tcas_with_weak_cyp2d6_inhibitors_get_no_level_finding() -> None:
    for other in ("sertraline", "escitalopram", "venlafaxine"):
        found = findings(item("nortriptyline", 50), item(other))
        assert not any("CYP2D6" in f.summary for f in found), other


# DPWG SSRI guideline (2022), Table 2: CYP2C19 and CYP2D6 phenotype caps and avoidances.
@pytest.mark.parametrize(
    ("drug", "mg", "phenotype", "cap"),
    [
        ("escitalopram", 20, {"cyp2c19": "poor"}, "10"),
        ("escitalopram", 20, {"cyp2c19": "intermediate"}, "15"),
        ("citalopram", 40, {"cyp2c19": "intermediate"}, "30"),
        ("sertraline", 100, {"cyp2c19": "poor"}, "75"),
    ],
)
def test_dpwg_phenotype_caps(drug: str, mg: int, phenotype: dict[str, object], cap: str) -> None:
    assert f"maximum of {cap} mg/day" in one(findings(item(drug, mg), **phenotype)).summary
    assert findings(item(drug, mg), cyp2c19="normal") == []


@pytest.mark.parametrize(
    ("drug", "phenotype"),
    [("escitalopram", {"cyp2c19": "ultrarapid"}), ("paroxetine", {"cyp2d6": "ultrarapid"})],
)
def test_dpwg_advises_avoiding_in_ultrarapid_metabolizers(
    drug: str, phenotype: dict[str, object]
) -> None:
    finding = one(findings(item(drug, 10), **phenotype))
    assert finding.severity is Severity.MAJOR and "DPWG" in finding.summary


# Allergy to a class or to a cross-reacting drug (carbamazepine and oxcarbazepine, about 1 in 4).
@pytest.mark.parametrize(
    ("drug", "allergy"), [("amoxicillin", "penicillin"), ("lorazepam", "Benzodiazepines")]
)
def test_an_allergy_to_the_class_is_an_allergy_to_the_drug(drug: str, allergy: str) -> None:
    finding = one(findings(item(drug), allergies=(allergy,)))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.ALLERGY)


@pytest.mark.parametrize(
    ("drug", "allergy"), [("oxcarbazepine", "Tegretol"), ("carbamazepine", "oxcarbazepine")]
)
def test_cross_sensitivity_between_carbamazepine_and_oxcarbazepine(drug: str, allergy: str) -> None:
    finding = one(findings(item(drug), allergies=(allergy,)))
    assert (finding.severity, finding.mechanism) == (Severity.MAJOR, "cross-sensitivity")


# NSAID class labeling, section 4: contraindicated after asthma, urticaria or another
# allergic-type reaction to aspirin or another NSAID. Clopidogrel (an antiplatelet, not an
# NSAID) is not named; a penicillin allergy says nothing about NSAIDs.
@pytest.mark.parametrize("nsaid", ["ibuprofen", "naproxen", "celecoxib"])
@pytest.mark.parametrize("allergy", ["aspirin", "Advil", "naproxen"])
def test_an_nsaid_after_an_aspirin_or_nsaid_allergy_is_contraindicated(
    nsaid: str, allergy: str
) -> None:
    finding = one(findings(item(nsaid), allergies=(allergy,)))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.ALLERGY)
    assert finding.action.startswith("Do not give")
    assert findings(item("clopidogrel"), allergies=(allergy,)) == []
    assert findings(item(nsaid), allergies=("penicillin",)) == []


# DURLAZA (aspirin) section 4: contraindicated after a hypersensitivity to NSAIDs; aspirin Drug
# Facts: not after an allergy to any other pain reliever. An allergy recorded as the class counts.
@pytest.mark.parametrize("allergy", ["ibuprofen", "Aleve", "NSAIDs", "nsaid", "Celebrex"])
def test_aspirin_after_an_nsaid_allergy_is_contraindicated(allergy: str) -> None:
    finding = one(findings(item("aspirin", 81), allergies=(allergy,)))
    assert (finding.severity, finding.mechanism) == (Severity.CONTRAINDICATED, "cross-sensitivity")
    assert finding.sources == ("durlaza-nsaid-hypersensitivity",)
    assert findings(item("clopidogrel", 75), allergies=(allergy,)) == []
    assert findings(item("aspirin", 81), allergies=("penicillin", "morphine")) == []


# Sulfonamide allergy, however it is recorded: the CELEBREX and hydrochlorothiazide labels
# contraindicate the drug after it, the furosemide label cautions. Negative controls: other
# drugs, and sulfates and sulfites, which are not sulfonamides.
SULFA_ALLERGIES = [
    "sulfa",
    "Sulfa drugs",
    "sulphonamides",
    "sulfonamide antibiotics",
    "Bactrim DS",
    "trimethoprim/sulfamethoxazole",
    "TMP-SMX",
    "co-trimoxazole",
    "sulfasalazine",
]


@pytest.mark.parametrize("allergy", SULFA_ALLERGIES)
@pytest.mark.parametrize(
    ("drug", "severity", "source"),
    [
        ("celecoxib", Severity.CONTRAINDICATED, "celebrex-sulfonamide"),
        ("hydrochlorothiazide", Severity.CONTRAINDICATED, "hydrochlorothiazide-sulfonamide"),
        ("furosemide", Severity.MODERATE, "furosemide-sulfonamide"),
    ],
)
def test_a_sulfonamide_allergy_however_recorded_reaches_the_labels_that_name_it(
    allergy: str, drug: str, severity: Severity, source: str
) -> None:
    finding = one(findings(item(drug), allergies=(allergy,)))
    assert (finding.severity, finding.kind, finding.sources) == (severity, Kind.ALLERGY, (source,))
    others = findings(item("ibuprofen"), item("lisinopril"), allergies=(allergy,))
    assert [f for f in others if f.kind is Kind.ALLERGY] == []


@pytest.mark.parametrize("allergy", ["sulfites", "morphine sulfate", "ferrous sulfate", "sulfur"])
def test_sulfates_and_sulfites_are_not_sulfonamides(allergy: str) -> None:
    regimen = (item("celecoxib"), item("hydrochlorothiazide"), item("furosemide"))
    assert [f for f in findings(*regimen, allergies=(allergy,)) if f.kind is Kind.ALLERGY] == []


# Hydroxyzine labeling: contraindicated after hypersensitivity to cetirizine or levocetirizine.
# Loratadine (not a piperazine) and drugs other than hydroxyzine are negative controls.
@pytest.mark.parametrize("allergy", ["cetirizine", "Zyrtec", "levocetirizine", "Xyzal"])
def test_a_cetirizine_allergy_contraindicates_hydroxyzine(allergy: str) -> None:
    finding = one(findings(item("hydroxyzine", 25), allergies=(allergy,)))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.ALLERGY)
    assert finding.sources == ("hydroxyzine-cetirizine",)
    assert findings(item("quetiapine", 50), allergies=(allergy,)) == []


def test_a_loratadine_allergy_does_not_reach_hydroxyzine() -> None:
    assert findings(item("hydroxyzine", 25), allergies=("loratadine",)) == []


# Fluphenazine label precautions and Lexicomp perphenazine: phenothiazines may cross-react;
# haloperidol (a butyrophenone) carries no such warning (negative control).
@pytest.mark.parametrize(
    ("drug", "allergy"),
    [
        ("fluphenazine", "chlorpromazine"),
        ("perphenazine", "Thorazine"),
        ("perphenazine", "thioridazine"),
    ],
)
def test_cross_sensitivity_between_phenothiazines(drug: str, allergy: str) -> None:
    finding = one(findings(item(drug), allergies=(allergy,)))
    assert (finding.severity, finding.mechanism) == (Severity.MAJOR, "cross-sensitivity")
    assert findings(item("haloperidol"), allergies=(allergy,)) == []


# An allergy recorded as a group the WHO ATC index defines (phenothiazines N05AA-N05AC,
# tricyclic antidepressants N06AA, fluoroquinolones J01MA) is an allergy to each member;
# haloperidol (a butyrophenone), mirtazapine and azithromycin are outside those groups.
@pytest.mark.parametrize(
    ("allergy", "members", "outside"),
    [
        (
            "Phenothiazines",
            ["chlorpromazine", "fluphenazine", "perphenazine", "thioridazine"],
            ["haloperidol", "olanzapine"],
        ),
        (
            "tricyclic antidepressants",
            ["amitriptyline", "nortriptyline", "clomipramine", "imipramine", "doxepin"],
            ["mirtazapine", "sertraline"],
        ),
        ("tricyclic", ["doxepin"], ["trazodone"]),
        ("quinolones", ["ciprofloxacin", "levofloxacin", "moxifloxacin"], ["azithromycin"]),
    ],
)
def test_an_allergy_recorded_as_an_atc_group_covers_its_members(
    allergy: str, members: list[str], outside: list[str]
) -> None:
    for name in members:
        finding = one(findings(item(name), allergies=(allergy,)))
        assert (finding.severity, finding.mechanism) == (
            Severity.CONTRAINDICATED,
            "recorded allergy",
        )
        assert finding.sources == ("label-hypersensitivity", "who-atc")
        assert f"one of the {allergy}" in finding.rationale
    for name in outside:
        assert findings(item(name), allergies=(allergy,)) == []


# Classes are pharmacological groups, so an allergy to "macrolides" or "fluoroquinolones" covers
# the whole group, and a vague "antibiotics" matches no antibiotic rather than some of them.
def test_an_allergy_to_an_antibiotic_class_covers_the_class_and_antibiotics_matches_none() -> None:
    for allergy, members in (
        ("macrolides", ["azithromycin", "clarithromycin", "erythromycin"]),
        ("fluoroquinolones", ["ciprofloxacin", "levofloxacin", "moxifloxacin"]),
        ("azole antifungals", ["fluconazole", "itraconazole", "ketoconazole"]),
    ):
        for name in members:
            assert one(findings(item(name), allergies=(allergy,))).kind is Kind.ALLERGY
    antibiotics = ["amoxicillin", "ciprofloxacin", "clarithromycin", "linezolid", "rifampin"]
    for name in antibiotics:
        assert findings(item(name), allergies=("antibiotics",)) == []


@given(name=st.sampled_from(NAMES), data=st.data())
def test_an_allergy_recorded_under_any_name_of_a_drug_contraindicates_it(
    name: str, data: st.DataObject
) -> None:
    drug = FORMULARY.drugs[name]
    recorded = data.draw(st.sampled_from(drug.all_names)).upper()
    found = [f for f in findings(item(name), allergies=(recorded,)) if f.kind is Kind.ALLERGY]
    assert [f.severity for f in found] == [Severity.CONTRAINDICATED]


# ACB scale (Aging Brain Program, 2012 update): scores add across the regimen and a total of 3
# or more is clinically relevant. Two strongly anticholinergic drugs keep their Beers finding
# alone; one drug alone, or a total under 3, raises no burden finding.
def _burden(found: list[safety.Finding]) -> list[safety.Finding]:
    return [f for f in found if f.mechanism == "anticholinergic burden in an older adult"]


@pytest.mark.parametrize(
    ("regimen", "total"),
    [(("quetiapine", "trazodone"), "4"), (("carbamazepine", "risperidone"), "3")],
)
def test_an_anticholinergic_burden_of_3_or_more_in_an_older_adult(
    regimen: tuple[str, str], total: str
) -> None:
    finding = one(_burden(findings(*(item(name) for name in regimen), age=72)))
    assert f"(ACB) {total} at age 72" in finding.summary
    assert set(finding.drugs) == set(regimen) and finding.sources == ("acb-scale",)
    assert _burden(findings(*(item(name) for name in regimen), age=50)) == []


@pytest.mark.parametrize(
    "regimen",
    [("olanzapine",), ("risperidone", "haloperidol"), ("sertraline", "trazodone")],
)
def test_no_burden_finding_for_one_drug_or_a_total_under_3(regimen: tuple[str, ...]) -> None:
    assert _burden(findings(*(item(name) for name in regimen), age=72)) == []


def test_two_strongly_anticholinergic_drugs_keep_the_beers_finding_alone() -> None:
    found = findings(item("paroxetine"), item("amitriptyline"), age=72)
    assert _burden(found) == []
    assert any("strongly anticholinergic" in f.mechanism for f in found)


# REXULTI and VIIBRYD section 2: with a strong CYP3A4 inducer the dose may need doubling; the
# finding says the inducer lowers exposure (not that exposure is higher).
@pytest.mark.parametrize(
    ("drug", "inducer"), [("brexpiprazole", "carbamazepine"), ("vilazodone", "rifampin")]
)
def test_a_strong_cyp3a4_inducer_gets_the_labels_dose_advice(drug: str, inducer: str) -> None:
    finding = one(findings(item(drug), item(inducer)))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)
    assert finding.drugs == tuple(sorted((drug, inducer))) and "lowers" in finding.rationale
    assert "twice" in finding.action or "Double" in finding.action


# SAPHRIS Table 5: fluvoxamine raises asenapine exposure, coadminister with caution; paroxetine
# needs no asenapine change (negative control). A colon inside the effect's parenthesis stays
# in the summary, so no summary ends mid-parenthesis.
def test_asenapine_with_fluvoxamine_is_moderate_and_its_summary_is_whole() -> None:
    finding = one(findings(item("asenapine"), item("fluvoxamine")))
    assert finding.severity is Severity.MODERATE and finding.sources == ("saphris-interactions",)
    assert finding.summary.endswith("more expected at full doses)")
    assert findings(item("asenapine"), item("paroxetine")) == []


def test_no_pair_summary_leaves_a_parenthesis_open() -> None:
    unbalanced = [
        finding.summary
        for first, second in itertools.combinations(NAMES, 2)
        for finding in findings(item(first), item(second))
        if finding.summary.count("(") != finding.summary.count(")")
    ]
    assert unbalanced == []


def test_unrelated_allergies_raise_nothing() -> None:
    assert findings(item("sertraline", 50), allergies=("penicillin", "lamotrigine")) == []


# NEURONTIN and LYRICA renal dosing tables (by creatinine clearance; eGFR stands in for it).
@pytest.mark.parametrize(
    ("drug", "mg", "egfr", "cap"),
    [
        ("gabapentin", 1800, 45, "1400"),
        ("gabapentin", 900, 20, "700"),
        ("gabapentin", 400, 10, "300"),
        ("pregabalin", 450, 45, "300"),
        ("pregabalin", 300, 25, "150"),
        ("pregabalin", 150, 10, "75"),
    ],
)
def test_gabapentinoid_renal_caps(drug: str, mg: int, egfr: int, cap: str) -> None:
    finding = one(findings(item(drug, mg), egfr=Decimal(egfr)))
    assert f"maximum of {cap} mg/day" in finding.summary
    assert findings(item(drug, mg), egfr=Decimal(90)) == []


# Valproate PI section 4 contraindicates it in hepatic disease: the finding says so.
def test_valproate_is_contraindicated_in_hepatic_impairment() -> None:
    finding = one(findings(item("valproate", 1000), child_pugh="A"))
    assert finding.severity is Severity.CONTRAINDICATED and "hepatic" in finding.summary
    assert "contraindicates" in finding.rationale
    assert findings(item("valproate", 1000)) == []


def test_an_maoi_within_14_days_of_nortriptyline_is_contraindicated() -> None:
    early = one(findings(item("phenelzine"), stopped_days_ago=(stopped("nortriptyline", 7),)))
    assert early.severity is Severity.CONTRAINDICATED


def test_oxcarbazepine_in_severe_renal_impairment_starts_at_half() -> None:
    finding = one(findings(item("oxcarbazepine", 600), egfr=Decimal(20)))
    assert finding.severity is Severity.MODERATE and "half" in finding.action


# AMBIEN section 2: at most 10 mg; 5 mg for elderly or debilitated patients and in mild to
# moderate hepatic impairment; avoid in severe hepatic impairment.
@pytest.mark.parametrize("patient", [{"age": 70}, {"child_pugh": "B"}])
def test_zolpidem_tablets_are_capped_at_5_mg(patient: dict[str, object]) -> None:
    finding = one(
        [f for f in findings(item("zolpidem", 10, "tablet"), **patient) if f.kind is Kind.DOSE]
    )
    assert "maximum of 5 mg/day" in finding.summary and finding.sources == ("ambien-label",)


def test_zolpidem_is_avoided_in_severe_hepatic_impairment() -> None:
    finding = one(findings(item("zolpidem", 5, "tablet"), child_pugh="C"))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.POPULATION)


# A dose given without its form is judged by the highest maximum of the drug's forms, so it
# is never compared with another product's lower cap, and never escapes every cap either.
def test_a_dose_without_a_form_is_held_to_the_highest_form_maximum() -> None:
    assert "maximum of 72 mg/day" in one(findings(item("methylphenidate", 200))).summary
    assert findings(item("methylphenidate", 70)) == []
    assert "maximum of 60 mg/day" in one(findings(item("methylphenidate", 70, "tablet"))).summary
    # AMBIEN 5 mg and AMBIEN CR 6.25 mg at 65 or over: 6 mg could be either product.
    at_70 = [f for f in findings(item("zolpidem", 10), age=70) if f.kind is Kind.DOSE]
    assert "maximum of 6.25 mg/day" in one(at_70).summary
    assert [f for f in findings(item("zolpidem", 6), age=70) if f.kind is Kind.DOSE] == []
    assert one([f for f in findings(item("zolpidem", 6, "tablet"), age=70) if f.kind is Kind.DOSE])


# LUNESTA section 2: at most 3 mg; 2 mg at 65 or over, in severe hepatic impairment and with a
# potent CYP3A4 inhibitor.
@pytest.mark.parametrize(
    ("patient", "extra"),
    [({"age": 70}, ()), ({"child_pugh": "C"}, ()), ({}, ("clarithromycin",))],
)
def test_eszopiclone_is_capped_at_2_mg(patient: dict[str, object], extra: tuple[str, ...]) -> None:
    found = findings(item("eszopiclone", 3), *(item(e) for e in extra), **patient)
    assert "maximum of 2 mg/day" in one([f for f in found if f.kind is Kind.DOSE]).summary


def test_eszopiclone_3_mg_in_a_younger_adult_is_within_the_label() -> None:
    assert findings(item("eszopiclone", 3), age=40) == []


# BUSPAR: not recommended in severe hepatic or renal impairment (renal read as an eGFR below 30).
def test_buspirone_is_not_recommended_in_severe_hepatic_or_renal_impairment() -> None:
    for patient in ({"child_pugh": "C"}, {"egfr": Decimal(20)}):
        finding = one(findings(item("buspirone", 30), **patient))
        assert (finding.kind, finding.severity) == (Kind.POPULATION, Severity.MAJOR)
        assert finding.sources == ("buspar-label",)
    assert findings(item("buspirone", 30), child_pugh="A") == []
    assert findings(item("buspirone", 30), egfr=Decimal(45)) == []


# NARDIL contraindications: a history of liver disease or abnormal liver function tests.
def test_phenelzine_is_avoided_in_liver_disease() -> None:
    finding = one(findings(item("phenelzine", 45), child_pugh="A"))
    assert finding.kind is Kind.POPULATION and finding.sources == ("nardil-dosing",)
    assert "maximum of 90 mg/day" in one(findings(item("phenelzine", 120))).summary


# VIIBRYD: an SSRI and 5-HT1A partial agonist. Contraindicated with an MAOI and 14 days either
# side; serotonin syndrome and bleeding warnings; at most 20 mg with a strong CYP3A4 inhibitor.
def test_vilazodone_is_serotonergic() -> None:
    assert (
        one(findings(item("vilazodone"), item("phenelzine"))).severity is Severity.CONTRAINDICATED
    )
    assert one(findings(item("vilazodone"), item("tramadol"))).mechanism == "two serotonergic drugs"
    assert one(findings(item("vilazodone"), item("ibuprofen"))).severity is Severity.MODERATE
    late = one(findings(item("phenelzine"), stopped_days_ago=(stopped("vilazodone", 13),)))
    assert late.severity is Severity.CONTRAINDICATED


def test_vilazodone_is_capped_with_a_strong_cyp3a4_inhibitor() -> None:
    found = findings(item("vilazodone", 40), item("clarithromycin"))
    assert "maximum of 20 mg/day" in one([f for f in found if f.kind is Kind.DOSE]).summary


# ORAP: at most 10 mg/day, 4 mg/day in CYP2D6 poor metabolisers; contraindicated with drugs that
# may cause tics (stimulants) and with QT-prolonging tricyclics.
def test_pimozide_in_a_cyp2d6_poor_metaboliser() -> None:
    assert "maximum of 4 mg/day" in one(findings(item("pimozide", 6), cyp2d6="poor")).summary
    assert findings(item("pimozide", 4), cyp2d6="poor") == []
    assert findings(item("pimozide", 6), cyp2d6="normal") == []


@pytest.mark.parametrize(
    "partner", ["methylphenidate", "amphetamine", "amitriptyline", "imipramine"]
)
def test_pimozide_label_contraindications(partner: str) -> None:
    assert one(findings(item("pimozide"), item(partner))).severity is Severity.CONTRAINDICATED


# EMSAM: carbamazepine and methadone are contraindicated; 6 mg/24 hours at 65 and over.
@pytest.mark.parametrize("partner", ["carbamazepine", "methadone"])
def test_selegiline_label_contraindications(partner: str) -> None:
    assert one(findings(item("selegiline"), item(partner))).severity is Severity.CONTRAINDICATED


def test_selegiline_at_65_or_over_stays_at_6_mg() -> None:
    assert "maximum of 6 mg/day" in one(findings(item("selegiline", 9), age=70)).summary


def test_selegiline_while_breastfeeding() -> None:
    finding = one(findings(item("selegiline", 6), breastfeeding=True))
    assert finding.kind is Kind.POPULATION and finding.sources == ("emsam-label",)


# MARPLAN contraindications: liver disease; severe renal impairment; carbamazepine (a
# dibenzazepine).
def test_isocarboxazid_label_contraindications() -> None:
    assert one(findings(item("isocarboxazid", 40), child_pugh="A")).kind is Kind.POPULATION
    renal = one(findings(item("isocarboxazid", 40), egfr=Decimal(25)))
    assert (renal.kind, renal.severity) == (Kind.POPULATION, Severity.CONTRAINDICATED)
    assert findings(item("isocarboxazid", 40), egfr=Decimal(40)) == []
    found = one(findings(item("isocarboxazid"), item("carbamazepine")))
    assert found.severity is Severity.CONTRAINDICATED


# PAXIL 2.5: elderly, debilitated, severe renal or hepatic impairment: at most 40 mg/day.
@pytest.mark.parametrize("patient", [{"age": 70}, {"egfr": Decimal(20)}, {"child_pugh": "C"}])
def test_paroxetine_is_capped_at_40_mg(patient: dict[str, object]) -> None:
    found = [
        f for f in findings(item("paroxetine", 50, "tablet"), **patient) if f.kind is Kind.DOSE
    ]
    assert "maximum of 40 mg/day" in one(found).summary
    # Without the product, 50 mg may be PAXIL CR's maximum for them: only more is flagged.
    assert [f for f in findings(item("paroxetine", 50), **patient) if f.kind is Kind.DOSE] == []
    found = [f for f in findings(item("paroxetine", 60), **patient) if f.kind is Kind.DOSE]
    assert "maximum of 50 mg/day" in one(found).summary


# PAXIL CR's own maximum (62.5 mg) replaces the general 60 mg for that form only.
# Ibuprofen labeling: do not exceed 3200 mg a day; naproxen: up to 1500 mg a day for limited
# periods in arthritis; celecoxib: at most 400 mg a day after a first day of acute pain;
# IMITREX 200 mg in 24 hours; ZESTRIL doses up to 80 mg; COZAAR 100 mg; NORVASC 10 mg;
# LIPITOR 80 mg; LOPRESSOR 450 mg; GLUCOPHAGE 2550 mg; ondansetron 24 mg (its largest oral
# day); CIPRO 750 mg every 12 hours; levofloxacin 750 mg once daily; BIAXIN 500 mg every 12
# hours; codeine sulfate 360 mg in 24 hours; the OTC Drug Facts: dextromethorphan 120 mg,
# pseudoephedrine 240 mg; BETAPACE 640 mg (refractory ventricular arrhythmias); cimetidine
# 2400 mg (hypersecretory states); ZYVOX 600 mg every 12 hours; tamoxifen 40 mg (metastatic);
# ketoconazole 400 mg; RIFADIN 600 mg twice daily (meningococcal carriers); OTC aspirin 4000 mg;
# erythromycin 4 g; PLAVIX 75 mg (maintenance); furosemide 600 mg (severe edema); ELIQUIS 10 mg
# twice daily (the first week of DVT or PE treatment). At the maximum there is no dose finding.
@pytest.mark.parametrize(
    ("drug", "maximum"),
    [
        ("ibuprofen", 3200),
        ("naproxen", 1500),
        ("celecoxib", 400),
        ("sumatriptan", 200),
        ("lisinopril", 80),
        ("losartan", 100),
        ("amlodipine", 10),
        ("atorvastatin", 80),
        ("metoprolol", 450),
        ("hydrochlorothiazide", 100),  # edema; above 50 not recommended in hypertension
        ("tizanidine", 36),
        ("metformin", 2550),
        ("ondansetron", 24),
        ("ciprofloxacin", 1500),
        ("levofloxacin", 750),
        ("clarithromycin", 1000),
        ("codeine", 360),
        ("dextromethorphan", 120),
        ("pseudoephedrine", 240),
        ("sotalol", 640),
        ("cimetidine", 2400),
        ("linezolid", 1200),
        ("tamoxifen", 40),
        ("ketoconazole", 400),
        ("rifampin", 1200),
        ("aspirin", 4000),
        ("erythromycin", 4000),
        ("clopidogrel", 75),
        ("furosemide", 600),
        ("apixaban", 20),
    ],
)
def test_comedication_label_maxima(drug: str, maximum: int) -> None:
    def dose(mg: int) -> list[Finding]:  # codeine's opioid total is its own finding
        return [f for f in findings(item(drug, mg)) if f.mechanism == "dose above the maximum"]

    assert dose(maximum) == []
    assert f"maximum of {maximum} mg/day" in one(dose(maximum + 200)).summary


# IMITREX: at most 50 mg a single dose in mild or moderate hepatic impairment; severe:
# contraindicated. COZAAR and NORVASC start lower in hepatic impairment; ZESTRIL halves the
# first dose below a creatinine clearance of 30.
def test_comedication_organ_function_advice() -> None:
    assert (
        "50 mg as a single dose" in one(findings(item("sumatriptan", 100), child_pugh="B")).action
    )
    severe = one(findings(item("sumatriptan", 100), child_pugh="C"))
    assert severe.severity is Severity.CONTRAINDICATED
    assert "25 mg" in one(findings(item("losartan", 50), child_pugh="A")).action
    assert "2.5 mg" in one(findings(item("amlodipine", 5), child_pugh="B")).action
    assert "5 mg once daily" in one(findings(item("lisinopril", 10), egfr=25)).action
    assert findings(item("lisinopril", 10), egfr=45) == []
    assert findings(item("sumatriptan", 100)) == []
    # ZANAFLEX: not recommended in hepatic impairment; lower single doses below a clearance of 25.
    assert one(findings(item("tizanidine", 12), child_pugh="A")).severity is Severity.MAJOR
    assert "lower single doses" in one(findings(item("tizanidine", 12), egfr=20)).action


# GLUCOPHAGE XR and GLUMETZA: at most 2000 mg once daily, below the immediate-release 2550 mg.
def test_extended_release_metformin_has_its_own_lower_maximum() -> None:
    assert "maximum of 2000 mg/day" in one(findings(item("metformin", 2500, "tablet_er"))).summary
    assert findings(item("metformin", 2500, "tablet")) == []


# The antibiotics the kidneys clear change with the creatinine clearance: CIPRO 250-500 mg
# every 12 hours at 30-50 mL/min and every 18 hours below 30; levofloxacin a longer interval
# below 50; BIAXIN half the dose below 30. Normal kidneys get no finding.
def test_renally_cleared_antibiotics_are_adjusted_to_the_kidneys() -> None:
    cipro = one(findings(item("ciprofloxacin", 1000), egfr=Decimal(40)))
    assert cipro.severity is Severity.MODERATE and "every 18 hours" in cipro.action
    over = one(findings(item("ciprofloxacin", 1500), egfr=Decimal(40)))
    assert "maximum of 1000 mg/day" in over.summary
    assert "every 48 hours" in one(findings(item("levofloxacin", 750), egfr=Decimal(30))).action
    assert findings(item("levofloxacin", 750), egfr=Decimal(60)) == []
    halved = one(findings(item("clarithromycin", 1000), egfr=Decimal(20)))
    assert "maximum of 500 mg/day" in halved.summary and "halve" in halved.action
    # 250 mg twice a day halves to 125 mg: the advice stands below the cap too.
    assert (
        one(findings(item("clarithromycin", 500), egfr=Decimal(20))).severity is Severity.MODERATE
    )
    assert findings(item("clarithromycin", 1000), egfr=Decimal(45)) == []


# Drugs the kidneys clear that psychiatric patients take alongside: BETAPACE once every 24
# hours at a clearance of 60 or less (BETAPACE AF contraindicated below 40); DIFLUCAN half the
# daily dose at 50 or less; cimetidine 300 mg every 12 hours (8 with caution) below 30.
def test_renally_cleared_comedications_are_adjusted_to_the_kidneys() -> None:
    sotalol = one(findings(item("sotalol", 160), egfr=Decimal(45)))
    assert "every 24 hours" in sotalol.action and "contraindicated below 40" in sotalol.action
    assert findings(item("sotalol", 160), egfr=Decimal(75)) == []
    assert (
        "half the usual daily dose"
        in one(findings(item("fluconazole", 200), egfr=Decimal(30))).action
    )
    assert findings(item("fluconazole", 200), egfr=Decimal(70)) == []
    cimetidine = one(findings(item("cimetidine", 1600), egfr=Decimal(20)))
    assert "maximum of 900 mg/day" in cimetidine.summary and "every 12 hours" in cimetidine.action
    assert findings(item("cimetidine", 1600), egfr=Decimal(40)) == []


# Sotalol's boxed warning: do not start it with a baseline QTc over 450 ms; at 500 ms or more,
# reduce, lengthen the interval or stop (the general rule for a QT-prolonging label says so).
def test_sotalol_is_not_started_over_a_qtc_of_450() -> None:
    def qt(ms: int) -> list[Finding]:
        return [f for f in findings(item("sotalol", 160), qtc_ms=Decimal(ms)) if f.kind is Kind.LAB]

    assert qt(450) == []
    start = one(qt(470))
    assert start.severity is Severity.MAJOR and start.sources == ("sotalol-qtc-start",)
    assert start.action.startswith("Do not start sotalol")
    assert "over 500 ms" in one(qt(510)).summary
    assert findings(item("sertraline", 50), qtc_ms=Decimal(470)) == []


# FANAPT: caution in moderate hepatic impairment, not recommended in severe; none in mild.
def test_iloperidone_in_hepatic_impairment() -> None:
    moderate = one(findings(item("iloperidone", 12), child_pugh="B"))
    assert (moderate.severity, moderate.sources) == (Severity.MODERATE, ("fanapt-hepatic",))
    assert one(findings(item("iloperidone", 12), child_pugh="C")).severity is Severity.MAJOR
    assert findings(item("iloperidone", 12), child_pugh="A") == []


# Celecoxib labeling 2.6: half the daily dose in Child-Pugh B; not recommended in C.
def test_celecoxib_in_hepatic_impairment() -> None:
    moderate = one(findings(item("celecoxib", 200), child_pugh="B"))
    assert moderate.severity is Severity.MODERATE and "50%" in moderate.action
    severe = one(findings(item("celecoxib", 200), child_pugh="C"))
    assert severe.severity is Severity.MAJOR and "Not recommended" in severe.summary
    assert findings(item("celecoxib", 200), child_pugh="A") == []


def test_paroxetine_cr_has_its_own_maximum() -> None:
    assert findings(item("paroxetine", 62.5, "tablet_er"), age=40) == []
    tablets = findings(item("paroxetine", 62.5, "tablet"), age=40)
    assert "maximum of 60 mg/day" in one(tablets).summary
    assert findings(item("paroxetine", 62.5), age=40) == []
    assert "maximum of 62.5 mg/day" in one(findings(item("paroxetine", 70), age=40)).summary


# INTUNIV 8.6: a dose reduction may be required in clinically significant hepatic or renal
# impairment (renal read as an eGFR below 60); neither applies without the impairment.
def test_guanfacine_in_hepatic_or_renal_impairment_may_need_a_lower_dose() -> None:
    def advice(**patient: object) -> list[str]:
        found = findings(item("guanfacine", 3, "tablet_er"), **patient)
        return [f.action for f in found if "dose reduction may be required" in f.action]

    assert len(advice(child_pugh="B")) == 1 and len(advice(egfr=Decimal(45))) == 1
    assert advice(egfr=Decimal(75)) == [] and advice(age=30) == []


# Haloperidol tablets label: children 3-12 at most 0.15 mg/kg/day (psychotic disorders).
def test_haloperidol_in_a_child_is_capped_by_weight() -> None:
    child = {"age": 8, "weight_kg": Decimal(25)}
    found = [f for f in findings(item("haloperidol", 5), **child) if f.kind is Kind.DOSE]
    assert "maximum of 3.8 mg/day" in one(found).summary
    assert [f for f in findings(item("haloperidol", 3.5), **child) if f.kind is Kind.DOSE] == []
    adult = {"age": 30, "weight_kg": Decimal(25)}
    assert [f for f in findings(item("haloperidol", 5), **adult) if f.kind is Kind.DOSE] == []


# PAXIL CR: older or debilitated patients and severe renal or hepatic impairment at most 50 mg
# a day, PAXIL's tablets 40 mg; each product keeps its own cap for them.
def test_paroxetine_cr_has_its_own_maximum_for_older_and_impaired_patients() -> None:
    def dose_findings(mg: float, form: str, **patient: object) -> list[str]:
        return [
            f.summary
            for f in findings(item("paroxetine", mg, form), **patient)
            if f.kind.value == "dose"
        ]

    for patient in ({"age": 70}, {"egfr": 20}, {"child_pugh": "C"}):
        assert dose_findings(50, "tablet_er", **patient) == []
        assert "maximum of 50 mg/day" in one(dose_findings(62.5, "tablet_er", **patient))
        assert "maximum of 40 mg/day" in one(dose_findings(50, "tablet", **patient))


# Doxepin: up to 300 mg/day for depression (capsules); SILENOR tablets at most 6 mg for insomnia.
def test_doxepin_tablets_have_the_insomnia_maximum() -> None:
    assert "maximum of 6 mg/day" in one(findings(item("doxepin", 10, "tablet"))).summary
    assert findings(item("doxepin", 150, "capsule")) == []
    assert findings(item("doxepin", 150)) == []


# FDA 2016: opioids with benzodiazepines or other CNS depressants (the Z-drugs) can cause
# profound sedation, respiratory depression and death.
@pytest.mark.parametrize("hypnotic", ["zolpidem", "eszopiclone"])
def test_a_z_drug_with_an_opioid(hypnotic: str) -> None:
    finding = one(findings(item(hypnotic), item("oxycodone")))
    assert finding.severity is Severity.MAJOR and "fda-opioid-cns-2016" in finding.sources
    # The same risk as a benzodiazepine's with an opioid, so it is named the same way.
    assert finding.mechanism == one(findings(item("lorazepam"), item("oxycodone"))).mechanism


# Opioids cleared by CYP3A4 (J Pain Res 2014 Table 4): strong inhibitors raise oxycodone,
# fentanyl and methadone to dangerous levels (major; hydrocodone too, by the HYSINGLA ER boxed
# warning, where the review said only "monitor"), inducers lower them; morphine is
# glucuronidated and gets no finding.
@pytest.mark.parametrize(
    ("opioid", "partner", "severity"),
    [
        ("oxycodone", "clarithromycin", Severity.MAJOR),
        ("fentanyl", "ritonavir", Severity.MAJOR),
        ("methadone", "ketoconazole", Severity.MAJOR),
        ("hydrocodone", "itraconazole", Severity.MAJOR),
        ("oxycodone", "rifampin", Severity.MODERATE),
    ],
)
def test_opioids_with_cyp3a4_inhibitors_and_inducers(
    opioid: str, partner: str, severity: Severity
) -> None:
    found = [f for f in findings(item(opioid), item(partner)) if "CYP3A4" in f.summary]
    assert one(found).severity is severity


def test_morphine_with_a_cyp3a4_inhibitor_has_no_finding() -> None:
    assert findings(item("morphine"), item("clarithromycin")) == []


# LIBRIUM: older or debilitated patients 5 mg two to four times daily.
def test_chlordiazepoxide_in_older_adults() -> None:
    found = [f for f in findings(item("chlordiazepoxide", 30), age=70) if f.kind is Kind.DOSE]
    assert "maximum of 20 mg/day" in one(found).summary


# Thioridazine label (NCBI MGS): contraindicated with reduced CYP2D6 activity and with
# propranolol (slows its metabolism).
def test_thioridazine_in_a_cyp2d6_poor_metaboliser_and_with_propranolol() -> None:
    assert one(findings(item("thioridazine"), cyp2d6="poor")).kind is Kind.POPULATION
    assert findings(item("thioridazine"), cyp2d6="normal") == []
    pair = one(findings(item("thioridazine"), item("propranolol")))
    assert pair.severity is Severity.CONTRAINDICATED


# Hansten and Horn: the thioridazine label contraindicates known CYP2D6 inhibitors (duloxetine,
# cimetidine, ritonavir among them); sertraline and venlafaxine have less effect on CYP2D6.
@pytest.mark.parametrize("inhibitor", ["duloxetine", "cimetidine", "ritonavir"])
def test_thioridazine_with_other_cyp2d6_inhibitors_is_contraindicated(inhibitor: str) -> None:
    finding = one(findings(item("thioridazine", 100), item(inhibitor)))
    assert finding.severity is Severity.CONTRAINDICATED
    assert finding.sources == ("hansten-horn-thioridazine-cyp2d6",)


@pytest.mark.parametrize("antidepressant", ["sertraline", "venlafaxine", "escitalopram"])
def test_thioridazine_with_weak_cyp2d6_inhibitors_gets_no_level_finding(
    antidepressant: str,
) -> None:
    assert all(
        "levels" not in f.summary for f in findings(item("thioridazine"), item(antidepressant))
    )


# DEPAKOTE boxed warning: children under 2 are at much higher risk of fatal hepatotoxicity.
def test_valproate_under_2_years_carries_the_hepatotoxicity_boxed_warning() -> None:
    finding = one(findings(item("valproate"), age=1))
    assert finding.sources == ("depakote-boxed",) and "sole anticonvulsant" in finding.action
    assert findings(item("valproate"), age=2) == []


# LAMICTAL boxed warning: serious rash is more frequent in pediatric patients than adults.
def test_lamotrigine_under_18_carries_the_pediatric_rash_warning() -> None:
    finding = one(findings(item("lamotrigine"), age=15))
    assert finding.sources == ("lamictal-boxed-2025",) and "first sign of a rash" in finding.action
    assert findings(item("lamotrigine"), age=18) == []


# STRATTERA boxed warning: suicidal ideation in children and adolescents (under 18).
def test_atomoxetine_boxed_warning_for_young_patients() -> None:
    finding = one(findings(item("atomoxetine", 40), age=15))
    assert (finding.kind, finding.severity) == (Kind.POPULATION, Severity.MODERATE)
    assert findings(item("atomoxetine", 40), age=18) == []


# SPS 2023 / FSRH 2022: enzyme inducers make hormonal contraception fail; valproate and
# lamotrigine (not inducers) give no such finding. DEPAKOTE 7 runs the other way: the pill
# may lower valproate levels.
@pytest.mark.parametrize(
    "inducer", ["carbamazepine", "oxcarbazepine", "phenytoin", "rifampin", "st-johns-wort"]
)
def test_enzyme_inducers_with_a_combined_pill(inducer: str) -> None:
    finding = one(findings(item(inducer), item("ethinyl-estradiol")))
    assert finding.severity is Severity.MAJOR and "IUD" in finding.action


def test_valproate_with_a_combined_pill_is_about_valproate_levels_not_contraception() -> None:
    finding = one(findings(item("valproate"), item("ethinyl-estradiol")))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, ("depakote-interactions",))
    assert "lowers valproate levels" in finding.summary and "IUD" not in finding.action


# DEPAKOTE 7: aspirin raises free valproate (caution); rifampin, estrogens and protease
# inhibitors lower valproate; valproate raises amitriptyline and nortriptyline levels and
# unbound warfarin. Drugs the section does not name give no finding.
@pytest.mark.parametrize(
    ("partner", "words"),
    [
        ("aspirin", "raises free valproate"),
        ("rifampin", "lowers valproate levels"),
        ("ritonavir", "lowers valproate levels"),
        ("amitriptyline", "levels rise with valproate"),
        ("nortriptyline", "levels rise with valproate"),
        ("warfarin", "displaced from plasma proteins"),
    ],
)
def test_valproate_label_interactions(partner: str, words: str) -> None:
    finding = one(findings(item("valproate", 1000), item(partner)))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)
    assert words in finding.summary and finding.sources == ("depakote-interactions",)


@pytest.mark.parametrize("partner", ["sertraline", "ibuprofen", "olanzapine", "lithium"])
def test_valproate_with_a_drug_its_label_does_not_name_has_no_finding(partner: str) -> None:
    assert findings(item("valproate", 1000), item(partner)) == []


# EFFEXOR XR: halve the dose in hepatic impairment, 50% or more with CrCl below 30.
@pytest.mark.parametrize(
    ("patient", "words"), [({"child_pugh": "B"}, "50%"), ({"egfr": Decimal(20)}, "50% or more")]
)
def test_venlafaxine_dose_advice_in_organ_impairment(
    patient: dict[str, object], words: str
) -> None:
    finding = one(findings(item("venlafaxine", 150), **patient))
    assert (
        finding.severity is Severity.MODERATE
        and words in finding.rationale + finding.summary + finding.action
    )


# European hyponatraemia guideline (2014): moderate 125-129, profound below 125 mmol/L; one
# finding for the regimen, naming every drug that can cause SIADH.
@pytest.mark.parametrize(
    ("sodium", "severity"), [("127", Severity.MODERATE), ("122", Severity.MAJOR)]
)
def test_low_sodium_on_drugs_that_can_cause_siadh(sodium: str, severity: Severity) -> None:
    found = findings(
        item("sertraline", 50), item("oxcarbazepine", 600), labs={"sodium": Decimal(sodium)}
    )
    finding = one([f for f in found if f.kind is Kind.LAB])
    assert finding.severity is severity and finding.drugs == ("oxcarbazepine", "sertraline")
    assert "spasovski-hyponatraemia-2014" in finding.sources


def test_mild_hyponatraemia_or_no_siadh_drug_gives_no_lab_finding() -> None:
    assert findings(item("sertraline", 50), labs={"sodium": Decimal(132)}) == []
    assert findings(item("lamotrigine", 100), labs={"sodium": Decimal(120)}) == []


# Serum levels above the labelled ranges: valproate trough 50-125 ug/mL for mania (DEPAKOTE);
# carbamazepine 4-12 ug/mL (Harrison's Manual, Table 200-4).
@pytest.mark.parametrize(
    ("drug", "mg", "lab", "high", "normal"),
    [
        ("valproate", 1500, "valproate", "140", "100"),
        ("carbamazepine", 800, "carbamazepine", "14", "8"),
    ],
)
def test_serum_levels_above_range(drug: str, mg: int, lab: str, high: str, normal: str) -> None:
    found = findings(item(drug, mg), labs={lab: Decimal(high)})  # and valproate's platelets
    finding = one([f for f in found if f.mechanism == "serum level above range"])
    assert (finding.kind, finding.severity) == (Kind.LAB, Severity.MAJOR)
    assert "repeat" in finding.action
    assert findings(item(drug, mg), labs={lab: Decimal(normal)}) == []


# CYMBALTA: not in any hepatic insufficiency or chronic liver disease.
def test_duloxetine_is_avoided_in_hepatic_impairment() -> None:
    finding = one(findings(item("duloxetine", 60), child_pugh="A"))
    assert finding.kind is Kind.POPULATION and finding.sources == ("cymbalta-hepatic",)


# QELBREE: not recommended in hepatic impairment; with normal liver function, nothing.
def test_viloxazine_is_avoided_in_hepatic_impairment() -> None:
    finding = one(findings(item("viloxazine", 200), child_pugh="A"))
    assert (finding.kind, finding.severity) == (Kind.POPULATION, Severity.MAJOR)
    assert finding.sources == ("qelbree-renal-hepatic",)
    assert findings(item("viloxazine", 200)) == []


# WELLBUTRIN 5.3: antipsychotics, tricyclics and theophylline lower the seizure threshold
# further; SSRIs are not on the label's list.
@pytest.mark.parametrize("partner", ["quetiapine", "amitriptyline", "theophylline"])
def test_bupropion_with_drugs_that_lower_the_seizure_threshold(partner: str) -> None:
    seizure = [f for f in findings(item("bupropion"), item(partner)) if "seizure" in f.summary]
    assert one(seizure).severity is Severity.MODERATE


def test_bupropion_with_an_ssri_has_no_seizure_finding() -> None:
    assert findings(item("bupropion"), item("sertraline")) == []


# HSE / SmPC: metronidazole may raise plasma lithium (monitor lithium, creatinine, electrolytes).
def test_lithium_with_metronidazole() -> None:
    assert one(findings(item("lithium", 900), item("metronidazole"))).severity is Severity.MAJOR


# ROZEREM: at most 8 mg/day; not in severe hepatic impairment.
def test_ramelteon_label_limits() -> None:
    assert "maximum of 8 mg/day" in one(findings(item("ramelteon", 16))).summary
    assert one(findings(item("ramelteon", 8), child_pugh="C")).kind is Kind.POPULATION


# Hydroxyzine US labeling: contraindicated in early pregnancy; not recommended while breastfeeding.
def test_hydroxyzine_in_pregnancy_and_breastfeeding() -> None:
    pregnant = one(findings(item("hydroxyzine", 50), pregnant=True, age=30))
    assert pregnant.severity is Severity.CONTRAINDICATED and "early pregnancy" in pregnant.rationale
    assert one(findings(item("hydroxyzine", 50), breastfeeding=True)).sources == (
        "hydroxyzine-label",
    )


# FETZIMA PI 2.3: creatinine clearance 30-59 at most 80 mg, 15-29 at most 40 mg; not
# recommended in end-stage renal disease; mild impairment needs no change.
def test_levomilnacipran_is_capped_by_renal_function() -> None:
    assert "maximum of 80" in one(findings(item("levomilnacipran", 120), egfr=Decimal(45))).summary
    assert "maximum of 40" in one(findings(item("levomilnacipran", 80), egfr=Decimal(20))).summary
    assert findings(item("levomilnacipran", 120), egfr=Decimal(70)) == []
    esrd = findings(item("levomilnacipran", 40), egfr=Decimal(10))
    assert any(f.kind is Kind.POPULATION and "end-stage" in f.summary + f.rationale for f in esrd)


# FDA class boxed warning (2005 atypical, 2008 conventional antipsychotics): increased mortality
# in elderly patients with dementia-related psychosis.
DEMENTIA = "dementia-related psychosis (class boxed warning)"


@pytest.mark.parametrize("name", ["quetiapine", "haloperidol", "aripiprazole"])
def test_an_antipsychotic_at_65_carries_the_dementia_mortality_warning(name: str) -> None:
    finding = one([f for f in findings(item(name), age=65) if f.mechanism == DEMENTIA])
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.POPULATION)
    assert finding.sources == ("fda-antipsychotic-dementia",)


def test_the_dementia_warning_needs_an_older_adult_and_an_antipsychotic() -> None:
    assert findings(item("quetiapine"), age=64) == []
    assert all(f.mechanism != DEMENTIA for f in findings(item("escitalopram", 5), age=80))


# LAMICTAL: valproate about doubles lamotrigine levels and raises the rash risk (boxed warning);
# carbamazepine and other inducers lower them. Checked without doses, as interactions.
def test_lamotrigine_with_valproate_is_a_major_interaction_without_doses() -> None:
    finding = one(findings(item("lamotrigine"), item("valproate")))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.INTERACTION)
    assert "rash" in finding.summary and "lamictal-label" in finding.sources


def test_lamotrigine_with_an_inducer_is_moderate_and_with_sertraline_nothing() -> None:
    assert one(findings(item("lamotrigine"), item("carbamazepine"))).severity is Severity.MODERATE
    assert findings(item("lamotrigine"), item("sertraline")) == []


# TEGRETOL interactions: drugs that raise carbamazepine plasma levels (macrolides, azoles,
# fluoxetine, fluvoxamine...); valproate raises the epoxide. Azithromycin and sertraline are not
# on the list (negative controls).
@pytest.mark.parametrize("partner", ["clarithromycin", "erythromycin", "fluoxetine", "fluconazole"])
def test_drugs_that_raise_carbamazepine_levels_are_moderate(partner: str) -> None:
    finding = one(findings(item("carbamazepine"), item(partner)))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)
    assert "raises carbamazepine plasma levels" in finding.summary


def test_carbamazepine_with_valproate_warns_of_the_epoxide_and_not_with_azithromycin() -> None:
    assert "epoxide" in one(findings(item("carbamazepine"), item("valproate"))).summary
    assert findings(item("carbamazepine"), item("azithromycin")) == []
    assert findings(item("carbamazepine"), item("sertraline")) == []


# ZANAFLEX 4 and 7: fluvoxamine and ciprofloxacin (potent CYP1A2 inhibitors) are contraindicated;
# levofloxacin is not one (negative control).
def test_tizanidine_with_ciprofloxacin_is_contraindicated_once_per_pair() -> None:
    for partner in ("ciprofloxacin", "fluvoxamine"):
        finding = one(findings(item("tizanidine"), item(partner)))
        assert finding.severity is Severity.CONTRAINDICATED
    # Levofloxacin is a weaker CYP1A2 inhibitor: the label says avoid, not contraindicated.
    assert one(findings(item("tizanidine"), item("levofloxacin"))).severity is Severity.MAJOR


# Trazodone labeling: ritonavir raised trazodone AUC 2.4-fold; carbamazepine cut levels by 76%.
def test_trazodone_with_a_strong_cyp3a4_inhibitor_or_inducer_is_moderate() -> None:
    assert one(findings(item("trazodone"), item("ritonavir"))).severity is Severity.MODERATE
    assert one(findings(item("trazodone"), item("rifampin"))).severity is Severity.MODERATE


# ULTRAM: seizure risk rises with SSRIs, SNRIs, tricyclics and other drugs that lower the
# threshold (neuroleptics, bupropion); carbamazepine is not recommended. Oxycodone carries no
# such warning (negative control).
@pytest.mark.parametrize(
    "partner",
    ["bupropion", "haloperidol", "carbamazepine", "sertraline", "duloxetine", "nortriptyline"],
)
def test_tramadol_with_a_seizure_threshold_lowering_drug_is_moderate(partner: str) -> None:
    seizure = [f for f in findings(item("tramadol"), item(partner)) if "seizure" in f.summary]
    assert (one(seizure).severity, one(seizure).sources[0]) == (Severity.MODERATE, "ultram-seizure")


def test_oxycodone_carries_no_seizure_warning_with_bupropion_or_haloperidol() -> None:
    assert findings(item("oxycodone"), item("bupropion")) == []
    # Haloperidol adds sedation (MHRA), not a seizure risk.
    assert one(findings(item("oxycodone"), item("haloperidol"))).mechanism == safety.CNS_MECHANISM


# COUMADIN 4 and 8.1: contraindicated in pregnancy (mechanical-valve exception in the text);
# apixaban carries no such label statement in the formulary (negative control).
def test_warfarin_is_contraindicated_in_pregnancy() -> None:
    finding = one(findings(item("warfarin"), pregnant=True))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.POPULATION)
    assert "mechanical heart valves" in finding.rationale
    assert findings(item("warfarin"), pregnant=False) == []


# Beers 2023 Table 2: doxepin above 6 mg/day and first-generation antihistamines (hydroxyzine)
# are to be avoided at 65 and over; low-dose doxepin (3-6 mg) is not.
def test_doxepin_above_6_mg_at_65_is_a_dose_finding_and_3_mg_is_not() -> None:
    dose = [f for f in findings(item("doxepin", 50), age=70) if f.kind is Kind.DOSE]
    assert "maximum of 6 mg/day" in one(dose).summary
    assert all(f.kind is not Kind.DOSE for f in findings(item("doxepin", 3), age=70))


def test_hydroxyzine_at_65_is_a_beers_finding_and_at_50_nothing() -> None:
    finding = one(findings(item("hydroxyzine", 25), age=70))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.POPULATION)
    assert findings(item("hydroxyzine", 25), age=50) == []


def test_a_changed_drug_is_checked_afresh_not_from_the_remembered_pair() -> None:
    sertraline, aspirin = item("sertraline"), item("aspirin")
    assert findings(sertraline, aspirin) != []  # remembered for these two drug objects
    plain = safety.Item(dataclasses.replace(sertraline.drug, properties={}), None, None)
    assert findings(plain, aspirin) == []


# Thioridazine labeling: contraindicated with a QTc over 450 ms (the general rule is 500 ms)
# and with drugs that inhibit CYP2D6 (bupropion, a strong inhibitor in the FDA table).
def test_thioridazine_is_contraindicated_above_450_ms_and_one_finding_above_500() -> None:
    assert one(findings(item("thioridazine", 100), qtc_ms=Decimal(460))).severity is (
        Severity.CONTRAINDICATED
    )
    assert one(findings(item("thioridazine", 100), qtc_ms=Decimal(520))).severity is (
        Severity.CONTRAINDICATED
    )
    assert findings(item("thioridazine", 100), qtc_ms=Decimal(440)) == []
    assert findings(item("haloperidol", 5), qtc_ms=Decimal(460)) == []


# Each label's words about the pair stand apart: thioridazine's (CYP2D6 inhibition,
# contraindicated) and bupropion's (a lower seizure threshold, moderate).
def test_thioridazine_with_bupropion_is_contraindicated() -> None:
    found = findings(item("thioridazine"), item("bupropion"))
    assert [(f.severity, f.mechanism) for f in found] == [
        (Severity.CONTRAINDICATED, "named in the thioridazine label"),
        (Severity.MODERATE, "named in the bupropion label"),
    ]


# NHS SPS lactation safety (lamotrigine): significant amounts in milk; monitor the infant.
def test_lamotrigine_while_breastfeeding_says_how_to_monitor_the_infant() -> None:
    finding = one(findings(item("lamotrigine", 200), breastfeeding=True))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.POPULATION)
    assert "apnoea" in finding.action and finding.sources == ("sps-lamotrigine-lactation",)


# MHRA 2018 (Pregnancy Prevention Programme) with the divalproex boxed fetal-risk warning; WHO
# reproductive age 15-49. Negative controls: a man, a woman of 60, a pregnant woman (who gets
# the pregnancy finding instead), a woman on lamotrigine.
def test_valproate_in_a_woman_who_may_become_pregnant_is_major() -> None:
    finding = one(findings(item("valproate", 1000), sex="female", age=28))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.POPULATION)
    assert "contraception" in finding.action
    assert finding.sources == ("mhra-valproate-2018", "who-reproductive-age")
    assert findings(item("valproate", 1000), sex="male", age=28) == []
    assert findings(item("valproate", 1000), sex="female", age=60) == []
    pregnant = one(findings(item("valproate", 1000), sex="female", age=28, pregnant=True))
    assert pregnant.mechanism == "fetal risk"
    assert findings(item("lamotrigine", 100), sex="female", age=28) == []


# SEROQUEL XR, CAPLYTA, REXULTI, LATUDA, VRAYLAR and ABILIFY carry the antidepressant suicidality
# boxed warning (patients 24 and under); at 25 it no longer applies.
@pytest.mark.parametrize(
    "name",
    ["quetiapine", "lumateperone", "brexpiprazole", "lurasidone", "cariprazine", "aripiprazole"],
)
def test_antipsychotics_used_for_depression_carry_the_young_patient_boxed_warning(
    name: str,
) -> None:
    finding = one(findings(item(name), age=20))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.POPULATION)
    assert "suicidal" in finding.rationale
    assert findings(item(name), age=25) == []


# Hepatic dosing advice: ZOLOFT (lower or less frequent dose), SEROQUEL (25 mg/day start),
# LAMICTAL (adjust in moderate and severe impairment; not in mild).
@pytest.mark.parametrize(
    ("name", "child_pugh"), [("sertraline", "A"), ("quetiapine", "B"), ("lamotrigine", "B")]
)
def test_hepatic_impairment_brings_the_labels_dosing_advice(name: str, child_pugh: str) -> None:
    finding = one(findings(item(name, 100), child_pugh=child_pugh))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.DOSE)


# KLONOPIN: contraindicated with significant liver disease; VALIUM: in severe hepatic
# insufficiency only (Child-Pugh C), so Child-Pugh B gets no diazepam finding.
@pytest.mark.parametrize(("drug", "child_pugh"), [("clonazepam", "A"), ("diazepam", "C")])
def test_benzodiazepines_contraindicated_in_liver_disease(drug: str, child_pugh: str) -> None:
    finding = one(findings(item(drug, 2), child_pugh=child_pugh))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.POPULATION)


def test_diazepam_in_moderate_hepatic_impairment_is_not_contraindicated() -> None:
    assert findings(item("diazepam", 10), child_pugh="B") == []


# REMERON: clearance about 30% lower at GFR 11-39 and in hepatic impairment (caution).
def test_mirtazapine_in_renal_or_hepatic_impairment_gets_the_labels_caution() -> None:
    assert one(findings(item("mirtazapine", 30), egfr=Decimal(30))).severity is Severity.MODERATE
    assert one(findings(item("mirtazapine", 30), child_pugh="A")).sources == (
        "remeron-renal-hepatic",
    )
    assert findings(item("mirtazapine", 30), egfr=Decimal(45)) == []


def test_lamotrigine_needs_no_hepatic_change_in_mild_impairment() -> None:
    assert findings(item("lamotrigine", 100), child_pugh="A") == []


# UKMi (NHS SPS) and CLOZARIL labelling: mothers taking clozapine should not breastfeed.
def test_clozapine_while_breastfeeding_is_advised_against() -> None:
    finding = one(findings(item("clozapine", 200), breastfeeding=True))
    assert finding.kind is Kind.POPULATION and "should not breastfeed" in finding.action
    assert findings(item("olanzapine", 10), breastfeeding=True) == []


# ELIQUIS 2 and 7: avoid combined P-gp and strong CYP3A4 inducers; halve the dose with strong
# dual inhibitors. Hansten and Horn: enzyme inducers lower warfarin's effect. DIFLUCAN:
# fluconazole raises the prothrombin time on warfarin (CYP2C9).
@pytest.mark.parametrize(
    ("anticoagulant", "partner"),
    [
        ("apixaban", "carbamazepine"),
        ("apixaban", "ketoconazole"),
        ("warfarin", "carbamazepine"),
        ("warfarin", "st-johns-wort"),
        ("warfarin", "fluconazole"),
    ],
)
def test_anticoagulants_with_enzyme_inducers_or_dual_inhibitors_are_major(
    anticoagulant: str, partner: str
) -> None:
    finding = one(findings(item(anticoagulant), item(partner)))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.INTERACTION)


# Amiodarone-warfarin studies (Arch Intern Med 1988; Chest 2002): potentiation in nearly every
# patient, with a prophylactic warfarin dose cut. HSE: metronidazole enhances warfarin's effect.
@pytest.mark.parametrize(
    ("partner", "source", "advice"),
    [
        ("amiodarone", "amiodarone-warfarin", "lowering the warfarin dose by about a quarter"),
        ("metronidazole", "hse-metronidazole", "Check the INR frequently"),
    ],
)
def test_warfarin_with_amiodarone_or_metronidazole_is_major(
    partner: str, source: str, advice: str
) -> None:
    finding = one(findings(item("warfarin", 5), item(partner)))
    assert (finding.severity, finding.kind, finding.sources) == (
        Severity.MAJOR,
        Kind.INTERACTION,
        (source,),
    )
    assert advice in finding.action


# Warfarin label 7.3: INR changes are reported with antibiotics and antifungals; closely
# monitor the INR when one starts or stops. A partner's own label row says more and stands.
@pytest.mark.parametrize(
    "antimicrobial",
    ["levofloxacin", "moxifloxacin", "erythromycin", "itraconazole", "amoxicillin", "linezolid"],
)
def test_warfarin_with_an_antibiotic_or_antifungal_asks_for_the_inr(antimicrobial: str) -> None:
    finding = one(findings(item("warfarin", 5), item(antimicrobial)))
    assert (finding.severity, finding.kind, finding.sources) == (
        Severity.MODERATE,
        Kind.INTERACTION,
        ("warfarin-antimicrobials",),
    )
    assert "when the antibiotic or antifungal starts and again when it stops" in finding.action


@pytest.mark.parametrize(
    ("antimicrobial", "severity", "source"),
    [
        ("ciprofloxacin", Severity.MAJOR, "cipro-anticoagulants"),
        ("azithromycin", Severity.MODERATE, "zithromax-anticoagulants"),
        ("fluconazole", Severity.MAJOR, "diflucan-warfarin"),
    ],
)
def test_a_row_naming_the_antimicrobial_supersedes_the_class_advice(
    antimicrobial: str, severity: Severity, source: str
) -> None:
    finding = one(findings(item("warfarin", 5), item(antimicrobial)))
    assert (finding.severity, finding.sources) == (severity, (source,))


def test_the_antimicrobial_advice_is_warfarin_s_alone() -> None:
    assert findings(item("apixaban", 10), item("levofloxacin")) == []
    assert findings(item("clopidogrel", 75), item("amoxicillin")) == []


# WELLBUTRIN XL 7.1: clopidogrel (CYP2B6) raises bupropion; ritonavir, carbamazepine and
# phenytoin lower it. REMERON 7: strong CYP3A inducers lower mirtazapine, strong inhibitors
# raise it.
@pytest.mark.parametrize(
    ("drug", "partner", "words", "source"),
    [
        ("bupropion", "clopidogrel", "raises bupropion exposure", "wellbutrin-cyp2b6"),
        ("bupropion", "ritonavir", "lowers bupropion exposure", "wellbutrin-cyp2b6"),
        ("bupropion", "carbamazepine", "lowers bupropion exposure", "wellbutrin-cyp2b6"),
        ("mirtazapine", "carbamazepine", "lowers mirtazapine levels", "remeron-interactions"),
        ("mirtazapine", "rifampin", "lowers mirtazapine levels", "remeron-interactions"),
        ("mirtazapine", "ketoconazole", "raises mirtazapine levels", "remeron-interactions"),
        ("mirtazapine", "clarithromycin", "raises mirtazapine levels", "remeron-interactions"),
    ],
)
def test_label_exposure_changes_of_bupropion_and_mirtazapine(
    drug: str, partner: str, words: str, source: str
) -> None:
    found = [f for f in findings(item(drug), item(partner)) if source in f.sources]
    finding = one(found)
    assert finding.severity is Severity.MODERATE and words in finding.summary


@pytest.mark.parametrize(
    ("drug", "partner"),
    [
        ("bupropion", "rifampin"),  # not named by the label
        ("bupropion", "sertraline"),
        ("mirtazapine", "fluconazole"),  # a moderate CYP3A4 inhibitor: not what the label names
        ("mirtazapine", "omeprazole"),
    ],
)
def test_no_exposure_finding_for_pairs_the_labels_do_not_name(drug: str, partner: str) -> None:
    assert all(
        set(f.sources).isdisjoint({"wellbutrin-cyp2b6", "remeron-interactions"})
        for f in findings(item(drug), item(partner))
    )


# LUVOX: alprazolam levels double, start it at half the dose or less. Perucca 1994: diazepam's
# half-life more than doubles. Lorazepam (glucuronidated) is named by neither.
@pytest.mark.parametrize(
    ("benzodiazepine", "source", "advice"),
    [
        ("alprazolam", "luvox-alprazolam", "no more than half the usual dose"),
        ("diazepam", "perucca-1994-fluvoxamine-diazepam", "lower diazepam dose"),
    ],
)
def test_fluvoxamine_raises_alprazolam_and_diazepam_but_not_lorazepam(
    benzodiazepine: str, source: str, advice: str
) -> None:
    finding = one(findings(item("fluvoxamine", 100), item(benzodiazepine, 2)))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, (source,))
    assert advice in finding.action
    assert findings(item("fluvoxamine", 100), item("lorazepam", 2)) == []


# The FDA diazepam statements (NCBI Medical Genetics Summaries, Table 1): inhibitors of CYP3A
# and CYP2C19 may increase and prolong sedation, "known to occur with cimetidine,
# ketoconazole, fluvoxamine, fluoxetine, and omeprazole". Fluvoxamine keeps its own finding
# (above), once; lorazepam (glucuronidated) with the same inhibitors gets none.
@pytest.mark.parametrize("inhibitor", ["cimetidine", "ketoconazole", "fluoxetine", "omeprazole"])
def test_diazepam_with_the_inhibitors_its_label_names(inhibitor: str) -> None:
    finding = one(findings(item("diazepam", 10), item(inhibitor)))
    assert (finding.severity, finding.kind, finding.sources) == (
        Severity.MODERATE,
        Kind.INTERACTION,
        ("ncbi-mgs-diazepam",),
    )
    assert set(finding.drugs) == {"diazepam", inhibitor}
    assert "prolonged sedation" in finding.summary + finding.rationale
    assert findings(item("lorazepam", 2), item(inhibitor)) == []


def test_diazepam_with_fluvoxamine_gets_one_finding() -> None:
    assert len(findings(item("diazepam", 10), item("fluvoxamine", 100))) == 1


# Greenblatt et al. 1998: ketoconazole cut zolpidem's clearance from 422 to 250 mL/min and
# enhanced its effects; itraconazole and fluconazole changed little (no finding).
def test_zolpidem_with_ketoconazole_but_not_the_other_azoles() -> None:
    finding = one(findings(item("zolpidem", 5), item("ketoconazole")))
    assert (finding.severity, finding.sources) == (
        Severity.MODERATE,
        ("greenblatt-1998-zolpidem-azoles",),
    )
    assert "lowest zolpidem dose" in finding.action
    for azole in ("itraconazole", "fluconazole"):
        assert findings(item("zolpidem", 5), item(azole)) == [], azole


# BUSPAR (via AHFS) and Kivistö 1999: a strong CYP3A4 inhibitor raises buspirone many-fold
# (start 2.5 mg once or twice daily); rifampicin lowers it by about 90%.
@pytest.mark.parametrize(
    ("partner", "advice"),
    [("itraconazole", "2.5 mg once or twice daily"), ("rifampin", "less effect")],
)
def test_buspirone_with_a_strong_cyp3a4_inhibitor_or_inducer(partner: str, advice: str) -> None:
    finding = one(findings(item("buspirone", 30), item(partner)))
    assert (finding.severity, finding.kind, finding.sources) == (
        Severity.MODERATE,
        Kind.INTERACTION,
        ("buspirone-cyp3a4",),
    )
    assert advice in finding.action
    assert findings(item("buspirone", 30), item("amoxicillin")) == []


# The buspirone label names erythromycin, diltiazem and verapamil among the CYP3A4 inhibitors
# that raise its concentrations and may need a dose adjustment (PDR; MPR: a lower initial dose).
@pytest.mark.parametrize("partner", ["erythromycin", "fluconazole"])
def test_buspirone_with_a_moderate_cyp3a4_inhibitor_starts_lower(partner: str) -> None:
    finding = one(findings(item("buspirone", 30), item(partner)))
    assert (finding.severity, finding.sources) == (
        Severity.MODERATE,
        ("buspirone-moderate-cyp3a4",),
    )
    assert "lower starting dose" in finding.action


# WELLBUTRIN XL (label-quoting summaries): in moderate to severe hepatic impairment at most
# 150 mg every other day; a daily 300 mg is above it, and the advice stands below it.
def test_bupropion_in_moderate_or_severe_hepatic_impairment() -> None:
    above = one(findings(item("bupropion", 300), child_pugh="C"))
    assert (above.severity, above.kind) == (Severity.MAJOR, Kind.DOSE)
    assert "every other day" in above.rationale
    advice = one(findings(item("bupropion", 75), child_pugh="B"))
    assert advice.severity is Severity.MODERATE and "every other day" in advice.action
    assert findings(item("bupropion", 300), child_pugh="A") == []


# Özdemir 1997: paroxetine (a strong CYP2D6 inhibitor) raised perphenazine peaks 2- to 13-fold
# with more CNS side effects; sertraline and citalopram are not strong inhibitors.
@pytest.mark.parametrize("inhibitor", ["paroxetine", "fluoxetine"])
def test_perphenazine_with_a_strong_cyp2d6_inhibitor(inhibitor: str) -> None:
    finding = one(findings(item("perphenazine", 8), item(inhibitor)))
    assert finding.severity is Severity.MODERATE
    assert "ozdemir-1997-paroxetine-perphenazine" in finding.sources
    for other in ("sertraline", "citalopram"):
        assert findings(item("perphenazine", 8), item(other)) == []


# HALDOL: enzyme inducers (rifampin, carbamazepine) lower haloperidol significantly; CYP3A4 or
# CYP2D6 inhibitors raise it (QTc rose with ketoconazole and paroxetine); valproate does not.
@pytest.mark.parametrize(
    ("partner", "words"),
    [
        ("rifampin", "lowers haloperidol levels"),
        ("carbamazepine", "lowers haloperidol levels"),
        ("ketoconazole", "raises haloperidol levels"),
        ("paroxetine", "raises haloperidol levels"),
    ],
)
def test_haloperidol_with_enzyme_inducers_and_inhibitors(partner: str, words: str) -> None:
    finding = one(findings(item("haloperidol", 10), item(partner)))
    assert finding.severity is Severity.MODERATE and words in finding.summary
    assert "haldol-interactions" in finding.sources
    assert findings(item("haloperidol", 10), item("valproate", 1000)) == []


# ADDERALL and VYVANSE (via secondary summaries): amphetamines with serotonergic drugs raise
# the risk of serotonin syndrome; with an MAOI the label's own contraindication (hypertensive
# crisis) is the one finding. Methylphenidate carries no serotonin warning.
@pytest.mark.parametrize(
    ("stimulant", "source"),
    [("amphetamine", "adderall-serotonin"), ("lisdexamfetamine", "vyvanse-serotonin")],
)
def test_amphetamines_are_serotonergic_and_keep_their_maoi_contraindication(
    stimulant: str, source: str
) -> None:
    finding = one(findings(item(stimulant, 20), item("sertraline", 100)))
    assert (finding.severity, finding.mechanism) == (Severity.MODERATE, "two serotonergic drugs")
    assert source in finding.sources
    with_maoi = one(findings(item(stimulant, 20), item("phenelzine", 45)))
    assert with_maoi.severity is Severity.CONTRAINDICATED
    assert "hypertensive crisis" in with_maoi.summary
    assert findings(item("methylphenidate", 36), item("sertraline", 100)) == []


# CLOZARIL co-medication table: the weaker CYP1A2 inhibitors and the CYP2D6 or CYP3A4
# inhibitors it names (oral contraceptives, sertraline, escitalopram...) call for monitoring and
# perhaps a lower dose; omeprazole, a weaker inducer, for a higher one. Citalopram is not named.
@pytest.mark.parametrize(
    ("partner", "words"),
    [
        ("ethinyl-estradiol", "may raise clozapine levels"),
        ("sertraline", "may raise clozapine levels"),
        ("escitalopram", "may raise clozapine levels"),
        ("omeprazole", "may lower clozapine levels"),
    ],
)
def test_clozapine_with_the_weaker_inhibitors_and_inducers_its_label_names(
    partner: str, words: str
) -> None:
    finding = one(findings(item("clozapine", 300), item(partner)))
    assert finding.severity is Severity.MODERATE and words in finding.summary
    assert finding.sources == ("clozaril-interactions-table",)
    assert findings(item("clozapine", 300), item("citalopram", 20)) == []


# FDA 2019: breathing difficulties with gabapentinoids in patients with respiratory risk factors,
# opioids (major) and other CNS depressants among them; an SSRI is not one.
@pytest.mark.parametrize("gabapentinoid", ["gabapentin", "pregabalin"])
@pytest.mark.parametrize(
    ("partner", "severity"),
    [
        ("oxycodone", Severity.MAJOR),
        ("lorazepam", Severity.MODERATE),
        ("zolpidem", Severity.MODERATE),
    ],
)
def test_gabapentinoids_with_other_cns_depressants(
    gabapentinoid: str, partner: str, severity: Severity
) -> None:
    finding = one(findings(item(gabapentinoid, 300), item(partner)))
    assert finding.severity is severity and "fda-gabapentinoid-2019" in finding.sources
    assert "CNS" in finding.mechanism
    assert findings(item(gabapentinoid, 300), item("sertraline", 50)) == []


# AMBIEN and LUNESTA 5.x: other CNS depressants (benzodiazepines among them) add to the Z-drug's
# effect; lower doses. Buspirone is not a CNS depressant in the labels' lists.
@pytest.mark.parametrize(
    ("z_drug", "source"),
    [("zolpidem", "ambien-cns-depressants"), ("eszopiclone", "lunesta-cns-depressants")],
)
def test_a_z_drug_with_a_benzodiazepine_is_moderate(z_drug: str, source: str) -> None:
    finding = one(findings(item(z_drug, 2), item("lorazepam", 2)))
    assert finding.severity is Severity.MODERATE and source in finding.sources
    assert "driving" in finding.action
    assert findings(item(z_drug, 2), item("buspirone", 30)) == []


# Lithium labeling: older patients often respond to lower doses and show toxicity at levels
# others tolerate (Drugs Aging 2014: the dose for a given level falls threefold from 40 to 95).
def test_lithium_in_an_older_adult_gets_the_dosing_advice() -> None:
    finding = one(findings(item("lithium", 900), age=80))
    assert (finding.severity, finding.kind, finding.sources) == (
        Severity.MODERATE,
        Kind.DOSE,
        ("lithium-older-adults",),
    )
    assert findings(item("lithium", 900), age=50) == []


# CORDARONE: digoxin levels up 70% after one day; review digoxin and halve its dose.
def test_digoxin_with_amiodarone_is_major_and_halves_the_dose() -> None:
    finding = one(findings(item("digoxin", 0.25), item("amiodarone", 200)))
    assert (finding.severity, finding.sources) == (Severity.MAJOR, ("cordarone-digoxin",))
    assert finding.rationale.startswith("Amiodarone raises the serum digoxin level")
    assert "about half" in finding.action
    assert findings(item("digoxin", 0.25), item("metformin", 1000)) == []


# CIPRO: serious and fatal reactions with theophylline; monitor its levels if unavoidable.
def test_ciprofloxacin_with_theophylline_is_major() -> None:
    finding = one(findings(item("theophylline", 400), item("ciprofloxacin", 1000)))
    assert (finding.severity, finding.sources) == (Severity.MAJOR, ("cipro-theophylline",))
    assert finding.rationale.startswith("Theophylline levels rise")
    assert "monitor theophylline levels" in finding.action


# Clin Pharmacol Ther 1998 and Medsafe 2018: fluconazole raises methadone levels.
def test_methadone_with_fluconazole_raises_levels_moderately_and_adds_to_the_qt() -> None:
    found = findings(item("methadone", 60), item("fluconazole", 200))
    by_source = {f.sources[0]: f for f in found}  # each rule's own source comes first
    levels = by_source["fluconazole-methadone"]
    assert levels.severity == Severity.MODERATE
    assert "sedation" in levels.action and "withdrawal" in levels.action
    # Fluconazole's label warns of QT prolongation; methadone's boxed warning covers such drugs.
    assert by_source["methadone-label-interactions"].severity == Severity.MAJOR


# Methadone tablets PI (boxed warning; section 7): monitor closely with drugs that prolong the
# QT interval; avoid partial agonists such as buprenorphine (less effect, withdrawal).
@pytest.mark.parametrize("partner", ["sotalol", "amiodarone", "levofloxacin", "haloperidol"])
def test_methadone_with_a_drug_that_prolongs_the_qt_is_major(partner: str) -> None:
    finding = one(qt(findings(item("methadone", 60), item(partner))))
    assert finding.severity is Severity.MAJOR
    assert "methadone-label-interactions" in finding.sources


@pytest.mark.parametrize("full_agonist", ["methadone", "oxycodone", "morphine", "tramadol"])
def test_buprenorphine_with_a_full_opioid_agonist_is_major_for_precipitated_withdrawal(
    full_agonist: str,
) -> None:
    finding = one(findings(item(full_agonist), item("buprenorphine", 16)))
    assert finding.severity == Severity.MAJOR
    assert "withdrawal" in finding.summary and "in sequence" in finding.action
    assert "opioid-partial-agonist-labeling" in finding.sources


def test_two_full_opioid_agonists_have_no_partial_agonist_finding() -> None:
    assert findings(item("morphine"), item("oxycodone")) == []


@pytest.mark.parametrize("partner", ["sertraline", "lorazepam", "metformin", "ibuprofen"])
def test_methadone_with_drugs_without_a_qt_warning_has_no_qt_finding(partner: str) -> None:
    found = findings(item("methadone", 60), item(partner))
    assert not any("QT" in f.mechanism for f in found)


# SUBOXONE PI section 7: CYP3A4 inhibitors (erythromycin, ketoconazole, ritonavir named) raise
# buprenorphine, inducers (rifampin, carbamazepine, phenytoin) lower it; not with MAOIs.
@pytest.mark.parametrize("partner", ["ketoconazole", "itraconazole", "ritonavir", "erythromycin"])
def test_buprenorphine_with_a_cyp3a4_inhibitor_is_moderate(partner: str) -> None:
    finding = one(findings(item("buprenorphine", 16), item(partner)))
    assert finding.severity == Severity.MODERATE
    assert "suboxone-label-interactions" in finding.sources
    assert "lower buprenorphine dose" in finding.action


@pytest.mark.parametrize("partner", ["rifampin", "carbamazepine", "phenytoin"])
def test_buprenorphine_with_a_cyp3a4_inducer_is_moderate(partner: str) -> None:
    found = findings(item("buprenorphine", 16), item(partner))
    levels = [f for f in found if "suboxone-label-interactions" in f.sources]
    assert [f.severity for f in levels] == [Severity.MODERATE]
    assert "withdrawal" in levels[0].action


@pytest.mark.parametrize("maoi", ["phenelzine", "tranylcypromine", "linezolid"])
def test_buprenorphine_with_an_maoi_is_major(maoi: str) -> None:
    finding = one(findings(item("buprenorphine", 16), item(maoi)))
    assert finding.severity == Severity.MAJOR and "14 days" in finding.action


# SUBOXONE 7: not recommended with an MAOI "or within 14 days of stopping such treatment".
def test_buprenorphine_within_14_days_of_stopping_an_maoi_is_major() -> None:
    early = one(findings(item("buprenorphine", 16), stopped_days_ago=(stopped("phenelzine", 13),)))
    assert (early.severity, early.mechanism) == (Severity.MAJOR, "washout around an MAOI")
    assert "suboxone-label-interactions" in early.sources and "1 day more" in early.action
    assert findings(item("buprenorphine", 16), stopped_days_ago=(stopped("phenelzine", 14),)) == []


# BNF interactions: opioids with an irreversible MAO-A and B inhibitor risk CNS excitation or
# depression: avoid; UKMi and NHS SPS: including the 2 weeks after it; oxycodone is among the
# opioids SPS accepts, started low. Selegiline, a MAO-B inhibitor, is outside that BNF group.
@pytest.mark.parametrize("opioid", ["oxycodone", "hydrocodone"])
@pytest.mark.parametrize("maoi", ["phenelzine", "tranylcypromine", "isocarboxazid"])
def test_oxycodone_and_hydrocodone_with_an_irreversible_maoi_are_major(
    opioid: str, maoi: str
) -> None:
    finding = one(findings(item(opioid), item(maoi)))
    assert (finding.severity, finding.mechanism) == (Severity.MAJOR, "taken with an MAOI")
    assert finding.sources == ("bnf-opioid-maoi",) and "14 days" in finding.action
    after = one(findings(item(opioid), stopped_days_ago=(stopped(maoi, 10),)))
    assert after.severity is Severity.MAJOR and "washout is 14 days" in after.summary
    assert findings(item(opioid), stopped_days_ago=(stopped(maoi, 14),)) == []


# The US opioid labels (2016 class labeling, section 7): not recommended with an MAOI or within
# 14 days of one, linezolid among the examples; selegiline is an MAOI antidepressant. Linezolid's
# own inhibition is brief, so stopping it leaves no 14-day wait; methylene blue is not named.
@pytest.mark.parametrize("opioid", ["oxycodone", "hydrocodone"])
def test_oxycodone_and_hydrocodone_with_selegiline_or_linezolid_are_major(opioid: str) -> None:
    for partner in ("selegiline", "linezolid"):
        finding = one(findings(item(opioid), item(partner)))
        assert (finding.severity, finding.sources) == (
            Severity.MAJOR,
            ("opioid-maoi-class-labeling",),
        )
    assert (
        "washout is 14 days"
        in one(findings(item(opioid), stopped_days_ago=(stopped("selegiline", 3),))).summary
    )
    assert findings(item(opioid), stopped_days_ago=(stopped("linezolid", 3),)) == []
    assert findings(item(opioid), item("methylene-blue")) == []


# The boxed CYP3A4 interaction of oxycodone, hydrocodone, fentanyl and codeine names CYP3A4
# inhibitors without limiting it to strong ones: a moderate inhibitor (fluconazole, erythromycin)
# is a moderate finding, a strong one stays major; morphine, glucuronidated, has neither.
@pytest.mark.parametrize("opioid", ["oxycodone", "hydrocodone", "fentanyl", "codeine"])
def test_opioids_with_a_moderate_cyp3a4_inhibitor_are_moderate(opioid: str) -> None:
    for inhibitor in ("fluconazole", "erythromycin"):
        finding = one([f for f in findings(item(opioid), item(inhibitor)) if "CYP3A4" in f.summary])
        assert finding.severity is Severity.MODERATE and "opioid-boxed-cyp3a4" in finding.sources
    strong = [f for f in findings(item(opioid), item("clarithromycin")) if "CYP3A4" in f.summary]
    assert one(strong).severity is Severity.MAJOR
    assert findings(item("morphine"), item("fluconazole")) == []


# MPR lithium monograph (label interactions): calcium channel blockers potentiate lithium
# toxicity; monitor and adjust. A beta blocker, which it does not name, gives no finding.
def test_lithium_with_a_calcium_channel_blocker_is_moderate() -> None:
    finding = one(findings(item("lithium", 900), item("amlodipine")))
    assert finding.severity is Severity.MODERATE and "toxicity" in finding.summary
    assert finding.sources == ("mpr-lithium-interactions",)
    assert findings(item("lithium", 900), item("metoprolol")) == []


# CMO/CSM 2000 (CEM/CMO/2000/4): St John's wort with an SSRI or a triptan, increased
# serotonergic effects: stop St John's wort. One finding for the pair (the generic moderate one
# gives way); an SNRI, which the advice does not name, keeps the generic finding.
@pytest.mark.parametrize("partner", ["sertraline", "fluoxetine", "citalopram", "sumatriptan"])
def test_st_johns_wort_with_an_ssri_or_triptan_is_major(partner: str) -> None:
    finding = one(findings(item("St John's wort"), item(partner)))
    assert (finding.severity, finding.mechanism) == (Severity.MAJOR, "two serotonergic drugs")
    assert "csm-st-johns-wort-2000" in finding.sources and "stop St John's wort" in finding.action


def test_st_johns_wort_with_an_snri_keeps_the_generic_serotonergic_finding() -> None:
    finding = one(findings(item("St John's wort"), item("venlafaxine", 75)))
    assert finding.severity is Severity.MODERATE and finding.summary.endswith(
        "added serotonergic effect"
    )


# MHRA Opioids module 4.8: an opioid with an antipsychotic adds sedation and lowers blood
# pressure: monitor. One finding per pair, and none for an opioid with a non-sedating partner.
@pytest.mark.parametrize(
    ("opioid", "antipsychotic"),
    [("oxycodone", "quetiapine"), ("morphine", "olanzapine"), ("buprenorphine", "aripiprazole")],
)
def test_an_opioid_with_an_antipsychotic_is_moderate(opioid: str, antipsychotic: str) -> None:
    finding = one(findings(item(opioid), item(antipsychotic, 10)))
    assert (finding.severity, finding.mechanism) == (Severity.MODERATE, safety.CNS_MECHANISM)
    assert finding.sources == ("mhra-opioids-interactions",)


@pytest.mark.parametrize("partner", ["sertraline", "lamotrigine", "lithium"])
def test_an_opioid_with_a_non_sedating_psychotropic_has_no_cns_finding(partner: str) -> None:
    found = findings(item("oxycodone"), item(partner))
    assert [f for f in found if f.mechanism == safety.CNS_MECHANISM] == []


# Methadone tablets boxed warning: all CYP3A4, 2B6, 2C19, 2C9 or 2D6 inhibitors could cause
# potentially fatal respiratory depression; fluvoxamine is named.
def test_methadone_with_fluvoxamine_is_major() -> None:
    found = findings(item("methadone", 60), item("fluvoxamine", 100))
    boxed = one([f for f in found if "methadone-boxed-cyp" in f.sources])
    assert boxed.severity is Severity.MAJOR and "respiratory depression" in boxed.rationale


@pytest.mark.parametrize("partner", ["fluconazole", "sertraline", "omeprazole"])
def test_buprenorphine_with_drugs_its_label_does_not_name_has_no_finding(partner: str) -> None:
    assert findings(item("buprenorphine", 16), item(partner)) == []


# NORVIR PI section 4 and SPORANOX Contraindications name these partners.
@pytest.mark.parametrize(
    ("drug", "partner", "source"),
    [
        ("ritonavir", "amiodarone", "norvir-contraindications"),
        ("ritonavir", "st-johns-wort", "norvir-contraindications"),
        ("itraconazole", "methadone", "sporanox-contraindications"),
    ],
)
def test_label_contraindications_of_ritonavir_and_itraconazole(
    drug: str, partner: str, source: str
) -> None:
    found = findings(item(drug), item(partner))
    assert Severity.CONTRAINDICATED in {f.severity for f in found}
    assert any(source in f.sources for f in found)


# Thioridazine PI: contraindicated with other drugs that prolong the QTc interval.
@pytest.mark.parametrize("partner", ["methadone", "azithromycin", "ondansetron", "haloperidol"])
def test_thioridazine_with_a_drug_that_prolongs_the_qt_is_contraindicated(partner: str) -> None:
    found = findings(item("thioridazine", 150), item(partner))
    qt = [f for f in found if f.mechanism == "additive QT prolongation"]
    assert [f.severity for f in qt] == [Severity.CONTRAINDICATED]
    assert "thioridazine-qtc" in qt[0].sources


# Levofloxacin PI: avoid with class IA or III antiarrhythmics.
@pytest.mark.parametrize("partner", ["amiodarone", "sotalol"])
def test_levofloxacin_with_a_class_iii_antiarrhythmic_is_major(partner: str) -> None:
    finding = one(findings(item("levofloxacin", 500), item(partner)))
    assert finding.severity == Severity.MAJOR and "levofloxacin-qt" in finding.sources


# FDA Drug Safety Communication (August 2011): citalopram is not recommended with other drugs
# that prolong the QT interval, the antibiotics whose labels warn of it among them.
@pytest.mark.parametrize(
    "partner", ["clarithromycin", "erythromycin", "levofloxacin", "fluconazole"]
)
def test_citalopram_with_an_antibiotic_that_prolongs_the_qt_is_major(partner: str) -> None:
    found = findings(item("citalopram", 20), item(partner))
    qt = [f for f in found if f.mechanism == "additive QT prolongation"]
    assert [f.severity for f in qt] == [Severity.MAJOR]
    assert "citalopram-fda-2011" in qt[0].sources


@pytest.mark.parametrize(
    ("drug", "partner"),
    [
        ("warfarin", "metformin"),
        ("warfarin", "amlodipine"),
        ("theophylline", "amoxicillin"),
        ("methadone", "amoxicillin"),
        ("amiodarone", "metformin"),
    ],
)
def test_negative_controls_for_the_warfarin_theophylline_and_methadone_pairs(
    drug: str, partner: str
) -> None:
    assert findings(item(drug), item(partner)) == []


def test_apixaban_with_lamotrigine_or_escitalopram_alone_has_no_enzyme_finding() -> None:
    assert findings(item("apixaban"), item("lamotrigine")) == []
    assert all(
        "exposure" not in f.summary for f in findings(item("apixaban"), item("escitalopram"))
    )


# RISPERDAL: fluoxetine and paroxetine raise risperidone levels (CYP2D6); enzyme inducers lower
# them. Sertraline is not named.
@pytest.mark.parametrize("partner", ["fluoxetine", "paroxetine", "carbamazepine", "rifampin"])
def test_risperidone_with_the_drugs_its_label_names(partner: str) -> None:
    finding = one(findings(item("risperidone", 4), item(partner)))
    assert finding.sources == ("risperdal-cyp2d6",) and "Titrate" in finding.action


def test_risperidone_with_sertraline_gets_no_level_finding() -> None:
    assert findings(item("risperidone", 4), item("sertraline", 100)) == []


# Stahl's Prescriber's Guide: xanthines may lower lithium levels; carbamazepine and phenytoin
# may increase its toxicity; no likely interaction with atypical antipsychotics or valproate.
@pytest.mark.parametrize("partner", ["theophylline", "carbamazepine", "phenytoin"])
def test_lithium_with_the_drugs_stahl_names(partner: str) -> None:
    finding = one(findings(item("lithium", 900), item(partner)))
    assert (finding.severity, finding.sources) == (
        Severity.MODERATE,
        ("stahl-lithium-interactions",),
    )


@pytest.mark.parametrize("partner", ["valproate", "olanzapine", "quetiapine"])
def test_lithium_with_valproate_or_atypicals_gets_no_finding(partner: str) -> None:
    assert findings(item("lithium", 900), item(partner)) == []


# TRINTELLIX 7: strong CYP inducers, consider a dose increase (at most 3 times the original).
@pytest.mark.parametrize("inducer", ["rifampin", "carbamazepine", "phenytoin"])
def test_vortioxetine_with_a_strong_inducer(inducer: str) -> None:
    finding = one(findings(item("vortioxetine", 10), item(inducer)))
    assert finding.severity is Severity.MODERATE and "3 times" in finding.action


# Haloperidol labeling: lithium plus haloperidol, rare encephalopathic syndrome; the label names
# haloperidol only (olanzapine: no finding).
def test_lithium_with_haloperidol_warns_of_neurotoxicity_and_not_with_olanzapine() -> None:
    finding = one(findings(item("lithium", 900), item("haloperidol", 5)))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, ("haldol-lithium",))
    assert findings(item("lithium", 900), item("olanzapine", 10)) == []


# STOPP v3 A3 (65 and over): a duplicate drug class for daily use. Lithium with valproate is not
# one class; under 65 STOPP does not apply.
@pytest.mark.parametrize(
    ("first", "second"),
    [("zolpidem", "eszopiclone"), ("lorazepam", "clonazepam"), ("ibuprofen", "naproxen")],
)
def test_two_drugs_of_one_class_in_an_older_adult_are_a_duplication(
    first: str, second: str
) -> None:
    duplicates = [
        f for f in findings(item(first), item(second), age=70) if f.kind is Kind.DUPLICATION
    ]
    assert one(duplicates).sources == ("stopp-v3",)
    assert all(f.kind is not Kind.DUPLICATION for f in findings(item(first), item(second), age=40))


# NICE NG222 1.9.9: a second antidepressant comes from a different class, at any age; from 65
# STOPP agrees, in the same finding.
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("sertraline", "escitalopram"),
        ("venlafaxine", "duloxetine"),
        ("amitriptyline", "imipramine"),
    ],
)
def test_two_antidepressants_of_one_class_are_a_duplication_at_any_age(
    first: str, second: str
) -> None:
    at_40 = [f for f in findings(item(first), item(second), age=40) if f.kind is Kind.DUPLICATION]
    assert one(at_40).sources == ("nice-ng222-combinations",)
    at_70 = [f for f in findings(item(first), item(second), age=70) if f.kind is Kind.DUPLICATION]
    assert one(at_70).sources == ("nice-ng222-combinations", "stopp-v3")


@pytest.mark.parametrize("second", ["mirtazapine", "trazodone", "bupropion", "venlafaxine"])
def test_antidepressants_of_different_classes_are_no_duplication(second: str) -> None:
    found = findings(item("sertraline"), item(second), age=40)
    assert all(f.kind is not Kind.DUPLICATION for f in found)


def test_lithium_with_valproate_is_not_a_class_duplication() -> None:
    assert all(
        f.kind is not Kind.DUPLICATION
        for f in findings(item("lithium", 900), item("valproate", 1000), age=70)
    )


# CPIC opioids 2021: avoid codeine and tramadol in CYP2D6 ultrarapid and poor metabolizers;
# FDA 2017: contraindicated under 12, breastfeeding not recommended. Normal metabolizers and
# morphine (not a CYP2D6 prodrug) get nothing.
@pytest.mark.parametrize("name", ["codeine", "tramadol"])
@pytest.mark.parametrize("phenotype", ["ultrarapid", "poor"])
def test_cyp2d6_prodrug_opioids_are_avoided_in_ultrarapid_and_poor_metabolizers(
    name: str, phenotype: str
) -> None:
    finding = one(findings(item(name), cyp2d6=phenotype))
    assert (finding.severity, finding.sources) == (Severity.MAJOR, ("cpic-opioids-2021",))
    assert findings(item(name), cyp2d6="normal") == []
    assert findings(item("morphine"), cyp2d6=phenotype) == []


def test_codeine_under_12_is_contraindicated_and_breastfeeding_is_advised_against() -> None:
    assert one(findings(item("codeine"), age=10)).severity is Severity.CONTRAINDICATED
    assert findings(item("codeine"), age=12) == []
    assert "not recommended" in one(findings(item("codeine"), breastfeeding=True)).action


# PLAVIX boxed warning (2010): consider another treatment in CYP2C19 poor metabolizers.
def test_clopidogrel_in_a_cyp2c19_poor_metabolizer_is_major() -> None:
    finding = one(findings(item("clopidogrel"), cyp2c19="poor"))
    assert (finding.severity, finding.sources) == (Severity.MAJOR, ("plavix-boxed-2010",))
    assert findings(item("clopidogrel"), cyp2c19="normal") == []


# CPIC HLA guidelines: HLA-B*15:02 positive, do not start carbamazepine, oxcarbazepine or
# phenytoin; lamotrigine has only weaker evidence, so its label's risk factor is a caution.
@pytest.mark.parametrize("name", ["carbamazepine", "oxcarbazepine", "phenytoin"])
def test_hla_b1502_carriers_avoid_the_aromatic_anticonvulsants_cpic_names(name: str) -> None:
    assert one(findings(item(name), hla_b1502=True)).severity is Severity.MAJOR
    assert one(findings(item("lamotrigine", 100), hla_b1502=True)).severity is Severity.MODERATE


# ULTRACET Table 2: strong CYP2D6 inhibitors block tramadol's activation (less analgesia, more
# seizures and serotonin syndrome); sertraline is not a strong inhibitor (serotonergic only).
def test_tramadol_with_a_strong_cyp2d6_inhibitor_adds_the_activation_finding() -> None:
    found = findings(item("tramadol"), item("paroxetine"))
    assert "strong CYP2D6 inhibitor" in {f.mechanism for f in found}
    assert "strong CYP2D6 inhibitor" not in {
        f.mechanism for f in findings(item("tramadol"), item("sertraline"))
    }


# CYMBALTA and FETZIMA warnings: serotonin reuptake inhibition raises bleeding risk with
# anticoagulants, antiplatelets and NSAIDs (bupropion, which does not, gets nothing).
@pytest.mark.parametrize("name", ["duloxetine", "levomilnacipran"])
def test_snris_add_to_bleeding_risk(name: str) -> None:
    assert "bleeding" in one(findings(item(name), item("warfarin"))).summary
    assert findings(item("bupropion"), item("warfarin")) == []


# TRINTELLIX Table 4: an MAOI within 21 days of stopping vortioxetine is contraindicated.
def test_an_maoi_within_21_days_of_vortioxetine_is_contraindicated() -> None:
    vortioxetine = item("vortioxetine").drug
    early = findings(item("phenelzine"), stopped_days_ago=((vortioxetine, 14),))
    assert one(early).severity is Severity.CONTRAINDICATED and "21 days" in one(early).summary
    assert findings(item("phenelzine"), stopped_days_ago=((vortioxetine, 22),)) == []


def test_a_form_the_formulary_does_not_hold_is_named_and_a_known_one_is_not() -> None:
    finding = one(findings(item("venlafaxine", 75, form="patch")))
    assert (finding.severity, finding.kind) == (Severity.MINOR, Kind.DOSE)
    assert "no patch" in finding.summary
    assert findings(item("venlafaxine", 75, form="capsule_er")) == []


# Acetaminophen and codeine label, Drug Interactions: CYP2D6 inhibitors (paroxetine,
# fluoxetine, bupropion, quinidine) lower the morphine codeine is turned into; CYP3A4
# inhibitors (macrolides, azoles, protease inhibitors) raise codeine and so morphine.
@pytest.mark.parametrize("inhibitor", ["paroxetine", "fluoxetine", "bupropion"])
def test_a_strong_cyp2d6_inhibitor_blocks_codeine_activation(inhibitor: str) -> None:
    found = one(findings(item("codeine"), item(inhibitor)))
    assert (found.kind, found.severity) == (Kind.INTERACTION, Severity.MODERATE)
    assert "morphine" in found.summary


def test_a_strong_cyp3a4_inhibitor_with_codeine_is_major() -> None:
    found = one(findings(item("codeine"), item("clarithromycin")))
    assert (found.drugs, found.severity) == (("clarithromycin", "codeine"), Severity.MAJOR)


def test_codeine_with_sertraline_has_no_cyp2d6_finding() -> None:
    # Sertraline is not a strong CYP2D6 inhibitor (FDA table), and neither drug is in the
    # serotonergic rule with the other here: a negative control.
    assert findings(item("codeine"), item("sertraline")) == []


# ULTRAM section 2: at most 400 mg/day; over 75, 300; creatinine clearance below 30, 200;
# severe hepatic impairment, 50 mg every 12 hours.
@pytest.mark.parametrize(
    ("context", "cap"),
    [({}, 400), ({"age": 76}, 300), ({"egfr": Decimal(25)}, 200), ({"child_pugh": "C"}, 100)],
)
def test_tramadol_dose_caps(context: dict[str, object], cap: int) -> None:
    def over(mg: int) -> list[Finding]:
        found = findings(item("tramadol", mg), **context)
        return [f for f in found if f.kind is Kind.DOSE and "above the maximum" in f.summary]

    assert over(cap) == []
    assert f"maximum of {cap} mg/day" in one(over(cap + 50)).summary


# In renal or severe hepatic impairment the label also changes the interval (every 12 hours):
# advice at any dose within the cap.
@pytest.mark.parametrize(
    ("context", "words"),
    [
        ({"egfr": Decimal(25)}, "every 12 hours, at most 200 mg"),
        ({"child_pugh": "C"}, "50 mg every 12 hours"),
    ],
)
def test_tramadol_interval_in_organ_impairment(context: dict[str, object], words: str) -> None:
    advice = one(findings(item("tramadol", 100), **context))
    assert advice.kind is Kind.DOSE and words in advice.action
    assert findings(item("tramadol", 100), egfr=Decimal(40), child_pugh="B") == []


def test_tramadol_at_75_keeps_the_adult_cap() -> None:
    found = findings(item("tramadol", 400), age=75)
    # 400 mg is 80 MME a day: the only dose finding is the CDC's naloxone threshold.
    assert [f for f in found if f.kind is Kind.DOSE] == mme(found)


# REGLAN Table 1: at most 60 mg/day; 30 mg/day with a strong CYP2D6 inhibitor (fluoxetine,
# paroxetine, bupropion), in CYP2D6 poor metabolisers and in renal or hepatic impairment.
def test_metoclopramide_cap_falls_with_a_strong_cyp2d6_inhibitor() -> None:
    assert not [f for f in findings(item("metoclopramide", 60)) if f.kind is Kind.DOSE]
    for partner in ("fluoxetine", "paroxetine", "bupropion"):
        found = [
            f for f in findings(item("metoclopramide", 40), item(partner)) if f.kind is Kind.DOSE
        ]
        assert "maximum of 30 mg/day" in one(found).summary
    sertraline = findings(item("metoclopramide", 40), item("sertraline"))
    assert not [f for f in sertraline if f.kind is Kind.DOSE]


@pytest.mark.parametrize(
    "context", [{"cyp2d6": "poor"}, {"egfr": Decimal(45)}, {"child_pugh": "B"}]
)
def test_metoclopramide_cap_in_impairment_and_poor_metabolisers(context: dict[str, object]) -> None:
    found = [f for f in findings(item("metoclopramide", 40), **context) if f.kind is Kind.DOSE]
    assert "maximum of 30 mg/day" in one(found).summary


# ZOFRAN 8.6: at most 8 mg/day in severe hepatic impairment; no change in mild or moderate.
def test_ondansetron_in_severe_hepatic_impairment() -> None:
    assert "maximum of 8 mg/day" in one(findings(item("ondansetron", 16), child_pugh="C")).summary
    assert findings(item("ondansetron", 16), child_pugh="B") == []


# CPIC ondansetron guideline, Table 2: ultrarapid metabolizers respond less (prefer granisetron,
# moderate); poor and intermediate metabolizers: no recommendation, so no finding.
def test_ondansetron_in_a_cyp2d6_ultrarapid_metabolizer() -> None:
    finding = one(findings(item("ondansetron", 8), cyp2d6="ultrarapid"))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, ("cpic-ondansetron-2017",))
    assert "granisetron" in finding.action
    for phenotype in ("poor", "intermediate", "normal"):
        assert findings(item("ondansetron", 8), cyp2d6=phenotype) == [], phenotype


# Labelled intervals after stopping a drug before an MAOI: sertraline, citalopram,
# escitalopram, trazodone (MedlinePlus) and fluvoxamine (Multum) 14 days, venlafaxine 7
# (EFFEXOR 2010), clomipramine and imipramine 21 (NHS SPS); and 24 hours after linezolid or IV
# methylene blue before a serotonergic antidepressant is resumed (PROZAC 2.10, 2013).
@pytest.mark.parametrize(
    ("stopped_drug", "days", "started"),
    [
        ("sertraline", 14, "phenelzine"),
        ("citalopram", 14, "tranylcypromine"),
        ("escitalopram", 14, "isocarboxazid"),
        ("venlafaxine", 7, "phenelzine"),
        ("trazodone", 14, "phenelzine"),
        ("fluvoxamine", 14, "tranylcypromine"),
        ("clomipramine", 21, "phenelzine"),
        ("imipramine", 21, "tranylcypromine"),
        ("linezolid", 1, "sertraline"),
        ("methylene-blue", 1, "escitalopram"),
    ],
)
def test_labelled_washouts(stopped_drug: str, days: int, started: str) -> None:
    early = one(findings(item(started), stopped_days_ago=(stopped(stopped_drug, days - 1),)))
    assert early.severity is Severity.CONTRAINDICATED
    assert f"washout is {safety.days(days)}" in early.summary
    assert findings(item(started), stopped_days_ago=(stopped(stopped_drug, days),)) == []


# LATUDA 2 and 7: a moderate CYP3A4 inhibitor (erythromycin, fluconazole named): half the
# original dose, at most 80 mg/day.
def test_lurasidone_above_80_mg_with_a_moderate_cyp3a4_inhibitor_is_a_dose_finding() -> None:
    finding = one(findings(item("lurasidone", 160), item("fluconazole")))
    assert (finding.severity, finding.kind) == (Severity.MAJOR, Kind.DOSE)
    assert "maximum of 80 mg/day" in finding.summary and "half" in finding.action


@pytest.mark.parametrize("partner", ["erythromycin", "fluconazole"])
def test_lurasidone_at_80_mg_with_a_moderate_cyp3a4_inhibitor_gets_the_halving_advice(
    partner: str,
) -> None:
    finding = one(findings(item("lurasidone", 80), item(partner)))
    assert finding.severity == Severity.MODERATE and "half the original" in finding.action
    assert finding.rationale[0].isupper()


def test_lurasidone_without_a_cyp3a4_inhibitor_is_silent() -> None:
    assert findings(item("lurasidone", 80), item("sertraline", 50)) == []


# INTUNIV 2.7: half the dose with a strong or moderate CYP3A4 inhibitor; up to double, over
# 1-2 weeks, with a strong inducer.
@pytest.mark.parametrize(
    ("partner", "words"),
    [("ketoconazole", "half"), ("fluconazole", "half"), ("rifampin", "double")],
)
def test_guanfacine_dosing_follows_cyp3a4_modulators(partner: str, words: str) -> None:
    finding = one(findings(item("guanfacine", 2), item(partner)))
    assert finding.severity == Severity.MODERATE and words in finding.action


def test_guanfacine_with_a_drug_that_does_not_change_cyp3a4_is_silent() -> None:
    assert findings(item("guanfacine", 2), item("sertraline", 50)) == []


# ZANAFLEX 7: avoid the other CYP1A2 inhibitors it names; start at 2 mg if one is needed.
@pytest.mark.parametrize(
    "partner", ["amiodarone", "cimetidine", "ethinyl-estradiol", "levofloxacin", "moxifloxacin"]
)
def test_tizanidine_with_a_weaker_cyp1a2_inhibitor_its_label_names_is_major(partner: str) -> None:
    found = findings(item("tizanidine", 4), item(partner))
    cyp1a2 = [f for f in found if "zanaflex-interactions" in f.sources]
    assert [f.severity for f in cyp1a2] == [Severity.MAJOR]
    assert "2 mg" in cyp1a2[0].action


@pytest.mark.parametrize("partner", ["azithromycin", "sertraline", "omeprazole"])
def test_tizanidine_with_drugs_its_label_does_not_name_is_silent(partner: str) -> None:
    assert findings(item("tizanidine", 4), item(partner)) == []


# INVEGA 7.2: carbamazepine (a strong CYP3A4 and P-gp inducer) lowers paliperidone by about
# 37%; divalproex raises it by about 50%.
@pytest.mark.parametrize(("partner", "words"), [("carbamazepine", "higher"), ("valproate", "50%")])
def test_paliperidone_levels_change_with_carbamazepine_and_valproate(
    partner: str, words: str
) -> None:
    finding = one(findings(item("paliperidone", 6), item(partner)))
    assert finding.severity == Severity.MODERATE and "invega-interactions" in finding.sources
    assert words in finding.action + finding.rationale


def test_paliperidone_with_lithium_has_no_level_finding() -> None:
    assert findings(item("paliperidone", 6), item("lithium", 900)) == []


# HSE macrolide warning: macrolides are strongly advised against with medicines that prolong
# the QT interval (antipsychotics, antiarrhythmics, methadone...).
@pytest.mark.parametrize("macrolide", ["azithromycin", "clarithromycin", "erythromycin"])
@pytest.mark.parametrize("partner", ["quetiapine", "haloperidol", "amiodarone", "methadone"])
def test_a_macrolide_with_a_drug_that_prolongs_the_qt_is_major(
    macrolide: str, partner: str
) -> None:
    qt = [
        f
        for f in findings(item(macrolide), item(partner))
        if f.mechanism == "additive QT prolongation"
    ]
    assert [f.severity for f in qt] == [Severity.MAJOR]


@pytest.mark.parametrize("partner", ["sertraline", "lithium", "amoxicillin"])
def test_a_macrolide_with_a_drug_without_a_qt_warning_has_no_qt_finding(partner: str) -> None:
    found = findings(item("azithromycin"), item(partner))
    assert not any(f.mechanism == "additive QT prolongation" for f in found)


# The QT pairs no encoded source covers are listed in docs/clinical-knowledge.md; a new rule
# that covers one should update that list, and a lost rule shows up here.
def test_the_uncovered_qt_pairs_are_the_documented_ones() -> None:
    qt = sorted(
        name for name, drug in FORMULARY.drugs.items() if drug.has("qt_prolongation_warning")
    )
    uncovered = {
        (a, b)
        for a, b in itertools.combinations(qt, 2)
        if not any(f.mechanism == "additive QT prolongation" for f in findings(item(a), item(b)))
    }
    documented = {
        ("amiodarone", "chlorpromazine"), ("amiodarone", "fluconazole"),
        ("amiodarone", "moxifloxacin"), ("amiodarone", "sotalol"),
        ("chlorpromazine", "fluconazole"), ("chlorpromazine", "levofloxacin"),
        ("chlorpromazine", "moxifloxacin"), ("chlorpromazine", "sotalol"),
        ("fluconazole", "levofloxacin"), ("fluconazole", "moxifloxacin"),
        ("fluconazole", "quetiapine"), ("fluconazole", "sotalol"), ("fluconazole", "ziprasidone"),
        ("levofloxacin", "moxifloxacin"), ("levofloxacin", "quetiapine"),
        ("levofloxacin", "ziprasidone"), ("moxifloxacin", "sotalol"),
    }  # fmt: skip
    assert uncovered == documented


# ROZEREM 7: caution with strong CYP3A4 (ketoconazole) or CYP2C9 (fluconazole) inhibitors and
# other CYP1A2 inhibitors; rifampin cuts exposure by about 80%.
@pytest.mark.parametrize("partner", ["ketoconazole", "fluconazole", "rifampin", "ciprofloxacin"])
def test_ramelteon_with_drugs_that_change_its_levels_is_moderate(partner: str) -> None:
    finding = one(findings(item("ramelteon", 8), item(partner)))
    assert finding.severity == Severity.MODERATE


@pytest.mark.parametrize("partner", ["sertraline", "erythromycin", "omeprazole"])
def test_ramelteon_with_drugs_its_label_does_not_name_is_silent(partner: str) -> None:
    assert findings(item("ramelteon", 8), item(partner)) == []


# LIPITOR drug interactions: clarithromycin raised atorvastatin AUC 4.4-fold (at most 20 mg/day
# with it), itraconazole 3.3-fold (caution above 20 mg); erythromycin about a third, and
# azithromycin not at all, with no dose advice.
@pytest.mark.parametrize("inhibitor", ["clarithromycin", "itraconazole"])
def test_atorvastatin_with_clarithromycin_or_itraconazole_stays_at_20_mg(inhibitor: str) -> None:
    finding = one(findings(item("atorvastatin", 40), item(inhibitor)))
    assert (finding.severity, finding.sources) == (Severity.MODERATE, ("lipitor-cyp3a4",))
    assert "myopathy" in finding.rationale and "20 mg/day" in finding.action


@pytest.mark.parametrize("macrolide", ["erythromycin", "azithromycin"])
def test_atorvastatin_with_other_macrolides_has_no_finding(macrolide: str) -> None:
    assert findings(item("atorvastatin", 40), item(macrolide)) == []


# Warfarin: its own label's Table 3 (antiplatelet agents: closely monitor), and the labels of
# ketoconazole, clarithromycin and ciprofloxacin (the anticoagulant effect may rise: monitor and
# titrate); azithromycin's label (postmarketing reports: monitor the prothrombin time) and the
# MHRA 2024 update on tramadol (the INR can rise).
@pytest.mark.parametrize(
    ("partner", "severity", "source"),
    [
        ("aspirin", Severity.MAJOR, "warfarin-antiplatelet-bleeding"),
        ("clopidogrel", Severity.MAJOR, "warfarin-antiplatelet-bleeding"),
        ("ketoconazole", Severity.MAJOR, "ketoconazole-coumarins"),
        ("clarithromycin", Severity.MAJOR, "clarithromycin-anticoagulants"),
        ("ciprofloxacin", Severity.MAJOR, "cipro-anticoagulants"),
        ("azithromycin", Severity.MODERATE, "zithromax-anticoagulants"),
        ("tramadol", Severity.MODERATE, "mhra-warfarin-tramadol-2024"),
    ],
)
def test_warfarin_with_what_its_partners_labels_name(
    partner: str, severity: Severity, source: str
) -> None:
    finding = one(findings(item("warfarin", 5), item(partner)))
    assert (finding.severity, finding.kind, finding.sources) == (
        severity,
        Kind.INTERACTION,
        (source,),
    )
    assert findings(item("warfarin", 5), item("lisinopril")) == []


# Clonidine label: monitor the heart rate with beta blockers or digitalis; with a beta blocker a
# withdrawal reaction is more likely, so the beta blocker is withdrawn days before clonidine.
# Clarithromycin label Table 8: digoxin levels rise, with toxicity reported.
@pytest.mark.parametrize(
    ("drug", "partner", "words"),
    [
        ("clonidine", "propranolol", "several days before"),
        ("clonidine", "metoprolol", "several days before"),
        ("clonidine", "digoxin", "heart rate"),
        ("digoxin", "clarithromycin", "serum digoxin"),
    ],
)
def test_heart_rate_and_digoxin_pairs_from_the_labels(drug: str, partner: str, words: str) -> None:
    finding = one(findings(item(drug), item(partner)))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)
    assert words in finding.action
    assert findings(item(drug), item("lisinopril")) == []


# CDC Clinical Practice Guideline for Prescribing Opioids for Pain (2022), Table: morphine
# milligram equivalents per mg a day, typed here from the guideline for the opioids Poise holds
# (fentanyl's factor is per mcg/hour of a patch; buprenorphine and meperidine are not in it).
CDC_MME_FACTORS = {
    "codeine": Decimal("0.15"),
    "hydrocodone": Decimal("1.0"),
    "methadone": Decimal("4.7"),
    "morphine": Decimal("1.0"),
    "oxycodone": Decimal("1.5"),
    "tramadol": Decimal("0.2"),
}


def mme(found: list[safety.Finding]) -> list[safety.Finding]:
    return [
        f for f in found if f.mechanism == "total opioid dose in morphine milligram equivalents"
    ]


# The Table's own worked examples: hydrocodone 5 mg four times a day is 20 MME a day; oxycodone
# extended-release 10 mg twice a day is 30 MME a day. Together they reach the 50 MME a day at
# which Recommendation 8 (and HHS's 2018 guidance) says to offer naloxone.
def test_opioids_reaching_50_mme_a_day_together_are_flagged_with_naloxone_advice() -> None:
    finding = one(mme(findings(item("hydrocodone", 20), item("oxycodone", 20))))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.DOSE)
    assert finding.drugs == ("hydrocodone", "oxycodone")
    assert "50 MME a day" in finding.summary
    assert "hydrocodone 20 mg = 20 MME" in finding.summary
    assert "oxycodone 20 mg = 30 MME" in finding.summary
    assert "naloxone" in finding.action and "switching" in finding.action
    assert finding.sources == ("cdc-opioids-2022", "hhs-naloxone-2018")
    assert mme(findings(item("hydrocodone", 20), item("oxycodone", 19))) == []


def test_one_opioid_alone_counts_and_entries_of_one_drug_add_up() -> None:
    assert "oxycodone 40 mg = 60 MME" in one(mme(findings(item("oxycodone", 40)))).summary
    assert (
        "oxycodone 40 mg = 60 MME"
        in one(mme(findings(item("oxycodone", 20), item("oxycodone", 20)))).summary
    )
    assert mme(findings(item("oxycodone", 30))) == []


def test_methadone_carries_its_caution_and_the_addiction_treatment_caveat() -> None:
    finding = one(mme(findings(item("methadone", 20))))
    assert "94 MME" in finding.summary
    assert "Methadone's factor needs particular caution" in finding.rationale
    assert "opioid use disorder" in finding.action
    assert "opioid use disorder" not in one(mme(findings(item("morphine", 60)))).action


def test_opioids_that_cannot_be_counted_are_named_not_guessed() -> None:
    finding = one(
        mme(
            findings(
                item("morphine", 60), item("fentanyl", 1), item("buprenorphine", 8), item("codeine")
            )
        )
    )
    assert finding.drugs == ("morphine",)
    assert "fentanyl (counted only as a patch" in finding.rationale
    assert "buprenorphine (no CDC factor" in finding.rationale
    assert "codeine (no dose given)" in finding.rationale
    # Without a countable dose there is no total to report.
    assert mme(findings(item("fentanyl", 1), item("buprenorphine", 24), item("oxycodone"))) == []


def test_non_opioids_never_count() -> None:
    assert mme(findings(item("gabapentin", 3600), item("pregabalin", 600))) == []


def test_the_formulary_holds_the_cdc_factors() -> None:
    held = {
        name: drug.mme_factor.value
        for name, drug in FORMULARY.drugs.items()
        if drug.mme_factor is not None and not drug.mme_factor.form
    }
    assert held == CDC_MME_FACTORS


# The CDC's transdermal fentanyl factor is 2.4 per mcg/hour; Poise records mg a day, and a
# patch's mcg/hour is its mg a day / 0.024 (24 hours, 1000 mcg): 25 mcg/hour is 0.6 mg a day,
# 60 MME. Other fentanyl products (transmucosal) are not counted.
def test_a_fentanyl_patch_counts_at_the_cdc_rate() -> None:
    finding = one(mme(findings(item("fentanyl", 0.6, form="patch"))))
    assert "opioids at 60 MME a day" in finding.summary
    assert mme(findings(item("fentanyl", 0.6))) == []
    unformed = one(mme(findings(item("fentanyl", 0.6), item("oxycodone", 40))))
    assert "enter it as fentanyl:patch" in unformed.rationale


@given(
    doses=st.dictionaries(
        st.sampled_from(sorted(CDC_MME_FACTORS)),
        st.integers(min_value=1, max_value=400),
        min_size=1,
    )
)
def test_the_mme_finding_appears_exactly_from_50_mme_a_day(doses: dict[str, int]) -> None:
    expected = sum(CDC_MME_FACTORS[name] * dose for name, dose in doses.items())
    found = mme(findings(*(item(name, dose) for name, dose in doses.items())))
    if expected < 50:
        assert found == []
    else:
        finding = one(found)
        assert finding.drugs == tuple(sorted(doses))
        assert f"opioids at {expected.normalize():f} MME a day" in finding.summary


# DESYREL, Drug Interactions: raised serum digoxin and phenytoin levels are reported with
# trazodone; monitor the levels. Mirtazapine's label says no such thing (negative control).
@pytest.mark.parametrize("partner", ["digoxin", "phenytoin"])
def test_trazodone_raises_digoxin_and_phenytoin_levels(partner: str) -> None:
    found = [
        f
        for f in findings(item("trazodone", 100), item(partner))
        if "trazodone-digoxin-phenytoin" in f.sources
    ]
    finding = one(found)
    assert finding.severity is Severity.MODERATE and set(finding.drugs) == {"trazodone", partner}
    assert f"serum {partner} level" in finding.summary and "level" in finding.action
    assert findings(item("mirtazapine", 30), item("digoxin")) == []


# LUVOX CR 7.2: fluvoxamine significantly raises plasma tricyclic levels; monitor them and lower
# the tricyclic dose if indicated. Sertraline's label has no such statement (negative control).
@pytest.mark.parametrize("tricyclic", ["amitriptyline", "clomipramine", "imipramine"])
def test_fluvoxamine_raises_tricyclic_levels(tricyclic: str) -> None:
    found = findings(item("fluvoxamine", 100), item(tricyclic, 75))
    levels = one([f for f in found if "luvox-cr-label" in f.sources])
    assert levels.severity is Severity.MODERATE and "tricyclic plasma levels" in levels.summary
    assert "lower the tricyclic dose" in levels.action
    assert not any(
        "tricyclic plasma levels" in f.summary
        for f in findings(item("sertraline", 50), item(tricyclic, 75))
    )


# Amitriptyline SmPC 4.5 and the First Databank monograph: cimetidine raises tricyclic levels
# and toxicity. Famotidine is not in the formulary; mirtazapine is not a tricyclic (negative).
@pytest.mark.parametrize("tricyclic", ["amitriptyline", "nortriptyline", "imipramine", "doxepin"])
def test_cimetidine_raises_tricyclic_levels(tricyclic: str) -> None:
    finding = one(findings(item("cimetidine", 800), item(tricyclic, 50)))
    assert finding.severity is Severity.MODERATE and finding.sources == ("tca-cimetidine",)
    assert "tricyclic levels rise" in finding.summary
    assert findings(item("cimetidine", 800), item("mirtazapine", 30)) == []


# LUVOX CR 2.3 and 5.15: in hepatic impairment and in older adults a lower starting dose and
# slower titration; advice, not a cap (the label gives no figure).
@pytest.mark.parametrize("context", [{"child_pugh": "B"}, {"age": 70}])
def test_fluvoxamine_starts_lower_in_hepatic_impairment_and_older_adults(
    context: dict[str, object],
) -> None:
    found = [f for f in findings(item("fluvoxamine", 100), **context) if f.kind is Kind.DOSE]
    advice = one(found)
    assert advice.severity is Severity.MODERATE and "lower starting dose" in advice.action
    assert advice.sources == ("luvox-cr-label",)
    assert [f for f in findings(item("fluvoxamine", 100), age=50) if f.kind is Kind.DOSE] == []


# BRINTELLIX SmPC posology: at 65 or over start at 5 mg, caution above 10 mg (advice; the US
# label sets no older-adult dose, so it is not a cap).
def test_vortioxetine_starts_at_5_mg_in_older_adults() -> None:
    advice = one([f for f in findings(item("vortioxetine", 10), age=70) if f.kind is Kind.DOSE])
    assert advice.severity is Severity.MODERATE and "start at 5 mg" in advice.action
    assert advice.sources == ("brintellix-smpc-elderly",)
    assert [f for f in findings(item("vortioxetine", 20), age=64) if f.kind is Kind.DOSE] == []


# ATIVAN and RESTORIL Dosage and Administration: older patients start lower (lorazepam
# 1-2 mg/day in divided doses; temazepam 7.5 mg), beside the Beers advice to avoid them.
@pytest.mark.parametrize(
    ("name", "mg", "words"), [("lorazepam", 4, "1-2 mg/day"), ("temazepam", 15, "7.5 mg")]
)
def test_older_adults_start_lower_on_lorazepam_and_temazepam(
    name: str, mg: int, words: str
) -> None:
    found = findings(item(name, mg), age=75)
    advice = one([f for f in found if f.kind is Kind.DOSE])
    assert advice.severity is Severity.MODERATE and words in advice.action
    assert any("Beers" in f.summary for f in found)
    assert [f for f in findings(item(name, mg), age=60) if f.kind is Kind.DOSE] == []


# MHRA 2021 review of antiepileptics in pregnancy: carbamazepine and phenytoin raise the risk of
# major malformations; discuss it with women who may become pregnant (moderate), unlike
# valproate's pregnancy prevention (major). Lamotrigine was not linked to a higher risk.
@pytest.mark.parametrize("name", ["carbamazepine", "phenytoin"])
def test_a_woman_who_may_conceive_is_told_of_the_malformation_risk(name: str) -> None:
    finding = one(findings(item(name), sex="female", age=25))
    assert finding.severity is Severity.MODERATE
    assert finding.summary.endswith("discuss the risk to a pregnancy")
    assert finding.sources == ("mhra-aed-pregnancy-2021", "who-reproductive-age")
    assert findings(item(name), sex="male", age=25) == []
    assert findings(item(name), sex="female", age=55) == []
    assert findings(item("lamotrigine"), sex="female", age=25) == []
    valproate = one(findings(item("valproate"), sex="female", age=25))
    assert valproate.severity is Severity.MAJOR and "must be prevented" in valproate.summary


# FDA 2019 (gabapentinoids): respiratory risk factors include lung disease such as COPD; start at
# the lowest dose and watch breathing. Asthma is not named (negative control).
@pytest.mark.parametrize("name", ["gabapentin", "pregabalin"])
def test_a_gabapentinoid_with_copd_starts_low(name: str) -> None:
    finding = one(findings(item(name, 300), diagnoses=("J44.9",)))
    assert finding.severity is Severity.MODERATE and finding.sources == ("fda-gabapentinoid-2019",)
    assert "lowest dose" in finding.action
    assert findings(item(name, 300), diagnoses=("J45.909",)) == []
    assert any(m.source == "fda-gabapentinoid-2019" for m in FORMULARY.drugs[name].monitoring)


# Carbamazepine labels: contraindicated after a hypersensitivity to a tricyclic compound (similar
# structure), however the allergy was recorded: a drug, a brand or the group. Oxcarbazepine's
# label says no such thing, nor does the rule reach an SSRI allergy (negative controls).
@pytest.mark.parametrize(
    "allergy", ["amitriptyline", "Elavil", "tricyclic antidepressants", "TCAs"]
)
def test_carbamazepine_after_a_tricyclic_allergy_is_contraindicated(allergy: str) -> None:
    finding = one(findings(item("carbamazepine", 400), allergies=(allergy,)))
    assert finding.severity is Severity.CONTRAINDICATED and finding.kind is Kind.ALLERGY
    assert finding.sources == ("tegretol-tricyclic-hypersensitivity",)
    assert findings(item("oxcarbazepine", 600), allergies=(allergy,)) == []
    assert findings(item("carbamazepine", 400), allergies=("sertraline",)) == []


# ANAFRANIL: contraindicated after a hypersensitivity to another tricyclic antidepressant; an
# SSRI allergy does not reach it (negative control).
@pytest.mark.parametrize("allergy", ["imipramine", "amitriptyline", "Elavil"])
def test_clomipramine_after_a_tricyclic_allergy_is_contraindicated(allergy: str) -> None:
    finding = one(findings(item("clomipramine", 50), allergies=(allergy,)))
    assert finding.severity is Severity.CONTRAINDICATED and finding.kind is Kind.ALLERGY
    assert finding.sources == ("anafranil-hypersensitivity",)
    assert findings(item("clomipramine", 50), allergies=("sertraline",)) == []


def test_an_atc_group_allergy_stands_for_a_class_only_when_it_covers_it() -> None:
    # Phenothiazines are some antipsychotics, not the class: no class-wide allergen.
    assert "class:antipsychotic" not in safety._allergens("phenothiazines", FORMULARY)
    assert "class:tca" in safety._allergens("tricyclic antidepressants", FORMULARY)


# CLOZARIL boxed warning, seizures: dose-related; caution with a history of seizures. At 65 and
# over the label's finding stands for the Beers one; olanzapine's label has no such rule.
def test_clozapine_with_a_history_of_seizures_needs_caution() -> None:
    finding = one(findings(item("clozapine", 300), diagnoses=("G40.909",)))
    assert finding.severity is Severity.MODERATE and finding.sources == ("clozapine-seizures",)
    assert "lowest effective dose" in finding.action
    older = findings(item("clozapine", 300), diagnoses=("G40.909",), age=70)
    assert [f.sources for f in older if "seizure" in f.summary] == [("clozapine-seizures",)]
    assert findings(item("olanzapine", 10), diagnoses=("G40.909",)) == []


# VALIUM Contraindications: severe respiratory insufficiency, read as a current respiratory
# failure (J96); a resolved one does not count, and lorazepam's label does not say so.
def test_diazepam_in_respiratory_failure_is_contraindicated() -> None:
    finding = one(findings(item("diazepam", 10), diagnoses=("J96.11",)))
    assert finding.severity is Severity.CONTRAINDICATED
    assert finding.sources == ("valium-contraindications",)
    assert findings(item("diazepam", 10), past_diagnoses=("J96.01",)) == []
    assert findings(item("lorazepam", 2), diagnoses=("J96.11",)) == []


# Olanzapine prescribing information: carbamazepine raises olanzapine clearance by about half.
# The carbamazepine label's own row about olanzapine says something else, and both stand.
def test_carbamazepine_lowers_olanzapine_beside_its_own_label_row() -> None:
    found = findings(item("olanzapine", 10), item("carbamazepine", 400))
    by_label = {f.mechanism: f for f in found}
    assert set(by_label) == {"named in the olanzapine label", "named in the carbamazepine label"}
    lowered = by_label["named in the olanzapine label"]
    assert lowered.sources == ("olanzapine-carbamazepine",)
    assert "lowers olanzapine levels" in lowered.summary


# Clopidogrel with an NSAID: more bleeding, gastrointestinal above all (PLAVIX labeling; the
# Norwegian interaction database). Dual antiplatelet therapy with aspirin is often intended
# and is left to the prescriber (negative control).
@pytest.mark.parametrize("nsaid", ["ibuprofen", "naproxen", "celecoxib"])
def test_clopidogrel_with_an_nsaid_adds_bleeding(nsaid: str) -> None:
    finding = one(findings(item("clopidogrel", 75), item(nsaid)))
    assert finding.severity is Severity.MODERATE and finding.sources == ("clopidogrel-nsaid",)
    assert findings(item("clopidogrel", 75), item("aspirin", 81)) == []


# Zolpidem with a strong CYP3A4 inducer: rifampin cut its AUC by 73%, St John's wort by about
# 30% (use not recommended). Sertraline induces nothing (negative control).
@pytest.mark.parametrize("inducer", ["rifampin", "carbamazepine", "st-johns-wort"])
def test_zolpidem_with_a_strong_cyp3a4_inducer_works_less(inducer: str) -> None:
    finding = one(findings(item("zolpidem", 5), item(inducer)))
    assert finding.severity is Severity.MODERATE and "lowers zolpidem exposure" in finding.summary
    assert "zolpidem-cyp3a4-inducers" in finding.sources
    assert findings(item("zolpidem", 5), item("sertraline", 50)) == []


# Without a recorded eGFR, the checker estimates it from an adult's creatinine (CKD-EPI 2021)
# and says so; a recorded eGFR wins, and a child or a patient of unknown sex gets no estimate.
def test_a_creatinine_alone_reaches_the_renal_rules() -> None:
    def capped(**patient: object) -> list[safety.Finding]:
        found = findings(item("gabapentin", 3600), **patient)
        return [f for f in found if "above the maximum" in f.summary]

    creatinine = {"creatinine": Decimal("2.5")}
    finding = one(capped(age=70, sex="male", labs=creatinine))
    assert "maximum of 700 mg/day" in finding.summary
    assert "from creatinine, CKD-EPI 2021" in finding.summary
    assert capped(age=70, sex="male", labs=creatinine, egfr=Decimal(75)) == []
    assert capped(age=70, labs=creatinine) == []
    assert capped(age=16, sex="male", labs=creatinine) == []


# Prose names a drug whose id reads badly by its title; the drugs field keeps the ids.
def test_findings_name_hyphenated_drugs_in_words() -> None:
    finding = one(findings(item("lurasidone", 40), item("st-johns-wort")))
    assert finding.drugs == ("lurasidone", "st-johns-wort")
    assert "with St John's wort" in finding.summary
    assert finding.rationale.startswith("St John's wort ")
    for text in (finding.summary, finding.rationale, finding.action):
        assert "johns-wort" not in text.lower()
    combined = one(findings(item("lamotrigine", 200), item("ethinyl-estradiol")))
    assert "ethinyl estradiol" in combined.summary and "ethinyl-estradiol" not in combined.summary


# PROZAC, Drug Interactions: phenytoin toxicity after fluoxetine was added to a stable dose.
# Sertraline's label in reach names no such effect: no finding.
def test_fluoxetine_raises_phenytoin_levels() -> None:
    finding = one(findings(item("fluoxetine", 20), item("phenytoin")))
    assert (finding.severity, finding.kind) == (Severity.MODERATE, Kind.INTERACTION)
    assert finding.rationale.startswith("Phenytoin levels") and "phenytoin level" in finding.action
    assert finding.sources == ("prozac-anticonvulsants",)
    assert findings(item("sertraline", 50), item("phenytoin")) == []


# LEXAPRO 4: contraindicated after hypersensitivity to escitalopram or citalopram. The CELEXA
# label names only citalopram: an escitalopram allergy gives no sourced finding for citalopram.
def test_escitalopram_after_a_citalopram_allergy_is_contraindicated() -> None:
    finding = one(findings(item("escitalopram", 10), allergies=("citalopram",)))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.ALLERGY)
    assert finding.sources == ("lexapro-contraindications",)
    assert findings(item("citalopram", 20), allergies=("escitalopram",)) == []
    assert findings(item("sertraline", 50), allergies=("citalopram",)) == []


# ZOLOFT 4: the oral solution (12% alcohol) is contraindicated with disulfiram; the tablets are
# not, and a sertraline entry without its form is not judged by the solution's rule.
def test_sertraline_oral_solution_with_disulfiram_is_contraindicated() -> None:
    finding = one(findings(item("sertraline", 50, "oral_solution"), item("disulfiram", 250)))
    assert (finding.severity, finding.kind) == (Severity.CONTRAINDICATED, Kind.INTERACTION)
    assert finding.drugs == ("disulfiram", "sertraline") and "alcohol" in finding.summary
    assert finding.sources[0] == "zoloft-oral-solution-disulfiram"
    assert findings(item("sertraline", 50, "tablet"), item("disulfiram", 250)) == []
    assert findings(item("sertraline", 50), item("disulfiram", 250)) == []
    assert findings(item("sertraline", 50, "oral_solution")) == []


# Negative controls for pharmacogenomics: the RISPERDAL label found no difference in adverse
# effects between CYP2D6 poor and normal metabolisers, and the DPWG now says "no action is
# needed" for poor metabolisers on risperidone (NCBI Medical Genetics Summaries, Risperidone
# Therapy and CYP2D6 Genotype): no finding, as for an SSRI without a CYP2D6 rule.
@pytest.mark.parametrize(("drug", "mg"), [("risperidone", 4), ("escitalopram", 10)])
def test_a_cyp2d6_poor_metaboliser_gets_no_finding_without_a_rule(drug: str, mg: int) -> None:
    assert findings(item(drug, mg), cyp2d6="poor") == []


# ELIQUIS 2.2: in atrial fibrillation 2.5 mg twice daily with two of age 80 or over, weight
# 60 kg or less and creatinine 1.5 mg/dL or more; the rule is for atrial fibrillation only and
# the checker does not know the indication, so from 80 it says which other criteria to check.
def test_apixaban_from_80_names_the_other_dose_reduction_criteria() -> None:
    finding = one(findings(item("apixaban", 10), age=82))
    assert finding.severity is Severity.MODERATE and "60 kg" in finding.action
    assert "1.5 mg/dL" in finding.action and finding.sources == ("eliquis-dosing",)
    assert findings(item("apixaban", 10), age=79) == []


# DEPAKOTE: at most 60 mg/kg/day; STRATTERA 2.1: children and adolescents up to 70 kg at most
# 1.4 mg/kg or 100 mg, whichever is less. A maximum by weight applies only with a weight.
def test_maxima_by_body_weight() -> None:
    over = one(findings(item("valproate", 4500), weight_kg=Decimal(70)))
    assert "maximum of 4200 mg/day (60 mg/kg at 70 kg)" in over.summary
    assert findings(item("valproate", 4200), weight_kg=Decimal(70)) == []
    assert findings(item("valproate", 4500)) == []  # no weight, no weight rule
    child = [
        f
        for f in findings(item("atomoxetine", 60), age=10, weight_kg=Decimal(30))
        if f.kind is Kind.DOSE
    ]
    assert "maximum of 42 mg/day (age under 18; 1.4 mg/kg at 30 kg)" in one(child).summary
    assert findings(item("atomoxetine", 80), age=30, weight_kg=Decimal(50)) == []  # adults: 100 mg
    teen = findings(item("atomoxetine", 100), age=16, weight_kg=Decimal(75))
    assert not [f for f in teen if f.kind is Kind.DOSE]  # 105 mg by weight: 100 mg governs
