"""`attendance-desk chronology --pupil UPN --format json|pdf -o FILE [--from D] [--to D] [--kind K ...]`."""

from __future__ import annotations

import argparse
from typing import Any

from attendance_desk.cli.common import EXIT_OK, CommandError, add_command, open_store_for, write_output
from attendance_desk.cli.reports import iso_date
from attendance_desk.domain.casework.periods import CaseworkRuleError
from attendance_desk.services.casework.chronology import KIND_LABELS
from attendance_desk.services.casework.printing import chronology_for, chronology_json, chronology_pdf, pupil_id_for_upn


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "chronology",
        "one pupil's evidence chronology as JSON or PDF",
        run,
        description=(
            "Everything recorded for one pupil, oldest first: weekly attendance, contacts, meetings, plans, "
            "contracts, reviews, stage changes and notices. The PDF is the evidence chronology on the school "
            "letterhead and is kept in the evidence archive."
        ),
    )
    parser.add_argument("--pupil", required=True, metavar="UPN", help="the pupil's UPN")
    parser.add_argument("--format", choices=("json", "pdf"), default="json", help="output format (default json)")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write here (default: standard output; PDF needs a file)"
    )
    parser.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD", help="first date to include")
    parser.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD", help="last date to include")
    parser.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help=f"only entries of this kind (repeatable); casework kinds: {', '.join(KIND_LABELS)}",
    )


def run(args: argparse.Namespace) -> int:
    if args.format == "pdf" and args.output in (None, "-"):
        raise CommandError("a PDF chronology needs a file: add -o FILE")
    if args.start and args.end and args.end < args.start:
        raise CommandError(f"--to ({args.end:%d/%m/%Y}) is before --from ({args.start:%d/%m/%Y})")
    store = open_store_for(args)
    try:
        try:
            pupil_id = pupil_id_for_upn(store, args.pupil)
            chronology = chronology_for(store, args.staff, pupil_id, args.start, args.end, args.kind)
            if args.format == "json":
                write_output(chronology_json(chronology), args.output)
            else:
                write_output(chronology_pdf(store, args.staff, chronology, args.start, args.end, pupil_id), args.output)
        except (CaseworkRuleError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
    finally:
        store.dispose()
    return EXIT_OK
