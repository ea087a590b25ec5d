"""``move-to-server``: copy this PC's school (database and archive) to the school's PostgreSQL server."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from attendance_desk.cli.common import EXIT_OK, EXIT_REJECTED, CommandError, add_command
from attendance_desk.paths import resolve_data_dir
from attendance_desk.services.server.move import MoveError, move_to_server
from attendance_desk.store.connection import BadDatabaseUrlError
from attendance_desk.store.migrate import NewerDatabaseError


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "move-to-server",
        "copy this PC's school and its archive into an empty database on the school's server",
        run,
        description=(
            "Copies the school in the data folder into an empty PostgreSQL database, checks every row, every "
            "archived document and the whole-school figures there before keeping anything, and leaves this PC's "
            "file untouched. Afterwards point each PC at the server (Settings › This PC uses the school's server, "
            "or ATTENDANCE_DESK_DATABASE_URL). See the README, 'Setting up the school's server'."
        ),
    )
    parser.add_argument("url", metavar="URL", help="postgresql+psycopg://user:password@server/database")


def run(args: argparse.Namespace) -> int:
    folder = resolve_data_dir(args.data_dir)

    def progress(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)

    try:
        summary = move_to_server(folder, args.url, progress)
    except (BadDatabaseUrlError, NewerDatabaseError) as exc:
        raise CommandError(str(exc)) from exc
    except MoveError as exc:
        print(f"attendance-desk: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    rows = sum(summary.rows.values())
    print(f"Moved to {summary.target}: {rows:,} rows in {len(summary.rows)} tables, {summary.documents} archived")
    print("documents; every row, every document's SHA-256 and the figures of")
    if summary.period is not None:
        print(
            f"{summary.pupils_compared:,} pupils ({summary.period.start:%d/%m/%Y} – {summary.period.end:%d/%m/%Y}) "
            "match this PC's."
        )
    else:
        print("every pupil match this PC's (no register marks yet).")
    print("This PC's own file is unchanged. Point each PC at the server to start using it.")
    return EXIT_OK
