from __future__ import annotations

from decimal import Decimal

import pytest

from poise.web.templatetags.poise_format import amount


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("100.000", "100"), ("12.500", "12.5"), ("0.050", "0.05"), ("1E+2", "100"), ("7", "7")],
)
def test_amounts_read_as_people_write_them(stored: str, shown: str) -> None:
    assert amount(Decimal(stored)) == shown
