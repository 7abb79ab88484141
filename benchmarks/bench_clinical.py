"""Clinical core timings: formulary load, a 15-drug regimen check with full patient context,
the planners (a titration for a patient, a cross-taper switch, a taper), and the ICD-10-CM
tables (read on a process's first diagnosis lookup; the code list alone for a check that a
code exists), a lookup and a search.

Run:  .venv/bin/python benchmarks/bench_clinical.py
Results are recorded in docs/benchmarks.md. Targets (issue #3): check under 2 ms median
in-process, formulary load under 200 ms.
"""

from __future__ import annotations

import statistics
import time
from decimal import Decimal

from poise.clinical import formulary, icd10cm, plans, safety

REGIMEN = [
    ("sertraline", 200),
    ("bupropion", 450),
    ("vortioxetine", 20),
    ("lorazepam", 4),
    ("oxycodone", None),
    ("lithium", 900),
    ("clozapine", 400),
    ("lamotrigine", 200),
    ("valproate", 1000),
    ("atomoxetine", 100),
    ("citalopram", 40),
    ("tramadol", None),
    ("cimetidine", None),
    ("lurasidone", 80),
    ("clarithromycin", None),
]


def timings(function: object, repeat: int) -> list[float]:
    results = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        results.append((time.perf_counter() - started) * 1000)
    return results


def main() -> None:
    def load() -> None:
        formulary.load.cache_clear()
        formulary.load()

    load_ms = timings(load, 30)
    loaded = formulary.load()
    regimen = [
        safety.Item(loaded.drugs[name], None, None if mg is None else Decimal(mg))
        for name, mg in REGIMEN
    ]
    patient = safety.Patient(
        age=67,
        sex="female",
        pregnant=True,
        breastfeeding=False,
        egfr=Decimal(42),
        child_pugh="B",
        allergies=("penicillin", "Zoloft"),
        hla_b1502=True,
        cyp2d6="poor",
        cyp2c19="poor",
        qtc_ms=Decimal(510),
        smoker=True,
        diagnoses=("G40.909", "I50.23", "F33.1"),
        past_diagnoses=("I21.4", "K70.30"),
        labs={"lithium": Decimal("1.6"), "anc": Decimal("1.3")},
    )

    def check() -> list[safety.Finding]:
        return safety.check(regimen=regimen, patient=patient, formulary=loaded)

    check_ms = timings(check, 500)
    print(
        f"formulary load ({len(loaded.drugs)} drugs): median "
        f"{statistics.median(load_ms):.1f} ms, p95 {p95(load_ms):.1f} ms"
    )
    print(
        f"check, 15 drugs, full context ({len(check())} findings): median "
        f"{statistics.median(check_ms):.3f} ms, p95 {p95(check_ms):.3f} ms"
    )

    older = safety.Patient(age=70, egfr=Decimal(45))
    drugs = loaded.drugs

    def titrate() -> plans.Plan:
        return plans.titration(
            drug=drugs["paroxetine"],
            with_drugs=[],
            target_mg=Decimal(40),
            formulary=loaded,
            patient=older,
        )

    def switch() -> plans.Switch:
        return plans.switch(
            from_drug=drugs["sertraline"],
            from_mg=Decimal(100),
            to_drug=drugs["venlafaxine"],
            target_mg=Decimal(150),
            formulary=loaded,
            patient=older,
            to_form="capsule_er",
        )

    def taper() -> plans.Plan:
        return plans.taper(
            drug=drugs["alprazolam"], from_mg=Decimal(3), to_mg=Decimal(0), formulary=loaded
        )

    plan_ms = {
        name: timings(plan, 200)
        for name, plan in [
            ("titration (paroxetine at 70)", titrate),
            ("switch (sertraline to EFFEXOR XR)", switch),
            ("taper (alprazolam 3 mg)", taper),
        ]
    }
    print(
        "plans: "
        + "; ".join(f"{name} median {statistics.median(ms):.2f} ms" for name, ms in plan_ms.items())
    )

    def icd_load() -> None:
        icd10cm._codes.cache_clear()
        icd10cm._tables.cache_clear()
        icd10cm.describe("F33.1")

    def code_list_load() -> None:
        icd10cm._codes.cache_clear()
        icd10cm.not_a_code("F33.1")

    icd_load_ms = timings(icd_load, 10)
    code_list_ms = timings(code_list_load, 10)
    lookup_ms = timings(lambda: icd10cm.not_a_code("T43.222A"), 1000)
    search_ms = timings(lambda: icd10cm.search("bipolar depressed"), 30)
    print(
        f"ICD-10-CM tables ({len(icd10cm._codes())} codes): median "
        f"{statistics.median(icd_load_ms):.1f} ms (the code list alone, enough to check that "
        f"a code exists: {statistics.median(code_list_ms):.1f} ms); a lookup: median "
        f"{statistics.median(lookup_ms) * 1000:.1f} us; a search by name: median "
        f"{statistics.median(search_ms):.1f} ms"
    )


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95)]


if __name__ == "__main__":
    main()
