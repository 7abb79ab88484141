#!/usr/bin/env python3
"""Set up Poise in a local virtual environment, then run it or test it.

    python3 run.py          install what is missing, then `poise demo` (http://127.0.0.1:8000)
    python3 run.py test     install what is missing, then lint, type-check and run every test
    python3 run.py ARGS...  install what is missing, then `poise ARGS...`

Needs only Python 3.11+. Dependencies come from the hash-pinned lock files; a lock file that has
not changed since it was installed is not installed again, so a second run installs nothing.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
POSTGRES_TEST_URL = os.environ.get(
    "POISE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/poise"
)


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit(f"Poise needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if argv[:1] == ["test"]:
        install("requirements.lock", "requirements-dev.lock")
        return run_tests(argv[1:])
    install("requirements.lock")
    return call([str(BIN / "poise"), *(argv or ["demo"])])


def install(*locks: str) -> None:
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    for lock in locks:
        stamp = VENV / f".installed-{lock}"
        digest = fingerprint(lock)
        if stamp.exists() and stamp.read_text() == digest:
            continue
        print(f"Installing {lock} ...", flush=True)
        pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        check([*pip, "--require-hashes", "-r", str(ROOT / lock)])
        check([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)])
        stamp.write_text(digest)


def fingerprint(lock: str) -> str:
    """What was installed: the lock file and the project's own metadata (entry points)."""
    digest = hashlib.sha256()
    for name in (lock, "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def run_tests(pytest_args: list[str]) -> int:
    """Every check CI runs, in the order that fails fastest."""
    steps = [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
        ["poise", "manage", "makemigrations", "--check", "--dry-run"],
        ["pytest", *pytest_args],
    ]
    for step in steps:
        print(f"\n== {' '.join(step)}", flush=True)
        if call([str(BIN / step[0]), *step[1:]], DATABASE_URL="") != 0:
            return 1
    return run_postgres_pass(pytest_args)


def run_postgres_pass(pytest_args: list[str]) -> int:
    """Run the database tests again on PostgreSQL: skipped with a notice where none is reachable,
    a failure in CI, where one must be."""
    address = urlsplit(POSTGRES_TEST_URL)
    host, port = address.hostname or "127.0.0.1", address.port or 5432
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError:
        message = f"PostgreSQL pass SKIPPED: no PostgreSQL server reachable at {host}:{port}."
        if os.environ.get("CI", "").lower() == "true":
            print(f"\n{message} CI=true requires it: failing.", flush=True)
            return 1
        print(f"\n{'!' * 80}\n{message}\nOnly SQLite was tested.\n{'!' * 80}", flush=True)
        return 0
    print(f"\n== pytest on PostgreSQL at {host}:{port}", flush=True)
    # The clinical core touches no database: its tests ran once already.
    args = ["--ignore=tests/clinical", *pytest_args]
    return call([str(BIN / "pytest"), *args], DATABASE_URL=POSTGRES_TEST_URL)


def call(command: list[str], **env: str) -> int:
    try:
        return subprocess.call(command, cwd=ROOT, env={**os.environ, **env})
    except KeyboardInterrupt:
        return 130


def check(command: list[str]) -> None:
    if subprocess.call(command, cwd=ROOT) != 0:
        sys.exit(f"Command failed: {' '.join(command)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
