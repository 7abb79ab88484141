"""The clinical commands' stable contract (README, "Clinical commands")."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from poise.cli import main
from poise.clinical.formulary.model import FORMS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_check_prints_the_documented_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "check", "citalopram:tablet=40", "cimetidine", "--age", "70", "--json"
    )
    document = json.loads(out)
    assert status == 0
    assert document["regimen"] == [
        {"drug": "citalopram", "form": "tablet", "daily_dose_mg": 40},
        {"drug": "cimetidine", "form": None, "daily_dose_mg": None},
    ]
    finding, sodium = document["findings"]
    assert (sodium["severity"], sodium["kind"]) == ("minor", "population")  # Beers, age 70
    assert set(finding) == {
        "severity",
        "kind",
        "drugs",
        "mechanism",
        "summary",
        "rationale",
        "action",
        "sources",
    }
    assert finding["severity"] == "major" and finding["drugs"] == ["citalopram"]


def test_titrate_and_taper_print_steps_counted_from_day_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "titrate", "lamotrigine", "--with", "valproate", "--json")
    plan = json.loads(out)
    assert plan["drug"] == "lamotrigine" and plan["steps"][0]["start_day"] == 0
    assert set(plan) == {"drug", "steps", "warnings", "sources"}
    _, out, _ = run(capsys, "taper", "escitalopram", "--from", "10", "--json")
    steps = json.loads(out)["steps"]
    assert steps[0]["daily_dose_mg"] == 10 and steps[-1]["daily_dose_mg"] == 0


def test_taper_keeps_to_the_form_named_and_refuses_an_unknown_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "taper", "Ambien:tablet_er", "--from", "12.5", "--json")
    hows = [step["how"] for step in json.loads(out)["steps"][:-1]]
    assert hows and all("extended-release tablet" in how for how in hows)
    assert run(capsys, "taper", "zolpidem:gel", "--from", "10") == (
        2,
        "",
        "poise: unknown form 'gel' in 'zolpidem:gel'; one of " + ", ".join(FORMS) + "\n",
    )


def test_switch_tapers_the_first_drug_in_the_form_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(
        capsys, "switch", "zolpidem:tablet_er", "eszopiclone", "--from", "12.5", "--json"
    )
    hows = [step["how"] for step in json.loads(out)["from"]["steps"][:-1]]
    assert hows and all("extended-release tablet" in how for how in hows)


def test_switch_prints_both_plans_on_one_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "switch", "Paxil", "sertraline", "--from", "20", "--target", "100", "--json"
    )
    document = json.loads(out)
    assert status == 0 and set(document) == {"from", "to", "cross_taper", "warnings", "sources"}
    assert (document["from"]["drug"], document["to"]["drug"]) == ("paroxetine", "sertraline")
    assert document["to"]["steps"][0] == {
        "start_day": 0,
        "daily_dose_mg": 50,
        "how": "50 mg tablet a day",
    }
    status, out, _ = run(
        capsys, "switch", "paroxetine", "sertraline", "--from", "20", "--target", "50"
    )
    assert status == 0 and "switch: cross-taper" in out


def test_switch_titrates_the_new_drug_with_the_drugs_named_by_with(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def first_dose(*extra: str) -> object:
        arguments = ("lamotrigine", "--from", "100", "--target", "100", "--json", *extra)
        _, out, _ = run(capsys, "switch", "sertraline", *arguments)
        return json.loads(out)["to"]["steps"][0]["daily_dose_mg"]

    assert (first_dose(), first_dose("--with", "Depakote")) == (25, 12.5)


def test_drugs_shows_an_entry(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "Lexapro", "--json")
    [entry] = json.loads(out)
    assert entry["name"] == "escitalopram" and entry["rxnorm"] == "321988"
    assert entry["half_life"]["text"] == "27-32 hours" and entry["half_life"]["source"]


def test_drugs_reads_as_text_with_source_ids(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "Strattera")
    assert "capsule: 10, 18, 25, 40, 60, 80, 100 mg [strattera-label]" in out
    assert "titration: day 0: 40 mg, day 3: 80 mg, day 17: 100 mg [strattera-label]" in out
    assert "contraindicated with class:maoi" in out and "{" not in out


def test_drugs_json_carries_the_titration(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "sertraline", "--json")
    [entry] = json.loads(out)
    assert entry["titration"]["step_mg"] == 50 and entry["titration"]["every_days"] == 7
    assert entry["titration_by_weight"] is None
    _, out, _ = run(capsys, "drugs", "atomoxetine", "--json")
    [entry] = json.loads(out)
    by_weight = entry["titration_by_weight"]
    assert (by_weight["when"], by_weight["start_mg_per_kg"], by_weight["target_mg_per_kg"]) == (
        "age<18",
        0.5,
        1.2,
    )
    _, out, _ = run(capsys, "drugs", "atomoxetine")
    assert "titration when age<18, up to 70 kg: about 0.5 mg/kg/day, after at least 3 " in out
    _, out, _ = run(capsys, "drugs", "viloxazine", "--json")
    renal, own = json.loads(out)[0]["titrations_for"]  # in the order they are tried
    assert renal["when"] == "egfr<30"
    assert (own["when"], own["start_mg"], own["step_mg"], own["every_days"]) == (
        "age<12",
        100,
        100,
        7,
    )
    _, out, _ = run(capsys, "drugs", "viloxazine", "--json")
    assert json.loads(out)[0]["schedule_from_age"]["age"] == 12
    _, out, _ = run(capsys, "drugs", "aripiprazole", "--json")
    assert json.loads(out)[0]["schedule_from_age"] is None
    _, out, _ = run(capsys, "drugs", "viloxazine")
    assert "usual schedule from age 12: The 200 mg start" in out
    assert "titration when age<12: start 100 mg; then rises of 100 mg no sooner than every 7" in out
    _, out, _ = run(capsys, "drugs", "venlafaxine", "--json")
    [product] = json.loads(out)[0]["titrations_for"]  # EFFEXOR XR's own schedule
    assert (product["form"], product["when"], product["start_mg"]) == ("capsule_er", "", 75)
    _, out, _ = run(capsys, "drugs", "venlafaxine")
    assert "titration (extended-release capsule): start 75 mg; then rises of 75 mg" in out
    _, out, _ = run(capsys, "drugs", "quetiapine")
    assert (
        "titration when hepatic: start 25 mg; then rises of 25 mg no sooner than every 1 day ["
        in out
    )


# What each piece of advice does to a titration, from the same rules the planner reads.
def test_drugs_says_what_advice_does_to_a_titration(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "risperidone")
    assert "raised slowly. (titrate: the schedule when age>=65) [risperidone-elderly]" in out
    _, out, _ = run(capsys, "drugs", "risperidone")
    assert (
        "titration when age>=65: day 0: 1 mg, day 1: 2 mg, day 2: 3 mg; then rises of 1 mg no "
        "sooner than every 7 days; given twice a day [risperdal-elderly-titration]" in out
    )
    _, out, _ = run(capsys, "drugs", "diazepam")  # a group's schedule without a usual one
    assert "titration when age>=65: day 0: 2 mg; given once a day [valium-dosing]" in out
    _, out, _ = run(capsys, "drugs", "temazepam")
    assert "at bedtime. (titrate: the start, 7.5 mg/day, only) [restoril-label]" in out
    _, out, _ = run(capsys, "drugs", "atomoxetine", "--json")
    [entry] = json.loads(out)
    advice = {lim["when"]: lim for lim in entry["limits"] if lim["advice"]}
    assert advice["child_pugh=C"]["dose_factor"] == 0.25
    assert advice["cyp2d6=poor"]["dose_factor"] is None
    _, out, _ = run(capsys, "drugs", "mirtazapine")
    assert "asks for caution. [" in out and "titrate:" not in out
    _, out, _ = run(capsys, "drugs", "lithium")
    assert "(titrate: refused, plan by hand)" in out
    status, out, _ = run(capsys, "titrate", "temazepam", "--age", "80", "--json")
    assert status == 0 and [s["daily_dose_mg"] for s in json.loads(out)["steps"]] == [7.5]
    status, _, err = run(capsys, "titrate", "lithium", "--age", "70", "--target", "900")
    assert status == 2 and "plan these doses by hand" in err


def test_drugs_shows_pregnancy_and_lactation_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "lithium", "--json")
    [entry] = json.loads(out)
    assert "Ebstein" in entry["pregnancy"]["text"] and entry["pregnancy"]["action"]
    assert "breast milk" in entry["lactation"]["text"]


def test_drugs_shows_the_class_labeling_the_checker_applies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "drugs", "sertraline", "--json")
    [entry] = json.loads(out)
    [warning] = entry["pregnancy_class"]
    assert warning["class"] == "SSRI and SNRI" and warning["source"].startswith("ZOLOFT")
    _, out, _ = run(capsys, "drugs", "alprazolam", "--json")
    [entry] = json.loads(out)
    assert [w["class"] for w in entry["lactation_class"]] == ["benzodiazepine"]
    assert entry["lactation"] is None
    _, out, _ = run(capsys, "drugs", "alprazolam")
    assert "breastfeeding (benzodiazepine class labeling): " in out
    assert "pregnancy (benzodiazepine class labeling): " in out
    _, out, _ = run(capsys, "drugs", "oxycodone", "--json")
    [entry] = json.loads(out)
    [warning] = entry["pregnancy_class"]
    assert warning["class"] == "opioid analgesic" and warning["boxed"] is True
    _, out, _ = run(capsys, "drugs", "oxycodone")
    assert "pregnancy (opioid analgesic class boxed warning): " in out


def test_a_pregnancy_note_is_shown_but_raises_no_finding(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "drugs", "bupropion", "--json")
    [entry] = json.loads(out)
    assert entry["pregnancy_note"]["source"].startswith("Hendrick V")
    assert entry["pregnancy"] is None and entry["pregnancy_class"] == []
    status, out, _ = run(
        capsys, "check", "bupropion=150", "--pregnant", "--sex", "female", "--age", "30", "--json"
    )
    assert status == 0 and json.loads(out)["findings"] == []


def test_drugs_text_lists_the_properties_the_rules_read(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "sertraline")
    line = next(line for line in out.splitlines() if line.strip().startswith("properties:"))
    assert "serotonergic [prozac-label]" in line and "siadh risk [beers-2023]" in line


def test_drugs_text_shows_a_boxed_warning_for_young_patients(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "drugs", "valproate")
    assert "boxed warning below age 2: Children under 2 years" in out


def test_drugs_shows_the_class_boxed_warning(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "risperidone", "--json")
    [entry] = json.loads(out)
    [boxed] = entry["boxed_warnings"]
    assert "dementia-related psychosis" in boxed["text"]
    assert boxed["source"].startswith("FDA class boxed warning on antipsychotics")
    _, out, _ = run(capsys, "drugs", "sertraline")
    assert "boxed warning: Suicidal thoughts and behaviours" in out


def test_drugs_shows_what_lactmed_says(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "sertraline", "--json")
    [entry] = json.loads(out)
    assert "preferred antidepressant" in entry["lactation_note"]["text"]
    assert entry["lactation_note"]["source"].startswith("Drugs and Lactation Database")
    assert entry["lactation"] is None and entry["lactation_caution"] is None
    _, out, _ = run(capsys, "drugs", "fluoxetine")
    line = next(line for line in out.splitlines() if "breastfeeding" in line)
    assert "another drug may be preferred" in line and "Advice: It is not a reason" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "sertralin=50"], "closest known drugs: sertraline"),
        (["check", "sertraline=fifty"], "malformed dose"),
        (["check", "sertraline=-5"], "malformed dose"),
        (["check", "sertraline=1e309"], "at most 999,999.999 mg"),  # a slip, not a dose
        (["check", "sertraline:pill=50"], "unknown form"),
        (["titrate", "quetiapinne"], "unknown drug"),
        (["taper", "lorazepam", "--from", "0.3"], "cannot be given"),
        (["switch", "sertraline", "Zoloft", "--from", "50"], "to itself"),
        (["titrate", "lamotrigine", "--target", "1"], "not a step of the label schedule"),
        (["check", "lithium=900", "--lab", "lithium=-1"], "implausible lab"),
        (["check", "lithium=900", "--lab", "lithium=nan"], "implausible lab"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = run(capsys, *args)
    assert status == 2 and message in err


# A dose beyond the largest Poise records is a slip (an extra zero or an exponent).
@pytest.mark.parametrize(
    "args",
    [
        ["taper", "sertraline", "--from", "1e400"],
        ["switch", "sertraline", "fluoxetine", "--from", "1e400"],
        ["titrate", "sertraline", "--target", "2e6"],
    ],
)
def test_a_dose_beyond_any_recorded_one_is_refused(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2 and "at most 999,999.999 mg" in capsys.readouterr().err


# The web forms' entry ranges: a slip such as QTc 5000 ms is refused, not read as data.
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--qtc", "5000", "QTc interval must be between 250 and 750"), ("--egfr", "500", "200")],
)
def test_an_implausible_measurement_is_refused(
    capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "citalopram=20", option, value])
    assert exited.value.code == 2 and message in capsys.readouterr().err


def test_bad_input_never_prints_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "poise.cli", "check", "nosuchdrug=10"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "unknown drug 'nosuchdrug'" in result.stderr


def test_score_prints_the_documented_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "score", "phq9", "1", "2", "3", "1", "0", "2", "1", "1", "1", "--json"
    )
    result = json.loads(out)
    assert status == 0 and set(result) == {
        "instrument",
        "total",
        "severity",
        "positive",
        "flags",
        "items",
    }
    assert (result["instrument"], result["total"], result["severity"]) == ("phq9", 12, "moderate")
    assert result["positive"] is True and result["flags"] == ["suicidal-ideation"]
    assert result["items"][8]["loinc"] == "44260-8"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "phq9", "1", "2"], "9 items"),
        (["score", "gad7", "0", "0", "7", "0", "0", "0", "0"], "item 3"),
        (["score", "mdq", *["yes"] * 14, "enormous"], "item 15"),
    ],
)
def test_score_rejects_wrong_answers_with_status_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = run(capsys, *args)
    assert status == 2 and message in err


def test_an_unknown_lab_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", "lithium=900", "--lab", "litium=1.2")
    assert status == 2 and "unknown lab 'litium'" in err


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    # `poise drugs | head -1`: the pipe closes before the output ends.
    process = subprocess.Popen(
        [sys.executable, "-m", "poise.cli", "drugs", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in process.stderr.read()


def test_drugs_shows_the_checkers_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "thioridazine")
    assert "contraindicated above QTc (ms): 450 [thioridazine-qtc]" in out
    _, out, _ = run(capsys, "drugs", "clozapine", "--json")
    [entry] = json.loads(out)
    assert entry["anc_minimum_to_start"]["value"] == 1.5
    assert entry["smoking_lowers_levels"]["source"] and entry["qtc_stop_above_ms"] is None


def test_drugs_shows_the_usual_range(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "Zoloft", "--json")
    [entry] = json.loads(out)
    assert entry["usual_range"]["text"] == "50-200 mg/day" and entry["usual_range"]["source"]


def test_an_impossible_age_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["check", "sertraline", "--age", "200"])
    assert stopped.value.code == 2 and "not an age" in capsys.readouterr().err


def test_check_reads_diagnoses_as_icd10cm_codes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", "bupropion=150", "--diagnosis", "g40.909", "--json")
    (finding,) = json.loads(out)["findings"]
    assert status == 0 and finding["severity"] == "contraindicated"
    assert "G40.909" in finding["summary"]
    with pytest.raises(SystemExit) as refused:
        main(["check", "bupropion=150", "--diagnosis", "epilepsy"])
    assert refused.value.code == 2 and "not an ICD-10-CM code" in capsys.readouterr().err
    with pytest.raises(SystemExit) as unknown:  # well formed, but G40.9 ends at G40.919
        main(["check", "bupropion=150", "--diagnosis", "G40.95"])
    error = capsys.readouterr().err
    assert unknown.value.code == 2 and "G40.95 is not in ICD-10-CM" in error
    assert "nearest code above it is G40.9: Epilepsy, unspecified" in error


def test_check_reads_past_diagnoses_apart_from_current_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # GEODON 4 is about a recent infarction: a resolved one does not count, a current one does.
    _, out, _ = run(capsys, "check", "ziprasidone=40", "--past-diagnosis", "I21.4", "--json")
    assert json.loads(out)["findings"] == []
    _, out, _ = run(capsys, "check", "ziprasidone=40", "--diagnosis", "I21.4", "--json")
    (finding,) = json.loads(out)["findings"]
    assert finding["severity"] == "contraindicated" and "(I21.4)" in finding["summary"]
    # A seizure disorder in the past still rules out bupropion (WELLBUTRIN 5.3).
    _, out, _ = run(capsys, "check", "bupropion=150", "--past-diagnosis", "G40.909", "--json")
    assert len(json.loads(out)["findings"]) == 1
    with pytest.raises(SystemExit) as refused:
        main(["check", "ziprasidone", "--past-diagnosis", "I21.5"])  # no such code
    assert refused.value.code == 2 and "I21.5 is not in ICD-10-CM" in capsys.readouterr().err


def test_drugs_lists_the_diagnoses_a_label_contraindicates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, text, _ = run(capsys, "drugs", "diazepam")
    assert "contraindicated with myasthenia gravis (G70.0)" in text
    _, out, _ = run(capsys, "drugs", "ciprofloxacin", "--json")
    (warning,) = json.loads(out)[0]["diagnoses"]
    assert (warning["icd10cm"], warning["severity"]) == (["G70.0"], "major")
    assert warning["current_only"] is False
    _, text, _ = run(capsys, "drugs", "ziprasidone")
    assert "recent acute myocardial infarction (I21, I22; current only)" in text
    # The opioid analgesics' class contraindications are listed with each drug's own.
    _, out, _ = run(capsys, "drugs", "morphine", "--json")
    rows = {tuple(w["icd10cm"]): w for w in json.loads(out)[0]["diagnoses"]}
    assert rows[("K56", "K91.3", "K31.5")]["severity"] == "contraindicated"
    assert rows[("K56", "K91.3", "K31.5")]["current_only"] is True
    _, out, _ = run(capsys, "drugs", "buprenorphine", "--json")
    assert json.loads(out)[0]["diagnoses"] == []


def test_a_pregnant_man_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", "sertraline", "--sex", "male", "--pregnant")
    assert status == 2 and "need --sex female" in err


def test_drugs_says_what_stopping_means_by_class_when_the_entry_does_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "drugs", "sertraline")
    assert "stopping: Stopping or reducing an antidepressant" in out and "[nice-ng222]" in out
    _, out, _ = run(capsys, "drugs", "vilazodone")
    assert "stopping: Reduce gradually: from 40 mg" in out  # its own label wins


def test_drugs_shows_class_monitoring_with_the_ecg_where_apa_asks_for_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "drugs", "ziprasidone")
    assert "HbA1c" in out and "An ECG before starting" in out and "[apa-schizophrenia-2020]" in out
    _, out, _ = run(capsys, "drugs", "quetiapine")
    assert "HbA1c" in out and "ECG" not in out
    _, out, _ = run(capsys, "drugs", "lithium")
    assert "every 3 months for the first year" in out and "[sps-lithium-monitoring]" in out


# EFFEXOR XR, PRISTIQ, CYMBALTA (via MIMS) and FETZIMA: regular blood pressure checks; the
# SSRIs carry no such label advice.
@pytest.mark.parametrize("drug", ["venlafaxine", "desvenlafaxine", "duloxetine", "levomilnacipran"])
def test_drugs_shows_blood_pressure_monitoring_for_the_snris_whose_labels_ask(
    capsys: pytest.CaptureFixture[str], drug: str
) -> None:
    _, out, _ = run(capsys, "drugs", drug)
    assert "monitoring: Blood pressure" in out
    _, out, _ = run(capsys, "drugs", "sertraline")
    assert "Blood pressure" not in out


def test_drugs_shows_a_table_row_of_partners_once_and_the_cross_sensitivities(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "drugs", "clozapine")
    (row,) = [line for line in out.splitlines() if "may raise clozapine levels" in line]
    assert "drug:sertraline" in row and "drug:ethinyl-estradiol" in row
    _, out, _ = run(capsys, "drugs", "ibuprofen")
    assert "contraindicated after an allergy to aspirin, any nsaid" in out
    _, out, _ = run(capsys, "drugs", "furosemide")
    assert "moderate cross-sensitivity after an allergy to any sulfonamide" in out
    _, out, _ = run(capsys, "drugs", "celecoxib", "--json")
    (document,) = json.loads(out)
    assert {c["allergy_to"] for c in document["cross_sensitivity"]} == {
        "aspirin",
        "any nsaid",
        "any sulfonamide",
    }
    assert {c["severity"] for c in document["cross_sensitivity"]} == {"contraindicated"}


def test_drugs_json_shows_the_shared_risk_a_named_row_describes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "drugs", "fluconazole", "--json")
    (document,) = json.loads(out)
    by_partner = {i["with"]: i["mechanism"] for i in document["interactions"]}
    assert by_partner["drug:erythromycin"] == "additive QT prolongation"
    _, out, _ = run(capsys, "drugs", "lithium", "--json")
    (document,) = json.loads(out)
    assert {i["mechanism"] for i in document["interactions"]} == {None}


# VYVANSE: blood pressure and heart rate regularly; growth in children.
def test_drugs_shows_lisdexamfetamine_monitoring(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drugs", "lisdexamfetamine")
    assert "monitoring: Blood pressure and heart rate" in out and "height and weight" in out


# The Beers Criteria's source runs to pages: the text output cuts it at a word and says where
# the rest is; --json keeps every title whole.
def test_a_very_long_source_is_cut_short_in_text_only(capsys: pytest.CaptureFixture[str]) -> None:
    _, text, _ = run(capsys, "check", "escitalopram=10", "--age", "70")
    beers = next(line for line in text.splitlines() if "Beers" in line)
    assert beers.endswith("... (--json gives the full title)")
    assert len(beers) < 500
    _, out, _ = run(capsys, "check", "escitalopram=10", "--age", "70", "--json")
    titles = [title for f in json.loads(out)["findings"] for title in f["sources"]]
    whole = next(title for title in titles if "Beers" in title)
    assert len(whole) > 1000 and "..." not in whole
    assert beers.removeprefix("  source: ").split(" ...")[0] in whole


# `titrate` takes the patient facts the label dose rules read; a target above that patient's
# maximum exits 2 and says why, and a plan that fits keeps the documented shape.
def test_titrate_for_a_patient(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "titrate", "citalopram", "--target", "40", "--age", "70")
    assert status == 2 and "maximum of 20 mg/day for this patient (age over 60)" in err
    status, out, _ = run(capsys, "titrate", "citalopram", "--target", "20", "--age", "70", "--json")
    plan = json.loads(out)
    assert status == 0 and set(plan) == {"drug", "steps", "warnings", "sources"}
    assert [s["daily_dose_mg"] for s in plan["steps"]] == [20]
    status, out, _ = run(capsys, "titrate", "acamprosate", "--egfr", "40", "--json")
    assert status == 0 and [s["daily_dose_mg"] for s in json.loads(out)["steps"]] == [999]


# `switch` takes the same facts for the drug it titrates.
def test_switch_for_a_patient_keeps_the_new_drug_to_their_maximum(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ("switch", "sertraline", "citalopram", "--from", "100", "--age", "70")
    status, _, err = run(capsys, *args, "--target", "40")
    assert status == 2 and "maximum of 20 mg/day for this patient (age over 60)" in err
    status, out, _ = run(capsys, *args, "--target", "20", "--json")
    assert status == 0 and [s["daily_dose_mg"] for s in json.loads(out)["to"]["steps"]] == [20]


# titrate takes DRUG[:FORM] as taper does, and so does switch for the drug it titrates.
def test_titrate_keeps_to_the_form_named(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "titrate", "clonazepam:odt", "--target", "1", "--json")
    steps = json.loads(out)["steps"]
    assert status == 0 and all("orally disintegrating tablet" in s["how"] for s in steps)
    status, _, err = run(capsys, "titrate", "lithium:tablet_er", "--target", "900")
    assert status == 2 and "schedule is for the immediate-release forms" in err
    status, _, err = run(capsys, "titrate", "sertraline:pill", "--target", "100")
    assert status == 2 and "unknown form 'pill'" in err
    args = ("switch", "paroxetine", "sertraline:oral_solution", "--from", "20", "--target", "100")
    status, out, _ = run(capsys, *args, "--json")
    steps = json.loads(out)["to"]["steps"]
    assert status == 0 and all("oral solution" in s["how"] for s in steps)


def test_drugs_gives_the_words_for_an_id_that_reads_badly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, text, _ = run(capsys, "drugs", "st-johns-wort")
    assert "in words: St John's wort" in text
    _, out, _ = run(capsys, "drugs", "hypericum", "--json")
    (entry,) = json.loads(out)
    assert (entry["name"], entry["title"]) == ("st-johns-wort", "St John's wort")
    _, out, _ = run(capsys, "drugs", "sertraline", "--json")
    assert json.loads(out)[0]["title"] == "sertraline"


# --weight feeds the maxima by body weight, for check and for titrate.
def test_weight_feeds_the_maxima_by_body_weight(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "valproate=4500", "--weight", "70", "--json")
    (finding,) = json.loads(out)["findings"]
    assert "60 mg/kg at 70 kg" in finding["summary"]
    status, _, err = run(
        capsys, "titrate", "atomoxetine", "--target", "60", "--age", "10", "--weight", "30"
    )
    assert status == 2 and "maximum of 42 mg/day for this patient" in err
    status, out, _ = run(
        capsys, "titrate", "atomoxetine", "--age", "10", "--weight", "30", "--json"
    )
    assert status == 0 and [s["daily_dose_mg"] for s in json.loads(out)["steps"]] == [18, 36]
    status, _, err = run(
        capsys, "switch", "sertraline", "atomoxetine", "--from", "50", "--age", "9"
    )
    assert status == 2 and "give the weight (--weight KG)" in err
    with pytest.raises(SystemExit) as exited:
        run(capsys, "check", "valproate=1000", "--weight", "4000")
    assert exited.value.code == 2 and "weight" in capsys.readouterr().err.lower()
