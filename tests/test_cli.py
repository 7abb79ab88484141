from __future__ import annotations

import pytest

from poise.accounts.models import Clinic, Role, User
from poise.cli import main


@pytest.mark.django_db
def test_create_clinic_makes_the_clinic_and_its_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POISE_ADMIN_PASSWORD", "quetiapine at bedtime")
    args = ["create-clinic", "Mesa Psychiatry", "--admin", "alex", "--email", "a@mesa.example"]
    assert main([*args, "--time-zone", "America/Denver"]) == 0
    admin = User.objects.get(username="alex")
    assert admin.role == Role.CLINIC_ADMIN and admin.clinic == Clinic.objects.get()
    assert admin.check_password("quetiapine at bedtime")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "extra", "message"),
    [
        ("short", [], "too short"),
        ("quetiapine at bedtime", ["--time-zone", "Mars/Base"], "IANA time zone"),
    ],
)
def test_create_clinic_refuses_bad_input_and_saves_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    password: str,
    extra: list[str],
    message: str,
) -> None:
    monkeypatch.setenv("POISE_ADMIN_PASSWORD", password)
    args = ["create-clinic", "Mesa", "--admin", "alex", "--email", "a@mesa.example", *extra]
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert not Clinic.objects.exists() and not User.objects.exists()
