"""The demo clinic: staff, and patients with varied, deterministic histories.

Everything is drawn from one seeded random generator and dated relative to the day the demo is
loaded, so two loads on the same day are identical and the histories always look current.
Doses are ordinary adult doses for the demo stories; the safety rules that judge doses live
in the clinical core with their sources. RxNorm codes are the ingredient RxCUIs from the CPIC
drug table (cpicpgx/cpic-data, db/drug.sql); a drug whose code we have not verified has none.
Diagnosis codes are from the ICD-10-CM tabular list (CDC/NCHS).
"""

from __future__ import annotations

import itertools
import random
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from poise.accounts.models import Clinic, Role, User
from poise.assessments.models import (
    InstrumentAssignment,
    QuestionnaireResponse,
    ResponseStatus,
    SafetyFlag,
)
from poise.clinical import observations
from poise.clinical.instruments import INSTRUMENTS, Instrument
from poise.journal.models import Doses, JournalEntry
from poise.medications.models import MedicationDose, MedicationStatement
from poise.patients.models import (
    AllergyIntolerance,
    CareTeamMember,
    Condition,
    Observation,
    Patient,
    SexAtBirth,
    Smoking,
    StatusAssessment,
)

DEMO_PASSWORD = "poise-demo-2026"  # noqa: S105  (printed for the local demo)
SEED = 20261127
# The demo clinic and its patients are in Chicago; its "today" is Chicago's.
DEMO_TIME_ZONE = "America/Chicago"

STAFF = (
    ("dr.rivera", "Elena", "Rivera", Role.PRESCRIBER, "MD"),
    ("np.okafor", "Chidi", "Okafor", Role.PRESCRIBER, "PMHNP"),
    ("rn.nguyen", "Mai", "Nguyen", Role.CLINICIAN, "RN"),
    ("lcsw.haddad", "Omar", "Haddad", Role.CLINICIAN, "LCSW"),
    ("desk.kowalski", "Ewa", "Kowalski", Role.FRONT_DESK, ""),
    ("admin.mensah", "Kofi", "Mensah", Role.CLINIC_ADMIN, ""),
)

PATIENT_LOGIN = "patient.ana"


@dataclass(frozen=True)
class Course:
    drug: str
    rxnorm: str
    formulation: str
    doses_mg: tuple[tuple[int, Decimal, int], ...]  # (weeks after start, dose, times a day)
    labs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    icd10cm: str
    diagnosis: str
    courses: tuple[Course, ...]


D = Decimal
TAB, ER, CAP = "tablet", "tablet_er", "capsule"
STORIES = (
    Story(
        "F33.1",
        "Major depressive disorder, recurrent, moderate",
        (Course("sertraline", "36437", TAB, ((0, D(50), 1), (4, D(100), 1), (10, D(150), 1))),),
    ),
    Story(
        "F32.1",
        "Major depressive disorder, single episode, moderate",
        (Course("escitalopram", "321988", TAB, ((0, D(10), 1), (6, D(20), 1))),),
    ),
    Story(
        "F41.1",
        "Generalized anxiety disorder",
        (Course("venlafaxine", "39786", "capsule_er", ((0, D(75), 1), (3, D(150), 1))),),
    ),
    Story(
        "F31.81",
        "Bipolar II disorder",
        (
            Course(
                "lamotrigine",
                "28439",
                TAB,
                ((0, D(25), 1), (2, D(50), 1), (4, D(100), 1), (5, D(200), 1)),
            ),
        ),
    ),
    Story(
        "F31.9",
        "Bipolar disorder, unspecified",
        (
            Course(
                "lithium carbonate",
                "",
                ER,
                ((0, D(300), 2), (2, D(450), 2)),
                labs=("lithium", "creatinine", "egfr", "tsh", "sodium"),
            ),
        ),
    ),
    Story(
        "F20.9",
        "Schizophrenia, unspecified",
        (
            Course(
                "clozapine",
                "2626",
                TAB,
                ((0, D(12.5), 1), (1, D(50), 2), (3, D(150), 2)),
                labs=("anc", "wbc", "glucose_fasting", "hba1c"),
            ),
        ),
    ),
    Story(
        "F20.9",
        "Schizophrenia, unspecified",
        (
            Course(
                "aripiprazole",
                "89013",
                TAB,
                ((0, D(10), 1), (4, D(15), 1)),
                labs=("glucose_fasting", "hba1c", "cholesterol_total", "triglycerides"),
            ),
        ),
    ),
    Story(
        "F90.2",
        "Attention-deficit hyperactivity disorder, combined type",
        (Course("methylphenidate", "6901", ER, ((0, D(18), 1), (2, D(36), 1))),),
    ),
    Story(
        "F43.10",
        "Post-traumatic stress disorder, unspecified",
        (Course("sertraline", "36437", TAB, ((0, D(25), 1), (1, D(50), 1), (6, D(100), 1))),),
    ),
    Story(
        "F33.2",
        "Major depressive disorder, recurrent severe without psychotic features",
        (
            Course("escitalopram", "321988", TAB, ((0, D(10), 1), (4, D(20), 1))),
            Course("bupropion", "42347", ER, ((0, D(150), 1), (3, D(300), 1))),
        ),
    ),
    Story(
        "F42.2",
        "Mixed obsessional thoughts and acts",
        (Course("fluoxetine", "4493", CAP, ((0, D(20), 1), (4, D(40), 1), (8, D(60), 1))),),
    ),
    Story(
        "F51.01",
        "Primary insomnia",
        (Course("mirtazapine", "15996", TAB, ((0, D(7.5), 1), (2, D(15), 1))),),
    ),
)
GIVEN = {
    "female": ("Ana", "Grace", "Priya", "Sofia", "Amara", "Hannah", "Lucia", "Mei", "Zoe", "Ruth"),
    "male": ("Ben", "Diego", "Samuel", "Arjun", "Tomas", "Kwame", "Liam", "Hiro", "Noah", "Yusuf"),
}
FAMILY = (
    "Alvarez",
    "Brooks",
    "Chen",
    "Dubois",
    "Eze",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Morris",
    "Novak",
    "Osei",
    "Patel",
    "Quinn",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Vance",
    "Walsh",
    "Xu",
    "Young",
    "Zimmer",
)
ALLERGIES = (
    ("penicillin", "hives", "moderate"),
    ("sulfonamide antibiotics", "rash", "mild"),
    ("carbamazepine", "rash", "severe"),
    ("peanut", "anaphylaxis", "severe"),
)


