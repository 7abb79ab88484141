"""Prescribing from the chart: serious safety findings are shown, and confirmed, before saving."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from poise.audit.models import AuditEvent
from poise.clinical import formulary
from poise.medications.models import FindingOverride, MedicationStatement
from poise.medications.services import medication_start, medication_stop
from poise.patients.services import (
    Measurement,
    allergy_add,
    condition_add,
    condition_revise,
    observations_record,
    status_assess,
)
from tests.conftest import Personas, client_for


def _start_url(personas: Personas) -> str:
    return reverse("patients:medication_start", kwargs={"public_id": personas.patient.public_id})


def _post_start(personas: Personas, drug: str, dose: str, **extra: str) -> Any:
    return client_for(personas.prescriber).post(
        _start_url(personas),
        {
            "drug": drug,
            "formulation": "tablet",
            "started_on": timezone.localdate().isoformat(),
            "dose_mg": dose,
            "times_per_day": "1",
            **extra,
        },
    )


def _on(personas: Personas, drug: str, dose: int, days_ago: int = 30) -> MedicationStatement:
    return medication_start(
        patient=personas.patient,
        drug=drug,
        rxnorm="",
        formulation="tablet",
        indication="",
        started_on=timezone.localdate() - timedelta(days=days_ago),
        dose_mg=Decimal(dose),
        times_per_day=1,
        by=personas.prescriber,
    )


def _dose_change(
    personas: Personas, statement: MedicationStatement, dose: str
) -> tuple[str, dict[str, str]]:
    """The change-dose form's address and a valid submission of `dose` mg once a day."""
    url = reverse(
        "patients:dose_change",
        kwargs={"public_id": personas.patient.public_id, "statement_id": statement.public_id},
    )
    data = {
        "version": str(statement.version),
        "effective_on": timezone.localdate().isoformat(),
        "dose_mg": dose,
        "times_per_day": "1",
        "reason": "partial response",
    }
    return url, data


def _drugs(personas: Personas) -> list[str]:
    return sorted(
        MedicationStatement.objects.filter(patient=personas.patient).values_list("drug", flat=True)
    )


def test_a_contraindicated_medicine_is_shown_for_review_and_saved_only_when_confirmed(
    personas: Personas,
) -> None:
    _on(personas, "sertraline", 100)
    first = _post_start(personas, "linezolid", "1200")
    assert first.status_code == 200
    review = first.context["review"]
    assert [c.finding.severity.value for c in review.shown] == ["contraindicated"]
    assert "serotonin syndrome" in first.content.decode()
    assert _drugs(personas) == ["sertraline"]

    # A confirmation must name exactly the findings shown, and say why.
    token = first.context["review"].token
    reason = "MRSA infection, no alternative; sertraline paused by psychiatry"
    wrong = _post_start(personas, "linezolid", "1200", reviewed="0" * 16, override_reason=reason)
    assert wrong.status_code == 200
    assert _drugs(personas) == ["sertraline"]
    no_reason = _post_start(personas, "linezolid", "1200", reviewed=token)
    assert no_reason.status_code == 200 and no_reason.context["review"].reason_missing
    assert "Give the reason" in no_reason.content.decode()
    assert _drugs(personas) == ["sertraline"]
    confirmed = _post_start(personas, "linezolid", "1200", reviewed=token, override_reason=reason)
    assert confirmed.status_code == 302
    assert _drugs(personas) == ["linezolid", "sertraline"]
    (override,) = FindingOverride.objects.all()
    assert (override.severity, override.reason) == ("contraindicated", reason)
    assert override.dose.statement.drug == "linezolid"
    assert override.recorded_by == personas.prescriber
    chart = client_for(personas.prescriber).get(
        reverse("patients:chart", kwargs={"public_id": personas.patient.public_id})
    )
    assert "Saved despite a contraindicated finding" in chart.content.decode()
    # The chart's safety check still lists the finding, with the decision made about it.
    (checked,) = [c for c in chart.context["regimen"].findings if c.override is not None]
    assert checked.finding.severity.value == "contraindicated"
    assert checked.override.reason == reason
    assert "Saved despite this on" in chart.content.decode()


