"""The ``attendance-desk`` command: the app with no command, the same services as commands otherwise.

Each feature keeps its commands in its own module here, exposing ``register(subparsers)``; ``COMMAND_GROUPS`` below
is the only place that lists them all, with each command's one-line help (a test checks that it matches what the
module registers). Only the module of the command being run is imported: ``--help`` and every command start in a
fraction of the time it takes to import every service, ReportLab and SQLAlchemy, which a scheduled import or a
one-line report would otherwise pay for on every run. The app itself, and Qt with it, is imported only when no
command is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from attendance_desk import __version__

# `--smoke` reports the time from here to a painted window.
STARTED = time.perf_counter()

# register(subparsers): argparse gives the subparsers object no public type, so the modules take it as Any.
Register = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class CommandGroup:
    """The commands one module registers: how to load its ``register`` and each command's one-line help."""

    load: Callable[[], Register]
    commands: dict[str, str]


def _imports() -> Register:
    from attendance_desk.cli import imports

    return imports.register


def _exports() -> Register:
    from attendance_desk.cli import exports

    return exports.register


def _reports() -> Register:
    from attendance_desk.cli import reports

    return reports.register


def _demo() -> Register:
    from attendance_desk.cli import demo

    return demo.register


def _calling() -> Register:
    from attendance_desk.cli import calling

    return calling.register


def _letters() -> Register:
    from attendance_desk.cli import letters

    return letters.register


def _letter_approval() -> Register:
    from attendance_desk.cli import letter_approval

    return letter_approval.register


def _casework() -> Register:
    from attendance_desk.cli import casework

    return casework.register


def _packs() -> Register:
    from attendance_desk.cli import packs

    return packs.register


def _server() -> Register:
    from attendance_desk.cli import server

    return server.register


def _backups() -> Register:
    from attendance_desk.cli import backups

    return backups.register


def _accounts() -> Register:
    from attendance_desk.cli import accounts

    return accounts.register


def _security() -> Register:
    from attendance_desk.cli import security

    return security.register


COMMAND_GROUPS: tuple[CommandGroup, ...] = (
    CommandGroup(_imports, {"import": "import pupils, contacts or marks from a CSV export"}),
    CommandGroup(_exports, {"export": "export the changes to key in, or the communication log, for the MIS"}),
    CommandGroup(_reports, {"report": "attendance reports as JSON or CSV, and the termly pack as a PDF"}),
    CommandGroup(_demo, {"demo": "fill an empty database with a realistic made-up school"}),
    CommandGroup(
        _calling,
        {
            "worklist": "the morning's calls to make, most urgent first",
            "escalate": "create the follow-up tasks the escalation ladder asks for on a date",
        },
    ),
    CommandGroup(
        _letters,
        {
            "templates": "list the letter templates (id, then what it is for)",
            "letter": "write one PDF with a letter for each recipient of one pupil, and archive it",
            "certificate": "write a pupil's registration certificate for a period, and archive it",
            "verify": "check the audit chain, every evidence row and every archived document for tampering",
        },
    ),
    CommandGroup(
        _letter_approval,
        {
            "letters": "letters made: list them with their approval, approve or send back, print approved ones, "
            "record delivery"
        },
    ),
    CommandGroup(_casework, {"chronology": "one pupil's evidence chronology as JSON or PDF"}),
    CommandGroup(
        _packs,
        {"pack": "write a referral pack for the local authority as one PDF (refused when the law does not allow it)"},
    ),
    CommandGroup(
        _backups,
        {
            "backup": "write one backup file: the database and every archived document",
            "restore": "restore a backup file into an empty data folder, then check it",
        },
    ),
    CommandGroup(
        _server,
        {"move-to-server": "copy this PC's school and its archive into an empty database on the school's server"},
    ),
    CommandGroup(_accounts, {"staff": "add staff accounts or list them"}),
    CommandGroup(
        _security,
        {
            "encrypt": "encrypt the whole database (and its backups) with SQLCipher, keyed from a school passphrase",
            "retention": "list the records past the retention period, or delete them (administrator)",
        },
    ),
)
GLOBAL_OPTIONS_WITH_VALUES = frozenset({"--data-dir", "--database-url"})


def group_for(argv: Sequence[str]) -> CommandGroup | None:
    """The group of the first word of ``argv`` that names a command (skipping the global options' values)."""
    skip_next = False
    for word in argv:
        if skip_next:
            skip_next = False
        elif word in GLOBAL_OPTIONS_WITH_VALUES:
            skip_next = True
        elif not word.startswith("-"):
            return next((group for group in COMMAND_GROUPS if word in group.commands), None)
    return None


def build_parser(only: CommandGroup | None = None, *, every: bool = False) -> argparse.ArgumentParser:
    """The whole command line. Commands of ``only`` (or of every group, with ``every``) are registered by their
    module; the others are listed by name and help alone, which is all ``--help`` needs."""
    parser = argparse.ArgumentParser(
        prog="attendance-desk",
        description=(
            "Attendance Desk: the attendance casework and evidence desk for school offices. "
            "With no command it opens the app; the commands below script the same work."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder holding the database, backups, logs and archive "
        "(default: $ATTENDANCE_DESK_DATA_DIR, else the user's data folder)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the school's PostgreSQL server, e.g. postgresql+psycopg://user:password@server/attendance_desk "
        "(default: $ATTENDANCE_DESK_DATABASE_URL, else the server saved in Settings, else this PC's own file)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="check that the app starts: open the main window offscreen, print the time it took to show its "
        "first page, and exit (0 when it works)",
    )
    parser.add_argument(
        "--all-pages",
        action="store_true",
        help="with --smoke: also build every other page and settings tab, and fail if one cannot be built (the "
        "installer's check that a build left nothing out)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        if every or group is only:
            group.load()(subparsers)
        else:
            for name, help_text in group.commands.items():
                subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def exit_now(code: int) -> NoReturn:
    """End the process at once, once everything that holds data is closed (the store disposed, the lock released,
    the log flushed here). Python's own teardown would spend a quarter to half a second freeing Qt's and
    SQLAlchemy's objects one by one, memory the operating system takes back anyway; the smoke check's whole
    process is the cold start it stands for."""
    import logging  # already loaded by then; not at the top, where --help would pay for it

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    group = group_for(words)
    args = build_parser(group).parse_args(words)
    if args.command is not None and getattr(args, "handler", None) is None:
        # The word taken for the command was something else (an option's value): parse again with every command.
        args = build_parser(every=True).parse_args(words)
    if args.command is None:
        from attendance_desk.qt_boot import import_app

        import_app(pause_collector=argv is None)  # loads the app's modules quicker than a plain import
    if args.smoke and args.command is None:
        from attendance_desk.app import run_smoke

        code = run_smoke(
            data_dir=args.data_dir, started=STARTED, database_url=args.database_url, all_pages=args.all_pages
        )
        if argv is None:  # a process of its own (not a test calling main): leave without the teardown
            exit_now(code)
        return code
    if args.command is None:
        from attendance_desk.app import run_app  # Qt is imported only when the app is wanted

        return run_app(data_dir=args.data_dir, database_url=args.database_url)
    handler = args.handler
    return int(handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