def demo_users() -> list[User]:
    names = [username for username, *_ in STAFF] + [PATIENT_LOGIN]
    return list(User.objects.filter(username__in=names).order_by("role", "username"))


@transaction.atomic
def demo_seed(*, patients: int = 25, today: date | None = None) -> bool:
    """Load the demo clinic into an empty database; False (and nothing done) if not empty."""
    if Clinic.objects.exists():
        return False
    today = today or timezone.localdate(timezone=zoneinfo.ZoneInfo(DEMO_TIME_ZONE))
    rng = random.Random(SEED)
    clinic = Clinic.objects.create(
        name="Riverside Behavioral Health", time_zone=DEMO_TIME_ZONE, phone="+1-555-0199"
    )
    staff = [
        User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            role=role,
            title=title,
            clinic=clinic,
            email=f"{username}@riverside.example",
        )
        for username, first, last, role, title in STAFF
    ]
    prescribers = [u for u in staff if u.role == Role.PRESCRIBER]
    therapist = next(u for u in staff if u.title == "LCSW")
    nurse = next(u for u in staff if u.title == "RN")
    for number in range(patients):
        patient = _demo_patient(rng, clinic, number, today)
        prescriber = prescribers[number % len(prescribers)]
        CareTeamMember.objects.create(
            patient=patient,
            member=prescriber,
            responsibility="Prescriber",
            since=patient.created_at.date(),
        )
        if number % 3 == 0:
            CareTeamMember.objects.create(
                patient=patient, member=therapist, responsibility="Therapist", since=today
            )
        story = STORIES[number % len(STORIES)]
        start = _demo_history(rng, patient, story, prescriber, nurse, today)
        _demo_scores(rng, patient, story, number, start, prescriber, today)
        if patient.user is not None:
            _demo_journal(patient, patient.user, today)
    return True


# What the demo patient wrote in the portal's journal: (days ago, feeling 0-10, doses, text,
# side effects, question).
JOURNAL = (
    (20, 4, Doses.SOME_MISSED, "Forgot my tablet twice at the weekend.", "", ""),
    (13, 5, Doses.ALL, "Sleeping a little better.", "Mild nausea in the mornings", ""),
    (6, 6, Doses.ALL, "Went for a walk with my sister.", "", "Can I take it in the evening?"),
    (1, 7, Doses.ALL, "A good week at work.", "", ""),
)


