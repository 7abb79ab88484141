"""Rating scales: items, answers, scoring, severity bands, positive screens and safety flags.

Each instrument cites where its scoring comes from. Incomplete answers are not scored (the
total is None) except where the manual says how to score them (WSAS without item 1); a score
computed from a guess would look like a measurement and is not one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Answer = int | str | None  # an item's answer code; None = not answered


class ScoringError(ValueError):
    """An answer that the instrument does not allow; the message names the item."""


@dataclass(frozen=True, slots=True)
class Item:
    number: int
    text: str
    options: tuple[tuple[str, int, str], ...]  # (answer code, score, label)
    loinc: str = ""
    optional: bool = False  # may be left out by the manual's own rule


@dataclass(frozen=True)
class Result:
    instrument: str
    total: int | None
    severity: str | None
    positive: bool | None
    flags: tuple[str, ...]
    items: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "total": self.total,
            "severity": self.severity,
            "positive": self.positive,
            "flags": list(self.flags),
            "items": list(self.items),
        }


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    items: tuple[Item, ...]
    bands: tuple[tuple[int, str], ...] = ()  # (lowest total, severity), ascending
    panel_loinc: str = ""
    total_loinc: str = ""
    licence: str = ""
    sources: tuple[str, ...] = ()
    positive: Callable[[dict[int, int], int, str | None], bool | None] | None = None
    flags: Callable[[dict[int, int]], tuple[str, ...]] = lambda values: ()
    total: Callable[[dict[int, int]], int] = field(default=lambda values: sum(values.values()))
    validate: Callable[[dict[int, Answer]], None] = lambda answers: None
    triage: Callable[[dict[int, int]], str | None] | None = None  # severity without bands
    # Offered to patients in the portal: self-report, with its item texts in Poise. The others
    # are given in clinic (clinician-rated, or item texts under a licence Poise does not hold).
    portal: bool = True
    # Whether the item is asked, given the answers so far (the instrument's skip rules).
    asks: Callable[[int, dict[int, Answer]], bool] = lambda number, answers: True

    def next_item(self, answers: dict[int, Answer]) -> Item | None:
        """The first item still to ask, or None when the questionnaire is finished."""
        for item in self.items:
            if item.number not in answers and self.asks(item.number, answers):
                return item
        return None

    def as_answer_list(self, answers: dict[int, Answer]) -> list[Answer]:
        return [answers.get(item.number) for item in self.items]

    def severity(self, total: int) -> str | None:
        found = None
        for lowest, name in self.bands:
            if total >= lowest:
                found = name
        return found

    def score(self, answers: Sequence[Answer], *, sex: str | None = None) -> Result:
        if len(answers) != len(self.items):
            raise ScoringError(
                f"{self.name} has {len(self.items)} items; {len(answers)} answers were given"
            )
        given = {item.number: answer for item, answer in zip(self.items, answers, strict=True)}
        self.validate(given)
        values: dict[int, int] = {}
        rows = []
        for item in self.items:
            answer = given[item.number]
            if answer is None:
                rows.append(
                    {
                        "item": item.number,
                        "loinc": item.loinc or None,
                        "text": item.text,
                        "answer": None,
                        "score": None,
                    }
                )
                continue
            options = {code: score for code, score, _ in item.options}
            key = str(answer).lower()
            if key not in options:
                allowed = ", ".join(code for code, _, _ in item.options)
                raise ScoringError(
                    f"{self.name} item {item.number}: {answer!r} is not one of {allowed}"
                )
            values[item.number] = options[key]
            rows.append(
                {
                    "item": item.number,
                    "loinc": item.loinc or None,
                    "text": item.text,
                    "answer": key,
                    "score": options[key],
                }
            )
        complete = all(item.number in values or item.optional for item in self.items)
        total = self.total(values) if complete else None
        severity = None
        if self.triage:
            severity = self.triage(values)
        elif total is not None and self.bands:
            severity = self.severity(total)
        positive = None
        if self.positive and total is not None:
            positive = self.positive(values, total, sex)
        return Result(
            instrument=self.id,
            total=total,
            severity=severity,
            positive=positive,
            flags=self.flags(values),
            items=tuple(rows),
        )


def _options(*labels: str) -> tuple[tuple[str, int, str], ...]:
    """Answers scored 0, 1, 2, ... in order, coded by their score."""
    return tuple((str(score), score, label) for score, label in enumerate(labels))


def _items(
    texts: Sequence[str], options: tuple[tuple[str, int, str], ...], loincs: Sequence[str] = ()
) -> tuple[Item, ...]:
    codes = list(loincs) or [""] * len(texts)
    return tuple(
        Item(n, text, options, code)
        for n, (text, code) in enumerate(zip(texts, codes, strict=True), 1)
    )


FREQUENCY = _options("Not at all", "Several days", "More than half the days", "Nearly every day")
YES_NO = (("no", 0, "No"), ("yes", 1, "Yes"))

PHQ9_TEXTS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself - or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed, or the opposite - "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead, or of hurting yourself in some way",
)
# LOINC item codes as in the LOINC PHQ-9 panel 44249-1 (LHC-Forms and HL7 FHIR questionnaires).
PHQ9_LOINC = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
)
GAD7_TEXTS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
)
PHQ_LICENCE = (
    "Public domain: no permission required to reproduce, translate, display or distribute "
    "(phqscreeners.com)"
)


def _phq9_flags(values: dict[int, int]) -> tuple[str, ...]:
    # Any answer above 0 on item 9 is a positive suicide screen: same-day risk assessment.
    return ("suicidal-ideation",) if values.get(9, 0) > 0 else ()


PHQ9 = Instrument(
    id="phq9",
    name="PHQ-9",
    items=_items(PHQ9_TEXTS, FREQUENCY, PHQ9_LOINC),
    bands=(
        (0, "minimal"),
        (5, "mild"),
        (10, "moderate"),
        (15, "moderately severe"),
        (20, "severe"),
    ),
    panel_loinc="44249-1",
    total_loinc="44261-6",
    licence=PHQ_LICENCE,
    sources=(
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9. J Gen Intern Med 2001;16:606-13 (bands)",
        "Kroenke K et al. Gen Hosp Psychiatry 2010;32:345-59 (cut-point 10)",
        "Suicide-safer-care FHIR pathway (SPiER): item 9 above 0 is a positive screen",
    ),
    positive=lambda values, total, sex: total >= 10,
    flags=_phq9_flags,
)
PHQ2 = Instrument(
    id="phq2",
    name="PHQ-2",
    items=_items(PHQ9_TEXTS[:2], FREQUENCY, PHQ9_LOINC[:2]),
    panel_loinc="55757-9",
    total_loinc="55758-7",
    licence=PHQ_LICENCE,
    sources=(
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-2. Med Care 2003;41:1284-92 "
        "(a total of 3 or more is positive)",
    ),
    positive=lambda values, total, sex: total >= 3,
)
GAD7 = Instrument(
    id="gad7",
    name="GAD-7",
    items=_items(GAD7_TEXTS, FREQUENCY),
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")),
    panel_loinc="69737-5",
    total_loinc="70274-6",
    licence=PHQ_LICENCE,
    sources=(
        "Spitzer RL et al. A brief measure for assessing generalized anxiety disorder: the "
        "GAD-7. Arch Intern Med 2006;166:1092-7 (bands; 10 or more detects GAD)",
    ),
    positive=lambda values, total, sex: total >= 10,
)
GAD2 = Instrument(
    id="gad2",
    name="GAD-2",
    items=_items(GAD7_TEXTS[:2], FREQUENCY),
    licence=PHQ_LICENCE,
    sources=(
        "Kroenke K et al. Anxiety disorders in primary care. Ann Intern Med "
        "2007;146:317-25 (a total of 3 or more is positive)",
    ),
    positive=lambda values, total, sex: total >= 3,
)


CSSRS_TEXTS = (
    "Wish to be dead: have you wished you were dead or wished you could go to sleep and not "
    "wake up? (past month)",
    "Non-specific active suicidal thoughts: have you actually had any thoughts of killing "
    "yourself? (past month)",
    "Active suicidal ideation with any methods, without intent to act (past month)",
    "Active suicidal ideation with some intent to act, without a specific plan (past month)",
    "Active suicidal ideation with specific plan and intent (past month)",
    "Suicidal behaviour: have you ever done anything, started to do anything, or prepared to do "
    "anything to end your life?",
    "If yes to 6: was this within the past 3 months?",
)


def _cssrs_validate(answers: dict[int, Answer]) -> None:
    """The screener's own skip rules: questions 3-5 only after a yes to 2; question 7 (recency)
    only after a yes to 6."""
    if str(answers[2]).lower() == "no" and any(str(answers[n]).lower() == "yes" for n in (3, 4, 5)):
        raise ScoringError("C-SSRS items 3-5 are asked only after a yes to item 2")
    if str(answers[2]).lower() == "yes" and any(answers[n] is None for n in (3, 4, 5)):
        raise ScoringError("C-SSRS items 3-5 must be answered after a yes to item 2")
    if str(answers[6]).lower() == "yes" and answers[7] is None:
        raise ScoringError("C-SSRS item 7: say whether the behaviour was in the past 3 months")


def _cssrs_high_risk(values: dict[int, int]) -> bool:
    """Columbia's most worrisome answers: intent (4) or plan (5) in the past month, or suicidal
    behaviour in the past 3 months."""
    return bool(values.get(4) or values.get(5) or (values.get(6) and values.get(7)))


CSSRS = Instrument(
    id="cssrs",
    name="C-SSRS screener (recent)",
    items=tuple(
        Item(n, text, YES_NO, optional=n in (3, 4, 5, 7)) for n, text in enumerate(CSSRS_TEXTS, 1)
    ),
    panel_loinc="93373-9",
    licence="Free for healthcare and behavioural-health providers, including EHR embedding "
    "(Columbia Lighthouse Project)",
    sources=(
        "Columbia Lighthouse Project, C-SSRS screener with triage points "
        "(cssrs.columbia.edu): yes to 4 or 5, or behaviour in the past 3 months, is high "
        "risk",
    ),
    total=lambda values: sum(v for n, v in values.items() if n <= 6),
    positive=lambda values, total, sex: any(values.get(n) for n in range(1, 7)),
    flags=lambda values: (
        (("suicide-risk",) if any(values.get(n) for n in range(1, 7)) else ())
        + (("high-risk",) if _cssrs_high_risk(values) else ())
    ),
    validate=_cssrs_validate,
    asks=lambda number, answers: (
        (number not in (3, 4, 5) or answers.get(2) == "yes")
        and (number != 7 or answers.get(6) == "yes")
    ),
    # Only the high-risk triage level is sourced; lower levels depend on the setting's form.
    triage=lambda values: "high risk" if _cssrs_high_risk(values) else None,
)


MDQ_PROBLEM = (
    ("none", 0, "No problem"),
    ("minor", 1, "Minor problem"),
    ("moderate", 2, "Moderate problem"),
    ("serious", 3, "Serious problem"),
)


def _mdq_positive(values: dict[int, int], total: int, sex: str | None) -> bool:
    """Hirschfeld 2000: 7 or more of the 13 symptoms, several at the same time, and a moderate
    or serious problem."""
    return sum(values[n] for n in range(1, 14)) >= 7 and values[14] == 1 and values[15] >= 2


MDQ = Instrument(
    portal=False,
    id="mdq",
    name="MDQ",
    items=(
        *tuple(Item(n, f"Question 1, symptom {n}", YES_NO) for n in range(1, 14)),
        Item(14, "Several of these at the same time?", YES_NO),
        Item(15, "How much of a problem did any of these cause you?", MDQ_PROBLEM),
    ),
    sources=(
        "Hirschfeld RMA et al. Development and validation of a screening instrument for "
        "bipolar spectrum disorder: the MDQ. Am J Psychiatry 2000;157:1873-5",
    ),
    licence="Copyright Hirschfeld 2000; distributed free for clinical use",
    total=lambda values: sum(values[n] for n in range(1, 14)),
    positive=_mdq_positive,
)

ASRS_OPTIONS = _options("Never", "Rarely", "Sometimes", "Often", "Very often")


def _asrs_positive(values: dict[int, int], total: int, sex: str | None) -> bool:
    """Part A is positive with 4 or more answers in the shaded boxes: items 1-3 at Sometimes or
    more, items 4-6 at Often or more (ASRS v1.1 symptom checklist form)."""
    shaded = sum(values[n] >= 2 for n in (1, 2, 3)) + sum(values[n] >= 3 for n in (4, 5, 6))
    return shaded >= 4


ASRS = Instrument(
    id="asrs",
    name="ASRS v1.1 screener (Part A)",
    items=_items(
        (
            "Trouble wrapping up the final details of a project, once the challenging parts "
            "are done",
            "Difficulty getting things in order when you have to do a task that requires "
            "organization",
            "Problems remembering appointments or obligations",
            "Avoiding or delaying getting started on a task that requires a lot of thought",
            "Fidgeting or squirming with your hands or feet when you have to sit down for a "
            "long time",
            "Feeling overly active and compelled to do things, like you were driven by a motor",
        ),
        ASRS_OPTIONS,
    ),
    sources=(
        "Kessler RC et al. The World Health Organization Adult ADHD Self-Report Scale "
        "(ASRS). Psychol Med 2005;35:245-56",
    ),
    licence="Copyright World Health Organization; free for non-commercial clinical use",
    positive=_asrs_positive,
)

# PCL-5 items (public domain, National Center for PTSD; text as in CamCOPS' pcl5 strings).
PCL5_TEXTS = (
    "Repeated, disturbing, and unwanted memories of the stressful experience?",
    "Repeated, disturbing dreams of the stressful experience?",
    "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?",
    "Feeling very upset when something reminded you of the stressful experience?",
    "Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?",
    "Avoiding memories, thoughts, or feelings related to the stressful experience?",
    "Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?",
    "Trouble remembering important parts of the stressful experience?",
    "Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?",
    "Blaming yourself or someone else for the stressful experience or what happened after it?",
    "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
    "Loss of interest in activities that you used to enjoy?",
    "Feeling distant or cut off from other people?",
    "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?",
    "Irritable behavior, angry outbursts, or acting aggressively?",
    "Taking too many risks or doing things that could cause you harm?",
    'Being "superalert" or watchful or on guard?',
    "Feeling jumpy or easily startled?",
    "Having difficulty concentrating?",
    "Trouble falling or staying asleep?",
)

PCL5_OPTIONS = _options("Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely")


def _pcl5_flags(values: dict[int, int]) -> tuple[str, ...]:
    """DSM-5 provisional PTSD: items rated 2 or more count; at least 1 of B (1-5), 1 of C
    (6-7), 2 of D (8-14) and 2 of E (15-20)."""
    if len(values) < 20:
        return ()
    endorsed = {n for n, v in values.items() if v >= 2}
    clusters = ((range(1, 6), 1), (range(6, 8), 1), (range(8, 15), 2), (range(15, 21), 2))
    met = all(len(endorsed & set(items)) >= need for items, need in clusters)
    return ("dsm5-provisional-ptsd",) if met else ()


PCL5 = Instrument(
    id="pcl5",
    name="PCL-5",
    items=_items(PCL5_TEXTS, PCL5_OPTIONS),
    sources=(
        "National Center for PTSD, PCL-5 scoring: total 0-80, provisional PTSD at 31-33 "
        "(33 used here, as CamCOPS); DSM-5 cluster rule",
    ),
    licence="Public domain (US Government work, National Center for PTSD)",
    positive=lambda values, total, sex: total >= 33,
    flags=_pcl5_flags,
)


def _auditc_positive(values: dict[int, int], total: int, sex: str | None) -> bool | None:
    """Bradley 2007: 4 or more for men, 3 or more for women; unknown without the sex."""
    if sex == "male":
        return total >= 4
    if sex == "female":
        return total >= 3
    return None


AUDITC = Instrument(
    id="auditc",
    name="AUDIT-C",
    items=_items(
        (
            "How often do you have a drink containing alcohol?",
            "How many standard drinks containing alcohol do you have on a typical day?",
            "How often do you have six or more drinks on one occasion?",
        ),
        _options("0", "1", "2", "3", "4"),
    ),
    panel_loinc="72109-2",
    total_loinc="75626-2",
    sources=(
        "Bradley KA et al. AUDIT-C as a brief screen for alcohol misuse in primary care. "
        "Alcohol Clin Exp Res 2007;31:1208-17",
    ),
    licence="Public domain (SAMHSA)",
    positive=_auditc_positive,
)

WSAS = Instrument(
    id="wsas",
    name="WSAS",
    items=(
        Item(
            1,
            "Because of my problem my ability to work is impaired (leave out if not "
            "working or retired)",
            _options(*(str(n) for n in range(9))),
            optional=True,
        ),
        *tuple(
            Item(n, text, _options(*(str(n) for n in range(9))))
            for n, text in enumerate(
                (
                    "My home management is impaired",
                    "My social leisure activities are impaired",
                    "My private leisure activities are impaired",
                    "My ability to form and maintain close relationships is impaired",
                ),
                2,
            )
        ),
    ),
    bands=(
        (0, "subclinical"),
        (10, "significant functional impairment"),
        (21, "moderately severe or worse"),
    ),
    sources=(
        "Mundt JC, Marks IM, Shear MK, Greist JH. The Work and Social Adjustment Scale. "
        "Br J Psychiatry 2002;180:461-4 (bands; item 1 left out when not working)",
    ),
    licence="Copyright Isaac M. Marks; used free in NHS Talking Therapies",
)

ISI = Instrument(
    portal=False,
    id="isi",
    name="ISI",
    items=tuple(
        Item(n, f"ISI item {n}", _options("None", "Minimal", "Mild", "Moderate", "Severe"))
        for n in range(1, 8)
    ),
    bands=(
        (0, "no clinically significant insomnia"),
        (8, "subthreshold insomnia"),
        (15, "clinical insomnia (moderate severity)"),
        (22, "clinical insomnia (severe)"),
    ),
    sources=("Morin CM. Insomnia Severity Index scoring (VA My HealtheVet reproduction)",),
    licence="Copyright Charles M. Morin; many uses need a licence (Mapi Research Trust)",
)

AIMS = Instrument(
    portal=False,
    id="aims",
    name="AIMS",
    items=(
        *_items(
            (
                "Facial and oral movements: muscles of facial expression",
                "Facial and oral movements: lips and perioral area",
                "Facial and oral movements: jaw",
                "Facial and oral movements: tongue",
                "Extremity movements: upper (arms, wrists, hands, fingers)",
                "Extremity movements: lower (legs, knees, ankles, toes)",
                "Trunk movements: neck, shoulders, hips",
                "Global judgement: severity of abnormal movements overall",
                "Global judgement: incapacitation due to abnormal movements",
            ),
            _options("None", "Minimal", "Mild", "Moderate", "Severe"),
        ),
        Item(
            10,
            "Global judgement: patient's awareness of abnormal movements (patient's report)",
            _options(
                "No awareness",
                "Aware, no distress",
                "Aware, mild distress",
                "Aware, moderate distress",
                "Aware, severe distress",
            ),
        ),
        Item(11, "Dental status: current problems with teeth and/or dentures", YES_NO),
        Item(12, "Dental status: does the patient usually wear dentures?", YES_NO),
    ),
    sources=(
        "Guy W. ECDEU Assessment Manual for Psychopharmacology, 1976 (AIMS); total of "
        "items 1-10 as CamCOPS",
    ),
    licence="Public domain (US federal)",
    total=lambda values: sum(v for n, v in values.items() if n <= 10),
)

BOTHER = _options("Not at all", "A little", "Quite a lot", "A great deal")


def _checklist(id: str, name: str, texts: Sequence[str], sources: tuple[str, ...]) -> Instrument:
    """A side-effect checklist: how much each effect bothered the patient in the past 2 weeks.
    Not a validated scale, and labelled so: no total bands or cut-points, read item by item."""
    return Instrument(
        id=id,
        name=f"{name} (Poise checklist, not a validated scale)",
        items=_items(texts, BOTHER),
        sources=sources,
        licence="Poise (AGPL-3.0-or-later)",
    )


# The validated free-text scales (ASEC, GASS) could not be used: their item texts and terms of
# use were not at hand (CamCOPS itself retired its GASS task), so these checklists stand in.
SIDE_EFFECTS_ANTIDEPRESSANT = _checklist(
    "se_ad",
    "Antidepressant side effects",
    (
        "Feeling sick (nausea)",
        "Diarrhoea or loose stools",
        "Indigestion or stomach upset",
        "Dry mouth",
        "Sleepiness during the day",
        "Dizziness",
        "Trouble sleeping",
        "Shaking or trembling",
        "Sweating more than usual",
        "Sexual problems (less interest in sex, delayed orgasm or ejaculation)",
        "Less appetite",
        "Headache",
        "Feeling restless or agitated",
    ),
    (
        "Common adverse reactions of SSRI and SNRI antidepressants as summarised for sertraline "
        "by AHFS Drug Information (nausea, diarrhoea/loose stools, dyspepsia, dry mouth, "
        "somnolence, dizziness, insomnia, tremor, ejaculatory delay, sweating)",
        "Prozac label section 5.2 (agitation and restlessness as early signs to report)",
    ),
)
SIDE_EFFECTS_ANTIPSYCHOTIC = _checklist(
    "se_ap",
    "Antipsychotic side effects",
    (
        "Sleepiness or sedation",
        "Weight gain or bigger appetite",
        "Restlessness, unable to sit still",
        "Stiffness, slowness or shaking",
        "Dizziness when standing up",
        "Constipation",
        "Dry mouth",
        "Drooling",
        "Sexual problems",
        "Period changes, or breast swelling or leaking",
    ),
    (
        "Antipsychotic adverse effects the team's clinical brief (section B.4) lists for "
        "monitoring: sedation, weight and metabolic effects (ADA/APA/AACE/NAASO consensus, "
        "Diabetes Care 2004;27:596-601), akathisia, extrapyramidal symptoms, orthostasis, "
        "constipation and hypersalivation (clozapine PI), prolactin effects",
    ),
)

CONFIDENCE = Instrument(
    id="confidence",
    name="Confidence in my treatment plan",
    items=(
        Item(
            1,
            "How confident are you that your current treatment plan is right for you?",
            tuple(
                (str(n), n, label)
                for n, label in enumerate(
                    [
                        "0 - not at all confident",
                        *map(str, range(1, 10)),
                        "10 - completely confident",
                    ]
                )
            ),
        ),
    ),
    sources=(
        "Poise's own single item, not a validated scale: no bands or cut-points; it is "
        "read as a trend beside the other scales",
    ),
    licence="Poise (AGPL-3.0-or-later)",
)

INSTRUMENTS = {
    i.id: i
    for i in (
        PHQ9,
        PHQ2,
        GAD7,
        GAD2,
        CSSRS,
        MDQ,
        ASRS,
        PCL5,
        AUDITC,
        WSAS,
        ISI,
        AIMS,
        SIDE_EFFECTS_ANTIDEPRESSANT,
        SIDE_EFFECTS_ANTIPSYCHOTIC,
        CONFIDENCE,
    )
}
