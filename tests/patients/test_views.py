from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from poise.audit.models import AuditEvent
from poise.patients.models import Observation, Patient
from tests.conftest import Personas, client_for


def chart_url(personas: Personas, name: str = "patients:chart") -> str:
    return reverse(name, kwargs={"public_id": personas.patient.public_id})


def test_the_chart_shows_the_clinical_record_to_a_prescriber(personas: Personas) -> None:
    client = client_for(personas.prescriber)
    client.post(
        chart_url(personas, "patients:condition_add"),
        {"icd10cm": "f33.1", "text": "MDD, recurrent, moderate", "clinical_status": "active"},
    )
    client.post(
        chart_url(personas, "patients:medication_start"),
        {
            "drug": "Sertraline",
            "rxnorm": "36437",
            "formulation": "tablet",
            "started_on": "2026-10-01",
            "dose_mg": "50",
            "times_per_day": "1",
        },
    )
    page = client.get(chart_url(personas)).content.decode()
    assert "F33.1" in page and "MDD, recurrent, moderate" in page
    assert "Sertraline" in page and "50 mg once a day" in page


def test_a_form_with_bad_input_says_what_is_wrong_per_field_and_saves_nothing(
    personas: Personas,
) -> None:
    response = client_for(personas.clinician).post(
        chart_url(personas, "patients:vitals_add"),
        {"effective_at": "2026-11-01T09:00", "weight": "abc", "systolic_bp": "120"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "weight" in errors
    assert "Enter both the systolic and diastolic pressure." in errors["__all__"]
    assert not Observation.objects.exists()


def test_an_icd10cm_code_is_checked_for_shape(personas: Personas) -> None:
    response = client_for(personas.prescriber).post(
        chart_url(personas, "patients:condition_add"),
        {"icd10cm": "depression", "text": "x", "clinical_status": "active"},
    )
    (error,) = response.context["form"].errors["icd10cm"]
    assert "not an ICD-10-CM code" in error and "find it by name" in error


def _add_diagnosis(personas: Personas, code: str, text: str = "") -> Any:
    return client_for(personas.prescriber).post(
        chart_url(personas, "patients:condition_add"),
        {"icd10cm": code, "text": text, "clinical_status": "active"},
    )


def test_a_code_icd10cm_does_not_have_is_refused_with_the_nearest_one_above(
    personas: Personas,
) -> None:
    response = _add_diagnosis(personas, "F33.10", "MDD")  # F33.1 has no subdivisions
    (error,) = response.context["form"].errors["icd10cm"]
    assert error.startswith("F33.10 is not in ICD-10-CM")
    assert "F33.1: Major depressive disorder, recurrent, moderate" in error
    assert not personas.patient.conditions.exists()


def test_an_empty_description_takes_the_codes_icd10cm_name(personas: Personas) -> None:
    assert _add_diagnosis(personas, "f4310").status_code == 302  # typed without its dot
    assert _add_diagnosis(personas, "U07.0", "Vaping").status_code == 302
    assert _add_diagnosis(personas, "T43.222A").status_code == 302
    recorded = dict(personas.patient.conditions.values_list("icd10cm", "text"))
    assert recorded == {
        "F43.10": "Post-traumatic stress disorder, unspecified",
        "U07.0": "Vaping",  # what the prescriber wrote stands
        "T43.222A": "Poisoning by selective serotonin reuptake inhibitors, intentional "
        "self-harm, initial encounter",
    }


def test_codes_are_found_by_name_and_a_pick_fills_the_form_without_saving(
    personas: Personas,
) -> None:
    client = client_for(personas.prescriber)
    url = chart_url(personas, "patients:condition_add")
    found = client.post(url, {"action": "find", "find": "bipolar II"}).context["code_search"]
    assert found.found == (("F31.81", "Bipolar II disorder", False),) and found.total == 1
    # An inclusion term finds its code: ICD-10-CM lists "manic-depressive illness" under F31.
    assert ("F31", "Bipolar disorder", True) in client.post(
        url, {"action": "find", "find": "Manic-Depressive"}
    ).context["code_search"].found
    many = client.post(url, {"action": "find", "find": "F3"}).context["code_search"]
    assert many.total > len(many.found) == 30
    assert [m.code for m in many.found] == sorted(m.code for m in many.found)
    none = client.post(url, {"action": "find", "find": "zzzz"})
    assert "No ICD-10-CM code has all of" in none.content.decode()
    # Each lookup shows the patient's form again without writing: audited as a read.
    reads = AuditEvent.objects.filter(actor=personas.prescriber, action="read", resource="chart")
    before = reads.count()
    picked = client.post(url, {"pick": "F31.81"})
    assert reads.count() == before + 1
    form = picked.context["form"]
    assert not form.is_bound and not form.errors
    assert form.initial == {"icd10cm": "F31.81", "text": "Bipolar II disorder"}
    assert not personas.patient.conditions.exists()
    assert _add_diagnosis(personas, "F31.81", "Bipolar II disorder").status_code == 302


def test_a_new_patient_needs_a_record_number_unique_in_the_clinic(personas: Personas) -> None:
    response = client_for(personas.front_desk).post(
        reverse("patients:create"),
        {
            "mrn": personas.patient.mrn,
            "given_name": "Sam",
            "family_name": "Lee",
            "date_of_birth": "1990-02-03",
            "sex_at_birth": "male",
            "preferred_language": "en",
            "time_zone": "America/Chicago",
        },
    )
    assert "mrn" in response.context["form"].errors
    response = client_for(personas.front_desk).post(
        reverse("patients:create"),
        {
            "mrn": "H-1",
            "given_name": "Sam",
            "family_name": "Lee",  # H-1 exists only elsewhere
            "date_of_birth": "1990-02-03",
            "sex_at_birth": "male",
            "preferred_language": "en",
            "time_zone": "Mars/Olympus",
        },
    )
    assert "time_zone" in response.context["form"].errors
    assert not Patient.objects.filter(given_name="Sam").exists()


def test_two_people_editing_details_at_once_do_not_overwrite_each_other(
    personas: Personas,
) -> None:
    url = chart_url(personas, "patients:edit")
    form = client_for(personas.front_desk).get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    client_for(personas.clinician).post(url, {**data, "phone": "555-0001"})
    stale = client_for(personas.front_desk).post(url, {**data, "phone": "555-0002"})
    assert "Someone else changed" in stale.content.decode()
    personas.patient.refresh_from_db()
    assert personas.patient.phone == "555-0001"


def test_a_search_finds_patients_by_name_words_and_is_audited(personas: Personas) -> None:
    page = client_for(personas.front_desk).get(reverse("patients:list"), {"q": "quinn av"})
    names = [p.family_name for p in page.context["page"].object_list]
    assert names == ["Avery"]
    assert AuditEvent.objects.filter(action="search", actor=personas.front_desk).exists()


def test_pages_carry_a_strict_content_security_policy(personas: Personas) -> None:
    response = client_for(personas.prescriber).get(reverse("patients:list"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_an_unknown_page_is_a_plain_404(personas: Personas) -> None:
    response = client_for(personas.prescriber).get("/patients/not-a-patient/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_staff_join_a_care_team_once_and_only_from_their_clinic(personas: Personas) -> None:
    client = client_for(personas.front_desk)
    url = chart_url(personas, "patients:care_team_add")
    form = client.get(url).context["form"]
    offered = {user.username for user in form.fields["member"].queryset}
    assert offered == {"drhale", "nurse", "desk", "admin"}
    client.post(url, {"member": personas.prescriber.pk, "responsibility": "Prescriber"})
    again = client.post(url, {"member": personas.prescriber.pk, "responsibility": "Prescriber"})
    assert "Already on this patient" in again.content.decode()
    foreign = client.post(url, {"member": personas.foreign_prescriber.pk, "responsibility": "x"})
    assert "member" in foreign.context["form"].errors
    assert personas.patient.care_team.count() == 1


def test_the_chart_checks_the_current_medicines_against_the_chart(personas: Personas) -> None:
    for drug, dose in (("lithium carbonate", 900), ("ibuprofen", 1200), ("semaglutide", 1)):
        _on_record(personas, drug, dose)
    page = client_for(personas.prescriber).get(chart_url(personas)).content.decode()
    assert "lithium with ibuprofen" in page and "Australian Prescriber" in page
    assert "formulary yet): semaglutide" in page


def test_the_chart_shows_each_current_medicines_boxed_warning(personas: Personas) -> None:
    """The label's boxed warning sits with the medicine on the prescriber's chart (LITHIUM:
    toxicity close to therapeutic levels); a medicine whose label has none shows none, and
    the patient's own page leaves them to the care team."""
    _start(personas, "Lithium carbonate", dose_mg="300", times_per_day="3")
    _start(personas, "Buspirone", dose_mg="7.5", times_per_day="2")
    page = client_for(personas.prescriber).get(chart_url(personas)).content.decode()
    assert page.count("Boxed warning:") == 1
    assert "close to therapeutic concentrations" in page
    own = client_for(personas.patient_user).get(reverse("web:portal")).content.decode()
    assert "Lithium" in own and "Boxed warning:" not in own


def test_the_chart_shows_the_class_boxed_warning_a_medicine_carries(personas: Personas) -> None:
    """Every antidepressant label carries the suicidality box, though the formulary states it
    once for the class: sertraline on the chart shows it, with its source."""
    _start(personas, "Sertraline", dose_mg="50")
    page = client_for(personas.prescriber).get(chart_url(personas)).content.decode()
    assert page.count("Boxed warning:") == 1
    assert "Suicidal thoughts and behaviours" in page and "Sertraline (Zoloft)" in page


def test_the_chart_names_a_medicine_in_words(personas: Personas) -> None:
    """Typed as "Hypericum", St John's wort is recorded under its formulary id and shown in
    words, on the chart and in the findings with another medicine."""
    _start(personas, "Hypericum", dose_mg="300", times_per_day="3")
    assert personas.patient.medications.filter(drug="st-johns-wort").exists()
    _on_record(personas, "sertraline", 50)  # as if saved past the review's serious finding
    page = client_for(personas.prescriber).get(chart_url(personas)).content.decode()
    assert "St John&#x27;s wort" in page and "St-johns-wort" not in page
    assert "St John&#x27;s wort with sertraline" in page


def test_the_chart_checks_a_dose_against_the_recorded_weight(personas: Personas) -> None:
    """DEPAKOTE: at most 60 mg/kg/day; the chart's latest weight is the patient's weight."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from poise.patients.services import Measurement, observations_record

    # As if saved past the review (valproate's pregnancy-prevention finding).
    _on_record(personas, "valproate", 1000, formulation="tablet_dr", times_per_day=2)
    page = client_for(personas.prescriber).get(chart_url(personas)).content.decode()
    assert "60 mg/kg" not in page
    observations_record(
        patient=personas.patient,
        measurements=[Measurement("weight", Decimal(30))],
        effective_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        by=personas.clinician,
    )
    page = client_for(personas.prescriber).get(chart_url(personas)).content.decode()
    assert "maximum of 1800 mg/day (60 mg/kg at 30 kg)" in page


def _on_record(
    personas: Personas,
    drug: str,
    dose_mg: int,
    *,
    formulation: str = "tablet",
    times_per_day: int = 1,
) -> None:
    """A medicine put on the record through the service, without the form's review."""
    from datetime import date
    from decimal import Decimal

    from poise.medications.services import medication_start

    medication_start(
        patient=personas.patient,
        drug=drug,
        rxnorm="",
        formulation=formulation,
        indication="",
        started_on=date(2026, 10, 1),
        dose_mg=Decimal(dose_mg),
        times_per_day=times_per_day,
        by=personas.prescriber,
    )


def _start(personas: Personas, drug: str, **extra: str) -> Any:
    return client_for(personas.prescriber).post(
        chart_url(personas, "patients:medication_start"),
        {
            "drug": drug,
            "formulation": "tablet",
            "started_on": "2026-10-01",
            "dose_mg": "50",
            "times_per_day": "1",
            **extra,
        },
    )


def test_a_misspelt_drug_name_is_questioned_and_kept_only_when_asked(personas: Personas) -> None:
    from poise.medications.models import MedicationStatement

    response = _start(personas, "Trazadone")
    assert response.status_code == 200
    (error,) = response.context["form"].errors["drug"]
    assert "Did you mean trazodone?" in error
    assert not MedicationStatement.objects.exists()

    assert _start(personas, "Trazadone", keep_as_typed="on").status_code == 302
    assert _start(personas, "semaglutide").status_code == 302
    assert sorted(MedicationStatement.objects.values_list("drug", flat=True)) == [
        "semaglutide",
        "trazadone",
    ]


def test_a_misspelt_medication_allergy_is_questioned_but_a_non_drug_one_is_not(
    personas: Personas,
) -> None:
    from poise.patients.models import AllergyIntolerance

    def add(substance: str, category: str = "medication", **extra: str) -> Any:
        return client_for(personas.prescriber).post(
            chart_url(personas, "patients:allergy_add"),
            {"substance": substance, "category": category, "type": "allergy", **extra},
        )

    (error,) = add("sertaline").context["form"].errors["substance"]
    assert "Did you mean sertraline?" in error
    assert add("sertraline").status_code == 302
    assert add("sertaline", keep_as_typed="on").status_code == 302
    assert add("Setraline", category="food").status_code == 302  # not a medicine: not asked
    assert add("latex", category="environment").status_code == 302
    assert sorted(AllergyIntolerance.objects.values_list("substance", flat=True)) == [
        "Setraline",
        "latex",
        "sertaline",
        "sertraline",
    ]


# Liver function and pharmacogenomic results are dated status answers like pregnancy: each
# can be recorded on its own, the chart shows the latest, and an empty form saves nothing.
def test_liver_function_and_pharmacogenomic_results_are_recorded_as_status(
    personas: Personas,
) -> None:
    client = client_for(personas.prescriber)
    url = chart_url(personas, "patients:status_add")
    assert f'value="{timezone.localdate().isoformat()}"' in client.get(url).content.decode()
    empty = client.post(url, {"assessed_on": "2026-11-01"})
    assert "Record at least one status." in empty.context["form"].errors["__all__"]
    client.post(url, {"assessed_on": "2026-10-01", "cyp2d6": "normal"})
    client.post(url, {"assessed_on": "2026-11-01", "cyp2d6": "poor", "hepatic": "B"})
    client.post(url, {"assessed_on": "2026-11-02", "hla_b1502": "positive"})
    page = client.get(chart_url(personas)).content.decode()
    assert "Poor metabolizer" in page and "Normal metabolizer" not in page
    assert "Child-Pugh B (moderate)" in page and "HLA-B*15:02 carrier" in page
    assert client.post(url, {"assessed_on": "2026-11-02", "cyp2c19": "slow"}).status_code == 200
