"""The patient chart: identity, diagnoses, allergies, observations, statuses, care team.

Clinical entries are never rewritten (DESIGN principle 4): a correction is a new row that
`replaces` the old one, and a mistake is marked entered-in-error with who, when and why.
Demographics change in place, guarded by a version number so a concurrent edit is refused.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from poise.accounts.models import Clinic, validate_time_zone
from poise.clinical import observations
from poise.clinical.formulary.model import ICD10CM

icd10cm_validator = RegexValidator(
    ICD10CM.pattern,
    "Enter an ICD-10-CM code such as F33.1 (letter, two characters, optional dot and detail).",
)


class SexAtBirth(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    UNKNOWN = "unknown", "Unknown"


class Patient(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patient",
    )
    mrn = models.CharField("medical record number", max_length=40)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex_at_birth = models.CharField(max_length=10, choices=SexAtBirth.choices)
    gender_identity = models.CharField(max_length=60, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=35, default="en", help_text="BCP 47 tag")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "mrn"], name="patient_mrn_unique_in_clinic")
        ]
        indexes = [models.Index(fields=["clinic", "family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class ChartEntryQuerySet(models.QuerySet[Any]):
    def current(self) -> ChartEntryQuerySet:
        """Entries that are neither replaced by a correction nor marked entered-in-error."""
        return self.filter(replaced_by__isnull=True, entered_in_error_at__isnull=True)


def submitted_once(name: str) -> models.UniqueConstraint:
    """At most one entry per patient and idempotency key: a form sent twice, or a request
    retried, is kept once (entries without a key are not limited)."""
    return models.UniqueConstraint(
        fields=["patient", "idempotency_key"], condition=~models.Q(idempotency_key=""), name=name
    )


class ChartEntry(models.Model):
    """What every append-only clinical entry carries."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    entered_in_error_at = models.DateTimeField(null=True, blank=True)
    entered_in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_in_error_reason = models.CharField(max_length=300, blank=True)

    objects = ChartEntryQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_entered_in_error(self) -> bool:
        return self.entered_in_error_at is not None


class ConditionStatus(models.TextChoices):
    """FHIR condition-clinical codes."""

    ACTIVE = "active", "Active"
    RECURRENCE = "recurrence", "Recurrence"
    RELAPSE = "relapse", "Relapse"
    INACTIVE = "inactive", "Inactive"
    REMISSION = "remission", "Remission"
    RESOLVED = "resolved", "Resolved"


class Condition(ChartEntry):
    """A diagnosis, coded in ICD-10-CM."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="conditions")
    icd10cm = models.CharField("ICD-10-CM code", max_length=8, validators=[icd10cm_validator])
    text = models.CharField(max_length=255)  # ICD-10-CM's longest names are 228 characters
    onset_date = models.DateField(null=True, blank=True)
    clinical_status = models.CharField(
        max_length=12, choices=ConditionStatus.choices, default=ConditionStatus.ACTIVE
    )

    @property
    def is_current(self) -> bool:
        """Present now: FHIR's active, or one of its subtypes (recurrence, relapse)."""
        return self.clinical_status in (
            ConditionStatus.ACTIVE,
            ConditionStatus.RECURRENCE,
            ConditionStatus.RELAPSE,
        )


class AllergyCategory(models.TextChoices):
    MEDICATION = "medication", "Medication"
    FOOD = "food", "Food"
    ENVIRONMENT = "environment", "Environment"
    BIOLOGIC = "biologic", "Biologic"


class AllergyType(models.TextChoices):
    ALLERGY = "allergy", "Allergy"
    INTOLERANCE = "intolerance", "Intolerance"


class ReactionSeverity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class AllergyIntolerance(ChartEntry):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="allergies")
    substance = models.CharField(max_length=120)
    category = models.CharField(
        max_length=12, choices=AllergyCategory.choices, default=AllergyCategory.MEDICATION
    )
    type = models.CharField(max_length=12, choices=AllergyType.choices, default=AllergyType.ALLERGY)
    reaction = models.CharField(max_length=200, blank=True)
    severity = models.CharField(max_length=10, choices=ReactionSeverity.choices, blank=True)


