"""The `poise` command. `poise --help` lists every command."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import Any

from poise.clinical import cli as clinical_cli


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poise.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _gunicorn(host: str, port: int, workers: int) -> None:
    """Replace this process with the application server."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "poise.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--access-logfile",
        "-",
        # Log the path only: the query string can hold a search for a patient's name.
        "--access-logformat",
        '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    sys.stdout.flush()
    os.execv(sys.executable, command)


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("POISE_MODE", "embedded")
    _django()
    from django.conf import settings

    from poise.demo import DEMO_PASSWORD, demo_seed, demo_users

    if settings.PRODUCTION:
        sys.exit("`poise demo` runs in embedded mode; unset POISE_MODE=production.")
    _manage("migrate", "--no-input", "--verbosity", "0")
    created = demo_seed(patients=args.patients)
    print(f"Database: {settings.DATABASES['default']['NAME']}")
    print("Loaded the demo clinic." if created else "The database has data; nothing was loaded.")
    print(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for user in demo_users():
        print(f"  {user.username:<20} {user.get_role_display()}")
    print(f"\nPoise is running at http://{args.host}:{args.port}/  (Ctrl+C stops it)\n")
    _gunicorn(args.host, args.port, workers=2)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    from django.conf import settings

    if settings.PRODUCTION:
        _manage("collectstatic", "--no-input", "--verbosity", "0")
    _gunicorn(args.host, args.port, workers=args.workers)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _django()
    _manage("db_worker")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    _django()
    _manage("migrate", "--no-input")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    _django()
    from poise.accounts.models import Clinic
    from poise.audit.services import audit_verify_chain

    broken = 0
    for clinic in Clinic.objects.order_by("id"):
        report = audit_verify_chain(clinic=clinic)
        state = "intact" if report.intact else "BROKEN"
        print(f"{clinic.name}: {report.entries} entries, chain {state}")
        for problem in report.problems:
            print(f"  - {problem}")
        broken += not report.intact
    return 1 if broken else 0


def cmd_create_clinic(args: argparse.Namespace) -> int:
    """A new clinic and its first clinic admin, whose password is asked for here."""
    _django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from poise.accounts.models import Clinic, Role, User, validate_time_zone

    try:
        validate_time_zone(args.time_zone)
    except ValidationError as problem:
        print(f"poise: {problem.messages[0]}", file=sys.stderr)
        return 2
    if User.objects.filter(username__iexact=args.admin).exists():
        print(f"poise: the username {args.admin!r} is taken", file=sys.stderr)
        return 2
    admin = User(username=args.admin, email=args.email, role=Role.CLINIC_ADMIN)
    password = os.environ.get("POISE_ADMIN_PASSWORD") or getpass.getpass("Admin password: ")
    try:
        validate_password(password, admin)
    except ValidationError as problem:
        print("poise: " + " ".join(problem.messages), file=sys.stderr)
        return 2
    with transaction.atomic():
        admin.clinic = Clinic.objects.create(name=args.name, time_zone=args.time_zone)
        admin.set_password(password)
        admin.save()
    print(f"Created {args.name} with clinic admin {args.admin}. Invite staff from the Staff page.")
    return 0


def cmd_api_token(args: argparse.Namespace) -> int:
    _django()
    from poise.accounts.models import User
    from poise.accounts.tokens import api_token_create

    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None:
        print(f"poise: no active user named {args.username!r}", file=sys.stderr)
        return 2
    print(api_token_create(user=user, name=args.name))
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["poise manage", *args.arguments])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="poise", description="Poise: psychiatric medication management."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help: str) -> Any:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    demo = command("demo", cmd_demo, "Migrate, load the demo clinic if empty, and serve it")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--patients", type=int, default=25, help="Size of the demo clinic")
    serve = command("serve", cmd_serve, "Serve Poise with gunicorn (production-like)")
    serve.add_argument("--host", default=os.environ.get("POISE_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    command("worker", cmd_worker, "Run background tasks (email, reminders)")
    command("migrate", cmd_migrate, "Create or upgrade the database tables")
    command("audit-verify", cmd_audit_verify, "Check every clinic's audit chain; 1 if broken")
    clinic = command("create-clinic", cmd_create_clinic, "Create a clinic and its first admin")
    clinic.add_argument("name")
    clinic.add_argument("--admin", required=True, help="Username of the clinic admin")
    clinic.add_argument("--email", required=True, help="The admin's email address")
    clinic.add_argument("--time-zone", default="UTC", help="IANA time zone, e.g. America/Denver")
    token = command("api-token", cmd_api_token, "Make an API token for a user (shown once)")
    token.add_argument("username")
    token.add_argument("--name", default="API token")
    clinical_cli.add_commands(commands)
    manage = command("manage", cmd_manage, "Run a Django management command")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in clinical_cli.COMMANDS:
            return clinical_cli.run(args.handler, args)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except BrokenPipeError:
        # The reader went away (`poise drugs | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
