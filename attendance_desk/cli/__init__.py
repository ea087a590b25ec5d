"""The ``attendance-desk`` command: the app with no command, the same services as commands otherwise.

Each feature keeps its commands in its own module here, exposing ``register(subparsers)``; the list below is the
only place that names them all.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from attendance_desk import __version__

COMMAND_MODULES = (
    "attendance_desk.cli.imports",
    "attendance_desk.cli.exports",
    "attendance_desk.cli.reports",
    "attendance_desk.cli.demo",
    "attendance_desk.cli.calling",
    "attendance_desk.cli.letters",
    "attendance_desk.cli.casework",
    "attendance_desk.cli.accounts",
    "attendance_desk.cli.security",
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
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
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
