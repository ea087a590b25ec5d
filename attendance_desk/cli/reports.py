"""`attendance-desk report pupils --from D --to D --format json|csv [-o FILE]`."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date
from typing import Any

from attendance_desk.cli.common import EXIT_OK, CommandError, add_command, open_store_for, write_output
from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.figures import school_figures
from attendance_desk.services.school_report import REPORT_KEYS, report_record
from attendance_desk.sync.safe_csv import safe_writer


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "report",
        "whole-school attendance figures as JSON or CSV",
        run,
        description=(
            "One record per pupil with marks in the range, with every figure defined in the metrics "
            "specification (possible sessions, attendance percent, band, broken weeks, 10-in-10 and more)."
        ),
    )
    parser.add_argument("subject", choices=["pupils"], help="what to report on")
    parser.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    try:
        period = DateRange(args.start, args.end)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    store = open_store_for(args)
    try:
        records = [report_record(row) for row in school_figures(store, period)]
    finally:
        store.dispose()
    if args.format == "json":
        text = json.dumps(records, indent=1, ensure_ascii=False) + "\n"
    else:
        buffer = io.StringIO()
        writer = safe_writer(buffer, lineterminator="\n")
        writer.writerow(REPORT_KEYS)
        for record in records:
            codes = record["codes"]
            assert isinstance(codes, dict)
            record = {**record, "codes": " ".join(f"{code}:{n}" for code, n in codes.items())}
            writer.writerow(["" if record[k] is None else record[k] for k in REPORT_KEYS])
        text = buffer.getvalue()
    write_output(text, args.output)
    return EXIT_OK