def test_an_allergy_recorded_in_everyday_words_holds_up_a_medicine_its_label_names(
    personas: Personas,
) -> None:
    # CELEBREX section 4: contraindicated after allergic-type reactions to sulfonamides.
    allergy_add(patient=personas.patient, by=personas.prescriber, substance="Sulfa drugs")
    response = _post_start(personas, "celecoxib", "200", formulation="capsule")
    assert response.status_code == 200
    (finding,) = [c.finding for c in response.context["review"].shown]
    assert (finding.severity.value, finding.kind.value) == ("contraindicated", "allergy")
    assert "Sulfa drugs" in response.content.decode()
    assert _drugs(personas) == []
    assert _post_start(personas, "naproxen", "500").status_code == 302  # no sulfonamide
    assert _drugs(personas) == ["naproxen"]


def test_a_diagnosis_on_the_chart_holds_up_a_medicine_its_label_contraindicates(
    personas: Personas,
) -> None:
    # WELLBUTRIN 5.3: contraindicated with bulimia; a resolved diagnosis still counts.
    condition_add(
        patient=personas.patient,
        icd10cm="F50.2",
        text="Bulimia nervosa",
        clinical_status="resolved",
        by=personas.prescriber,
    )
    response = _post_start(personas, "bupropion", "150")
    shown = [c.finding for c in response.context["review"].shown]
    (finding,) = [f for f in shown if f.mechanism.endswith("(diagnosis)")]
    assert (finding.severity.value, finding.kind.value) == ("contraindicated", "population")
    assert "anorexia nervosa or bulimia (F50.2)" in response.content.decode()
    assert _drugs(personas) == []
    assert _post_start(personas, "sertraline", "50").status_code == 302
    assert _drugs(personas) == ["sertraline"]


def test_a_recent_infarction_holds_up_ziprasidone_only_while_it_is_current(
    personas: Personas,
) -> None:
    # GEODON 4: contraindicated after a recent acute myocardial infarction (ICD-10-CM I21:
    # within 4 weeks of onset); once the chart records it as resolved it no longer applies.
    infarction = condition_add(
        patient=personas.patient,
        icd10cm="I21.4",
        text="Non-ST elevation (NSTEMI) myocardial infarction",
        by=personas.prescriber,
    )
    response = _post_start(personas, "ziprasidone", "40")
    assert "recent acute myocardial infarction (I21.4)" in response.content.decode()
    assert _drugs(personas) == []
    condition_revise(condition=infarction, clinical_status="resolved", by=personas.prescriber)
    assert _post_start(personas, "ziprasidone", "40").status_code == 302
    assert _drugs(personas) == ["ziprasidone"]


def test_the_dates_of_a_new_medicine_a_dose_change_and_a_stop_start_at_today(
    personas: Personas,
) -> None:
    client = client_for(personas.prescriber)
    today = f'value="{timezone.localdate().isoformat()}"'
    assert today in client.get(_start_url(personas)).content.decode()
    statement = _on(personas, "sertraline", 50)
    for name in ("dose_change", "medication_stop"):
        url = reverse(
            f"patients:{name}",
            kwargs={"public_id": personas.patient.public_id, "statement_id": statement.public_id},
        )
        assert today in client.get(url).content.decode(), name


def test_a_dose_change_starts_from_how_often_and_how_the_current_dose_is_taken(
    personas: Personas,
) -> None:
    statement = medication_start(
        patient=personas.patient,
        drug="lithium",
        rxnorm="",
        formulation="tablet",
        indication="",
        started_on=timezone.localdate() - timedelta(days=30),
        dose_mg=Decimal(300),
        times_per_day=2,
        instructions="with food",
        by=personas.prescriber,
    )
    url, _ = _dose_change(personas, statement, "450")
    form = client_for(personas.prescriber).get(url).context["form"]
    assert form.initial["times_per_day"] == 2 and form.initial["instructions"] == "with food"
    assert form.initial["as_needed"] is False and "dose_mg" not in form.initial  # typed anew


def test_a_moderate_finding_does_not_hold_up_saving(personas: Personas) -> None:
    _on(personas, "sertraline", 100)
    assert _post_start(personas, "ibuprofen", "1200").status_code == 302  # bleeding: moderate
    assert _drugs(personas) == ["ibuprofen", "sertraline"]


