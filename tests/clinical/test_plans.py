"""Titration and taper plans against their sources, and their invariants."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poise.clinical import formulary, plans, safety
from poise.clinical.formulary.model import FORMS, Drug

FORMULARY = formulary.load()


def drug(name: str) -> formulary.model.Drug:
    found = FORMULARY.find(name)
    assert found is not None
    return found


def titrate(name: str, *, with_: tuple[str, ...] = (), target: str | None = None) -> plans.Plan:
    return plans.titration(
        drug=drug(name),
        with_drugs=[drug(w) for w in with_],
        target_mg=None if target is None else Decimal(target),
        formulary=FORMULARY,
    )


def titrate_for(name: str, patient: safety.Patient, target: str | None = None) -> plans.Plan:
    return plans.titration(
        drug=drug(name),
        with_drugs=[],
        target_mg=None if target is None else Decimal(target),
        formulary=FORMULARY,
        patient=patient,
    )


def cuts_per_period(plan: plans.Plan, *, days: int) -> list[Decimal]:
    """The fraction of the dose each reduction removes, per `days` it lasts, leaving out the
    final step to the target (which may be a larger fall from the smallest givable dose)."""
    return [
        (earlier.daily_dose_mg - later.daily_dose_mg)
        / earlier.daily_dose_mg
        / (Decimal(later.start_day - earlier.start_day) / days)
        for earlier, later in itertools.pairwise(plan.steps[:-1])
    ]


def schedule(plan: plans.Plan) -> list[tuple[int, Decimal]]:
    return [(step.start_day, step.daily_dose_mg) for step in plan.steps]


# LAMICTAL PI 2.2 (bipolar): weeks 1-2, 3-4, 5, 6 (, 7); targets 200 / 100 / 400 mg.
def test_lamotrigine_alone_follows_the_label_escalation() -> None:
    assert schedule(titrate("lamotrigine")) == [(0, 25), (14, 50), (28, 100), (35, 200)]


def test_lamotrigine_with_valproate_uses_half_doses_and_stops_at_100_mg() -> None:
    plan = titrate("lamotrigine", with_=("divalproex",))
    assert schedule(plan) == [(0, Decimal("12.5")), (14, 25), (28, 50), (35, 100)]
    assert plan.steps[0].how == "25 mg tablet every other day"
    assert plan.steps[1].how == "25 mg tablet a day"


# With an inducer the label gives 100 mg/day and more in two divided doses (LAMICTAL 2.2).
def test_lamotrigine_with_carbamazepine_goes_to_400_mg_in_two_doses() -> None:
    plan = titrate("lamotrigine", with_=("carbamazepine",))
    assert schedule(plan)[-1] == (42, 400)
    assert plan.steps[0].how.endswith(" a day")
    assert all(s.how.endswith("twice a day") for s in plan.steps if s.daily_dose_mg >= 100)


# Every step of every default titration names the products that give it (a tablet, a capsule,
# a measured volume), never a bare amount: 375 mg of desvenlafaxine, which would take five of
# its tablets, is left out of its generic schedule rather than printed as "375 mg a day".
def test_every_titration_step_names_the_products_that_give_it() -> None:
    for medicine in FORMULARY.drugs.values():
        for target in (None, *(Decimal(t) for t in (10, 50, 100, 200, 400))):
            try:
                plan = plans.titration(
                    drug=medicine, with_drugs=[], target_mg=target, formulary=FORMULARY
                )
            except plans.PlanError:
                continue
            for step in plan.steps:
                assert not step.how.endswith(" mg a day") or not medicine.forms, (
                    medicine.name,
                    step,
                )
    desvenlafaxine = [s.daily_dose_mg for s in titrate("desvenlafaxine", target="400").steps]
    assert 375 not in desvenlafaxine and desvenlafaxine[-1] == 400


# What the checker finds for the drug with its co-medications travels with the plan.
# Lamotrigine labeling 2.1: an estrogen-containing contraceptive halves lamotrigine levels; the
# escalation is the standard one and the maintenance dose may need adjusting. CLOZARIL: a third
# of the clozapine dose with a strong CYP1A2 inhibitor. Atorvastatin changes nothing for either.
@pytest.mark.parametrize(
    ("name", "partner", "words", "source"),
    [
        ("lamotrigine", "combined oral contraceptive", "maintenance dose", "estrogen-containing"),
        ("clozapine", "fluvoxamine", "one-third of the clozapine dose", "CLOZARIL"),
    ],
)
def test_a_titration_with_a_co_medication_carries_their_interaction(
    name: str, partner: str, words: str, source: str
) -> None:
    target = {"clozapine": "300"}.get(name)
    plan = titrate(name, with_=(partner,), target=target)
    assert schedule(plan) == schedule(titrate(name, target=target))
    (together,) = [w for w in plan.warnings if w.startswith("Taken together")]
    assert words in together
    assert any(source in s for s in plan.sources)
    alone = titrate(name, target=target)
    assert titrate(name, with_=("atorvastatin",), target=target).warnings == alone.warnings


def test_lamotrigine_refuses_a_target_off_the_label_schedule() -> None:
    with pytest.raises(plans.PlanError, match="not a step"):
        titrate("lamotrigine", target="150")
    with pytest.raises(plans.PlanError, match="does not go higher"):
        titrate("lamotrigine", with_=("valproate",), target="200")


# Clozapine PI 2.2: 12.5 mg, rises of 25-50 mg/day, 300-450 mg by the end of week 2.
def test_clozapine_starts_at_12_5_mg_and_rises_25_to_50_mg_a_step() -> None:
    steps = schedule(titrate("clozapine", target="450"))
    assert steps[0] == (0, Decimal("12.5"))
    rises = [later[1] - earlier[1] for earlier, later in itertools.pairwise(steps)]
    assert all(Decimal("12.5") <= rise <= 50 for rise in rises)
    assert steps[-1][1] == 450 and steps[-1][0] <= 21


def test_a_titration_above_the_label_maximum_is_refused() -> None:
    with pytest.raises(plans.PlanError, match="maximum of 900"):
        titrate("clozapine", target="1000")
    with pytest.raises(plans.PlanError, match="maximum of 40"):
        titrate("citalopram", target="60")


def test_a_drug_without_a_sourced_schedule_says_so() -> None:
    with pytest.raises(plans.PlanError, match="no sourced titration"):
        titrate("nortriptyline", target="75")


# LATUDA section 2: start 40 mg, no initial titration required; haloperidol: 0.5 mg twice daily;
# propranolol tablets (hypertension): 40 mg twice daily; prazosin: 1 mg two or three times a
# day; disulfiram: at most 500 mg daily for one to two weeks. Without a sourced step, a
# titration gives the label's start alone and says so; a target above it is refused rather
# than guessed at.
@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("lurasidone", 40),
        ("haloperidol", 1),
        ("propranolol", 80),
        ("prazosin", 2),
        ("disulfiram", 500),
    ],
)
def test_a_drug_with_a_label_start_but_no_step_gets_its_start_only(name: str, start: int) -> None:
    plan = titrate(name)
    assert schedule(plan) == [(0, start)]
    assert plan.warnings[0].startswith(f"No sourced titration schedule for {name}")
    with pytest.raises(plans.PlanError, match="beyond its starting dose"):
        titrate(name, target=str(start * 2))


# LATUDA section 2: 40 mg in schizophrenia, 20 mg in bipolar depression. The label's words on
# the start qualify its dose, so they are shown beside it, not as a fragment on their own.
def test_the_label_start_is_shown_with_the_dose_its_words_qualify() -> None:
    plan = titrate("lurasidone")
    start_words = [w for w in plan.warnings if "bipolar depression" in w]
    assert start_words == [
        "The label starts at 40 mg/day (schizophrenia; 20 mg in bipolar depression)."
    ]


def test_a_target_below_the_label_start_is_refused_as_below_it() -> None:
    with pytest.raises(plans.PlanError, match="below the disulfiram starting dose of 500"):
        titrate("disulfiram", target="250")


def test_labels_that_divide_the_start_give_it_in_their_own_units() -> None:
    assert titrate("propranolol").steps[0].how == "40 mg tablet twice a day"
    assert titrate("prazosin").steps[0].how == "1 mg capsule twice a day"


def test_acamprosate_is_given_as_its_label_divides_it() -> None:
    [step] = titrate("acamprosate").steps
    assert step.how == "2 x 333 mg delayed-release tablet three times a day"


def test_escitalopram_rises_after_a_week() -> None:
    assert schedule(titrate("escitalopram", target="20")) == [(0, 10), (7, 20)]


# Tapers.
def test_an_antidepressant_taper_falls_in_shrinking_mg_steps_to_zero() -> None:
    plan = plans.taper(
        drug=drug("escitalopram"), from_mg=Decimal(20), to_mg=Decimal(0), formulary=FORMULARY
    )
    doses = [s.daily_dose_mg for s in plan.steps]
    assert doses[0] == 20 and doses[-1] == 0
    cuts = [a - b for a, b in itertools.pairwise(doses[:-1])]
    assert cuts == sorted(cuts, reverse=True), "mg steps shrink as the dose falls (hyperbolic)"
    assert any("NICE NG222" in source for source in plan.sources)


def test_paroxetine_tapers_in_smaller_proportional_steps_than_escitalopram() -> None:
    paroxetine = plans.taper(
        drug=drug("paroxetine"), from_mg=Decimal(20), to_mg=Decimal(0), formulary=FORMULARY
    )
    escitalopram = plans.taper(
        drug=drug("escitalopram"), from_mg=Decimal(20), to_mg=Decimal(0), formulary=FORMULARY
    )
    first_cut = lambda plan: 1 - plan.steps[1].daily_dose_mg / plan.steps[0].daily_dose_mg  # noqa: E731
    assert first_cut(paroxetine) < first_cut(escitalopram)
    # Only the drug more likely to cause withdrawal is told to go slowly; both read as sentences.
    assert "so go slowly. Take the next step" in paroxetine.warnings[0]
    assert escitalopram.warnings[0].startswith(
        "Steps are 4 weeks apart as a starting pace, not a rule. Take"
    )


@pytest.mark.parametrize(
    ("name", "from_mg", "last_before_stopping"),
    [
        ("lorazepam", 4, "0.5 mg tablet"),
        ("clonazepam", 2, "half of a scored 0.5 mg tablet"),  # KLONOPIN: the 0.5 mg is scored
        ("diazepam", 30, "half of a scored 2 mg tablet"),
        ("alprazolam", 3, "0.25 mg tablet"),
    ],
)
def test_a_benzodiazepine_taper_never_cuts_faster_than_25_percent_per_2_weeks(
    name: str, from_mg: int, last_before_stopping: str
) -> None:
    plan = plans.taper(
        drug=drug(name), from_mg=Decimal(from_mg), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert max(cuts_per_period(plan, days=14)) <= Decimal("0.25")
    assert plan.steps[-2].how == f"{last_before_stopping} a day"
    assert plan.steps[-1].daily_dose_mg == 0


# A taper keeps to one tablet or capsule where that is as easy to take: clonazepam stays in its
# tablets, and the plan says the orally disintegrating tablets (0.125 mg, KLONOPIN) would give
# finer steps; asked for, they do.
def test_a_taper_keeps_to_one_product_and_names_a_finer_one() -> None:
    tablets = plans.taper(
        drug=drug("clonazepam"), from_mg=Decimal(3), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert not any("orally disintegrating" in step.how for step in tablets.steps)
    assert "plan with clonazepam:odt" in tablets.warnings[-1]
    odt = plans.taper(
        drug=drug("clonazepam"),
        from_mg=Decimal(3),
        to_mg=Decimal(0),
        formulary=FORMULARY,
        form="odt",
    )
    assert odt.steps[-2].how == "0.125 mg orally disintegrating tablet a day"
    assert not any(" tablet" in step.how.replace("disintegrating tablet", "") for step in odt.steps)
    assert not any("plan with" in warning for warning in odt.warnings)


# A target only another product gives moves the whole plan to products that give both ends,
# rather than refusing: lamotrigine to 5 mg a day needs its 5 mg chewables.
def test_a_taper_target_picks_products_that_give_both_ends() -> None:
    plan = plans.taper(
        drug=drug("lamotrigine"), from_mg=Decimal(200), to_mg=Decimal(5), formulary=FORMULARY
    )
    assert plan.steps[0].how == "200 mg tablet a day"
    assert plan.steps[-1].how == "5 mg chewable tablet a day"


@pytest.mark.parametrize(
    ("name", "from_mg"), [("risperidone", 4), ("olanzapine", 20), ("quetiapine", 600)]
)
def test_an_antipsychotic_taper_cuts_at_most_a_quarter_every_3_months(
    name: str, from_mg: int
) -> None:
    # Horowitz et al., Schizophr Bull 2021: a quarter of the most recent dose, every 3-6 months.
    plan = plans.taper(
        drug=drug(name), from_mg=Decimal(from_mg), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert max(cuts_per_period(plan, days=91)) <= Decimal("0.25")
    assert min(b.start_day - a.start_day for a, b in itertools.pairwise(plan.steps)) >= 91
    assert plan.steps[-1].daily_dose_mg == 0
    assert plan.steps[-1].start_day >= 365  # months or years, never weeks
    assert any("1/40th" in warning for warning in plan.warnings)


def test_low_risperidone_doses_are_measured_in_the_oral_solution() -> None:
    plan = plans.taper(
        drug=drug("risperidone"), from_mg=Decimal(2), to_mg=Decimal(0), formulary=FORMULARY
    )
    liquid = [s for s in plan.steps if "1 mg/mL oral solution" in s.how]
    assert liquid and all(s.daily_dose_mg < 2 for s in liquid)


# Lithium oral solution is labelled in mEq: each 5 mL holds 8 mEq, the lithium in 300 mg of
# lithium carbonate, and the label starts it at 5 mL where tablets start at 300 mg.
def test_lithium_solution_volumes_are_stated_in_the_labels_mEq() -> None:
    solution_only = dataclasses.replace(
        drug("lithium"), forms=tuple(f for f in drug("lithium").forms if f.is_liquid)
    )
    plan = plans.taper(
        drug=solution_only, from_mg=Decimal(900), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert "5 mL of the 8 mEq/5 mL oral solution three times a day" in plan.steps[0].how
    assert "mg/mL" not in " ".join(step.how for step in plan.steps)


@pytest.mark.parametrize(
    ("from_mg", "to_mg", "message"),
    [(0, 0, "--from must be the current daily dose"), (50, 50, "--to must be below --from")],
)
def test_a_taper_starts_from_a_dose_and_goes_down(from_mg: int, to_mg: int, message: str) -> None:
    with pytest.raises(plans.PlanError, match=message):
        plans.taper(
            drug=drug("sertraline"),
            from_mg=Decimal(from_mg),
            to_mg=Decimal(to_mg),
            formulary=FORMULARY,
        )


def test_a_taper_needs_strengths_that_can_give_the_doses() -> None:
    with pytest.raises(plans.PlanError, match="no sourced strengths"):
        plans.taper(
            drug=dataclasses.replace(drug("sertraline"), forms=()),
            from_mg=Decimal(100),
            to_mg=Decimal(0),
            formulary=FORMULARY,
        )
    with pytest.raises(plans.PlanError, match="cannot be given"):
        plans.taper(
            drug=drug("lorazepam"), from_mg=Decimal("0.3"), to_mg=Decimal(0), formulary=FORMULARY
        )


# Both ends of a taper are doses the patient is to take: a target the products cannot give is
# refused, naming the nearest they can (lithium's smallest is half a mL of the 60 mg/mL
# solution; clonazepam's steps are of its smallest tablet's halves).
@pytest.mark.parametrize(
    ("name", "from_mg", "to_mg", "nearest"),
    [
        ("lithium", "900", "0.5", "cannot be given with its sourced strengths; nearest: 30"),
        ("clonazepam", "2", "1.999", "cannot be given with its sourced strengths; nearest: 2"),
        # 5 mg is an immediate-release tablet; the taper from 6.25 mg is in extended release.
        ("zolpidem", "6.25", "5", "not a dose of the zolpidem extended-release tablets"),
    ],
)
def test_a_taper_to_a_dose_that_cannot_be_given_is_refused(
    name: str, from_mg: str, to_mg: str, nearest: str
) -> None:
    with pytest.raises(plans.PlanError) as refused:
        plans.taper(
            drug=drug(name), from_mg=Decimal(from_mg), to_mg=Decimal(to_mg), formulary=FORMULARY
        )
    assert nearest in str(refused.value)


TAPERABLE = [
    "escitalopram",
    "citalopram",
    "fluoxetine",
    "paroxetine",
    "lorazepam",
    "venlafaxine",
    "duloxetine",
    "trazodone",
    "sertraline",
    "alprazolam",
    "lithium",
    "guanfacine",
    "risperidone",
    "haloperidol",
    "aripiprazole",
    "clonazepam",
    "diazepam",
    "nortriptyline",
    "amitriptyline",
    "paroxetine",
    "clomipramine",
    "imipramine",
    "doxepin",
    "temazepam",
    "chlordiazepoxide",
    "perphenazine",
    "tranylcypromine",
    "vilazodone",
    "lamotrigine",
    "chlorpromazine",
    "fluphenazine",
    "gabapentin",
    "pregabalin",
    "zolpidem",
    "eszopiclone",
]


@settings(max_examples=120)
@given(name=st.sampled_from(TAPERABLE), data=st.data())
def test_tapers_never_rise_end_at_the_target_and_can_be_given(
    name: str, data: st.DataObject
) -> None:
    medicine = drug(name)
    givable = plans.achievable_doses(medicine, Decimal(200))
    start = data.draw(st.sampled_from([d for d in givable if d >= 1]))
    # Every step keeps to the product family the taper starts in.
    family = plans.achievable_doses(plans.one_release(medicine, start), start)
    target = data.draw(st.sampled_from([Decimal(0), *[d for d in family if d < start]]))
    plan = plans.taper(drug=medicine, from_mg=start, to_mg=target, formulary=FORMULARY)
    doses = [s.daily_dose_mg for s in plan.steps]
    assert doses[0] == start and doses[-1] == target
    assert all(later < earlier for earlier, later in itertools.pairwise(doses))
    assert all(plans.how_to_give(medicine, dose) is not None for dose in doses)
    days = [s.start_day for s in plan.steps]
    assert days[0] == 0 and days == sorted(set(days))


@settings(max_examples=120)
@given(name=st.sampled_from(TAPERABLE), data=st.data())
def test_a_taper_in_a_named_form_keeps_to_it_and_ends_at_zero(
    name: str, data: st.DataObject
) -> None:
    """`taper DRUG:FORM`: every step is given in that form (with the immediate-release liquids
    for a measured end of an immediate-release plan), or the plan is refused with why."""
    medicine = drug(name)
    form = data.draw(st.sampled_from([f.form for f in medicine.forms]))
    alone = dataclasses.replace(medicine, forms=tuple(f for f in medicine.forms if f.form == form))
    givable = [d for d in plans.achievable_doses(alone, Decimal(200)) if d >= 1]
    if not givable:
        return
    start = data.draw(st.sampled_from(givable))
    family = plans.one_release(medicine, start, form)
    try:
        plan = plans.taper(
            drug=medicine, from_mg=start, to_mg=Decimal(0), formulary=FORMULARY, form=form
        )
    except plans.PlanError as refused:
        assert str(refused)
        return
    doses = [s.daily_dose_mg for s in plan.steps]
    assert doses[0] == start and doses[-1] == 0
    assert all(later < earlier for earlier, later in itertools.pairwise(doses))
    allowed = {f.form for f in family.forms}
    assert all(forms_named(s.how) <= allowed for s in plan.steps), [s.how for s in plan.steps]


def forms_named(how: str) -> set[str]:
    """The forms (formulary keys) a step's words name; longer names first, so "tablet" is
    not also read inside "extended-release tablet"."""
    found = set()
    for key, words in sorted(FORMS.items(), key=lambda item: -len(item[1])):
        if words in how:
            found.add(key)
            how = how.replace(words, "")
    return found


# Each step of a taper uses one release profile: immediate-release forms only, or one
# modified-release product (zolpidem 10 mg tablets once stepped down to CR 6.25 mg tablets).
MIXED_RELEASE = [
    name
    for name in sorted(FORMULARY.drugs)
    if len({f.form in plans.MODIFIED_RELEASE for f in drug(name).forms}) == 2
]


def dose_ceiling(medicine: Drug) -> Decimal:
    """A bound for the starting doses drawn: 400 mg, or the largest strength above it
    (metformin's smallest tablet is 500 mg)."""
    return max(Decimal(400), *(Decimal(s) for f in medicine.forms for s in f.strengths_mg))


# Whatever numbers are asked for, a taper is made or refused with a reason: never a crash.
@settings(max_examples=150)
@given(
    name=st.sampled_from(TAPERABLE),
    from_mg=st.decimals(allow_nan=False, allow_infinity=False),
    to_mg=st.decimals(min_value=0, allow_nan=False, allow_infinity=False),
)
def test_any_taper_request_gives_a_plan_or_a_reason(
    name: str, from_mg: Decimal, to_mg: Decimal
) -> None:
    try:
        plan = plans.taper(drug=drug(name), from_mg=from_mg, to_mg=to_mg, formulary=FORMULARY)
    except plans.PlanError as refused:
        assert str(refused)
    else:
        assert plan.steps[0].daily_dose_mg <= safety.MAX_DOSE_MG


@settings(max_examples=150)
@given(name=st.sampled_from(MIXED_RELEASE), data=st.data())
def test_a_taper_stays_with_one_release_profile(name: str, data: st.DataObject) -> None:
    medicine = drug(name)
    start = data.draw(st.sampled_from(plans.achievable_doses(medicine, dose_ceiling(medicine))))
    try:
        plan = plans.taper(drug=medicine, from_mg=start, to_mg=Decimal(0), formulary=FORMULARY)
    except plans.PlanError:
        return  # a drug without a sourced taper method is refused
    used = set().union(*(forms_named(step.how) for step in plan.steps))
    modified = used & plans.MODIFIED_RELEASE
    assert used and (not modified or used == modified) and len(modified) <= 1, plan.steps


@settings(max_examples=150)
@given(name=st.sampled_from(MIXED_RELEASE), data=st.data())
def test_a_taper_held_to_a_form_uses_that_form_and_at_most_a_liquid(
    name: str, data: st.DataObject
) -> None:
    medicine = drug(name)
    form = data.draw(st.sampled_from([f for f in medicine.forms if f.strengths_mg]))
    alone = dataclasses.replace(medicine, forms=(form,))
    start = data.draw(st.sampled_from(plans.achievable_doses(alone, dose_ceiling(alone))))
    try:
        plan = plans.taper(
            drug=medicine, from_mg=start, to_mg=Decimal(0), formulary=FORMULARY, form=form.form
        )
    except plans.PlanError:
        return  # a drug without a sourced taper method is refused
    liquids = {f.form for f in medicine.forms if f.mg_per_ml}
    allowed = {form.form} | (set() if form.form in plans.MODIFIED_RELEASE else liquids)
    used = set().union(*(forms_named(step.how) for step in plan.steps))
    assert used <= allowed, (form.form, plan.steps)


def test_a_taper_can_be_held_to_one_named_form() -> None:
    plan = plans.taper(
        drug=drug("zolpidem"),
        from_mg=Decimal("12.5"),
        to_mg=Decimal(0),
        formulary=FORMULARY,
        form="tablet_er",
    )
    assert [s.daily_dose_mg for s in plan.steps] == [Decimal("12.5"), Decimal("6.25"), 0]
    with pytest.raises(plans.PlanError, match="cannot be given with its tablets"):
        plans.taper(
            drug=drug("zolpidem"),
            from_mg=Decimal("12.5"),
            to_mg=Decimal(0),
            formulary=FORMULARY,
            form="tablet",
        )
    with pytest.raises(plans.PlanError, match="no sourced patch strengths for zolpidem"):
        plans.taper(
            drug=drug("zolpidem"),
            from_mg=Decimal(10),
            to_mg=Decimal(0),
            formulary=FORMULARY,
            form="patch",
        )


TITRATABLE = [
    "mirtazapine",
    "paroxetine",
    "quetiapine",
    "aripiprazole",
    "citalopram",
    "escitalopram",
    "sertraline",
    "fluvoxamine",
    "venlafaxine",
    "clozapine",
    "iloperidone",
    "brexpiprazole",
    "paliperidone",
    "viloxazine",
    "guanfacine",
    "lisdexamfetamine",
    "atomoxetine",
    "methylphenidate",
    "amphetamine",
    "dexmethylphenidate",
    "tranylcypromine",
    "isocarboxazid",
    "selegiline",
    "buspirone",
    "vilazodone",
    "risperidone",
    "olanzapine",
    "bupropion",
    "trazodone",
    "duloxetine",
    "levomilnacipran",
    "alprazolam",
    "clonazepam",
    "fluoxetine",
    "vortioxetine",
    "imipramine",
    "clomipramine",
    "doxepin",
    "desvenlafaxine",
    "amitriptyline",
    "chlorpromazine",
    "asenapine",
    "ziprasidone",
    "pimozide",
    "lamotrigine",
    "lithium",
    "carbamazepine",
]


@settings(max_examples=80)
@given(name=st.sampled_from(TITRATABLE), target=st.integers(min_value=10, max_value=900))
def test_titrations_never_exceed_the_target_or_the_label_maximum(name: str, target: int) -> None:
    medicine = drug(name)
    try:
        plan = plans.titration(
            drug=medicine, with_drugs=[], target_mg=Decimal(target), formulary=FORMULARY
        )
    except plans.PlanError:
        return  # a target above the maximum or below the start is refused, not planned
    # The maximum of the product the label's start names (CONCERTA for methylphenidate).
    product = medicine.start.form if medicine.start and medicine.start.form else None
    caps = safety.limits_for(medicine, product)
    # Lithium has no label maximum in mg: its dose is set by serum levels.
    ceiling = min((lim.max_mg for lim in caps if lim.max_mg and not lim.when), default=target)
    doses = [s.daily_dose_mg for s in plan.steps]
    assert max(doses) <= min(Decimal(target), ceiling)
    assert doses == sorted(doses) and doses[-1] == target


@settings(max_examples=60)
@given(name=st.sampled_from(TITRATABLE), target=st.integers(min_value=1, max_value=900))
def test_a_titration_names_every_patient_cap_below_its_top_dose(name: str, target: int) -> None:
    """A planner knows no patient, so the plan says whom its schedule does not fit: every cap
    for an age, organ function or genotype below the plan's top dose, with its source."""
    medicine = drug(name)
    try:
        plan = plans.titration(
            drug=medicine, with_drugs=[], target_mg=Decimal(target), formulary=FORMULARY
        )
    except plans.PlanError:
        return
    top = max(step.daily_dose_mg for step in plan.steps)
    product = plans._usual_product(medicine)  # another product's caps are not this plan's
    for limit in medicine.limits:
        if limit.form and plans._product(limit.form) != product:
            continue
        if limit.when and not limit.when.startswith("with=") and (limit.max_mg or top) < top:
            words = safety.condition_words(limit.when)
            assert any(
                w.startswith("If ") and words in w and f"at most {limit.max_mg:f}" in w
                for w in plan.warnings
            ), (words, plan.warnings)
            assert FORMULARY.source(limit.source).title in plan.sources


PATIENTS = st.builds(
    safety.Patient,
    age=st.none() | st.integers(min_value=5, max_value=100),
    weight_kg=st.none() | st.integers(min_value=10, max_value=120).map(Decimal),
    egfr=st.none() | st.integers(min_value=5, max_value=120).map(Decimal),
    child_pugh=st.none() | st.sampled_from(["A", "B", "C"]),
    cyp2d6=st.none() | st.sampled_from(["poor", "intermediate", "normal", "ultrarapid"]),
    cyp2c19=st.none() | st.sampled_from(["poor", "intermediate", "normal", "ultrarapid"]),
)


@settings(max_examples=150)
@given(
    name=st.sampled_from(TITRATABLE),
    target=st.none() | st.integers(min_value=1, max_value=900),
    patient=PATIENTS,
    data=st.data(),
)
def test_a_titration_for_a_patient_never_exceeds_their_maximum(
    name: str, target: int | None, patient: safety.Patient, data: st.DataObject
) -> None:
    """Given a patient, in the usual product or one named, no step is above any maximum the
    label sets for them, and the plan keeps no "If ..." warning for a condition the patient's
    recorded facts decide."""
    medicine = drug(name)
    form = data.draw(st.none() | st.sampled_from([f.form for f in medicine.forms]))
    try:
        plan = plans.titration(
            drug=medicine,
            with_drugs=[],
            target_mg=None if target is None else Decimal(target),
            formulary=FORMULARY,
            patient=patient,
            form=form,
        )
    except plans.PlanError as refused:
        assert str(refused)
        return
    product = form or (medicine.start.form if medicine.start and medicine.start.form else None)
    top = max(step.daily_dose_mg for step in plan.steps)
    if form is not None:  # every step is given in the product named (with its liquids)
        family = plans.one_release(medicine, plan.steps[0].daily_dose_mg, form)
        named = [forms_named(step.how) for step in plan.steps]
        assert all(forms <= {f.form for f in family.forms} for forms in named), named
    for limit in safety.limits_for(medicine, product):
        if not limit.when or limit.when.startswith("with="):
            continue
        if limit.max_mg is not None and safety.condition_met(limit.when, patient, ()) is not None:
            assert top <= limit.max_mg, (limit.when, top)
        if safety.decided(limit.when, patient):
            words = f"If {safety.condition_words(limit.when)}"
            said = [w for w in plan.warnings if w.startswith((f"{words}:", f"{words} or "))]
            assert not said, words
    # The label's advice for this patient shapes the plan: its start alone, or every dose at
    # its fraction of the usual; advice a plan cannot follow refused it above.
    doses = [step.daily_dose_mg for step in plan.steps]
    in_force = safety.advice_in_force(safety.applicable_limits(medicine, product, patient, ()))
    scheduled = {own.when for own in medicine.titrations_for}  # advice made a group schedule
    for limit, _ in in_force:
        if not limit.when or limit.keeps_schedule or limit.when in scheduled:
            continue
        assert limit.start_mg is not None or limit.dose_factor is not None, limit.advice
        if limit.start_mg is not None:
            assert len(doses) == 1 and doses[0] <= limit.start_mg, (limit.when, doses)
        if limit.dose_factor is not None:
            ceiling = plans._ceiling(medicine)
            assert ceiling is None or top <= ceiling * limit.dose_factor, (limit.when, top)


# CELEXA: at most 20 mg/day over 60; CAMPRAL: 333 mg three times daily at a creatinine clearance
# of 30-50; CAPLYTA: 21 mg in moderate or severe hepatic impairment. Given the patient, a target
# above their maximum is refused, and a drug with one label dose gets that patient's dose.
def test_a_titration_for_a_patient_keeps_to_their_maximum() -> None:
    older = safety.Patient(age=70)
    with pytest.raises(
        plans.PlanError, match=r"maximum of 20 mg/day for this patient \(age over 60\)"
    ):
        titrate_for("citalopram", older, "40")
    plan = titrate_for("citalopram", older, "20")
    assert [s.daily_dose_mg for s in plan.steps] == [20]
    assert not any(w.startswith("If age over 60") for w in plan.warnings)
    assert any(w.startswith("For this patient (minor)") for w in plan.warnings)  # sodium, Beers
    renal = titrate_for("acamprosate", safety.Patient(egfr=Decimal(40)))
    assert [s.daily_dose_mg for s in renal.steps] == [999]
    assert "three times a day" in renal.steps[0].how
    assert renal.warnings[0].startswith("The label's dose for this patient (eGFR below 50)")
    liver = titrate_for("lumateperone", safety.Patient(child_pugh="B"))
    assert [s.daily_dose_mg for s in liver.steps] == [21]


# STRATTERA 2.2: half the usual starting and target doses in Child-Pugh B, a quarter in C;
# ABILIFY 2.7: half the usual dose in CYP2D6 poor metabolisers. The plan is the usual schedule
# at that fraction, and a target the usual schedule cannot reach at that fraction is refused.
def test_a_titration_gives_the_labels_fraction_of_the_usual_doses() -> None:
    assert schedule(titrate_for("atomoxetine", safety.Patient(child_pugh="B"), "40")) == [
        (0, 20),
        (3, 40),
    ]
    quarter = titrate_for("atomoxetine", safety.Patient(child_pugh="C"), "20")
    assert schedule(quarter) == [(0, 10), (3, 20)]
    assert quarter.warnings[0].startswith(
        "For this patient (Child-Pugh class C) the label gives a quarter of the usual doses"
    )
    with pytest.raises(plans.PlanError, match=r"above 50 mg/day: .* half of the usual"):
        titrate_for("atomoxetine", safety.Patient(child_pugh="B"), "60")
    poor = titrate_for("aripiprazole", safety.Patient(cyp2d6="poor"), "7.5")
    assert schedule(poor) == [(0, 5), (14, Decimal("7.5"))]
    with pytest.raises(plans.PlanError, match="half of the usual: give --target"):
        switch_from_sertraline("aripiprazole", safety.Patient(cyp2d6="poor"))


# RESTORIL: 7.5 mg at bedtime in older patients; SEROQUEL: 50 mg/day at 65 and over (and in
# hepatic impairment 25 mg/day, raised daily by 25-50 mg); BRINTELLIX: 5 mg at 65 and over.
# The plan is that start; the label paces what follows by response, so a higher target is
# refused rather than scheduled by the usual calendar.
def test_a_titration_starts_where_the_label_starts_this_patient() -> None:
    older = safety.Patient(age=80)
    assert schedule(titrate_for("temazepam", older)) == [(0, Decimal("7.5"))]
    assert schedule(titrate_for("quetiapine", older)) == [(0, 50)]
    assert schedule(titrate_for("vortioxetine", older)) == [(0, 5)]
    with pytest.raises(plans.PlanError, match=r"start for this patient \(age 65 or over\) is 50"):
        titrate_for("quetiapine", older, "300")
    liver = titrate_for("quetiapine", safety.Patient(child_pugh="A"), "100")
    assert schedule(liver) == [(0, 25), (1, 50), (2, 75), (3, 100)]
    # Two rules that each set the start (50 mg at 65 and over; 25 mg with daily rises in hepatic
    # impairment) leave the plan to the prescriber.
    with pytest.raises(plans.PlanError, match=r"\(hepatic impairment; age 65 or over\).*by hand"):
        titrate_for("quetiapine", safety.Patient(age=70, child_pugh="A"), "300")
    switched = switch_from_sertraline("vortioxetine", older)
    assert [step.daily_dose_mg for step in switched.start.steps] == [5]


# RISPERDAL: 0.5 mg twice daily in severe renal or hepatic impairment and (older labelling) at
# 65 and over, rises of at most 0.5 mg twice daily at least 24 hours apart (the label's adult
# interval), above 1.5 mg twice daily about a week apart. A switch into it without a target
# starts at that dose, not the adult 2 mg.
def test_risperidone_follows_the_labels_schedule_for_older_and_impaired_patients() -> None:
    for patient in (
        safety.Patient(age=70),
        safety.Patient(egfr=Decimal(20)),
        safety.Patient(child_pugh="C"),
    ):
        plan = titrate_for("risperidone", patient, "4")
        assert schedule(plan) == [(0, 1), (1, 2), (2, 3), (9, 4)]
        assert plan.steps[0].how == "0.5 mg tablet twice a day"
    assert schedule(titrate("risperidone", target="4")) == [(0, 2), (1, 3), (2, 4)]
    switched = switch_from_sertraline("risperidone", safety.Patient(age=70))
    assert [step.daily_dose_mg for step in switched.start.steps] == [1]


# Advice a calendar cannot follow refuses the plan with the label's words (lithium in older
# adults: start low, raise slowly by levels; sertraline in liver impairment: a lower or less
# frequent dose; atomoxetine in a CYP2D6 poor metaboliser: 4 weeks before any rise), as a
# co-medication's does. Advice that leaves the schedule (caution, "may", "consider another
# drug") travels with the plan: mirtazapine in renal impairment, clozapine in hepatic
# impairment (the label gives no figure). Below an eGFR of 30 the advice against lithium
# replaces its gentler advice for milder renal impairment, so the plan says the stronger one.
def test_a_titration_refuses_advice_it_cannot_follow_and_carries_the_rest() -> None:
    for name, patient, target, words in [
        ("lithium", safety.Patient(age=70), "900", "start low, raise the dose slowly"),
        ("sertraline", safety.Patient(child_pugh="A"), "100", "a lower or less frequent dose"),
        ("atomoxetine", safety.Patient(cyp2d6="poor"), "80", "only if symptoms fail to improve"),
    ]:
        with pytest.raises(plans.PlanError, match="plan these doses by hand") as refused:
            titrate_for(name, patient, target)
        assert words in str(refused.value) and "for this patient" in str(refused.value)
    mirtazapine = titrate_for("mirtazapine", safety.Patient(egfr=Decimal(30)), "30")
    assert schedule(mirtazapine) == [(0, 15), (14, 30)]
    assert any(
        w.startswith("For this patient (moderate): mirtazapine") for w in mirtazapine.warnings
    )
    clozapine = titrate_for("clozapine", safety.Patient(child_pugh="B"), "300")
    assert clozapine.steps[0].daily_dose_mg == Decimal("12.5")
    assert any("lower clozapine dose may be needed" in w for w in clozapine.warnings)
    lithium = titrate_for("lithium", safety.Patient(egfr=Decimal(20)), "900")
    assert any(w.startswith("For this patient (major)") for w in lithium.warnings)


# QELBREE 2.2: children of 6 to 11 start at 100 mg once daily and rise by 100 mg at weekly
# intervals to at most 400 mg; from 12 the adult start and steps (200 mg), at most 400 mg under
# 18 and 600 mg in adults. Without an age the adult plan says both.
def test_a_child_on_viloxazine_follows_the_labels_schedule_for_children() -> None:
    child = titrate_for("viloxazine", safety.Patient(age=9), "400")
    assert schedule(child) == [(0, 100), (7, 200), (14, 300), (21, 400)]
    assert "The label starts at 100 mg/day (for age under 12)." in child.warnings
    assert FORMULARY.source("qelbree-pediatric-dosing").title in child.sources
    assert schedule(titrate_for("viloxazine", safety.Patient(age=14), "400")) == [
        (0, 200),
        (7, 400),
    ]
    with pytest.raises(plans.PlanError, match=r"maximum of 400 mg/day .* \(age under 18\)"):
        titrate_for("viloxazine", safety.Patient(age=14), "600")
    adult = titrate("viloxazine", target="600")
    assert schedule(adult) == [(0, 200), (7, 400), (14, 600)]
    assert "If age under 18: at most 400 mg/day." in adult.warnings
    assert (
        "If age under 12: the label's schedule starts at 100 mg/day, rises of 100 mg no sooner "
        "than every 7 days." in adult.warnings
    )
    grown = titrate_for("viloxazine", safety.Patient(age=30), "600")
    assert not any(w.startswith("If age") for w in grown.warnings)


# A child is planned only on a schedule the label gives their age: VYVANSE's 30 mg start is for
# patients 6 and older, CONCERTA's 18 mg start from 6 with at most 54 mg/day at 6-12; TOFRANIL's
# 75 mg start is an adult's, its dosing for enuresis is for children under 12 and adolescents
# start at 30 mg (its label's 30-40 mg), so at 12 an imipramine plan is refused, as is any plan
# below the label's approved age.
# Without an age the plan says so.
def test_a_child_is_planned_only_on_a_schedule_labelled_for_their_age() -> None:
    assert schedule(titrate_for("lisdexamfetamine", safety.Patient(age=8), "50"))[0] == (0, 30)
    assert schedule(titrate_for("methylphenidate", safety.Patient(age=10), "54"))[-1][1] == 54
    with pytest.raises(plans.PlanError, match=r"maximum of 54 mg/day .* \(age under 13\)"):
        titrate_for("methylphenidate", safety.Patient(age=10), "72")
    with pytest.raises(
        plans.PlanError, match="imipramine schedule is for adults; for a patient of 12"
    ):
        titrate_for("imipramine", safety.Patient(age=12), "50")
    with pytest.raises(plans.PlanError, match="amphetamine schedule is for age 6 and over"):
        titrate_for("amphetamine", safety.Patient(age=4), "10")
    with pytest.raises(plans.PlanError, match="sertraline is not approved at age 4"):
        titrate_for("sertraline", safety.Patient(age=4), "50")
    with pytest.raises(plans.PlanError, match="imipramine schedule is for adults"):
        switch_from_sertraline("imipramine", safety.Patient(age=12))
    assert schedule(titrate_for("imipramine", safety.Patient(age=18), "100")) == [
        (0, 75),
        (14, 100),
    ]
    unknown_age = titrate("lithium", target="900").warnings
    assert (
        "If age under 18: the sourced schedule is for adults: plan a child's doses from the "
        "label's dosing for children." in unknown_age
    )
    assert not any(
        "dosing for children" in w for w in titrate("lisdexamfetamine", target="50").warnings
    )


# TOFRANIL, childhood enuresis (from 6): 25 mg an hour before bedtime, 50 mg nightly after a
# week without a satisfactory response under 12; at most 2.5 mg/kg/day. Sodium is watched from
# 65 (Beers), so a child's plan does not ask for it.
def test_a_childs_imipramine_follows_the_labels_enuresis_dosing() -> None:
    child = safety.Patient(age=8, weight_kg=Decimal(25))
    plan = titrate_for("imipramine", child, "50")
    assert schedule(plan) == [(0, 25), (7, 50)]
    assert not any(w == plans.SODIUM_WATCH for w in plan.warnings)
    assert plans.SODIUM_WATCH in titrate("imipramine", target="150").warnings
    for target, words in [("75", r"maximum of 50 mg/day .*\(age under 12\)"), ("50", "2.5 mg/kg")]:
        small = safety.Patient(age=8, weight_kg=Decimal(25 if target == "75" else 15))
        with pytest.raises(plans.PlanError, match=words):
            titrate_for("imipramine", small, target)


# ABILIFY's pediatric schedules start at 2 mg and reach 5 mg after 2 days; the plan then rises by
# 5 mg at least a week apart, the slower of the label's paces (autism-related irritability and
# Tourette's disorder; schizophrenia and bipolar I disorder reach 10 mg 2 days later).
def test_a_childs_aripiprazole_starts_at_2_mg() -> None:
    plan = titrate_for("aripiprazole", safety.Patient(age=9), "15")
    assert schedule(plan) == [(0, 2), (2, 5), (9, 10), (16, 15)]
    assert any("The maximum depends on the indication" in w for w in plan.warnings)


# SEROQUEL in children and adolescents: 50, 100, 200, 300 and 400 mg/day on days 1-5 in two
# doses, and no further step by the calendar; below 13 its only indication (bipolar mania) goes
# to 600 mg/day at most.
def test_a_childs_quetiapine_follows_the_labels_five_days() -> None:
    plan = titrate_for("quetiapine", safety.Patient(age=14), "400")
    assert schedule(plan) == [(0, 50), (1, 100), (2, 200), (3, 300), (4, 400)]
    assert plan.steps[0].how == "25 mg tablet twice a day"
    with pytest.raises(plans.PlanError, match="schedule ends at 400 mg/day"):
        titrate_for("quetiapine", safety.Patient(age=14), "600")
    with pytest.raises(plans.PlanError, match=r"maximum of 600 mg/day .* \(age under 13\)"):
        titrate_for("quetiapine", safety.Patient(age=11), "800")


# LATUDA: at 10-12 (bipolar depression only) 20 mg once daily, raised after a week by response
# with no step given, so the plan is that start; from 13 the adult 40 mg start, without titration.
def test_a_childs_lurasidone_starts_where_the_label_starts_their_age() -> None:
    # ZYPREXA at 13-17: 2.5 or 5 mg, changes of 2.5-5 mg with no interval: the lower start alone.
    assert schedule(titrate_for("olanzapine", safety.Patient(age=15))) == [(0, Decimal("2.5"))]
    # SAPHRIS at 10-17: 2.5 mg twice daily; REXULTI at 13-17: 0.5, 1 and 2 mg, then weekly 1 mg.
    asenapine = titrate_for("asenapine", safety.Patient(age=12))
    assert schedule(asenapine) == [(0, 5)] and asenapine.steps[0].how.endswith("twice a day")
    assert schedule(titrate_for("brexpiprazole", safety.Patient(age=15), "4")) == [
        (0, Decimal("0.5")),
        (4, 1),
        (7, 2),
        (14, 3),
        (21, 4),
    ]
    assert schedule(titrate_for("lurasidone", safety.Patient(age=11))) == [(0, 20)]
    with pytest.raises(plans.PlanError, match="beyond its starting dose of 20 mg/day"):
        titrate_for("lurasidone", safety.Patient(age=11), "40")
    assert schedule(titrate_for("lurasidone", safety.Patient(age=15))) == [(0, 40)]


# INVEGA: 3 mg (creatinine clearance 50-80) or 1.5 mg (10-50) in renal impairment and 3 mg in
# adolescents, rises of 3 mg more than 5 days apart; the renal caps (6 and 3 mg) hold. Without
# the facts the plan says each group's schedule.
def test_paliperidone_starts_lower_in_renal_impairment_and_in_adolescents() -> None:
    assert schedule(titrate_for("paliperidone", safety.Patient(egfr=Decimal(40)), "3")) == [
        (0, Decimal("1.5")),
        (6, 3),
    ]
    assert schedule(titrate_for("paliperidone", safety.Patient(egfr=Decimal(60)), "6")) == [
        (0, 3),
        (6, 6),
    ]
    with pytest.raises(plans.PlanError, match="maximum of 6 mg/day"):
        titrate_for("paliperidone", safety.Patient(egfr=Decimal(60)), "9")
    teen = titrate_for("paliperidone", safety.Patient(age=14), "9")
    assert schedule(teen) == [(0, 3), (6, 6), (12, 9)]
    assert (
        "If age under 18 and weight under 51 kg: at most 6 mg/day (adolescents under 51 kg)."
        in (teen.warnings)
    )
    with pytest.raises(plans.PlanError, match=r"6 mg/day .* \(age under 18 and weight under 51"):
        titrate_for("paliperidone", safety.Patient(age=14, weight_kg=Decimal(45)), "9")
    assert "If eGFR below 50: the label's schedule starts at 1.5 mg/day, 3 mg from day 6." in (
        titrate("paliperidone", target="12").warnings
    )


# PAXIL: 10 mg/day to start in older or debilitated patients and in severe renal or hepatic
# impairment, at most 40 mg/day; QELBREE below an eGFR of 30: 100 mg, weekly rises of 50-100 mg,
# at most 200 mg. A cap whose note gave the lower start used to leave the usual start in place.
def test_a_lower_start_for_older_or_impaired_patients_is_planned() -> None:
    older = titrate_for("paroxetine", safety.Patient(age=70), "40")
    assert schedule(older) == [(0, 10), (7, 20), (14, 30), (21, 40)]
    with pytest.raises(plans.PlanError, match="maximum of 40 mg/day"):
        titrate_for("paroxetine", safety.Patient(egfr=Decimal(20)), "50")
    renal = titrate_for("viloxazine", safety.Patient(egfr=Decimal(20)), "200")
    assert schedule(renal) == [(0, 100), (7, 150), (14, 200)]
    # Amitriptyline (10 mg three times daily with 20 mg at bedtime) and VALIUM (2-2.5 mg once or
    # twice daily) in older adults: that start alone; chlorpromazine's label gives older adults
    # no figures, so the plan is left to the prescriber.
    older = safety.Patient(age=70)
    assert schedule(titrate_for("amitriptyline", older)) == [(0, 50)]
    diazepam = titrate_for("diazepam", older)
    assert schedule(diazepam) == [(0, 2)] and diazepam.steps[0].how == "2 mg tablet a day"
    with pytest.raises(plans.PlanError, match=r"lower doses, raised more gradually.*by hand"):
        titrate_for("chlorpromazine", older, "200")
    # CYMBALTA: 30 mg for 2 weeks before 60 mg at 65 and over and at 7-17 (1 week in adults).
    for patient in (safety.Patient(age=70), safety.Patient(age=12)):
        assert schedule(titrate_for("duloxetine", patient, "60")) == [(0, 30), (14, 60)]
    assert schedule(titrate("duloxetine", target="60")) == [(0, 30), (7, 60)]


# LIBRIUM: children 6 and over start at the lowest dose, 5 mg two to four times daily, raised as
# required without an interval given (to 10 mg two or three times daily in some): the start
# alone, and at most 30 mg/day, which the checker applies too.
def test_a_childs_chlordiazepoxide_is_its_lowest_start_alone() -> None:
    child = safety.Patient(age=9)
    plan = titrate_for("chlordiazepoxide", child)
    assert schedule(plan) == [(0, 10)] and plan.steps[0].how == "5 mg capsule twice a day"
    with pytest.raises(plans.PlanError, match="beyond its starting dose of 10 mg/day"):
        titrate_for("chlordiazepoxide", child, "20")
    assert schedule(titrate_for("chlordiazepoxide", safety.Patient(age=40))) == [(0, 15)]
    found = safety.check(
        regimen=[safety.Item(drug("chlordiazepoxide"), None, Decimal(40))],
        patient=child,
        formulary=FORMULARY,
    )
    assert any("maximum of 30 mg/day (age under 18)" in f.summary for f in found)


# A contraindication the checker finds, with a co-medication (FOCALIN with an MAOI: hypertensive
# crisis) or for the patient (MARPLAN in severe renal impairment), leaves no plan to follow.
def test_a_contraindication_refuses_the_plan() -> None:
    with pytest.raises(
        plans.PlanError, match=r"contraindication \(dexmethylphenidate with phenelzine"
    ):
        plans.titration(
            drug=drug("dexmethylphenidate"),
            with_drugs=[drug("phenelzine")],
            target_mg=Decimal(10),
            formulary=FORMULARY,
        )
    with pytest.raises(plans.PlanError, match=r"contraindication .*severe renal impairment"):
        titrate_for("isocarboxazid", safety.Patient(egfr=Decimal(25)), "20")
    assert schedule(titrate_for("isocarboxazid", safety.Patient(egfr=Decimal(40)), "20"))
    # Nor does a switch into it fall back on the label's start alone, and a cross-taper never
    # gives two drugs together that must not be (ORAP and ZOLOFT: pimozide with sertraline).
    with pytest.raises(plans.Contraindicated, match="severe renal impairment"):
        switch_from_sertraline("isocarboxazid", safety.Patient(egfr=Decimal(25)))
    with pytest.raises(plans.Contraindicated, match="no cross-taper: pimozide with sertraline"):
        switch_from_sertraline("pimozide", safety.Patient(age=40))


# Haloperidol tablets label, children 3-12 (15-40 kg): 0.5 mg/day, rises of 0.5 mg at 5-7 day
# intervals, at most 0.15 mg/kg/day in psychotic disorders. Adolescents have no schedule of
# their own in the label, so they are not planned.
def test_a_childs_haloperidol_starts_at_half_a_milligram() -> None:
    child = safety.Patient(age=8, weight_kg=Decimal(25))
    plan = titrate_for("haloperidol", child, "3")
    assert schedule(plan) == [
        (0, Decimal("0.5")),
        (7, 1),
        (14, Decimal("1.5")),
        (21, 2),
        (28, Decimal("2.5")),
        (35, 3),
    ]
    with pytest.raises(plans.PlanError, match=r"maximum of 3.8 mg/day .*0.15 mg/kg at 25 kg"):
        titrate_for("haloperidol", child, "4")
    without_weight = titrate_for("haloperidol", safety.Patient(age=8), "2")
    assert "If age under 13: at most 0.15 mg/kg/day" in " ".join(without_weight.warnings)
    with pytest.raises(plans.PlanError, match="plan the doses by hand"):
        titrate_for("haloperidol", safety.Patient(age=15), "2")


# RISPERDAL's pediatric schedules differ by indication and, in autism, by weight: the plan takes
# the slowest, by weight band (0.25 mg under 20 kg, 0.5 mg from 20 kg; after 4 days 0.5 or 1 mg,
# then rises of 0.25 or 0.5 mg at least 2 weeks apart); without the weight it asks for it.
def test_a_childs_risperidone_follows_the_weight_band_schedule() -> None:
    small = titrate_for("risperidone", safety.Patient(age=8, weight_kg=Decimal(18)), "1")
    assert schedule(small) == [
        (0, Decimal("0.25")),
        (4, Decimal("0.5")),
        (18, Decimal("0.75")),
        (32, 1),
    ]
    larger = titrate_for("risperidone", safety.Patient(age=12, weight_kg=Decimal(40)), "2")
    assert schedule(larger) == [(0, Decimal("0.5")), (4, 1), (18, Decimal("1.5")), (32, 2)]
    with pytest.raises(plans.PlanError, match=r"depends on body weight: give the weight"):
        titrate_for("risperidone", safety.Patient(age=12), "2")
    with pytest.raises(plans.PlanError, match=r"maximum of 6 mg/day .* \(age under 18\)"):
        titrate_for("risperidone", safety.Patient(age=15, weight_kg=Decimal(60)), "8")


# The SSRIs' own schedules for children: ZOLOFT Table 1, OCD at 6-12 starts at 25 mg (13-17 and
# adults at 50 mg), rises of 25-50 mg once a week; PROZAC, 10 mg then 20 mg after 1 week
# (depression) or 2 weeks (OCD), the plan taking the slower and stopping at 20 mg; LEXAPRO,
# adolescents 10 mg and 20 mg only after at least 3 weeks (adults after 1).
def test_a_childs_ssri_follows_the_labels_pediatric_schedule() -> None:
    assert schedule(titrate_for("sertraline", safety.Patient(age=10), "75")) == [
        (0, 25),
        (7, 50),
        (14, 75),
    ]
    assert schedule(titrate_for("sertraline", safety.Patient(age=15), "100")) == [(0, 50), (7, 100)]
    assert schedule(titrate_for("fluoxetine", safety.Patient(age=12), "20")) == [(0, 10), (14, 20)]
    with pytest.raises(plans.PlanError, match="schedule ends at 20 mg/day"):
        titrate_for("fluoxetine", safety.Patient(age=12), "40")
    # LUVOX: 25 mg at bedtime, rises of 25 mg every 4-7 days; at most 200 mg/day up to 11.
    assert schedule(titrate_for("fluvoxamine", safety.Patient(age=10), "75")) == [
        (0, 25),
        (4, 50),
        (8, 75),
    ]
    with pytest.raises(plans.PlanError, match=r"maximum of 200 mg/day .* \(age under 12\)"):
        titrate_for("fluvoxamine", safety.Patient(age=10), "250")
    # ANAFRANIL at 10-17: 25 mg, raised gradually, at most 3 mg/kg or 200 mg, whichever is less.
    child = safety.Patient(age=12, weight_kg=Decimal(30))
    assert schedule(titrate_for("clomipramine", child, "75")) == [(0, 25), (7, 50), (14, 75)]
    with pytest.raises(plans.PlanError, match=r"maximum of 90 mg/day .*3 mg/kg at 30 kg"):
        titrate_for("clomipramine", child, "100")
    assert schedule(titrate_for("escitalopram", safety.Patient(age=15), "20")) == [
        (0, 10),
        (21, 20),
    ]
    assert schedule(titrate("escitalopram", target="20")) == [(0, 10), (7, 20)]
    assert any(
        w.startswith("If age under 18: the label's schedule starts at 10 mg/day, rises of 10 mg")
        for w in titrate("escitalopram", target="20").warnings
    )


# A titration kept to one product (`sertraline:oral_solution`) measures every step in it; a
# schedule is not moved to another product: DEPAKOTE's are not DEPAKOTE ER's, and lithium's
# rises by levels are not its extended-release tablets' (the schedule names no product, so it
# is the immediate-release one's). The product's own maximum holds (clozapine's 12.5 mg start
# needs the ODT).
def test_a_titration_in_one_form_stays_in_it() -> None:
    def in_form(name: str, form: str, target: str) -> plans.Plan:
        return plans.titration(
            drug=drug(name),
            with_drugs=[],
            target_mg=Decimal(target),
            formulary=FORMULARY,
            form=form,
        )

    solution = in_form("sertraline", "oral_solution", "100")
    assert [s.how for s in solution.steps] == [
        "2.5 mL of the 20 mg/mL oral solution a day",
        "5 mL of the 20 mg/mL oral solution a day",
    ]
    assert schedule(in_form("methylphenidate", "tablet_er", "36")) == [(0, 18), (7, 36)]
    for name, form, words in [
        ("valproate", "tablet_er", "is for the delayed-release tablet; there is none for"),
        ("lithium", "tablet_er", "is for the immediate-release forms"),
        ("clozapine", "tablet", "12.5 mg/day of clozapine cannot be given with its tablets"),
        ("sertraline", "patch", "no sourced patch strengths for sertraline"),
    ]:
        with pytest.raises(plans.PlanError, match=words):
            in_form(name, form, "100")


# A product with a schedule of its own follows it (EFFEXOR XR label: 75 mg, rises of up to
# 75 mg/day no sooner than every 4 days; FOCALIN XR: adults 10 mg and children 5 mg, weekly
# rises of as much; ADDERALL XR: 10 mg at 6-12 rising weekly, 10 mg alone at 13-17, 20 mg in
# adults; RITALIN: 5 mg twice daily from 6, weekly rises of 5-10 mg), and a drug that comes in
# one product only plans in it whether it is named or not.
def test_a_product_follows_its_own_schedule() -> None:
    def in_form(name: str, form: str | None, target: str, age: int | None = None) -> plans.Plan:
        return plans.titration(
            drug=drug(name),
            with_drugs=[],
            target_mg=Decimal(target),
            formulary=FORMULARY,
            patient=None if age is None else safety.Patient(age=age),
            form=form,
        )

    effexor_xr = in_form("venlafaxine", "capsule_er", "225")
    assert schedule(effexor_xr) == [(0, 75), (4, 150), (8, 225)]
    assert all("extended-release capsule" in s.how for s in effexor_xr.steps)
    assert "tablet" in in_form("venlafaxine", None, "150").steps[0].how  # the usual product
    assert schedule(in_form("dexmethylphenidate", "capsule_er", "30")) == [
        (0, 10),
        (7, 20),
        (14, 30),
    ]
    child = in_form("dexmethylphenidate", "capsule_er", "15", age=9)
    assert schedule(child) == [(0, 5), (7, 10), (14, 15)]
    assert schedule(in_form("amphetamine", "capsule_er", "20", age=8)) == [
        (0, 10),
        (7, 15),
        (14, 20),
    ]
    assert schedule(in_form("amphetamine", "capsule_er", "10", age=15)) == [(0, 10)]
    assert schedule(in_form("amphetamine", "capsule_er", "20")) == [(0, 20)]
    assert schedule(in_form("zolpidem", "tablet_er", "6.25")) == [(0, Decimal("6.25"))]
    # LAMICTAL's escalation in the product named: ODT and chewable dispersible tablets too.
    for form, words in [("odt", "orally disintegrating tablet"), ("tablet_chewable", "chewable")]:
        lamictal = plans.titration(
            drug=drug("lamotrigine"),
            with_drugs=[drug("valproate")],
            target_mg=Decimal(100),
            formulary=FORMULARY,
            form=form,
        )
        assert schedule(lamictal)[0] == (0, Decimal("12.5"))
        assert all(words in step.how for step in lamictal.steps), [s.how for s in lamictal.steps]
    tegretol_xr = in_form("carbamazepine", "tablet_er", "800")  # the tablets' pace, twice daily
    assert schedule(tegretol_xr) == [(0, 400), (7, 600), (14, 800)]
    assert tegretol_xr.steps[0].how == "200 mg extended-release tablet twice a day"
    seroquel_xr = in_form("quetiapine", "tablet_er", "300")  # its bipolar depression days
    assert schedule(seroquel_xr) == [(0, 50), (1, 100), (2, 200), (3, 300)]
    with pytest.raises(plans.PlanError, match="schedule ends at 300 mg/day"):
        in_form("quetiapine", "tablet_er", "600")
    paxil_cr = in_form("paroxetine", "tablet_er", "50")
    assert schedule(paxil_cr) == [(0, 25), (7, Decimal("37.5")), (14, 50)]
    older = in_form("paroxetine", "tablet_er", "50", age=70)  # PAXIL CR: 12.5 mg, at most 50
    assert schedule(older)[:2] == [(0, Decimal("12.5")), (7, 25)]
    # A plan in one product keeps to its maxima and rules, not another product's.
    with pytest.raises(plans.PlanError, match="maximum of 40 mg/day for this patient"):
        in_form("paroxetine", None, "50", age=70)
    focalin = in_form("dexmethylphenidate", None, "10")
    assert not any("extended-release" in warning for warning in focalin.warnings)
    for args, words in [
        (("amphetamine", "capsule_er", "20", 15), "beyond its starting dose of 10 mg/day"),
        (("amphetamine", "capsule_er", "30", None), "beyond its starting dose of 20 mg/day"),
        # Approved from 3 as tablets; ADDERALL XR's schedules start at 6.
        (("amphetamine", "capsule_er", "10", 5), "schedule is for adults; for a patient of 5"),
        (("dexmethylphenidate", "capsule_er", "35", 12), "maximum of 30 mg/day for this patient"),
        # RITALIN's label doses children from 6 and gives adults no start or step.
        (("methylphenidate", "tablet", "20", 30), "for age under 18; there is none for this"),
        (
            ("methylphenidate", "tablet", "20", None),
            r"for age under 18; give the patient's age \(--age\)",
        ),
    ]:
        with pytest.raises(plans.PlanError, match=words):
            in_form(*args)
    ritalin = in_form("methylphenidate", "tablet", "20", age=9)
    assert schedule(ritalin) == [(0, 10), (7, 15), (14, 20)]
    assert ritalin.steps[0].how == "5 mg tablet twice a day"
    # Its liquid divides the day too, into doses a syringe measures (0.1 mL).
    assert in_form("methylphenidate", "oral_solution", "15", age=9).steps[1].how == (
        "two doses a day: 3.8 mL of the 2 mg/mL oral solution, "
        "and 3.7 mL of the 2 mg/mL oral solution"
    )
    for name, form, target in [
        ("duloxetine", "capsule_dr", "60"),
        ("paliperidone", "tablet_er", "9"),
        ("levomilnacipran", "capsule_er", "80"),
        ("selegiline", "patch", "9"),
    ]:
        assert in_form(name, form, target) == in_form(name, None, target)


# A plan in a drug's usual product keeps to that product's own maximum even where another
# product of the drug has a higher one and no cap is general (AMBIEN 10 mg, AMBIEN CR 12.5 mg):
# a made-up sertraline with only per-product caps shows it with a schedule to follow.
def test_a_plan_in_the_usual_product_keeps_to_its_own_maximum() -> None:
    base = drug("sertraline")
    (general,) = [lim for lim in base.limits if lim.max_mg is not None and not lim.when]
    caps = (
        dataclasses.replace(general, max_mg=Decimal(100), form="tablet"),
        dataclasses.replace(general, max_mg=Decimal(100), form="oral_solution"),
        dataclasses.replace(general, max_mg=Decimal(200), form="tablet_er"),
    )
    er = dataclasses.replace(base.forms[0], form="tablet_er", strengths_mg=(Decimal(100),))
    split = dataclasses.replace(base, limits=caps, forms=(*base.forms, er))
    with pytest.raises(plans.PlanError, match="maximum of 100 mg/day"):
        plans.titration(drug=split, with_drugs=[], target_mg=Decimal(150), formulary=FORMULARY)


# Beers 2023: avoid two or more strongly anticholinergic drugs at 65 and over. A cross-taper
# from paroxetine to amitriptyline overlaps two of them, so the switch says so for a patient of
# 70, and not without the age; what one drug alone means stays with that drug's plan.
def test_a_switch_judges_the_overlap_for_the_patient() -> None:
    def overlap(patient: safety.Patient | None) -> list[str]:
        return [
            w
            for w in plans.switch(
                from_drug=drug("paroxetine"),
                from_mg=Decimal(20),
                to_drug=drug("amitriptyline"),
                target_mg=None,
                formulary=FORMULARY,
                patient=patient,
            ).warnings
            if w.startswith("While both are taken")
        ]

    older = overlap(safety.Patient(age=70))
    assert any("2 strongly anticholinergic drugs at age 70" in w for w in older)
    assert not any("anticholinergic" in w for w in overlap(None))
    assert all("amitriptyline" in w and "paroxetine" in w for w in older if "sodium" in w)


# BUSPAR: not recommended in severe renal impairment. The plan is made, and says so first among
# the findings for this patient; without the patient it says only "If ..." for the liver.
def test_a_titration_for_a_patient_carries_their_findings() -> None:
    plan = titrate_for("buspirone", safety.Patient(egfr=Decimal(20)), "30")
    assert any(
        w.startswith("For this patient (major): buspirone: not recommended in severe renal")
        for w in plan.warnings
    )
    assert not any(
        w.startswith("For this patient") for w in titrate("buspirone", target="30").warnings
    )


# STRATTERA 2.5 and 2.2: in CYP2D6 poor metabolisers 40 mg for 4 weeks before 80 mg; half the
# doses in Child-Pugh B, a quarter in C. LAMICTAL: lower doses in moderate and severe hepatic
# impairment (one rule for both, said once). ZOLOFT/CPIC: at most 75 mg/day for a CYP2C19 poor
# metaboliser, which a plan stopping at 50 mg does not need to mention. STRATTERA 2.1:
# children and adolescents up to 70 kg start at about 0.5 mg/kg, not the adult 40 mg.
def test_a_titration_says_which_patients_need_another_schedule() -> None:
    atomoxetine = titrate("atomoxetine", target="100").warnings
    assert any(
        w.startswith("If CYP2D6 poor metaboliser: start at 40 mg/day") and "4 weeks" in w
        for w in atomoxetine
    )
    assert any(w.startswith("If Child-Pugh class C:") and "quarter" in w for w in atomoxetine)
    assert any(w.startswith("If age under 18:") and "0.5 mg/kg" in w for w in atomoxetine)
    lamotrigine = [w for w in titrate("lamotrigine").warnings if "Child-Pugh" in w]
    assert len(lamotrigine) == 1
    assert lamotrigine[0].startswith("If Child-Pugh class B or Child-Pugh class C: lower")
    sertraline = titrate("sertraline", target="150").warnings
    assert any(w.startswith("If CYP2C19 poor metaboliser: at most 75 mg/day") for w in sertraline)
    assert not any("CYP2C19" in w for w in titrate("sertraline", target="50").warnings)


def switch_from_sertraline(name: str, patient: safety.Patient) -> plans.Switch:
    """A switch from sertraline 50 mg to `name` with no target: its start for the patient."""
    return plans.switch(
        from_drug=drug("sertraline"),
        from_mg=Decimal(50),
        to_drug=drug(name),
        target_mg=None,
        formulary=FORMULARY,
        patient=patient,
    )


def titrate_child(weight: str, *, age: int = 10, target: str | None = None) -> plans.Plan:
    return titrate_for("atomoxetine", safety.Patient(age=age, weight_kg=Decimal(weight)), target)


# STRATTERA 2.1: children and adolescents up to 70 kg start at about 0.5 mg/kg/day, raised after
# at least 3 days to about 1.2 mg/kg/day; capsules of 10, 18, 25, 40, 60, 80 and 100 mg. At 30 kg
# that is 15 mg (no capsule: 18 mg is nearest) then 36 mg (two 18 mg capsules), not the adult
# 40 mg start; over 70 kg the adult schedule applies.
def test_a_child_on_atomoxetine_starts_and_rises_by_body_weight() -> None:
    plan = titrate_child("30")
    assert schedule(plan) == [(0, 18), (3, 36)]
    assert plan.steps[1].how == "2 x 18 mg capsule a day"
    assert plan.warnings[0].startswith("Dosed by body weight (age under 18, up to 70 kg; 30 kg)")
    assert "(18 mg, 0.6 mg/kg)" in plan.warnings[0]
    assert not any(w.startswith("If age under 18") for w in plan.warnings)
    assert FORMULARY.source("strattera-pediatric-dosing").title in plan.sources
    assert schedule(titrate_child("30", target="25")) == [(0, 18), (3, 25)]
    assert schedule(titrate_child("20")) == [(0, 10), (3, 25)]  # 10 mg and 24 mg are "about"
    assert schedule(titrate_child("75", age=16, target="80")) == [(0, 40), (3, 80)]
    adult = titrate_for("atomoxetine", safety.Patient(age=30, weight_kg=Decimal(30)), "80")
    assert schedule(adult) == [(0, 40), (3, 80)]
    # The rule by weight is decided by the age alone here.
    eighteen = titrate_for("atomoxetine", safety.Patient(age=18), "80")
    assert not any(w.startswith("If age under 18") for w in eighteen.warnings)


def test_a_child_on_atomoxetine_is_not_planned_without_a_weight_or_above_the_label_target() -> None:
    child = safety.Patient(age=10)
    with pytest.raises(plans.PlanError, match=r"dosed by body weight for age under 18.*--weight"):
        titrate_for("atomoxetine", child, "40")
    with pytest.raises(plans.PlanError, match="--weight"):  # not the adult start as a fallback
        switch_from_sertraline("atomoxetine", child)
    with pytest.raises(plans.PlanError, match=r"above the .* label's target .* 36 mg/day at 30"):
        titrate_child("30", target="40")
    with pytest.raises(plans.PlanError, match="below the atomoxetine starting dose of 18"):
        titrate_child("30", target="10")


@settings(max_examples=80)
@given(
    weight=st.integers(min_value=15, max_value=70),
    age=st.integers(min_value=6, max_value=17),
    target=st.none() | st.integers(min_value=10, max_value=100),
)
def test_a_childs_atomoxetine_plan_keeps_to_the_label_by_weight(
    weight: int, age: int, target: int | None
) -> None:
    """About 0.5 then about 1.2 mg/kg/day (within half the 8 mg gap between the 10 and 18 mg
    capsules), never above 1.4 mg/kg or 100 mg, and the start never above the adult 40 mg."""
    try:
        plan = titrate_child(str(weight), age=age, target=None if target is None else str(target))
    except plans.PlanError as refused:
        assert target is not None and (
            "target" in str(refused) or "cannot be given" in str(refused)
        )
        return
    doses = [step.daily_dose_mg for step in plan.steps]
    assert doses == sorted(doses) and max(doses) <= min(Decimal("1.4") * weight, Decimal(100))
    assert abs(doses[0] - weight * Decimal("0.5")) <= 4 or doses[0] == 10
    assert doses[0] <= 40 and all(step.start_day in (0, 3) for step in plan.steps)
    if target is None:
        assert abs(doses[-1] - weight * Decimal("1.2")) <= 4 or doses[-1] == doses[0]
    else:
        assert doses[-1] == target


# GEODON 2.2: 20 mg twice daily, adjusted at intervals of not less than 2 days, at most 80 mg
# twice daily; the label gives no step, so each rise is one 20 mg capsule more per dose.
def test_ziprasidone_rises_a_capsule_per_dose_no_sooner_than_every_second_day() -> None:
    plan = titrate("ziprasidone", target="160")
    assert schedule(plan) == [(0, 40), (2, 80), (4, 120), (6, 160)]
    assert plan.steps[-1].how == "80 mg capsule twice a day"
    assert any("sets only the interval" in w for w in plan.warnings)
    with pytest.raises(plans.PlanError, match="maximum of 160"):
        titrate("ziprasidone", target="200")


# ORAP: 1-2 mg/day, raised every other day, in adults and children over 12; at most 0.2 mg/kg
# or 10 mg a day; CYP2D6 poor metabolisers at most 4 mg/day.
def test_pimozide_rises_1_mg_every_other_day_and_warns_above_4_mg() -> None:
    assert schedule(titrate("pimozide", target="4")) == [(0, 1), (2, 2), (4, 3), (6, 4)]
    assert not any("CYP2D6" in w for w in titrate("pimozide", target="4").warnings)
    six = titrate("pimozide", target="6").warnings
    assert any(w.startswith("If CYP2D6 poor metaboliser: at most 4 mg/day") for w in six)
    # The same start and pace for adults and children over 12, at most 0.2 mg/kg/day.
    teen = safety.Patient(age=14, weight_kg=Decimal(40))
    assert schedule(titrate_for("pimozide", teen, "6")) == schedule(titrate("pimozide", target="6"))
    with pytest.raises(plans.PlanError, match=r"maximum of 8 mg/day .*0.2 mg/kg at 40 kg"):
        titrate_for("pimozide", teen, "9")


# Carbamazepine tablets label (epilepsy): 200 mg twice a day, then up to 200 mg/day more at
# weekly intervals; EQUETRO's 1600 mg/day is the most studied. The boxed warning comes along.
def test_carbamazepine_rises_200_mg_a_week_and_names_its_boxed_warning() -> None:
    plan = titrate("carbamazepine", target="1000")
    assert schedule(plan) == [(0, 400), (7, 600), (14, 800), (21, 1000)]
    assert any("HLA-B*1502" in w for w in plan.warnings)
    with pytest.raises(plans.PlanError, match="maximum of 1600"):
        titrate("carbamazepine", target="1800")


# SEROQUEL PI 2: 50 mg on day 1, 300 mg by day 4 (the bipolar-depression days 1-4 also meet the
# schizophrenia rule of 25-50 mg rises per dose), then 25-50 mg twice daily, 2 days apart.
def test_quetiapine_follows_the_label_days_then_steps_two_days_apart() -> None:
    assert schedule(titrate("quetiapine", target="400")) == [
        (0, 50),
        (1, 100),
        (2, 200),
        (3, 300),
        (5, 350),
        (7, 400),
    ]


# ABILIFY PI 2.1: start 10 mg; increases not before 2 weeks.
def test_aripiprazole_rises_no_sooner_than_every_two_weeks() -> None:
    days = [day for day, _ in schedule(titrate("aripiprazole", target="30"))]
    assert days[0] == 0 and all(b - a >= 14 for a, b in itertools.pairwise(days))


# Lithium PI: start 300 mg three times daily; a trough level after 3-4 days, then twice weekly;
# the level decides each rise, so rises are no closer than the level checks.
def test_lithium_titration_is_guided_by_levels() -> None:
    plan = titrate("lithium", target="1800")
    assert schedule(plan)[0] == (0, 900) and schedule(plan)[-1][1] == 1800
    assert all(b - a >= 4 for a, b in itertools.pairwise(d for d, _ in schedule(plan)))
    assert all(b - a <= 300 for a, b in itertools.pairwise(mg for _, mg in schedule(plan)))
    assert any("trough" in w and "twice a week" in w for w in plan.warnings)
    assert all(plans.how_to_give(drug("lithium"), s.daily_dose_mg) for s in plan.steps)


def test_lithium_titration_needs_a_target_within_the_usual_acute_dose() -> None:
    with pytest.raises(plans.PlanError, match="set by serum levels"):
        titrate("lithium")
    with pytest.raises(plans.PlanError, match="usual acute dose"):
        titrate("lithium", target="2400")
    assert schedule(titrate("lithium", target="600")) == [(0, 600)]


# NICE CG185: stop lithium over at least 4 weeks, preferably up to 3 months.
def test_lithium_tapers_over_at_least_4_weeks_with_real_capsules() -> None:
    plan = plans.taper(
        drug=drug("lithium"), from_mg=Decimal(900), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert plan.steps[-1].daily_dose_mg == 0 and plan.steps[-1].start_day >= 28
    assert plan.steps[-1].start_day <= 12 * 7
    assert all("capsule" in step.how for step in plan.steps[:-1])


# FANAPT PI Table 1: 1, 2, 4, 6, 8, 10, 12 mg twice daily on days 1-7.
def test_iloperidone_follows_the_label_table_day_by_day() -> None:
    expected = [(day, Decimal(2 * mg)) for day, mg in enumerate([1, 2, 4, 6, 8, 10, 12])]
    assert schedule(titrate("iloperidone", target="24")) == expected


def test_a_label_schedule_stops_at_a_lower_target() -> None:
    assert schedule(titrate("Fanapt", target="12")) == [(0, 2), (1, 4), (2, 8), (3, 12)]


# REXULTI PI 2.2: 1 mg days 1-4, 2 mg days 5-7, 4 mg from day 8.
def test_brexpiprazole_follows_the_schizophrenia_schedule() -> None:
    assert schedule(titrate("brexpiprazole", target="4")) == [(0, 1), (4, 2), (7, 4)]


def test_a_target_beyond_a_schedule_without_a_sourced_step_is_refused() -> None:
    with pytest.raises(plans.PlanError, match="no sourced step"):
        titrate("cariprazine", target="6")


# INTUNIV PI 2.5 and KAPVAY PI: taper by no more than 1 mg (0.1 mg) every 3-7 days.
@pytest.mark.parametrize(
    ("name", "start", "step"), [("guanfacine", "4", "1"), ("clonidine", "0.4", "0.1")]
)
def test_alpha2_agonists_taper_by_at_most_the_label_step(name: str, start: str, step: str) -> None:
    plan = plans.taper(
        drug=drug(name), from_mg=Decimal(start), to_mg=Decimal(0), formulary=FORMULARY
    )
    doses = [s.daily_dose_mg for s in plan.steps]
    days = [s.start_day for s in plan.steps]
    assert doses[0] == Decimal(start) and doses[-1] == 0
    assert all(0 < a - b <= Decimal(step) for a, b in itertools.pairwise(doses))
    assert all(later - earlier >= 3 for earlier, later in itertools.pairwise(days))
    assert any("rebound" in warning.lower() for warning in plan.warnings)


# Switching: UKMi Q&A 150.5 and NHS GGC switching guidance (cross-taper at each drug's own
# pace); the Prozac label (5 weeks after fluoxetine before an MAOI).
def switch(
    from_name: str, from_mg: str, to: formulary.model.Drug, target: str | None
) -> plans.Switch:
    return plans.switch(
        from_drug=drug(from_name),
        from_mg=Decimal(from_mg),
        to_drug=to,
        target_mg=None if target is None else Decimal(target),
        formulary=FORMULARY,
    )


def test_a_cross_taper_starts_the_new_drug_on_the_day_of_the_first_reduction() -> None:
    plan = switch("paroxetine", "20", drug("sertraline"), "100")
    assert plan.cross_taper
    first_cut, *_, stopped = plan.stop.steps
    assert (first_cut.start_day, plan.start.steps[0].start_day) == (0, 0)
    assert first_cut.daily_dose_mg < 20 and stopped.daily_dose_mg == 0
    assert plan.start.steps[-1].daily_dose_mg == 100
    # The checker's finding for the overlap travels with the plan.
    assert any("serotonergic" in warning for warning in plan.warnings)


# The medicines taken throughout choose the new drug's schedule as for a titration: LAMICTAL's
# escalation with valproate (half doses, to 100 mg), not its escalation alone.
def test_a_switch_titrates_the_new_drug_on_the_schedule_its_co_medications_call_for() -> None:
    alone = switch("sertraline", "100", drug("lamotrigine"), "100")
    with_valproate = plans.switch(
        from_drug=drug("sertraline"),
        from_mg=Decimal(100),
        to_drug=drug("lamotrigine"),
        target_mg=Decimal(100),
        formulary=FORMULARY,
        with_drugs=[drug("divalproex")],
    )
    assert schedule(alone.start) == [(0, 25), (14, 50), (28, 100)]
    assert schedule(with_valproate.start) == [(0, Decimal("12.5")), (14, 25), (28, 50), (35, 100)]


def test_a_switch_between_antipsychotics_carries_the_duplication_caution() -> None:
    plan = switch("risperidone", "4", drug("paliperidone"), "6")
    assert plan.cross_taper and plan.stop.steps[-1].daily_dose_mg == 0
    assert any("antipsychotic" in warning for warning in plan.warnings)


def test_a_switch_into_an_maoi_waits_out_the_washout_instead_of_overlapping() -> None:
    base = drug("sertraline")  # an MAOI with plannable strengths, for the calendar logic
    maoi = dataclasses.replace(
        base, name="test-maoi", properties={**base.properties, "mao_inhibitor": "prozac-label"}
    )
    plan = switch("fluoxetine", "20", maoi, "100")
    assert not plan.cross_taper
    stopped_on = plan.stop.steps[-1].start_day
    assert plan.stop.steps[0] == plans.Step(0, Decimal(20), "20 mg capsule a day")
    assert plan.start.steps[0].start_day == stopped_on + 35  # PROZAC PI: 5 weeks


SWITCHABLE = sorted(
    name for name in FORMULARY.drugs if drug(name).start and drug(name).start.value is not None
)


@settings(max_examples=400)
@given(pair=st.lists(st.sampled_from(SWITCHABLE), min_size=2, max_size=2, unique=True))
def test_a_cross_taper_never_gives_together_what_the_checker_contraindicates(
    pair: list[str],
) -> None:
    """Every switch the planner makes either waits out a washout or overlaps two drugs the
    checker does not contraindicate together."""
    first, second = map(drug, pair)
    assert first.start is not None and first.start.value is not None
    try:
        plan = plans.switch(
            from_drug=first,
            from_mg=first.start.value,
            to_drug=second,
            target_mg=None,
            formulary=FORMULARY,
        )
    except plans.PlanError as refused:
        assert str(refused)
        return
    together = safety.check(
        regimen=[safety.Item(first), safety.Item(second)],
        patient=safety.Patient(),
        formulary=FORMULARY,
    )
    contraindicated = [f for f in together if f.severity is safety.Severity.CONTRAINDICATED]
    assert not (plan.cross_taper and contraindicated), contraindicated
    if not plan.cross_taper:  # the new drug starts after the first has stopped
        assert plan.start.steps[0].start_day > plan.stop.steps[-1].start_day


# A drug whose label contraindicates it with an MAOI though it is not serotonergic waits out the
# washout too (WELLBUTRIN: 14 days after an MAOI, and the MAOI not within 14 days of bupropion;
# methylphenidate 14 days after an MAOI), as the checker reads it, and cites both labels.
@pytest.mark.parametrize(
    ("from_name", "from_mg", "to_name", "source"),
    [
        ("phenelzine", "45", "bupropion", "WELLBUTRIN"),
        ("bupropion", "150", "isocarboxazid", "WELLBUTRIN"),
        ("phenelzine", "45", "methylphenidate", "methylphenidate"),
    ],
)
def test_a_switch_around_an_maoi_waits_for_a_drug_its_label_contraindicates(
    from_name: str, from_mg: str, to_name: str, source: str
) -> None:
    plan = switch(from_name, from_mg, drug(to_name), None)
    assert not plan.cross_taper
    assert plan.start.steps[0].start_day == plan.stop.steps[-1].start_day + 14
    assert any(source in title for title in plan.stop.sources)


def test_a_switch_needing_an_unsourced_washout_or_to_itself_is_refused() -> None:
    base = drug("sertraline")
    maoi = dataclasses.replace(
        base, name="test-maoi", properties={**base.properties, "mao_inhibitor": "prozac-label"}
    )
    with pytest.raises(plans.PlanError, match="no sourced washout"):
        switch("amitriptyline", "100", maoi, "100")
    with pytest.raises(plans.PlanError, match="to itself"):
        switch("sertraline", "100", drug("Zoloft"), "100")


def test_a_dose_is_given_with_the_fewest_units_then_the_fewest_strengths() -> None:
    # Within the first form that can give it (one product through a plan), so 800 mg stays in
    # capsules rather than switching to the 800 mg tablet.
    gabapentin = drug("gabapentin")
    assert plans.how_to_give(gabapentin, Decimal(900)) == "3 x 300 mg capsule a day"
    assert plans.how_to_give(gabapentin, Decimal(800)) == "2 x 400 mg capsule a day"


# NEURONTIN (postherpetic neuralgia): 300, 600, 900 mg on days 1-3; no sourced step after it.
def test_gabapentin_follows_the_label_days_and_stops_there() -> None:
    assert schedule(titrate("gabapentin", target="900")) == [(0, 300), (1, 600), (2, 900)]
    with pytest.raises(plans.PlanError, match="no sourced step beyond it"):
        titrate("gabapentin", target="1800")


# LYRICA: 150 mg/day to start, 300 mg/day within 1 week; up to 600 mg/day after 2 to 4 weeks
# at 300 mg/day without enough relief (postherpetic neuralgia), 450 at most for fibromyalgia.
def test_pregabalin_reaches_300_mg_in_a_week() -> None:
    assert schedule(titrate("pregabalin", target="300")) == [(0, 150), (7, 300)]


@pytest.mark.parametrize("target", [450, 600])
def test_pregabalin_above_300_mg_waits_two_weeks_at_300(target: int) -> None:
    plan = titrate("pregabalin", target=str(target))
    assert schedule(plan) == [(0, 150), (7, 300), (21, target)]
    assert any("2 to 4 weeks" in w and "diabetic neuropathic pain" in w for w in plan.warnings)


# TRILEPTAL: 600 mg/day to start, rises of 300 mg/day every third day (monotherapy initiation).
def test_oxcarbazepine_rises_every_third_day() -> None:
    assert schedule(titrate("oxcarbazepine", target="1200")) == [(0, 600), (3, 900), (6, 1200)]


# VYVANSE 2.1-2.2: 30 mg each morning, rises of 10 or 20 mg about weekly (the planner takes 10),
# at most 70 mg; one whole capsule a day, never divided.
def test_lisdexamfetamine_rises_weekly_in_whole_capsules() -> None:
    plan = titrate("lisdexamfetamine", target="70")
    assert schedule(plan) == [(0, 30), (7, 40), (14, 50), (21, 60), (28, 70)]
    assert all("half" not in step.how and "+" not in step.how for step in plan.steps)
    with pytest.raises(plans.PlanError):
        titrate("lisdexamfetamine", target="80")


# STRATTERA: 40 mg, then about 80 mg after at least 3 days, then up to 100 mg after 2 to 4 more
# weeks; capsules swallowed whole.
def test_atomoxetine_follows_the_label_days() -> None:
    plan = titrate("atomoxetine", target="100")
    assert schedule(plan) == [(0, 40), (3, 80), (17, 100)]
    assert plan.steps[0].how == "40 mg capsule a day"


# A co-medication the label doses differently: its cap bounds the target, and a change the
# schedule cannot encode (atomoxetine held at 40 mg for 4 weeks with a strong CYP2D6
# inhibitor; aripiprazole at half the usual dose) refuses the plan with the label's words
# instead of printing the usual one. A cap that is a plain maximum (citalopram 20 mg with a
# CYP2C19 inhibitor) only bounds the target.
def test_a_co_medication_cap_bounds_the_target() -> None:
    with pytest.raises(plans.PlanError, match="maximum of 15 mg/day with fluoxetine"):
        titrate("aripiprazole", with_=("fluoxetine",), target="20")
    with pytest.raises(plans.PlanError, match="Give half the usual aripiprazole dose"):
        titrate("aripiprazole", with_=("fluoxetine",), target="15")
    with pytest.raises(plans.PlanError, match="maximum of 20 mg/day with omeprazole"):
        titrate("citalopram", with_=("omeprazole",), target="40")
    assert schedule(titrate("citalopram", with_=("omeprazole",), target="20"))[-1][1] == 20


def test_label_advice_for_a_co_medication_replaces_the_usual_schedule() -> None:
    with pytest.raises(plans.PlanError, match="after 4 weeks"):
        titrate("atomoxetine", with_=("paroxetine",), target="80")
    assert titrate("atomoxetine", with_=("sertraline",), target="80").steps


# PARNATE 2.1: 30 mg/day, rises of 10 mg/day every 1 to 3 weeks, at most 60 mg/day.
def test_tranylcypromine_rises_10_mg_a_week_at_the_fastest() -> None:
    plan = titrate("tranylcypromine", target="60")
    assert schedule(plan) == [(0, 30), (7, 40), (14, 50), (21, 60)]
    assert plan.steps[0].how == "3 x 10 mg tablet a day"


# BUSPAR: 15 mg/day, then 5 mg/day more at intervals of 2 to 3 days, at most 60 mg/day.
def test_buspirone_rises_5_mg_every_second_day() -> None:
    assert schedule(titrate("buspirone", target="30")) == [(0, 15), (2, 20), (4, 25), (6, 30)]


# VIIBRYD: 10 mg for 7 days, 20 mg, then 40 mg after at least 7 more days.
def test_vilazodone_follows_the_label_weeks() -> None:
    assert schedule(titrate("vilazodone", target="40")) == [(0, 10), (7, 20), (14, 40)]


# EMSAM: 6 mg/24 hours, rises of 3 mg/24 hours at least 2 weeks apart, at most 12; the plan
# carries the label's tyramine advice for 9 and 12 mg/24 hours.
def test_selegiline_patch_titration_says_what_to_watch() -> None:
    plan = titrate("selegiline", target="12")
    assert schedule(plan) == [(0, 6), (14, 9), (28, 12)]
    assert plan.steps[1].how == "9 mg patch a day"
    assert any("tyramine" in warning for warning in plan.warnings)


# MARPLAN: 10 mg twice daily, 10 mg more every 2 to 4 days to 40 mg by the end of the first
# week, then up to 20 mg a week to at most 60 mg.
def test_isocarboxazid_follows_the_label_then_weekly_rises() -> None:
    plan = titrate("isocarboxazid", target="60")
    assert schedule(plan) == [(0, 20), (2, 30), (4, 40), (11, 60)]
    assert "day by day, then at least 7 days between rises" in " ".join(plan.warnings)


# PAXIL tablets (10 and 20 mg scored, 30, 40) give the first steps; 10 mg rises a week apart.
def test_paroxetine_tablets_and_weekly_rises() -> None:
    assert schedule(titrate("paroxetine", target="40")) == [(0, 20), (7, 30), (14, 40)]
    taper = plans.taper(
        drug=drug("paroxetine"), from_mg=Decimal(40), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert [step.how for step in taper.steps[:2]] == ["40 mg tablet a day", "30 mg tablet a day"]


# CONCERTA: adults 18 or 36 mg once daily, 18 mg more at weekly intervals, at most 72 mg. The
# label's start names the product, so the plan stays in extended-release tablets.
def test_methylphenidate_titrates_in_extended_release_tablets() -> None:
    plan = titrate("methylphenidate", target="72")
    assert schedule(plan) == [(0, 18), (7, 36), (14, 54), (21, 72)]
    assert all("extended-release tablet" in step.how for step in plan.steps)
    with pytest.raises(plans.PlanError, match="cannot be given"):
        titrate("methylphenidate", target="70")


# ADDERALL: 5 mg, rises of 5 mg at weekly intervals, in immediate-release tablets (the start's
# product), rarely above 40 mg/day.
def test_amphetamine_rises_5_mg_a_week_in_tablets() -> None:
    plan = titrate("amphetamine", target="20")
    assert schedule(plan) == [(0, 5), (7, 10), (14, 15), (21, 20)]
    assert all(step.how.endswith("mg tablet a day") for step in plan.steps)
    with pytest.raises(plans.PlanError, match="maximum of 40"):
        titrate("amphetamine", target="50")


# FOCALIN: 2.5 mg twice daily, adjusted in 2.5-5 mg steps weekly (the planner takes 2.5), at
# most 20 mg/day as tablets.
def test_dexmethylphenidate_rises_in_small_weekly_steps() -> None:
    assert schedule(titrate("dexmethylphenidate", target="10")) == [(0, 5), (7, 7.5), (14, 10)]
    with pytest.raises(plans.PlanError, match="maximum of 20"):
        titrate("dexmethylphenidate", target="25")


# RESTORIL capsules (7.5-30 mg) and LIBRIUM capsules (5, 10, 25 mg) make their tapers givable.
@pytest.mark.parametrize(("name", "start"), [("temazepam", 30), ("chlordiazepoxide", 75)])
def test_more_benzodiazepines_can_be_tapered(name: str, start: int) -> None:
    plan = plans.taper(
        drug=drug(name), from_mg=Decimal(start), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert plan.steps[-1].daily_dose_mg == 0
    assert all("capsule" in step.how for step in plan.steps[:-1])


# Within the pace, the simplest doses: diazepam, taken twice a day, steps to doses that split
# into two equal doses rather than uneven ones of several different tablets.
def test_a_taper_prefers_doses_that_are_simple_to_take() -> None:
    plan = plans.taper(
        drug=drug("diazepam"), from_mg=Decimal(30), to_mg=Decimal(10), formulary=FORMULARY
    )
    assert plan.steps[-1].daily_dose_mg == 10
    assert all(step.how.endswith("twice a day") for step in plan.steps)
    assert max(cuts_per_period(plan, days=14)) <= Decimal("0.25")


# Coarse strengths: a gentler givable cut at the usual 4-week pace beats a bigger cut stretched
# over twice as long (clomipramine 75 mg: to 50 mg, not to 25 mg over 8 weeks).
def test_a_taper_prefers_a_gentler_givable_cut() -> None:
    plan = plans.taper(
        drug=drug("clomipramine"), from_mg=Decimal(75), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert schedule(plan)[:3] == [(0, 75), (28, 50), (56, 25)]


# RISPERDAL: 2 mg/day, rises of 1-2 mg/day at least 24 hours apart (the planner takes 1 mg).
def test_risperidone_rises_daily_in_1_mg_steps() -> None:
    plan = titrate("risperidone", target="4")
    assert schedule(plan) == [(0, 2), (1, 3), (2, 4)]
    assert "at least 1 day between rises" in " ".join(plan.warnings)


# ZYPREXA: 10 mg/day, then 5 mg steps no sooner than weekly, at most 20 mg/day.
def test_olanzapine_rises_5_mg_a_week() -> None:
    assert schedule(titrate("olanzapine", target="20")) == [(0, 10), (7, 15), (14, 20)]


# WELLBUTRIN XL: 150 mg, 300 mg from day 4; 450 mg only "after several weeks", so no planned step.
def test_bupropion_xl_follows_the_label_days_and_stops_at_300() -> None:
    plan = titrate("bupropion", target="300")
    assert schedule(plan) == [(0, 150), (4, 300)]
    assert all("extended-release tablet" in step.how for step in plan.steps)
    with pytest.raises(plans.PlanError, match="no sourced step beyond it"):
        titrate("bupropion", target="450")


# DESYREL: 150 mg/day, rises of 50 mg/day every 3 to 4 days, at most 400 mg/day (outpatients).
def test_trazodone_rises_50_mg_every_third_day() -> None:
    plan = titrate("trazodone", target="300")
    assert schedule(plan) == [(0, 150), (3, 200), (6, 250), (9, 300)]


# CYMBALTA: 30 mg for a week (2 weeks at 65 and over and at 7-17), then 60 mg; above 60 mg,
# rises of 30 mg with no interval given, so they wait the generic antidepressant 2 weeks.
def test_duloxetine_starts_at_30_mg_for_a_week_and_rises_30_mg_every_2_weeks_above_60() -> None:
    usual = titrate("duloxetine", target="60")
    assert schedule(usual) == [(0, 30), (7, 60)]
    assert not any("no interval" in w or "at least 14 days" in w for w in usual.warnings)
    assert not any("Therapeutic Guidelines" in source for source in usual.sources)
    higher = titrate("duloxetine", target="120")
    assert schedule(higher) == [(0, 30), (7, 60), (21, 90), (35, 120)]
    assert "rises of 30 mg but no interval" in higher.warnings[0]
    assert any("Therapeutic Guidelines" in source for source in higher.sources)
    for patient in (safety.Patient(age=70), safety.Patient(age=12)):
        assert schedule(titrate_for("duloxetine", patient, "120")) == [
            (0, 30),
            (14, 60),
            (28, 90),
            (42, 120),
        ]


# Buprenorphine sublingual tablets, section 2: supervised induction 8 mg on day 1 and 16 mg on
# day 2 (the maintenance target), with 2 and 8 mg tablets; no interval is given beyond it.
def test_buprenorphine_induction_is_8_then_16_mg_with_sublingual_tablets() -> None:
    plan = titrate("buprenorphine", target="16")
    assert schedule(plan) == [(0, 8), (1, 16)]
    assert all("sublingual tablet" in step.how for step in plan.steps)
    with pytest.raises(plans.PlanError, match="no sourced step beyond it"):
        titrate("buprenorphine", target="24")


# FETZIMA PI 2.1: 20 mg for 2 days, then 40 mg; rises of 40 mg at intervals of 2 or more days.
def test_levomilnacipran_follows_the_label_days_then_40_mg_rises() -> None:
    plan = titrate("levomilnacipran", target="120")
    assert schedule(plan) == [(0, 20), (2, 40), (4, 80), (6, 120)]
    assert all("extended-release capsule" in step.how for step in plan.steps)


# FETZIMA PI 2.3 and 7: at most 80 mg/day with a strong CYP3A4 inhibitor.
def test_levomilnacipran_with_a_strong_cyp3a4_inhibitor_stops_at_80_mg() -> None:
    assert schedule(titrate("levomilnacipran", with_=("clarithromycin",), target="80"))[-1] == (
        4,
        80,
    )
    with pytest.raises(plans.PlanError, match="80 mg/day"):
        titrate("levomilnacipran", with_=("clarithromycin",), target="120")


# XANAX (panic disorder): 0.5 mg three times daily, rises of at most 1 mg/day every 3 to 4 days.
def test_alprazolam_rises_at_most_1_mg_every_third_day() -> None:
    assert schedule(titrate("alprazolam", target="4")) == [(0, 1.5), (3, 2.5), (6, 3.5), (9, 4)]


# KLONOPIN (panic disorder): 0.25 mg twice daily, 1 mg/day after 3 days, then 0.25 mg twice daily
# every 3 days.
def test_clonazepam_reaches_1_mg_on_day_3_then_rises_every_third_day() -> None:
    assert schedule(titrate("clonazepam", target="2")) == [(0, 0.5), (3, 1), (6, 1.5), (9, 2)]


# No label step: the generic antidepressant schedule, after Therapeutic Guidelines' SSRI regimens
# (fluoxetine 20 mg, rises of 10 mg no more often than every 2 weeks).
def test_an_antidepressant_without_a_label_step_gets_the_generic_schedule_and_says_so() -> None:
    plan = titrate("fluoxetine", target="40")
    assert schedule(plan) == [(0, 20), (14, 30), (28, 40)]
    assert "generic antidepressant schedule" in plan.warnings[0]
    assert any("Therapeutic Guidelines" in source for source in plan.sources)


def test_the_generic_schedule_rises_by_a_whole_unit_near_half_the_start() -> None:
    # Imipramine starts at 75 mg (TOFRANIL, outpatients); half of it, 37.5 mg, is no strength,
    # so each rise is the largest tablet below it (25 mg).
    assert schedule(titrate("imipramine", target="150")) == [
        (0, 75),
        (14, 100),
        (28, 125),
        (42, 150),
    ]


def test_a_label_schedule_is_never_replaced_by_the_generic_one() -> None:
    assert not any("generic" in w for w in titrate("sertraline", target="100").warnings)
    with pytest.raises(plans.PlanError, match="no sourced titration schedule for phenelzine"):
        titrate("phenelzine", target="60")


# Amitriptyline (label, outpatients): 75 mg/day, or a bedtime dose raised by 25 or 50 mg as
# needed, to 150 mg/day; the label gives no interval, so the generic 2 weeks applies.
def test_amitriptyline_rises_25_mg_every_2_weeks_to_150() -> None:
    plan = titrate("amitriptyline", target="150")
    assert schedule(plan) == [(0, 75), (14, 100), (28, 125), (42, 150)]
    with pytest.raises(plans.PlanError, match="maximum of 150"):
        titrate("amitriptyline", target="200")


# PROZAC PI: 5 weeks after fluoxetine before an MAOI; NARDIL gives a start (15 mg three times
# daily) and a "fairly rapid" rise with no interval, so the switch starts phenelzine only.
def test_a_switch_to_a_drug_without_a_titration_starts_it_at_the_label_start() -> None:
    plan = switch("fluoxetine", "20", drug("phenelzine"), None)
    assert schedule(plan.start) == [(plan.stop.steps[-1].start_day + 35, 45)]
    assert "starting dose only" in plan.start.warnings[0]
    with pytest.raises(plans.PlanError, match="phenelzine"):
        switch("fluoxetine", "20", drug("phenelzine"), "60")


# The Maudsley Deprescribing Guidelines: cuts of the most recent dose, about 15% from the lowest
# clinical doses at moderate risk, larger from higher doses (here a quarter above the start).
@pytest.mark.parametrize(
    ("name", "from_mg", "start"), [("gabapentin", 1800, 300), ("pregabalin", 600, 150)]
)
def test_gabapentinoids_taper_by_a_share_of_the_most_recent_dose(
    name: str, from_mg: int, start: int
) -> None:
    plan = plans.taper(
        drug=drug(name), from_mg=Decimal(from_mg), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert plan.sources[0].startswith("Horowitz MA, Taylor DM. The Maudsley Deprescribing")
    cuts = list(zip(plan.steps[:-2], cuts_per_period(plan, days=14), strict=True))
    assert all(cut <= Decimal("0.25") for _, cut in cuts)
    assert all(cut <= Decimal("0.15") for step, cut in cuts if step.daily_dose_mg <= start)
    assert plan.steps[-1].daily_dose_mg == 0 and "Do not stop abruptly" in plan.warnings[1]


# Pottie et al. 2018 (benzodiazepine receptor agonists, Z-drugs among them): 25% every 2 weeks.
@pytest.mark.parametrize(("name", "from_mg"), [("zolpidem", 10), ("eszopiclone", 3)])
def test_z_drugs_taper_by_at_most_a_quarter_every_2_weeks(name: str, from_mg: int) -> None:
    plan = plans.taper(
        drug=drug(name), from_mg=Decimal(from_mg), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert max(cuts_per_period(plan, days=14)) <= Decimal("0.25")
    assert plan.steps[-1].daily_dose_mg == 0 and plan.sources[0].startswith("Pottie K")


# Stimulant labeling, 9.3 Dependence: withdrawal after abrupt stopping or a dose reduction
# following prolonged use. No source in reach gives a taper pace, so a taper is refused, saying
# so; the class text is what `poise drugs` shows for every stimulant.
@pytest.mark.parametrize(
    "name", ["methylphenidate", "dexmethylphenidate", "amphetamine", "lisdexamfetamine"]
)
def test_stimulants_say_what_stopping_brings_but_get_no_invented_taper(name: str) -> None:
    stopping = plans.discontinuation_of(drug(name))
    assert stopping is not None and stopping.source == "stimulant-withdrawal-label"
    with pytest.raises(plans.PlanError, match="vivid unpleasant dreams"):
        plans.taper(drug=drug(name), from_mg=Decimal(20), to_mg=Decimal(0), formulary=FORMULARY)


# An antidepressant's own label advice on stopping travels with the NICE taper: EMSAM's diet
# after a reduction, VIIBRYD's shorter schedule; sertraline's label adds nothing.
@pytest.mark.parametrize(
    ("name", "from_mg", "words"), [("selegiline", 12, "tyramine"), ("vilazodone", 40, "4 days")]
)
def test_an_antidepressant_taper_carries_its_labels_stopping_advice(
    name: str, from_mg: int, words: str
) -> None:
    plan = plans.taper(
        drug=drug(name), from_mg=Decimal(from_mg), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert any(w.startswith("What its label says") and words in w for w in plan.warnings)
    sertraline = plans.taper(
        drug=drug("sertraline"), from_mg=Decimal(100), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert not any(w.startswith("What its label says") for w in sertraline.warnings)


# A refused taper still says what the drug's source says about stopping (STRATTERA: no taper).
def test_a_refused_taper_quotes_what_the_source_says_about_stopping() -> None:
    with pytest.raises(plans.PlanError, match="can be stopped without a taper"):
        plans.taper(
            drug=drug("atomoxetine"), from_mg=Decimal(80), to_mg=Decimal(0), formulary=FORMULARY
        )
    # TOPROL-XL boxed warning, LOPRESSOR Warnings: reduce over 1-2 weeks; restart if angina worsens.
    with pytest.raises(plans.PlanError, match="gradually over 1 to 2 weeks"):
        plans.taper(
            drug=drug("metoprolol"), from_mg=Decimal(100), to_mg=Decimal(0), formulary=FORMULARY
        )
    # DEPAKOTE: stopping abruptly can bring on status epilepticus; no pace is given.
    with pytest.raises(plans.PlanError, match="can bring on status epilepticus"):
        plans.taper(
            drug=drug("valproate"), from_mg=Decimal(1000), to_mg=Decimal(0), formulary=FORMULARY
        )
    with pytest.raises(
        plans.PlanError, match=r"no sourced taper method for buspirone \(\w+\) yet$"
    ):
        plans.taper(
            drug=drug("buspirone"), from_mg=Decimal(30), to_mg=Decimal(0), formulary=FORMULARY
        )


def test_a_taper_keeps_to_capsules_where_they_come_close() -> None:
    plan = plans.taper(
        drug=drug("gabapentin"), from_mg=Decimal(1800), to_mg=Decimal(300), formulary=FORMULARY
    )
    assert all("capsule" in step.how and "mL" not in step.how for step in plan.steps)


# LAMICTAL 2.1/2.3: step-wise over at least 2 weeks, about 50% a week.
def test_lamotrigine_tapers_by_half_each_week_in_tablets() -> None:
    plan = plans.taper(
        drug=drug("lamotrigine"), from_mg=Decimal(200), to_mg=Decimal(0), formulary=FORMULARY
    )
    assert schedule(plan) == [(0, 200), (7, 100), (14, 50), (21, 25), (28, 0)]
    assert schedule(plan)[-1][0] >= 14 and "restart with the initial" in plan.warnings[2]


# Chlorpromazine labeling (outpatients, more severe cases): 25 mg three times daily, then rises
# of 20-50 mg/day at semiweekly intervals.
def test_chlorpromazine_rises_at_most_50_mg_semiweekly() -> None:
    plan = titrate("chlorpromazine", target="275")
    assert schedule(plan) == [(0, 75), (3, 125), (6, 175), (9, 225), (12, 275)]


# The class labeling says what to watch while a dose changes: the antidepressant boxed warning
# (monitor at times of dose changes) and the benzodiazepine boxed warning (FDA 2020).
def test_titrations_say_what_to_watch_for_from_the_class_boxed_warnings() -> None:
    sertraline = titrate("sertraline", target="100")
    assert any("suicidal thoughts" in w for w in sertraline.warnings)
    assert any("boxed warning" in s.lower() for s in sertraline.sources)
    alprazolam = titrate("alprazolam", target="4")
    assert any("dependence" in w for w in alprazolam.warnings)
    assert not any("suicidal" in w for w in alprazolam.warnings)


# A drug's monitoring includes its class's: the antidepressant boxed warning (unless the drug's
# own boxed warning already covers suicidality), the benzodiazepine boxed warning, the FDA 2008
# antiepileptic suicidality labeling, and sodium in older adults for the drugs Beers 2023
# Table 4 names as causing SIADH.
def test_monitoring_includes_the_class_monitoring() -> None:
    def texts(name: str) -> list[str]:
        return [fact.text for fact in plans.monitoring_of(drug(name))]

    assert any("suicidal thoughts" in t for t in texts("sertraline"))
    assert any("sodium" in t for t in texts("sertraline"))
    assert any("sodium" in t for t in texts("olanzapine"))
    assert not any("sodium" in t for t in texts("bupropion"))  # not in Beers Table 4
    assert any("Blood pressure" in t for t in texts("bupropion"))  # WELLBUTRIN XL warnings
    assert any("white cell count" in t for t in texts("mirtazapine"))  # label 5.2
    assert any("neuropsychiatric" in t for t in texts("varenicline"))  # CHANTIX, 2016
    assert any("hepatitis" in t for t in texts("naltrexone"))  # label, hepatotoxicity
    assert any("10-14 days" in t for t in texts("disulfiram"))  # label, transaminases
    assert any("Liver function tests" in t for t in texts("buprenorphine"))  # NHS Highland, PCSS
    assert not any("suicidal thoughts" in t for t in texts("quetiapine"))  # its own boxed text
    assert any("dependence" in t for t in texts("lorazepam"))
    assert any("suicidal thoughts" in t for t in texts("lamotrigine"))  # FDA 2008, antiepileptics
    assert not any("suicidal thoughts" in t for t in texts("lithium"))  # not an antiepileptic
    assert texts("amoxicillin") == []


# FDA safety communications: clozapine's constipation (2020), aripiprazole's impulse-control
# problems (2016), transmucosal buprenorphine's dental problems (2022), lamotrigine's HLH
# (2018), olanzapine's and ziprasidone's DRESS (2016, 2014), priapism with methylphenidate and
# atomoxetine (2013), varenicline with alcohol (2015), gabapentinoids' respiratory depression
# (2019), and acamprosate's label warning on suicidality: each a monitoring fact beside the
# drug's others, with its own source.
@pytest.mark.parametrize(
    ("name", "source", "words"),
    [
        ("clozapine", "fda-clozapine-constipation-2020", "bowel function"),
        ("aripiprazole", "fda-aripiprazole-impulse-2016", "gamble"),
        ("buprenorphine", "fda-buprenorphine-dental-2022", "dentist"),
        ("lamotrigine", "fda-lamotrigine-hlh-2018", "HLH"),
        ("olanzapine", "fda-olanzapine-dress-2016", "DRESS"),
        ("ziprasidone", "fda-ziprasidone-dress-2014", "DRESS"),
        ("methylphenidate", "fda-adhd-priapism-2013", "Priapism"),
        ("dexmethylphenidate", "fda-adhd-priapism-2013", "Priapism"),
        ("atomoxetine", "fda-adhd-priapism-2013", "Priapism"),
        ("atomoxetine", "strattera-liver", "jaundice"),
        ("varenicline", "fda-varenicline-2015", "drink less"),
        ("zolpidem", "fda-zolpidem-2013", "Next-morning impairment"),
        ("eszopiclone", "fda-eszopiclone-2014", "Next-day impairment"),
        ("gabapentin", "fda-gabapentinoid-2019", "Respiratory depression"),
        ("pregabalin", "fda-gabapentinoid-2019", "Respiratory depression"),
        ("acamprosate", "campral-suicidality", "suicidal thinking"),
    ],
)
def test_fda_safety_communications_add_monitoring(name: str, source: str, words: str) -> None:
    facts = plans.monitoring_of(drug(name))
    assert any(f.source == source and words in f.text for f in facts)
    assert len({f.source for f in facts}) == len(facts)


# STRATTERA, KAPVAY and FOCALIN XR labels: blood pressure and heart rate before starting and
# during treatment.
@pytest.mark.parametrize("name", ["atomoxetine", "clonidine", "dexmethylphenidate"])
def test_adhd_drugs_monitor_blood_pressure_and_heart_rate(name: str) -> None:
    own = next(f for f in drug(name).monitoring if f.source.endswith("-monitoring"))
    text = own.text.lower()
    assert "blood pressure" in text and ("heart rate" in text or "pulse" in text)


# Any drug, any target or starting dose: a plan or a PlanError, never another exception.
@settings(max_examples=150)
@given(
    name=st.sampled_from(sorted(FORMULARY.drugs)),
    mg=st.decimals(min_value=Decimal("0.1"), max_value=Decimal(2000), places=1),
)
def test_every_drug_plans_or_refuses_cleanly(name: str, mg: Decimal) -> None:
    for plan in (
        lambda: titrate(name, target=str(mg)),
        lambda: plans.taper(drug=drug(name), from_mg=mg, to_mg=Decimal(0), formulary=FORMULARY),
    ):
        with contextlib.suppress(plans.PlanError):
            assert plan().steps


# SAPHRIS: 5 mg twice daily, up to 10 mg twice daily after a week on tolerability.
def test_asenapine_rises_to_20_mg_after_a_week() -> None:
    assert schedule(titrate("asenapine", target="20")) == [(0, 10), (7, 20)]


def test_a_titration_says_how_the_label_gives_the_starting_dose() -> None:
    # SAPHRIS: 5 mg sublingually twice daily; the step's `how` counts units per day only.
    assert any("twice daily" in w for w in titrate("asenapine", target="20").warnings)


# Labels that divide the day's amount (SAPHRIS 5 mg twice daily, XANAX three times daily): a
# step spells out each dose when the amount splits evenly.
def test_a_step_spells_out_each_dose_when_the_day_splits_evenly() -> None:
    assert plans.how_to_give(drug("asenapine"), Decimal(10)) == "5 mg sublingual tablet twice a day"
    assert (
        plans.how_to_give(drug("alprazolam"), Decimal("1.5")) == "0.5 mg tablet three times a day"
    )
    assert plans.how_to_give(drug("sertraline"), Decimal(100)) == "100 mg tablet a day"


def _dose_mg(words: str) -> Decimal:
    """The mg in one dose's words, e.g. "0.5 mg tablet + 2 x 1 mg tablet" -> 2.5."""
    total = Decimal(0)
    for part in words.split(" + "):
        count, _, unit = part.rpartition(" x ")
        mg = Decimal(unit.split(" mg ")[0].removeprefix("half of a scored "))
        total += (mg / 2 if unit.startswith("half") else mg) * int(count or 1)
    return total


# When the tablets cannot split a divided day equally (ATIVAN 2-3 doses a day, LYRICA 2-3,
# XANAX 3, lithium 3), the step still gives the label's number of doses, no two of them
# further apart than the smallest tablet, rather than the whole day in one go.
@pytest.mark.parametrize(
    ("name", "daily"),
    [
        ("lorazepam", "2.5"),
        ("lorazepam", "1.5"),
        ("alprazolam", "4"),
        ("alprazolam", "2.75"),
        ("pregabalin", "225"),
    ],
)
def test_a_day_that_cannot_split_equally_is_given_in_near_equal_doses(
    name: str, daily: str
) -> None:
    medicine = drug(name)
    times = int(medicine.doses_per_day.value)  # type: ignore[union-attr, arg-type]
    words = plans.how_to_give(medicine, Decimal(daily)) or ""
    lead, _, listed = words.partition(" doses a day: ")
    doses = [_dose_mg(w) for w in listed.replace(", and ", ", ").split(", ")]
    assert lead == {2: "two", 3: "three"}[times]
    assert len(doses) == times and sum(doses) == Decimal(daily)
    assert doses == sorted(doses, reverse=True)
    assert doses[0] - doses[-1] <= min(medicine.forms[0].strengths_mg)


# GLUCOPHAGE is divided (twice a day with meals); GLUCOPHAGE XR and GLUMETZA are taken once
# daily with the evening meal: a plan kept to the extended-release tablets gives the day's
# amount once, the immediate-release tablets twice.
def test_a_form_the_label_doses_differently_keeps_its_own_doses_a_day() -> None:
    metformin = drug("metformin")

    def only(form: str) -> formulary.model.Drug:
        return dataclasses.replace(
            metformin, forms=tuple(f for f in metformin.forms if f.form == form)
        )

    assert (
        plans.how_to_give(only("tablet_er"), Decimal(2000))
        == "2 x 1000 mg extended-release tablet a day"
    )
    assert plans.how_to_give(only("tablet"), Decimal(2000)) == "1000 mg tablet twice a day"
    with pytest.raises(formulary.FormularyError, match="doses_per_day"):
        formulary.build(
            {"s": {"title": "A label", "where": "here"}},
            {
                "a": {
                    "class": "x",
                    "forms": [
                        {"form": "tablet", "strengths_mg": [1], "doses_per_day": 0, "source": "s"}
                    ],
                }
            },
        )


# RITALIN and METHYLIN (immediate release) in 2-3 doses a day, CONCERTA once in the morning;
# FOCALIN 2.5 mg twice daily, FOCALIN XR once daily.
def test_stimulant_products_keep_their_own_doses_a_day() -> None:
    methylphenidate = drug("methylphenidate")

    def only(medicine: formulary.model.Drug, *forms: str) -> formulary.model.Drug:
        return dataclasses.replace(
            medicine, forms=tuple(f for f in medicine.forms if f.form in forms)
        )

    assert (
        plans.how_to_give(only(methylphenidate, "tablet", "oral_solution"), Decimal(20))
        == "10 mg tablet twice a day"
    )
    assert (
        plans.how_to_give(only(methylphenidate, "tablet_er"), Decimal(36))
        == "36 mg extended-release tablet a day"
    )
    focalin = titrate("dexmethylphenidate", target="10")
    assert focalin.steps[0].how == "2.5 mg tablet twice a day"
    assert (
        plans.how_to_give(only(drug("dexmethylphenidate"), "capsule_er"), Decimal(20))
        == "20 mg extended-release capsule a day"
    )


# Venlafaxine tablets are given in two or three divided doses, EFFEXOR XR once daily: a
# titration keeps to one product family, as a taper does, and divides the tablets' day.
def test_a_titration_keeps_to_one_product_and_its_doses_a_day() -> None:
    plan = titrate("venlafaxine", target="150")
    assert [s.how for s in plan.steps] == ["37.5 mg tablet twice a day", "75 mg tablet twice a day"]
    capsules = plans.titration(
        drug=dataclasses.replace(
            drug("venlafaxine"),
            forms=tuple(f for f in drug("venlafaxine").forms if f.form == "capsule_er"),
        ),
        with_drugs=[],
        target_mg=Decimal(150),
        formulary=FORMULARY,
    )
    assert [s.how for s in capsules.steps] == [
        "75 mg extended-release capsule a day",
        "150 mg extended-release capsule a day",
    ]
