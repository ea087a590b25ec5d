"""`attendance-desk report NAME --from D --to D --format json|csv [-o FILE]` and `report pack … -o FILE.pdf`.

``pupils`` is every figure for every pupil; ``bands``, ``threshold``, ``returns``, ``patterns``, ``cohorts`` and
``trend`` are the attendance lead's lists (keys in docs/reports.md); ``pack`` is the termly pack as a PDF.
"""

from __future__ import annotations

import argparse
import io
from datetime import date
from typing import Any

from attendance_desk.cli.common import EXIT_OK, CommandError, add_command, open_store_for, write_output
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.reports.cohorts import FLAG_GROUPS
from attendance_desk.services.school_report import REPORT_KEYS
from attendance_desk.sync.safe_csv import safe_writer

LISTS = ("bands", "threshold", "returns", "patterns", "cohorts", "trend")
SUBJECTS = ("pupils", *LISTS, "pack")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def group_name(text: str) -> str:
    if (
        text == "all"
        or text in FLAG_GROUPS
        or text in ("sex:F", "sex:M")
        or (text.startswith("year:") and len(text) > 5)
    ):
        return text
    raise argparse.ArgumentTypeError(
        f"'{text}' is not a group; use all, year:N, sex:F, sex:M or one of: {', '.join(FLAG_GROUPS)}"
    )


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "report",
        "attendance reports as JSON or CSV, and the termly pack as a PDF",
        run,
        description=(
            "pupils: every figure for every pupil with marks in the range. bands: pupils by absence band on the "
            "DfE basis (year to date to --to) with movement since the week before. threshold: pupils who met 10 "
            "unauthorised sessions in 10 school weeks, with the sessions. returns: attendance and sickness returns "
            "due to the local authority, and those approaching. patterns: absence by weekday and spells, with a "
            "plain-words flag. cohorts: each group against the rest of the school and national figures. trend: "
            "weekly attendance this year against last year. pack: the termly pack (PDF; --governors leaves out "
            "pupil names). Keys are described in docs/reports.md."
        ),
    )
    parser.add_argument("subject", choices=SUBJECTS, help="what to report on")
    parser.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--group", type=group_name, default="all", help="trend: the group to follow (default all)")
    parser.add_argument("--flagged", action="store_true", help="patterns: only pupils whose absence shows a pattern")
    parser.add_argument("--governors", action="store_true", help="pack: the governors' version, with no pupil names")


def _pupils_csv(records: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = safe_writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_KEYS)
    for record in records:
        codes = record["codes"]
        assert isinstance(codes, dict)
        record = {**record, "codes": " ".join(f"{code}:{n}" for code, n in codes.items())}
        writer.writerow(["" if record[k] is None else record[k] for k in REPORT_KEYS])
    return buffer.getvalue()


def run(args: argparse.Namespace) -> int:
    try:
        period = DateRange(args.start, args.end)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if args.subject == "pack" and (not args.output or args.output == "-"):
        raise CommandError("report pack needs -o FILE.pdf")
    # Each report imports only what it needs (the pack brings ReportLab; the lists bring the analysis modules).
    from attendance_desk.services.reports.export import to_csv, to_json

    store = open_store_for(args)
    try:
        if args.subject == "pack":
            from attendance_desk.services.letters.data import LetterError
            from attendance_desk.services.reports import pack

            try:
                pdf = pack.termly_pack(store, args.staff, period, args.governors)
            except LetterError as exc:  # e.g. the school's name is not set: nothing to head the pack with
                raise CommandError(str(exc)) from exc
            write_output(pdf, args.output)
            return EXIT_OK
        if args.subject == "pupils":
            from attendance_desk.services.figures import school_figures
            from attendance_desk.services.school_report import report_record

            records = [report_record(row) for row in school_figures(store, args.staff, period)]
            text = to_json(records) if args.format == "json" else _pupils_csv(records)
            write_output(text, args.output)
            return EXIT_OK
        from attendance_desk.services.reports import analysis, lists, returns

        report = {
            "bands": lambda: lists.bands_list(store, args.staff, period.end),
            "threshold": lambda: lists.threshold_list(store, args.staff, period),
            "returns": lambda: returns.returns_list(store, args.staff, period),
            "patterns": lambda: lists.patterns_list(store, args.staff, period, args.flagged),
            "cohorts": lambda: analysis.cohorts_list(store, args.staff, period),
            "trend": lambda: analysis.trend_list(store, args.staff, period.end, args.group),
        }[args.subject]()
    finally:
        store.dispose()
    write_output(to_json(report.records) if args.format == "json" else to_csv(report), args.output)
    return EXIT_OK
