"""`attendance-desk backup -o FILE` and `attendance-desk restore FILE`.

A backup is one file: a consistent copy of the database and the whole document archive, with a manifest of
SHA-256s. Restoring needs an empty data folder (nothing is ever overwritten), then checks the database and every
archived document, so a restore that reports success really is usable.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from attendance_desk.cli.common import EXIT_OK, EXIT_REJECTED, CommandError, add_command, open_store_for
from attendance_desk.domain.text import plural
from attendance_desk.paths import resolve_data_dir
from attendance_desk.services.backups import backup_to, restore_and_verify


def register(subparsers: Any) -> None:
    backup = add_command(
        subparsers,
        "backup",
        "write one backup file: the database and every archived document",
        run_backup,
        description=(
            "Write a backup of this data folder to one file: a consistent copy of the database (taken safely even "
            "while the app is open) and every archived document, with a list of SHA-256 checksums so a damaged "
            "backup is noticed. Keep it somewhere other than this computer."
        ),
    )
    backup.add_argument("-o", "--output", required=True, metavar="FILE", help="the backup file to write (.zip)")
    restore = add_command(
        subparsers,
        "restore",
        "restore a backup file into an empty data folder, then check it",
        run_restore,
        description=(
            "Restore a backup written by `attendance-desk backup` (or the automatic daily backup) into the data "
            "folder given with --data-dir, which must be empty or not exist yet. Every file is checked against "
            "the backup's checksums, then the database is checked and every archived document verified."
        ),
        sign_in=False,  # the target folder is empty: nobody to sign in as until it is restored
    )
    restore.add_argument("file", help="the backup file (.zip)")


def run_backup(args: argparse.Namespace) -> int:
    store = open_store_for(args, finish_pending=False)
    try:
        target = Path(args.output)
        if target.suffix.casefold() != ".zip":
            raise CommandError("name the backup file with .zip at the end, e.g. -o attendance-backup.zip")
        info = backup_to(store, target)  # on the school's server: refused, the server backs itself up
    finally:
        store.dispose()
    print(
        f"backup written to {info.path}: the database and {plural(info.files - 1, 'archived file')}, "
        f"{info.size:,} bytes"
    )
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    folder = resolve_data_dir(args.data_dir)
    outcome = restore_and_verify(Path(args.file), folder)  # a BackupProblem is printed as one sentence, exit 1
    for line in outcome.lines():
        print(line)
    return EXIT_OK if outcome.ok else EXIT_REJECTED
