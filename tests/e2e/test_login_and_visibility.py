"""A prescriber and a patient log in through a real browser and see what each may see."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from poise.medications.services import medication_start
from poise.patients.services import condition_add
from tests.conftest import Personas
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def history(personas: Personas) -> Personas:
    condition_add(
        patient=personas.patient,
        icd10cm="F33.1",
        text="Major depressive disorder, recurrent, moderate",
        by=personas.prescriber,
    )
    medication_start(
        patient=personas.patient,
        drug="sertraline",
        rxnorm="36437",
        formulation="tablet",
        indication="Depression",
        started_on=date(2026, 9, 1),
        dose_mg=Decimal(100),
        times_per_day=1,
        by=personas.prescriber,
    )
    condition_add(
        patient=personas.other_patient,
        icd10cm="F41.1",
        text="Generalized anxiety disorder",
        by=personas.prescriber,
    )
    return personas


def test_a_prescriber_finds_a_patient_and_reads_the_chart(page: Any, history: Personas) -> None:
    log_in(page, "drhale")
    page.get_by_label("Search by name or record number").fill("Morgan")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Morgan, Pat").click()
    page.get_by_role("heading", name="Pat Morgan").wait_for()
    assert page.get_by_text("Major depressive disorder, recurrent, moderate").is_visible()
    assert page.get_by_text("100 mg once a day").is_visible()
    assert page.get_by_role("link", name="Add a medication").is_visible()
    # The page fits a 360 px phone without sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Another clinic's patient does not exist as far as this prescriber can tell.
    page.goto(f"{page.base_url}/patients/{history.foreign_patient.public_id}/")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert "Stone" not in page.content()


def test_a_patient_sees_their_own_plan_and_nothing_else(page: Any, history: Personas) -> None:
    log_in(page, "pat")
    page.get_by_role("heading", name="Hello, Pat").wait_for()
    assert page.get_by_text("100 mg once a day").is_visible()
    assert page.get_by_text("988").first.is_visible()
    assert "Generalized anxiety disorder" not in page.content()
    page.goto(f"{page.base_url}/patients/")
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    page.goto(f"{page.base_url}/patients/{history.other_patient.public_id}/")
    assert "Avery" not in page.content()
    response = page.goto(f"{page.base_url}/api/v1/patients/{history.other_patient.public_id}")
    assert response.status == 404


def test_the_front_desk_sees_details_but_not_the_clinical_record(
    page: Any, history: Personas
) -> None:
    log_in(page, "desk")
    page.goto(f"{page.base_url}/patients/{history.patient.public_id}/")
    page.get_by_role("heading", name="Pat Morgan").wait_for()
    assert page.get_by_text("L-1").is_visible()
    assert "sertraline" not in page.content().lower()
    assert "Major depressive" not in page.content()


def test_a_misspelt_medication_is_questioned_before_it_reaches_the_chart(
    page: Any, history: Personas
) -> None:
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{history.patient.public_id}/")
    page.get_by_role("link", name="Add a medication").click()
    page.get_by_label("Drug").fill("Trazadone")
    page.get_by_label("Started on").fill("2026-10-01")
    page.get_by_label("Dose (mg)").fill("50")
    page.get_by_role("button", name="Save").click()
    suggestion = page.get_by_text("Did you mean trazodone?")
    suggestion.wait_for()
    assert suggestion.is_visible()
    page.get_by_label("Drug").fill("trazodone")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Pat Morgan").wait_for()
    assert page.get_by_text("trazodone", exact=False).first.is_visible()


def test_a_contraindicated_medicine_is_confirmed_before_it_is_saved(
    page: Any, history: Personas
) -> None:
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{history.patient.public_id}/")
    page.get_by_role("link", name="Add a medication").click()
    page.get_by_label("Drug").fill("linezolid")
    page.get_by_label("Started on").fill("2026-10-01")
    page.get_by_label("Dose (mg)").fill("1200")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Check before saving").wait_for()
    assert page.get_by_text("linezolid with sertraline: risk of serotonin syndrome").is_visible()
    page.get_by_label("I have reviewed these findings and still want to save").check()
    page.get_by_role("button", name="Save").click()
    reason_asked = page.get_by_text("Give the reason for going ahead")
    reason_asked.wait_for()  # the form comes back (is_visible does not wait for the page)
    assert reason_asked.is_visible()  # nothing saved yet
    page.get_by_label("I have reviewed these findings and still want to save").check()
    page.get_by_label("Reason for going ahead").fill("MRSA, no alternative antibiotic")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Pat Morgan").wait_for()
    assert page.get_by_text("Linezolid").first.is_visible()
    page.get_by_text("Dose history").first.click()
    assert page.get_by_text("MRSA, no alternative antibiotic", exact=False).first.is_visible()


def test_the_chart_shows_a_boxed_warning_that_fits_a_phone(page: Any, personas: Personas) -> None:
    medication_start(
        patient=personas.patient,
        drug="lithium",
        rxnorm="",
        formulation="capsule",
        indication="Bipolar disorder",
        started_on=date(2026, 9, 1),
        dose_mg=Decimal(300),
        times_per_day=3,
        by=personas.prescriber,
    )
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{personas.patient.public_id}/")
    warning = page.locator(".boxed")
    assert warning.count() == 1 and warning.is_visible()
    assert "serum lithium concentrations" in warning.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_check_shows_a_new_medicines_boxed_warning_before_saving_on_a_phone(
    page: Any, personas: Personas
) -> None:
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{personas.patient.public_id}/")
    page.get_by_role("link", name="Add a medication").click()
    page.get_by_label("Drug").fill("clozapine")
    page.get_by_label("Dose (mg)").fill("12.5")
    page.get_by_label("Dose (mg)").press("Enter")  # the form's first button, Check
    page.get_by_role("heading", name="Safety check: nothing saved yet").wait_for()
    warning = page.locator(".review .boxed")
    assert warning.is_visible() and "neutropenia" in warning.inner_text().lower()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=personas.patient.full_name).wait_for()
    assert page.get_by_text("Clozapine").first.is_visible()


def test_the_form_offers_the_chosen_drugs_own_forms_first(page: Any, personas: Personas) -> None:
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{personas.patient.public_id}/")
    page.get_by_role("link", name="Add a medication").click()
    # The script listens for typing once the new page has loaded; typing sooner would race it.
    page.get_by_label("Drug").wait_for()
    page.wait_for_load_state("load")
    formulation = page.get_by_label("Formulation")
    assert formulation.input_value() == "tablet"
    assert page.locator("#id_formulation optgroup").count() == 0
    # DEPAKOTE comes as delayed-release and extended-release tablets, not plain tablets.
    page.get_by_label("Drug").fill("Depakote")
    assert formulation.input_value() == "tablet_dr"
    own = page.locator("#id_formulation optgroup").first
    assert own.get_attribute("label") == "Forms of Depakote in Poise"
    assert own.locator("option").all_inner_texts() == [
        "Delayed-release tablet",
        "Extended-release tablet",
    ]
    # Any form can still be chosen: a form Poise does not list stays under "Other forms".
    assert page.locator("#id_formulation optgroup[label='Other forms'] option").count() > 5
    page.get_by_label("Dose (mg)").fill("250")
    page.get_by_label("Times a day").fill("3")
    page.get_by_role("button", name="Check").click()
    page.get_by_role("heading", name="Check before saving").wait_for()  # she may conceive
    assert formulation.input_value() == "tablet_dr"  # kept as submitted
    assert "in Poise's formulary" not in page.locator(".review").inner_text()
    page.get_by_label("I have reviewed these findings and still want to save").check()
    page.get_by_label("Reason for going ahead").fill("Lamotrigine failed; contraception in place")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=personas.patient.full_name).wait_for()
    assert page.get_by_text("Delayed-release tablet").first.is_visible()
    # A drug Poise does not know gets the plain list back.
    page.get_by_role("link", name="Add a medication").click()
    page.get_by_label("Drug").fill("lithium")
    assert page.locator("#id_formulation optgroup").count() == 2
    lithiums = formulation.input_value()
    page.get_by_label("Drug").fill("vitamin d")
    assert page.locator("#id_formulation optgroup").count() == 0
    assert formulation.input_value() == lithiums  # the choice is left as it was


def test_a_diagnosis_is_found_by_name_and_recorded_on_a_phone(
    page: Any, personas: Personas
) -> None:
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{personas.patient.public_id}/")
    page.get_by_role("link", name="Add a diagnosis").click()
    page.get_by_label("Find a code by name or code").fill("bipolar II")
    page.get_by_label("Find a code by name or code").press("Enter")  # Find, not Save
    page.get_by_role("button", name="F31.81 Bipolar II disorder").click()
    assert page.get_by_role("textbox", name="ICD-10-CM code").input_value() == "F31.81"
    assert page.get_by_label("Description").input_value() == "Bipolar II disorder"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=personas.patient.full_name).wait_for()
    assert page.get_by_text("Bipolar II disorder").first.is_visible()
