"""A patient answers PHQ-9 item 9 in the browser; a clinician sees the flag and acknowledges it;
the score chart shows the medication's dose changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from poise.assessments.services import assignment_set, response_record
from poise.medications.services import medication_change_dose, medication_start
from tests.conftest import Personas
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_item_9_reaches_a_clinician_who_acknowledges_it(page: Any, personas: Personas) -> None:
    assignment_set(
        patient=personas.patient,
        instrument="phq9",
        every_days=14,
        starts_on=timezone.localdate(),
        by=personas.prescriber,
    )
    log_in(page, "pat")
    page.get_by_role("link", name="You have 1 questionnaire to fill in.").click()
    page.get_by_role("link", name="Start PHQ-9").click()
    for _ in range(8):
        page.get_by_label("Several days").check()
        page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="Thoughts that you would be better off dead").wait_for()
    page.get_by_label("More than half the days").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="You are not alone").wait_for()
    assert "988" in page.content()

    page.context.clear_cookies()
    log_in(page, "nurse")
    page.get_by_text("urgent flag").wait_for()
    page.get_by_role("link", name="Morgan, Pat").click()
    page.get_by_role("heading", name="Urgent safety flag").wait_for()
    page.get_by_label("What was done").fill("Phoned patient; risk assessed; safety plan reviewed")
    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Flag acknowledged.").wait_for()
    assert page.get_by_role("heading", name="Urgent safety flag").count() == 0


def test_the_score_chart_marks_dose_changes(page: Any, personas: Personas) -> None:
    start = timezone.localdate() - timedelta(weeks=10)
    statement = medication_start(
        patient=personas.patient,
        drug="sertraline",
        rxnorm="36437",
        formulation="tablet",
        indication="Depression",
        started_on=start,
        dose_mg=Decimal(50),
        times_per_day=1,
        by=personas.prescriber,
    )
    medication_change_dose(
        statement=statement,
        expected_version=1,
        effective_on=start + timedelta(weeks=4),
        dose_mg=Decimal(100),
        times_per_day=1,
        reason="Partial response",
        by=personas.prescriber,
    )
    for answers in (["2"] * 8 + ["0"], ["1"] * 8 + ["0"]):
        response_record(
            patient=personas.patient, instrument="phq9", answers=answers, by=personas.clinician
        )
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{personas.patient.public_id}/scales/phq9/")
    chart = page.locator("svg.chart")
    chart.wait_for()
    labels = chart.locator("text").all_text_contents()
    assert "sertraline start 50" in labels and "sertraline dose 100" in labels
    assert {"minimal", "mild", "moderate", "moderately severe", "severe"} <= set(labels)
    assert chart.locator("circle").count() == 2
