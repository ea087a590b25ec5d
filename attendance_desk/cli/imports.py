"""`attendance-desk import pupils|contacts|marks FILE`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from attendance_desk.cli.common import EXIT_OK, EXIT_REJECTED, add_command, open_store_for
from attendance_desk.services.importing import import_file
from attendance_desk.sync.canonical import KINDS

SHOWN_ON_SCREEN = 200


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "import",
        "import pupils, contacts or marks from a CSV file",
        run,
        description=(
            "Import one CSV file. The whole file is checked first: if any row is in error nothing is written, and "
            "each error names the file, line, column and value. Formats: docs/csv-formats.md."
        ),
    )
    parser.add_argument("kind", choices=KINDS, help="what the file holds")
    parser.add_argument("file", help="the CSV file")
    parser.add_argument("--dry-run", action="store_true", help="check the file and report, but write nothing")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")


def run(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    try:
        result = import_file(store, args.kind, args.file, dry_run=args.dry_run)
    finally:
        store.dispose()
    if args.json:
        print(
            json.dumps(
                {
                    "file": result.file,
                    "kind": result.kind,
                    "status": result.status,
                    "inserted": result.inserted,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "removed": result.removed,
                    "duplicates_ignored": result.duplicates_ignored,
                    "warnings": [w.as_json() for w in result.warnings],
                    "errors": [e.as_json() for e in result.errors],
                },
                indent=2,
            )
        )
    else:
        for issue in result.errors[:SHOWN_ON_SCREEN]:
            print(f"error: {issue.describe()}", file=sys.stderr)
        if result.error_count > SHOWN_ON_SCREEN:
            print(f"… and {result.error_count - SHOWN_ON_SCREEN} more errors (use --json for all)", file=sys.stderr)
        for issue in result.warnings[:SHOWN_ON_SCREEN]:
            print(f"warning: {issue.describe()}", file=sys.stderr)
        print(result.summary())
    return EXIT_OK if result.ok else EXIT_REJECTED