def _demo_journal(patient: Patient, user: User, today: date) -> None:
    for days_ago, feeling, doses, how, side_effects, question in JOURNAL:
        JournalEntry.objects.create(
            patient=patient,
            recorded_by=user,
            written_on=today - timedelta(days=days_ago),
            feeling=feeling,
            doses=doses,
            how=how,
            side_effects=side_effects,
            question=question,
        )


def _demo_patient(rng: random.Random, clinic: Clinic, number: int, today: date) -> Patient:
    sex = (SexAtBirth.FEMALE, SexAtBirth.MALE)[number % 2]
    given = GIVEN[sex][(number // 2) % len(GIVEN[sex])]
    family = FAMILY[number % len(FAMILY)]
    user = None
    if number == 0:
        user = User.objects.create_user(
            username=PATIENT_LOGIN,
            password=DEMO_PASSWORD,
            first_name=given,
            last_name=family,
            role=Role.PATIENT,
            clinic=clinic,
        )
    birth = today - timedelta(days=rng.randint(18 * 365, 78 * 365))
    return Patient.objects.create(
        clinic=clinic,
        user=user,
        mrn=f"RBH-{1000 + number}",
        given_name=given,
        family_name=family,
        date_of_birth=birth,
        sex_at_birth=sex,
        pronouns=("she/her" if sex == SexAtBirth.FEMALE else "he/him"),
        phone=f"+1-555-01{number % 100:02d}",
        email=f"{given.lower()}.{number}@mail.example",
        preferred_language=("es" if number % 7 == 3 else "en"),
        time_zone=DEMO_TIME_ZONE,
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(10, 30)), zoneinfo.ZoneInfo(DEMO_TIME_ZONE)
    )


def _demo_history(
    rng: random.Random, patient: Patient, story: Story, prescriber: User, nurse: User, today: date
) -> date:
    start = today - timedelta(weeks=rng.randint(14, 40))
    Condition.objects.create(
        patient=patient,
        icd10cm=story.icd10cm,
        text=story.diagnosis,
        onset_date=start - timedelta(days=rng.randint(60, 2000)),
        recorded_by=prescriber,
    )
    if rng.random() < 0.3:
        substance, reaction, severity = rng.choice(ALLERGIES)
        AllergyIntolerance.objects.create(
            patient=patient,
            substance=substance,
            reaction=reaction,
            severity=severity,
            recorded_by=nurse,
        )
    StatusAssessment.objects.create(
        patient=patient,
        assessed_on=start,
        recorded_by=nurse,
        smoking=rng.choice([Smoking.NEVER, Smoking.NEVER, Smoking.FORMER, Smoking.CURRENT]),
        pregnancy=("not_pregnant" if patient.sex_at_birth == SexAtBirth.FEMALE else ""),
    )
    for index, course in enumerate(story.courses):
        course_start = start + timedelta(weeks=6 * index)
        statement = MedicationStatement.objects.create(
            patient=patient,
            drug=course.drug,
            rxnorm=course.rxnorm,
            formulation=course.formulation,
            indication=story.diagnosis,
            started_on=course_start,
            recorded_by=prescriber,
        )
        for weeks, dose, times in course.doses_mg:
            effective = course_start + timedelta(weeks=weeks)
            if effective > today:
                break
            MedicationDose.objects.create(
                statement=statement,
                effective_on=effective,
                dose_mg=dose,
                times_per_day=times,
                reason="Started" if weeks == 0 else "Titrated towards target",
                recorded_by=prescriber,
            )
        _demo_measurements(rng, patient, nurse, course, course_start, today)
    return start


def _demo_measurements(
    rng: random.Random, patient: Patient, nurse: User, course: Course, start: date, today: date
) -> None:
    height = Decimal(rng.randint(152, 190))
    weight = Decimal(rng.randint(55, 110))
    day = start
    while day <= today:
        weight += Decimal(rng.choice([-1, 0, 0, 1, 1]))
        values = {
            "weight": weight,
            "height": height,
            "bmi": observations.bmi(weight_kg=weight, height_cm=height),
            "systolic_bp": Decimal(rng.randint(108, 138)),
            "diastolic_bp": Decimal(rng.randint(68, 88)),
            "heart_rate": Decimal(rng.randint(60, 92)),
        }
        values.update({lab: _demo_lab(rng, lab) for lab in course.labs})
        Observation.objects.bulk_create(
            Observation(
                patient=patient,
                kind=key,
                loinc=observations.BY_KEY[key].loinc,
                value=value,
                unit=observations.BY_KEY[key].unit,
                effective_at=_at(day),
                recorded_by=nurse,
            )
            for key, value in values.items()
        )
        day += timedelta(weeks=4)


# Values typical of a stable patient on the drug, for display only.
DEMO_LAB_RANGES = {
    "lithium": ("0.55", "0.95"),
    "creatinine": ("0.7", "1.1"),
    "egfr": ("75", "110"),
    "tsh": ("0.8", "3.5"),
    "sodium": ("137", "143"),
    "anc": ("2.1", "5.5"),
    "wbc": ("4.5", "9.0"),
    "glucose_fasting": ("82", "104"),
    "hba1c": ("5.0", "5.8"),
    "cholesterol_total": ("160", "215"),
    "triglycerides": ("90", "180"),
}


def _demo_lab(rng: random.Random, lab: str) -> Decimal:
    low, high = (float(v) for v in DEMO_LAB_RANGES[lab])
    places = observations.BY_KEY[lab].decimals
    return round(Decimal(str(rng.uniform(low, high))), places)


# Score stories, as (weeks from the start of treatment, total) anchors joined by straight lines.
COURSES = {
    "responder": ((0, 18), (4, 13), (8, 7), (40, 6)),
    "partial responder": ((0, 19), (6, 14), (40, 13)),
    "non-responder": ((0, 17), (8, 16), (40, 16)),
    "remitter who relapses": ((0, 16), (10, 3), (16, 4), (24, 15), (40, 16)),
}
SCALE_FOR = {"F41.1": "gad7", "F43.10": "pcl5"}


def _demo_scores(
    rng: random.Random,
    patient: Patient,
    story: Story,
    number: int,
    start: date,
    prescriber: User,
    today: date,
) -> None:
    """Every two weeks from the start of treatment, a scale that follows one of the stories."""
    instrument = INSTRUMENTS[SCALE_FOR.get(story.icd10cm, "phq9")]
    InstrumentAssignment.objects.create(
        patient=patient,
        instrument=instrument.id,
        every_days=14,
        starts_on=start,
        assigned_by=prescriber,
    )
    if story.courses[0].drug in ("clozapine", "aripiprazole"):
        InstrumentAssignment.objects.create(
            patient=patient,
            instrument="aims",
            every_days=182,
            starts_on=start,
            assigned_by=prescriber,
        )
    anchors = list(COURSES.values())[number % len(COURSES)]
    most = sum(max(score for _, score, _ in item.options) for item in instrument.items)
    day, last = start, None
    # The demo patient's next questionnaire is due today, so the portal has one to show.
    until = today - timedelta(days=14) if number == 0 else today
    while day <= until:
        weeks = (day - start).days / 7
        total = _interpolate(anchors, weeks) * most // 27 + rng.choice((-1, 0, 0, 1))
        answers = _spread(max(total, 0), instrument)
        # One patient admits to thoughts of self-harm at the last visit: an open flag.
        if number == 4 and instrument.id == "phq9" and day + timedelta(days=14) > today:
            answers[8] = "1"
        result = instrument.score(answers, sex=patient.sex_at_birth)
        last = QuestionnaireResponse.objects.create(
            patient=patient,
            instrument=instrument.id,
            status=ResponseStatus.COMPLETED,
            answers=answers,
            completed_at=_at(day),
            total=result.total,
            total_loinc=instrument.total_loinc,
            severity=result.severity or "",
            positive=result.positive,
            flags=list(result.flags),
            recorded_by=prescriber,
        )
        day += timedelta(days=14)
    if last is not None and "suicidal-ideation" in last.flags:
        SafetyFlag.objects.create(patient=patient, response=last, kind="suicidal-ideation")


def _interpolate(anchors: list[tuple[int, int]] | tuple[tuple[int, int], ...], weeks: float) -> int:
    for (w0, t0), (w1, t1) in itertools.pairwise(anchors):
        if w0 <= weeks <= w1:
            return round(t0 + (t1 - t0) * (weeks - w0) / (w1 - w0))
    return anchors[-1][1]


def _spread(total: int, instrument: Instrument) -> list[str]:
    """Answers summing to `total`, filled item by item; the last PHQ-9 item (self-harm) stays 0."""
    items = instrument.items
    scored = items[:-1] if instrument.id == "phq9" else items
    values = [0] * len(items)
    for index in itertools.cycle(range(len(scored))):
        if total <= 0 or all(values[i] == scored[i].options[-1][1] for i in range(len(scored))):
            break
        if values[index] < scored[index].options[-1][1]:
            values[index] += 1
            total -= 1
    return [str(v) for v in values]
