"""A prescriber plans a taper and a new medicine from the chart and shares the taper; the
patient then sees it in the portal. A real browser, on a phone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from poise.medications.services import medication_start
from tests.conftest import Personas
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_a_prescriber_plans_a_taper_and_a_start_from_the_chart(
    page: Any, personas: Personas
) -> None:
    medication_start(
        patient=personas.patient,
        drug="paroxetine",
        rxnorm="",
        formulation="tablet",
        indication="Depression",
        started_on=date(2026, 6, 1),
        dose_mg=Decimal(20),
        times_per_day=1,
        by=personas.prescriber,
    )
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{personas.patient.public_id}/")
    page.get_by_role("link", name="Plan a taper").click()
    page.get_by_role("heading", name="Taper paroxetine").wait_for()
    rows = page.locator("table tbody tr")
    assert rows.first.inner_text().split("\t")[2] == "20 mg"
    assert rows.last.inner_text().split("\t")[2:] == ["0 mg", "stop"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "plan-taper")
    page.get_by_label("Note to the patient").fill("Call us if the dizziness is bad.")
    page.get_by_role("button", name="Share this plan").click()
    page.get_by_text("Taper paroxetine shared with the patient.").wait_for()
    page.get_by_role("link", name="Plan a change").click()

    page.get_by_label("Start a new medicine").check()
    page.get_by_label("New medicine", exact=True).fill("lamotrigine")
    # Its own products come first; the label's usual product stays chosen.
    product = page.get_by_label("Product")
    assert product.locator("optgroup").first.get_attribute("label") == (
        "Forms of lamotrigine in Poise"
    )
    assert product.input_value() == ""
    page.get_by_label("Target (mg/day)").fill("100")
    page.get_by_role("button", name="Plan", exact=True).click()
    page.get_by_role("heading", name="Start lamotrigine").wait_for()
    assert page.locator("table tbody tr").first.inner_text().split("\t")[2] == "25 mg"
    page.get_by_label("New medicine", exact=True).fill("phenelzine")
    page.get_by_label("Target (mg/day)").fill("45")
    page.get_by_role("button", name="Plan", exact=True).click()
    alert = page.get_by_role("alert")
    assert "Not planned: contraindicated" in alert.inner_text()
    assert "paroxetine" in alert.inner_text()

    page.context.clear_cookies()
    log_in(page, "pat")
    page.get_by_role("heading", name="My plan for changing medicines").wait_for()
    now = page.locator("tr[aria-current=step]")
    assert now.count() == 1 and "(now)" in now.inner_text() and "20 mg" in now.inner_text()
    assert page.get_by_text("Call us if the dizziness is bad.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "plan-portal")
