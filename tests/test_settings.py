"""Deployment configuration, checked in fresh processes with a production environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest


def poise(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    ours = ("POISE_", "DATABASE_URL", "DJANGO_")
    base = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "poise.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def production(tmp_path: Path) -> dict[str, str]:
    return {
        "POISE_MODE": "production",
        "POISE_SECRET_KEY": secrets.token_urlsafe(50),
        "POISE_ALLOWED_HOSTS": "poise.example.org",
        "POISE_DATA_DIR": str(tmp_path),
    }


def test_djangos_deployment_checks_pass_in_production_mode(production: dict[str, str]) -> None:
    result = poise("manage", "check", "--deploy", "--fail-level", "WARNING", env=production)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_mode_refuses_to_start_without_a_secret_key(
    production: dict[str, str],
) -> None:
    result = poise("manage", "check", env={**production, "POISE_SECRET_KEY": ""})
    assert result.returncode != 0 and "POISE_SECRET_KEY" in result.stderr


def test_the_secret_key_can_come_from_a_file(production: dict[str, str], tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(50))
    env = {**production, "POISE_SECRET_KEY": "", "POISE_SECRET_KEY_FILE": str(key_file)}
    assert poise("manage", "check", "--deploy", "--fail-level", "WARNING", env=env).returncode == 0


def test_embedded_mode_generates_a_private_secret_key_once(tmp_path: Path) -> None:
    env = {"POISE_DATA_DIR": str(tmp_path)}
    assert poise("manage", "check", env=env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50 and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    poise("manage", "check", env=env)
    assert (tmp_path / "secret_key").read_text() == key


def test_help_lists_every_command() -> None:
    result = poise("--help", env={})
    commands = ("demo", "serve", "worker", "migrate", "audit-verify", "create-clinic", "api-token")
    commands += ("check", "titrate", "taper", "drugs")
    for command in (*commands, "manage"):
        assert command in result.stdout
