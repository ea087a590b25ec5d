"""Helpers shared by the commands: opening the store with clear errors, writing output files.

Every failure of a command ends in one sentence on standard error and a non-zero exit status, never a
traceback: a problem with the database or the data folder (``store.errors``) exits 1, a usage problem 2, and
anything unexpected says so in one line with the kind of error only (an exception's text may quote the row being
written, which can hold names and addresses). ``ATTENDANCE_DESK_DEBUG=1`` shows the traceback for a developer.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from attendance_desk.domain.access import Permission
from attendance_desk.services.access import PermissionRefused, require
from attendance_desk.services.accounts import SignInRefused, sign_in
from attendance_desk.store.connection import BadDatabaseUrlError
from attendance_desk.store.encryption import EncryptionError
from attendance_desk.store.engine import Store
from attendance_desk.store.errors import describe_failure
from attendance_desk.store.migrate import NewerDatabaseError
from attendance_desk.store.models import Staff
from attendance_desk.store.open import open_store

log = logging.getLogger(__name__)
DEBUG_ENV = "ATTENDANCE_DESK_DEBUG"

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
PASSWORD_ENV = "ATTENDANCE_DESK_PASSWORD"
STAFF_ENV = "ATTENDANCE_DESK_STAFF"  # for scheduled tasks: who runs them (with $ATTENDANCE_DESK_PASSWORD)


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback."""


def open_store_for(args: argparse.Namespace, *, finish_pending: bool = True) -> Store:
    """Open the store (problems raise with a sentence), sign in for commands that read personal data or write
    (``--staff`` + password), and finish any after-import work a stopped process left."""
    try:
        store = open_store(args.data_dir, url=getattr(args, "database_url", None))
    except (NewerDatabaseError, BadDatabaseUrlError, EncryptionError) as exc:
        raise CommandError(str(exc)) from exc
    if getattr(args, "needs_sign_in", False):
        try:
            args.staff = sign_in_for(store, args.staff)
            if getattr(args, "permission", None) is not None:
                require(store, args.staff, args.permission)
        except BaseException:
            store.dispose()
            raise
    if finish_pending:
        from attendance_desk.services.sync.after_import import finish_pending as finish

        for sentence in finish(store):
            print(f"attendance-desk: {sentence}", file=sys.stderr)
    return store


def _staff_id(store: Store, given: str | None) -> int:
    if not given:
        raise CommandError(
            "this command needs you to sign in: add --staff ID (or your name) and give your password "
            f"(from ${PASSWORD_ENV} or when asked)"
        )
    if given.isdigit():
        return int(given)
    with store.session() as session:
        found = session.scalars(select(Staff.id).where(Staff.active.is_(True), Staff.name == given)).all()
    if len(found) != 1:
        raise CommandError(f"no active staff member is called {given!r}; give the id instead")
    return found[0]


def sign_in_for(store: Store, given: str | None) -> int:
    """The signed-in staff id. The password comes from $ATTENDANCE_DESK_PASSWORD, else a prompt (never echoed)."""
    staff_id = _staff_id(store, given or os.environ.get(STAFF_ENV))
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise CommandError(f"no password: set {PASSWORD_ENV} or run the command in a terminal")
        password = getpass.getpass(f"Password for staff {staff_id}: ")
    try:
        return sign_in(store, staff_id, password).member.id
    except SignInRefused as exc:
        raise CommandError(f"sign-in refused: {exc}") from exc


def guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn every failure into one line on standard error: exit 2 for usage, 1 for anything else."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CommandError as exc:
            print(f"attendance-desk: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except PermissionRefused as exc:
            print(f"attendance-desk: refused: {exc}", file=sys.stderr)
            return EXIT_REFUSED
        except KeyboardInterrupt:
            print("attendance-desk: stopped; nothing half-done was kept", file=sys.stderr)
            return EXIT_REJECTED
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            described = describe_failure(exc)
            if described is None and isinstance(exc, OSError):
                where = f" ({exc.filename})" if exc.filename else ""
                described = f"a file could not be used{where}: {exc.strerror or type(exc).__name__}"
            if described is None:
                log.debug("Unexpected error in a command", exc_info=True)
                described = (
                    f"an unexpected error ({type(exc).__name__}) stopped the command; nothing half-done was kept. "
                    f"Run it again with {DEBUG_ENV}=1 to see the details"
                )
            print(f"attendance-desk: {described}", file=sys.stderr)
            return EXIT_REJECTED

    return run


def write_output(text: str | bytes, output: str | None) -> None:
    """Write to ``output`` (a file, replaced atomically) or to standard output when None or '-'."""
    if output in (None, "-"):
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    target = Path(output)  # type: ignore[arg-type]
    partial = target.with_name(target.name + ".part")
    data = text.encode("utf-8") if isinstance(text, str) else text
    partial.write_bytes(data)
    partial.replace(target)


def add_command(
    subparsers: Any,
    name: str,
    help_text: str,
    handler: Callable[[argparse.Namespace], int],
    description: str = "",
    *,
    sign_in: bool = True,
    permission: Permission | None = Permission.READ_PUPILS,
) -> argparse.ArgumentParser:
    """A subcommand. With ``sign_in`` (the default) it takes ``--staff``, signs in and checks ``permission``
    before it runs (the services check again what they do)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text, description=description or help_text)
    parser.set_defaults(handler=guarded(handler), needs_sign_in=sign_in, permission=permission if sign_in else None)
    if sign_in:
        add_staff_option(parser)
    # Accept the global option after the command too; SUPPRESS keeps a value given before the command.
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def add_staff_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--staff",
        metavar="ID",
        default=None,
        help=f"sign in as this staff member (id or full name; default ${STAFF_ENV}); "
        f"the password comes from ${PASSWORD_ENV} or a prompt",
    )
