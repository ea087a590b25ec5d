"""``encrypt`` (SQLCipher, from the school's passphrase) and ``retention`` (records past their time)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from typing import Any

from attendance_desk.cli.common import EXIT_OK, CommandError, add_command, open_store_for
from attendance_desk.domain.access import Permission
from attendance_desk.domain.text import plural
from attendance_desk.services import retention
from attendance_desk.store.backup import encrypt_school
from attendance_desk.store.encryption import (
    PASSPHRASE_ENV,
    EncryptionError,
    remember_passphrase,
)


def register(subparsers: Any) -> None:
    encrypt = add_command(
        subparsers,
        "encrypt",
        "encrypt the whole database (and its backups) with SQLCipher, keyed from a school passphrase",
        run_encrypt,
        permission=Permission.ENCRYPT,
        description=(
            f"Encrypt the database with a school passphrase (from ${PASSPHRASE_ENV}, else asked twice). Every PC "
            f"then needs the passphrase: typed in the app, kept in its keyring (--remember), or in ${PASSPHRASE_ENV} "
            "for scheduled tasks. Keep the passphrase safe: without it the data cannot be read."
        ),
    )
    encrypt.add_argument("--remember", action="store_true", help="keep the passphrase in this PC's keyring")
    due = add_command(
        subparsers,
        "retention",
        "list the records past the retention period, or delete them (administrator)",
        run_retention,
        permission=Permission.RETENTION,
    )
    due.add_argument("--delete", action="store_true", help="delete what is listed (asks you to confirm)")
    due.add_argument("--yes", action="store_true", help="confirm the deletion without a question (scripts)")
    due.add_argument(
        "--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD", help="as of (default today)"
    )


def _new_passphrase() -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(f"no passphrase: set {PASSPHRASE_ENV} or run the command in a terminal")
    first = getpass.getpass("School passphrase: ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise CommandError("the two passphrases differ; nothing was changed")
    return first


def run_encrypt(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    database, folder = store.database_file, store.data_dir
    store.dispose()
    if database is None:
        raise CommandError("only the built-in SQLite database can be encrypted this way")
    passphrase = _new_passphrase()
    try:
        encrypt_school(database, folder, passphrase)
    except EncryptionError as exc:
        raise CommandError(str(exc)) from exc
    print(f"The database and its backups in {folder} are now encrypted.")
    if args.remember:
        kept = remember_passphrase(folder, passphrase)
        print("The passphrase is kept in this computer's keyring." if kept else "No keyring here: nothing was kept.")
    return EXIT_OK


def run_retention(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    try:
        report = retention.records_due(store, args.staff, as_of=args.date)
        for line in report.lines():
            print(line)
        if not args.delete or report.empty:
            return EXIT_OK
        if not args.yes:
            if not sys.stdin.isatty():
                raise CommandError("add --yes to confirm the deletion from a script")
            if input("Delete these records for good? Type DELETE to confirm: ").strip() != "DELETE":
                print("Nothing was deleted.")
                return EXIT_OK
        done = retention.delete_due(store, args.staff, report)
        documents = plural(done.documents, "archived document")
        print(f"Deleted the records of {plural(done.pupils, 'pupil')} and {documents}.")
        return EXIT_OK
    finally:
        store.dispose()
