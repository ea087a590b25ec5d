"""The ``attendance-desk`` command: the app with no command, the same services as commands otherwise.

Each feature keeps its commands in its own module here, exposing ``register(subparsers)``; ``COMMANDS`` below is
the only place that lists them all. (Every command must be registered to print ``--help``, so they are imported
here directly; the app itself, and Qt with it, is imported only when no command is given.)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from attendance_desk import __version__
from attendance_desk.cli import accounts, backups, calling, casework, demo, exports, imports, letters, reports, security

# register(subparsers): argparse gives the subparsers object no public type, so the modules take it as Any.
COMMANDS: tuple[Callable[[Any], None], ...] = (
    imports.register,
    exports.register,
    reports.register,
    demo.register,
    calling.register,
    letters.register,
    casework.register,
    backups.register,
    accounts.register,
    security.register,
)


def build_parser() -> argparse.ArgumentParser:
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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from attendance_desk.app import run_app  # Qt is imported only when the app is wanted

        return run_app(data_dir=args.data_dir)
    handler = args.handler
    return int(handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
