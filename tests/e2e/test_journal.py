"""A patient writes in their journal on a phone; the prescriber reads it on the chart."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Personas
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_a_journal_entry_written_on_a_phone_reaches_the_chart(
    page: Any, personas: Personas
) -> None:
    log_in(page, "pat")
    page.get_by_role("link", name="Write in your journal").click()
    page.get_by_role("heading", name="My journal").wait_for()
    page.get_by_label("How did you feel").select_option("6")
    page.get_by_label("Did you take your medicines as prescribed?").select_option("some_missed")
    page.get_by_label("Side effects I noticed").fill("Dry mouth")
    page.get_by_label("A question for my care team").fill("Is dry mouth normal?")
    page.get_by_role("button", name="Save entry").click()
    page.get_by_text("Saved to your journal.").wait_for()
    assert page.get_by_text("Side effects: Dry mouth").is_visible()
    assert page.get_by_text("Is dry mouth normal?").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "journal-portal")

    page.context.clear_cookies()
    log_in(page, "drhale")
    page.goto(f"{page.base_url}/patients/{personas.patient.public_id}/")
    journal = page.locator("section[aria-labelledby=journal]")
    assert "felt 6 out of 10" in journal.inner_text()
    assert "1 saying doses were missed" in journal.inner_text()
    assert "Is dry mouth normal?" in journal.inner_text()
