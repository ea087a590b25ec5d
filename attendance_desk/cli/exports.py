"""`attendance-desk export changes|communications -o FILE`: what the office decided, back to the MIS.

``changes`` writes the changes to key in as CSV, or as the printable checklist when FILE ends in ``.pdf``.
``communications`` writes the communication log as CSV (``--from``/``--to`` limit the dates).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from attendance_desk.cli.common import EXIT_OK, CommandError, add_command, open_store_for, write_output
from attendance_desk.domain.access import Permission
from attendance_desk.domain.text import plural
from attendance_desk.services.sync.exports import export_changes, export_communications


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "export",
        "export the changes to key in, or the communication log, for the MIS",
        run,
        description=(
            "changes: every code decided here and not yet seen in an MIS import (CSV, or a printable checklist "
            "when FILE ends in .pdf). communications: every call, text, letter, email, meeting and home visit "
            "recorded here (CSV)."
        ),
        permission=Permission.EXPORT,
    )
    parser.add_argument("what", choices=("changes", "communications"))
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write ('-' for stdout)")
    parser.add_argument("--from", dest="start", type=_day, metavar="YYYY-MM-DD", help="communications from")
    parser.add_argument("--to", dest="end", type=_day, metavar="YYYY-MM-DD", help="communications up to")


def run(args: argparse.Namespace) -> int:
    if args.what == "changes" and (args.start or args.end):
        raise CommandError("--from and --to apply to the communication log only")
    store = open_store_for(args)
    try:
        if args.what == "changes":
            pdf = str(args.output).lower().endswith(".pdf")
            data, rows = export_changes(store, args.staff, pdf=pdf)
        else:
            data, rows = export_communications(store, args.staff, args.start, args.end)
    finally:
        store.dispose()
    write_output(data, args.output)
    if args.output not in (None, "-"):
        print(f"{plural(rows, 'row')} written to {args.output}", file=sys.stderr)
    return EXIT_OK