class Observation(ChartEntry):
    """A measured value (vital sign, lab result) or a coded status (pregnancy, smoking)."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="observations")
    kind = models.CharField(max_length=30, choices=[(k.key, k.name) for k in observations.KINDS])
    loinc = models.CharField(max_length=10)
    value = models.DecimalField(max_digits=10, decimal_places=3)
    unit = models.CharField(max_length=30, help_text="UCUM")
    effective_at = models.DateTimeField(help_text="When it was measured or collected")

    class Meta:
        indexes = [models.Index(fields=["patient", "kind", "-effective_at"])]

    @property
    def kind_info(self) -> observations.ObservationKind:
        return observations.BY_KEY[self.kind]


class Pregnancy(models.TextChoices):
    PREGNANT = "pregnant", "Pregnant"
    NOT_PREGNANT = "not_pregnant", "Not pregnant"
    UNKNOWN = "unknown", "Unknown"


class Breastfeeding(models.TextChoices):
    BREASTFEEDING = "breastfeeding", "Breastfeeding"
    NOT_BREASTFEEDING = "not_breastfeeding", "Not breastfeeding"
    UNKNOWN = "unknown", "Unknown"


class Smoking(models.TextChoices):
    CURRENT = "current", "Current smoker"
    FORMER = "former", "Former smoker"
    NEVER = "never", "Never smoked"
    UNKNOWN = "unknown", "Unknown"


class HepaticImpairment(models.TextChoices):
    """Liver function as the labels grade it (Child-Pugh class)."""

    NONE = "none", "No hepatic impairment"
    CHILD_PUGH_A = "A", "Child-Pugh A (mild)"
    CHILD_PUGH_B = "B", "Child-Pugh B (moderate)"
    CHILD_PUGH_C = "C", "Child-Pugh C (severe)"
    UNKNOWN = "unknown", "Unknown"


class Metabolizer(models.TextChoices):
    """A CYP2D6 or CYP2C19 phenotype, in CPIC's standard terms."""

    POOR = "poor", "Poor metabolizer"
    INTERMEDIATE = "intermediate", "Intermediate metabolizer"
    NORMAL = "normal", "Normal metabolizer"
    RAPID = "rapid", "Rapid metabolizer"
    ULTRARAPID = "ultrarapid", "Ultrarapid metabolizer"
    UNKNOWN = "unknown", "Unknown"


class HlaB1502(models.TextChoices):
    POSITIVE = "positive", "HLA-B*15:02 carrier"
    NEGATIVE = "negative", "Not a carrier"
    UNKNOWN = "unknown", "Unknown"


# The status fields, each answered on its own; an assessment records at least one.
STATUS_FIELDS = (
    "pregnancy",
    "breastfeeding",
    "smoking",
    "hepatic",
    "cyp2d6",
    "cyp2c19",
    "hla_b1502",
)


class StatusAssessment(ChartEntry):
    """Pregnancy, breastfeeding, smoking, liver function and pharmacogenomic results as
    assessed on a date; for each, the latest answer counts.

    These change the safety of a prescription (teratogens, lactation, CYP1A2 induction by smoke,
    hepatic dose limits, CYP2D6 and CYP2C19 phenotypes, HLA-B*15:02 and carbamazepine), so they
    are dated entries, not a field that is silently overwritten.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="statuses")
    pregnancy = models.CharField(max_length=14, choices=Pregnancy.choices, blank=True)
    breastfeeding = models.CharField(max_length=18, choices=Breastfeeding.choices, blank=True)
    smoking = models.CharField(max_length=8, choices=Smoking.choices, blank=True)
    hepatic = models.CharField(
        "Liver function", max_length=8, choices=HepaticImpairment.choices, blank=True
    )
    cyp2d6 = models.CharField("CYP2D6", max_length=12, choices=Metabolizer.choices, blank=True)
    cyp2c19 = models.CharField("CYP2C19", max_length=12, choices=Metabolizer.choices, blank=True)
    hla_b1502 = models.CharField("HLA-B*15:02", max_length=8, choices=HlaB1502.choices, blank=True)
    assessed_on = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(**dict.fromkeys(STATUS_FIELDS, "")),
                name="status_assessment_says_something",
            )
        ]


class CareTeamMember(models.Model):
    """Which staff follow which patient."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="care_team")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_team_roles"
    )
    responsibility = models.CharField(max_length=60, help_text="e.g. Prescriber, Therapist")
    since = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "member"], name="care_team_member_once")
        ]