def test_a_recently_stopped_medicine_counts_for_its_washout(personas: Personas) -> None:
    fluoxetine = _on(personas, "fluoxetine", 20, days_ago=200)
    medication_stop(
        statement=fluoxetine,
        expected_version=fluoxetine.version,
        stopped_on=timezone.localdate() - timedelta(days=10),
        reason="switching",
        by=personas.prescriber,
    )
    response = _post_start(personas, "phenelzine", "45")
    assert response.status_code == 200
    (finding,) = [c.finding for c in response.context["review"].shown]
    assert finding.mechanism == "washout around an MAOI" and "10 days" in finding.summary
    # The chart says so too, once the medicine is on it.
    _post_start(
        personas,
        "phenelzine",
        "45",
        reviewed=response.context["review"].token,
        override_reason="specialist advice: fluoxetine dose was low",
    )
    chart = client_for(personas.prescriber).get(
        reverse("patients:chart", kwargs={"public_id": personas.patient.public_id})
    )
    assert "washout is 35 days" in chart.content.decode()


def test_a_dose_above_the_maximum_is_reviewed_before_it_is_recorded(personas: Personas) -> None:
    statement = _on(personas, "sertraline", 100)
    url, data = _dose_change(personas, statement, "300")
    client = client_for(personas.prescriber)
    first = client.post(url, data)
    assert first.status_code == 200
    (finding,) = [c.finding for c in first.context["review"].shown]
    assert "above the maximum of 200 mg/day" in finding.summary
    assert statement.doses.count() == 1
    assert client.post(url, {**data, "dose_mg": "150"}).status_code == 302  # within the label
    statement.refresh_from_db()
    data["version"] = str(statement.version)
    second = client.post(url, data)
    confirmed = client.post(
        url,
        {**data, "reviewed": second.context["review"].token, "override_reason": "OCD, partial"},
    )
    assert confirmed.status_code == 302 and statement.doses.count() == 3
    assert statement.doses.order_by("id").last().overrides.get().reason == "OCD, partial"


def test_the_check_before_saving_reads_a_fixed_number_of_queries(personas: Personas) -> None:
    def queries_for_review() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = _post_start(personas, "linezolid", "1200")
        assert response.status_code == 200 and response.context["review"].shown
        return len(queries)

    _on(personas, "sertraline", 100)
    few = queries_for_review()
    for drug in ("lithium", "quetiapine", "lorazepam", "metformin", "atorvastatin"):
        _on(personas, drug, 10)
    assert queries_for_review() == few


# "Check" runs the same safety check as "Save" and saves nothing: the prescriber sees the new
# medicine's findings and its label's boxed warning (CLOZARIL: severe neutropenia) first.
def test_check_shows_the_findings_and_boxed_warning_and_saves_nothing(personas: Personas) -> None:
    checked = _post_start(personas, "clozapine", "12.5", action="check")
    assert checked.status_code == 200 and _drugs(personas) == []
    page = checked.content.decode()
    assert "nothing saved yet" in page
    assert "Boxed warning (clozapine):" in page and "neutropenia" in page.lower()
    assert checked.context["review"].overriding == []
    assert _post_start(personas, "clozapine", "12.5").status_code == 302
    assert _drugs(personas) == ["clozapine"]


def test_check_lists_moderate_findings_that_saving_would_not_stop_for(personas: Personas) -> None:
    _on(personas, "sertraline", 100)
    checked = _post_start(personas, "ibuprofen", "1200", action="check")
    assert checked.status_code == 200 and _drugs(personas) == ["sertraline"]
    (finding,) = [c.finding for c in checked.context["review"].shown]
    assert finding.severity.value == "moderate" and "reviewed these findings" not in (
        checked.content.decode()
    )


# Lab results on the chart reach every rule that reads one: a sodium of 125 mmol/L (profound
# hyponatraemia, Spasovski 2014) with an SSRI, a valproate trough above the DEPAKOTE range for
# mania (125 ug/mL), and a potassium below 3.5 mmol/L with pimozide.
@pytest.mark.parametrize(
    ("lab", "value", "drug", "dose", "mechanism"),
    [
        ("sodium", "125", "sertraline", "50", "hyponatraemia"),
        ("valproate", "140", "valproate", "1000", "serum level above range"),
        ("potassium", "3.2", "pimozide", "2", "hypokalaemia"),  # ORAP 4
    ],
)
def test_the_charts_lab_results_reach_the_safety_check(
    personas: Personas, lab: str, value: str, drug: str, dose: str, mechanism: str
) -> None:
    observations_record(
        patient=personas.patient,
        measurements=[Measurement(lab, Decimal(value))],
        effective_at=timezone.now(),
        by=personas.prescriber,
    )
    checked = _post_start(personas, drug, dose, action="check")
    shown = [c.finding for c in checked.context["review"].shown]
    assert any(mechanism in f.mechanism for f in shown), [f.mechanism for f in shown]


