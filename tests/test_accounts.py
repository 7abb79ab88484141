from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from poise.audit.models import AuditEvent
from tests.conftest import PASSWORD, Personas, client_for


def log_in(client: Client, username: str, password: str = PASSWORD) -> int:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code


def test_passwords_are_hashed_with_argon2(personas: Personas) -> None:
    assert personas.prescriber.password.startswith("argon2")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(personas: Personas) -> None:
    client = Client()
    for _ in range(4):
        assert log_in(client, "nurse", "wrong password") == 200
    assert log_in(client, "nurse", "wrong password") == 429  # django-axes: too many requests
    assert log_in(client, "nurse") == 429
    assert AuditEvent.objects.filter(action="login-failed", clinic=personas.clinic).count() >= 5


@override_settings(POISE_REQUIRE_2FA_ROLES=["prescriber"])
def test_a_prescriber_must_set_up_two_factor_when_required(personas: Personas) -> None:
    client = Client()
    log_in(client, "drhale")
    response = client.get(reverse("patients:list"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:two_factor_setup"
    )
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=personas.prescriber)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    client.post(reverse("accounts:two_factor_setup"), {"token": code})
    assert client.get(reverse("patients:list")).status_code == 200


def test_staff_with_two_factor_are_asked_for_a_code_at_each_login(personas: Personas) -> None:
    TOTPDevice.objects.create(user=personas.clinician, name="phone", confirmed=True)
    client = Client()
    log_in(client, "nurse")
    assert client.get(reverse("patients:list"))["Location"] == reverse("accounts:verify")


@pytest.mark.parametrize("role", ["clinician", "front_desk", "patient_user"])
def test_other_roles_are_not_forced_into_two_factor(personas: Personas, role: str) -> None:
    with override_settings(POISE_REQUIRE_2FA_ROLES=["prescriber"]):
        response = client_for(getattr(personas, role)).get(reverse("web:home"), follow=True)
    assert response.status_code == 200
    assert reverse("accounts:two_factor_setup") not in [url for url, _ in response.redirect_chain]


def test_a_wrong_code_does_not_turn_on_two_factor(personas: Personas) -> None:
    client = client_for(personas.clinician)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert "did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.clinician, confirmed=True).exists()
