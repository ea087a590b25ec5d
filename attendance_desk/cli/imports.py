"""`attendance-desk import pupils|contacts|marks FILE [--profile NAME|auto] [--dry-run] [--json] [--allow-removals]
[--encoding NAME]`.

Made for Windows Task Scheduler as much as for people: the exit status is 0 when the file was imported (or was
already up to date), 1 when it was rejected, and ``--json`` prints one machine-readable object. A file that would
remove stored marks (or leave out many pupils) is rejected, listing what it would remove, unless
``--allow-removals`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from attendance_desk.cli.common import EXIT_OK, EXIT_REJECTED, add_command, open_store_for
from attendance_desk.domain.access import Permission
from attendance_desk.services.sync.importing import AUTO, ImportResult, import_file
from attendance_desk.sync.canonical import KINDS

SHOWN_ON_SCREEN = 200


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "import",
        "import pupils, contacts or marks from a CSV export",
        run,
        description=(
            "Import one CSV export from the MIS (canonical columns, or SIMS, Arbor, Bromcom and ScholarPack column "
            "names; UTF-8 or Windows-1252; comma, semicolon or tab; marks in long or grid layout). The whole file "
            "is checked first: if any row is in error nothing is written, and each error names the file, line, "
            "column and value. The file is applied as a difference: importing it again changes nothing."
        ),
        permission=Permission.IMPORT,
    )
    parser.add_argument("kind", choices=KINDS, help="what the file holds")
    parser.add_argument("file", help="the CSV file")
    parser.add_argument(
        "--profile",
        default=AUTO,
        metavar="NAME|auto",
        help="a column-mapping profile saved in the app (default: auto, the profile saved for these headers, "
        "else the built-in column names)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check the file and report, but write nothing")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--errors-to", metavar="CSV", help="also save every error and warning to this CSV file")
    parser.add_argument(
        "--allow-removals",
        action="store_true",
        help="agree that the file may remove stored marks it no longer shows (only for the pupils and sessions it "
        "covers), or, for a pupils file, that it may leave out many pupils; without it such a file is refused and "
        "what it would remove is listed",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the file's text encoding (e.g. utf-8, cp1252) when the detection refuses it; the report says which "
        "encoding was used",
    )


def print_removals(result: ImportResult, limit: int = 20) -> None:
    if not result.removals:
        return
    agreed = result.ok
    print(f"  marks {'removed' if agreed else 'the file would remove'}: {len(result.removals)}")
    for removal in result.removals[:limit]:
        print(f"    {removal.upn} {removal.date:%d/%m/%Y} {removal.session}: was {removal.old_code}")
    if len(result.removals) > limit:
        print(f"    … and {len(result.removals) - limit} more (use --json for all)")


def print_report(result: ImportResult) -> None:
    report = result.report
    if result.text_format:
        print(f"  read as {result.text_format}")
    for what, counts in sorted(report.get("counts", {}).items()):
        print(f"  {what}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    for key, label in (
        ("new_pupils", "new to the app"),
        ("not_in_file", "no longer in the MIS file"),
        ("leavers", "with a new leaving date"),
    ):
        if report.get(key):
            print(f"  pupils {label}: " + "; ".join(f"{row[1]} ({row[0]})" for row in report[key][:20]))
    if report.get("changed_marks_count"):
        print(f"  marks whose code changed: {report['changed_marks_count']}")
        for upn, _name, day, session, old, new in report["changed_marks"][:20]:
            print(f"    {upn} {day} {session}: {old} → {new}")
    if report.get("decisions_done"):
        print(f"  decisions now in the MIS: {len(report['decisions_done'])}")
    if report.get("decisions_pending"):
        print(f"  decisions still to key in: {len(report['decisions_pending'])}")


def run(args: argparse.Namespace) -> int:
    profile = None if args.profile in ("none", "") else args.profile
    store = open_store_for(args)
    try:
        result = import_file(
            store,
            args.kind,
            args.file,
            args.staff,
            dry_run=args.dry_run,
            profile=profile,
            allow_removals=args.allow_removals,
            encoding=args.encoding,
        )
    finally:
        store.dispose()
    if args.errors_to:
        result.save_issue_report(args.errors_to)
    if args.json:
        print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        for issue in result.errors[:SHOWN_ON_SCREEN]:
            print(f"error: {issue.describe()}", file=sys.stderr)
        if result.error_count > SHOWN_ON_SCREEN:
            print(
                f"… and {result.error_count - SHOWN_ON_SCREEN} more errors (use --errors-to FILE or --json for all)",
                file=sys.stderr,
            )
        for issue in result.warnings[:SHOWN_ON_SCREEN]:
            print(f"warning: {issue.describe()}", file=sys.stderr)
        print(result.summary())
        if result.ok:
            print_report(result)
        print_removals(result)
        if result.needs_agreement and result.gone_pupil_ids and not result.ok:
            print(f"  pupils the file leaves out: {len(result.gone_pupil_ids)}")
            for upn, *_name in result.report.get("not_in_file", [])[:20]:
                print(f"    {upn}")
    return EXIT_OK if result.ok else EXIT_REJECTED