# The chart's liver function and pharmacogenomic results reach the check: vortioxetine at most
# 10 mg/day in a CYP2D6 poor metabolizer (BRINTELLIX 2), carbamazepine in an HLA-B*15:02
# carrier (TEGRETOL boxed warning), zolpidem in severe hepatic impairment (AMBIEN). An
# "unknown" answer is no answer.
@pytest.mark.parametrize(
    ("status", "drug", "dose", "words"),
    [
        ({"cyp2d6": "poor"}, "vortioxetine", "20", "CYP2D6 poor"),
        ({"hla_b1502": "positive"}, "carbamazepine", "400", "HLA-B*15:02"),
        ({"hepatic": "C"}, "zolpidem", "5", "hepatic encephalopathy"),
    ],
)
def test_the_charts_liver_and_pharmacogenomic_status_reach_the_safety_check(
    personas: Personas, status: dict[str, str], drug: str, dose: str, words: str
) -> None:
    def summaries() -> str:
        checked = _post_start(personas, drug, dose, action="check")
        return " ".join(c.finding.summary for c in checked.context["review"].shown)

    (field,) = status
    status_assess(
        patient=personas.patient,
        assessed_on=timezone.localdate() - timedelta(days=1),
        by=personas.prescriber,
        **{field: "unknown"},
    )
    assert words not in summaries()
    status_assess(
        patient=personas.patient, assessed_on=timezone.localdate(), by=personas.prescriber, **status
    )
    assert words in summaries()


def test_check_never_saves_a_serious_finding_even_when_confirmed(personas: Personas) -> None:
    _on(personas, "sertraline", 100)
    token = _post_start(personas, "linezolid", "1200", action="check").context["review"].token
    again = _post_start(
        personas, "linezolid", "1200", action="check", reviewed=token, override_reason="MRSA"
    )
    assert again.status_code == 200 and "reviewed these findings" in again.content.decode()
    assert _drugs(personas) == ["sertraline"]
    saved = _post_start(personas, "linezolid", "1200", reviewed=token, override_reason="MRSA")
    assert saved.status_code == 302 and _drugs(personas) == ["linezolid", "sertraline"]


def test_check_says_when_a_medicine_is_not_in_the_formulary(personas: Personas) -> None:
    checked = _post_start(personas, "Unknownazole", "10", action="check")
    assert checked.status_code == 200 and _drugs(personas) == []
    assert "not in Poise's formulary" in checked.content.decode()


# One drug for each form the formulary lists (divalproex delayed-release tablets, buprenorphine
# sublingual tablets, lamotrigine chewable tablets, ...).
_FORMS = {form.form: drug for drug in formulary.load().drugs.values() for form in drug.forms}


@pytest.mark.parametrize("form", sorted(_FORMS))
def test_a_medicine_can_be_recorded_in_every_form_the_formulary_lists(
    personas: Personas, form: str
) -> None:
    drug = _FORMS[form]
    checked = _post_start(personas, drug.name, "1", formulation=form, action="check")
    assert checked.status_code == 200 and not checked.context["form"].errors
    assert not [
        c for c in checked.context["review"].shown if "in Poise's formulary" in c.finding.summary
    ]


def test_check_on_a_dose_change_keeps_the_current_dose(personas: Personas) -> None:
    statement = _on(personas, "citalopram", 20)
    url, data = _dose_change(personas, statement, "60")
    checked = client_for(personas.prescriber).post(url, {**data, "action": "check"})
    assert checked.status_code == 200
    assert "maximum of 40 mg/day" in checked.content.decode()
    assert statement.doses.count() == 1


def test_every_safety_check_on_the_form_is_an_audited_read_of_the_chart(
    personas: Personas,
) -> None:
    def checks() -> list[tuple[str, str]]:
        events = AuditEvent.objects.filter(resource="safety-check", patient=personas.patient)
        return [(e.action, e.actor_label) for e in events]

    _post_start(personas, "clozapine", "12.5", action="check")
    _post_start(personas, "clozapine", "12.5")
    name = personas.prescriber.display_name
    assert checks() == [("read", name), ("read", name)]
