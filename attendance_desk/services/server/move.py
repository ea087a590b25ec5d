"""Moving a school from this PC's SQLite file to the school's PostgreSQL server (``attendance-desk move-to-server``).

What it guarantees:

- the SQLite file is never written: the move reads a consistent copy taken with SQLite's backup API (the last
  commits may be in the ``-wal`` file) into a temporary folder, and upgrades that copy if it is older;
- the server database must be empty; everything is written in ONE transaction, and checked before the commit:
  every table row for row, every archived PDF against its recorded SHA-256 (by the server), and the whole-school
  figures over every date with marks identical to the SQLite ones. Any difference and nothing is kept;
- after the commit the copy is opened as the app would open it and ``verify`` runs again.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Engine,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.text import plural
from attendance_desk.paths import database_path
from attendance_desk.services.archive import archive_root, verify_archive
from attendance_desk.services.figures import figures_for_school
from attendance_desk.services.school_report import report_record
from attendance_desk.store.bulk import insert_rows
from attendance_desk.store.connection import check_server_url
from attendance_desk.store.engine import describe_url, make_engine, sqlite_url
from attendance_desk.store.errors import DAMAGED
from attendance_desk.store.migrate import upgrade_database
from attendance_desk.store.models import (
    ArchivedDocument,
    ArchivedDocumentContent,
    Base,
    Mark,
    SchoolSettings,
    load_all,
)
from attendance_desk.store.open import open_store

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
CHUNK = 20_000
PLAIN_TYPES = (Integer, String, Text, Date, Boolean, Numeric)  # COPY takes these as they come


class MoveError(RuntimeError):
    """The move could not be done; the message says why, and that nothing was kept on the server."""


@dataclass(frozen=True, slots=True)
class MoveSummary:
    target: str
    rows: dict[str, int]
    documents: int
    pupils_compared: int
    period: DateRange | None


def move_to_server(data_dir: Path, url: str, progress: Progress | None = None) -> MoveSummary:
    """Copy the school in ``data_dir`` (its SQLite file and archive) into the empty server database at ``url``."""
    url = check_server_url(url)
    where = describe_url(url)
    source_file = database_path(data_dir)
    if not source_file.exists():
        raise MoveError(f"There is no school to move: {source_file} does not exist.")
    report = progress or (lambda _done, _total, _message: None)
    with tempfile.TemporaryDirectory(prefix="attendance-desk-move-") as scratch:
        snapshot = Path(scratch) / "snapshot.sqlite3"
        _snapshot(source_file, snapshot)
        _check_snapshot(snapshot)
        source = make_engine(sqlite_url(snapshot))
        target = make_engine(url)
        try:
            upgrade_database(source, None, Path(scratch))  # the copy, never the school's file
            upgrade_database(target, None, data_dir)
            summary = _copy_and_check(source, target, data_dir, where, report)
        finally:
            source.dispose()
            target.dispose()
    _check_after_commit(data_dir, url, summary)
    log.info("Moved the school to the server: %s rows, %s documents", sum(summary.rows.values()), summary.documents)
    return summary


def _snapshot(source_file: Path, target: Path) -> None:
    source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()


def _check_snapshot(snapshot: Path) -> None:
    """The whole file's quick check, whatever today's record says: a damaged school is not carried onto the server."""
    connection = sqlite3.connect(snapshot)
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError:
        rows = []
    finally:
        connection.close()
    if rows != ["ok"]:
        raise MoveError(f"Nothing was copied: {DAMAGED}.")


def _tables() -> list[Table]:
    load_all()  # every table is copied, whichever models this process has loaded so far
    return [t for t in Base.metadata.sorted_tables if t.name != ArchivedDocumentContent.__tablename__]


def _check_empty(connection: Connection, where: str) -> None:
    load_all()
    for table in Base.metadata.sorted_tables:
        count = connection.execute(select(func.count()).select_from(table)).scalar_one()
        if table.name == SchoolSettings.__tablename__:
            name = connection.execute(select(SchoolSettings.name)).scalar()
            if count <= 1 and not name:
                continue  # the untouched settings row any first opening makes
        if count:
            raise MoveError(
                f"The server's {where} already holds a school ({plural(count, 'row')} in {table.name}). Moving "
                "needs an empty database, so nothing was copied: create a new one (README: Setting up the school's "
                "server)."
            )


def _copy_and_check(source: Engine, target: Engine, data_dir: Path, where: str, report: Progress) -> MoveSummary:
    tables = _tables()
    counts: dict[str, int] = {}
    with source.connect() as reader, target.begin() as writer:
        _check_empty(writer, where)
        writer.execute(delete(SchoolSettings))
        for number, table in enumerate(tables, start=1):
            report(number, len(tables) + 2, f"Copying {table.name}")
            counts[table.name] = _copy_table(reader, writer, table)
            _reset_sequence(writer, table)
        report(len(tables) + 1, len(tables) + 2, "Copying the archived documents")
        documents = _copy_archive(reader, writer, data_dir)
        report(len(tables) + 2, len(tables) + 2, "Checking every row and the figures")
        for table in tables:
            _compare_table(reader, writer, table)
        _compare_archive(writer)
        period, pupils = _compare_figures(reader, writer)
    return MoveSummary(where, counts, documents, pupils, period)


def _rows(connection: Connection, table: Table) -> Iterator[list[Any]]:
    statement = select(table).order_by(*table.primary_key.columns).execution_options(yield_per=CHUNK)
    result = connection.execute(statement)
    for partition in result.partitions(CHUNK):
        yield [tuple(row) for row in partition]


def _copy_table(reader: Connection, writer: Connection, table: Table) -> int:
    plain = all(isinstance(column.type, PLAIN_TYPES) for column in table.columns)
    names = [column.name for column in table.columns]
    total = 0
    for chunk in _rows(reader, table):
        if plain:
            insert_rows(writer, table.name, names, chunk)
        else:  # JSON, timestamps, images: through SQLAlchemy's types
            writer.execute(insert(table), [dict(zip(names, row, strict=True)) for row in chunk])
        total += len(chunk)
    return total


def _reset_sequence(writer: Connection, table: Table) -> None:
    """The next id the server hands out follows the copied ones."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or not isinstance(keys[0].type, Integer) or keys[0].autoincrement is False:
        return
    sequence = writer.exec_driver_sql(f"SELECT pg_get_serial_sequence('{table.name}', '{keys[0].name}')").scalar()
    if sequence:
        writer.exec_driver_sql(
            f"SELECT setval('{sequence}', COALESCE((SELECT MAX({keys[0].name}) FROM {table.name}), 1), "
            f"(SELECT COUNT(*) > 0 FROM {table.name}))"
        )


def _copy_archive(reader: Connection, writer: Connection, data_dir: Path) -> int:
    root = archive_root(data_dir)
    rows = reader.execute(
        select(ArchivedDocument.id, ArchivedDocument.file_path, ArchivedDocument.sha256).order_by(ArchivedDocument.id)
    ).all()
    problems: list[str] = []
    for document_id, relative, expected in rows:
        try:
            data = (root / relative).read_bytes()
        except FileNotFoundError:
            problems.append(f"document {document_id} is missing ({root / relative})")
            continue
        if hashlib.sha256(data).hexdigest() != expected:
            problems.append(f"document {document_id} no longer matches its SHA-256 ({root / relative})")
            continue
        writer.execute(insert(ArchivedDocumentContent).values(document_id=document_id, content=data))
    if problems:
        raise MoveError(
            "The archive on this PC has problems, so nothing was copied to the server: "
            + "; ".join(problems[:5])
            + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
            + ". Run `attendance-desk verify` and sort these out first."
        )
    return len(rows)


def _compare_table(reader: Connection, writer: Connection, table: Table) -> None:
    for ours, theirs in zip_longest(_flat(reader, table), _flat(writer, table)):
        if ours != theirs:
            key = (ours or theirs or ("?",))[0]
            raise MoveError(
                f"The copy of {table.name} on the server differs from this PC's at row {key}, so nothing was kept "
                "on the server. Please report this; the school's file is unchanged and still in use."
            )


def _flat(connection: Connection, table: Table) -> Iterator[tuple[Any, ...]]:
    for chunk in _rows(connection, table):
        yield from chunk


def _compare_archive(writer: Connection) -> None:
    content = ArchivedDocumentContent.content
    mismatched = writer.execute(
        select(ArchivedDocument.id)
        .join(ArchivedDocumentContent, ArchivedDocumentContent.document_id == ArchivedDocument.id)
        .where(func.encode(func.sha256(content), "hex") != ArchivedDocument.sha256)
    ).scalars()
    bad = list(mismatched)
    if bad:
        raise MoveError(f"Archived documents {bad[:5]} do not match their SHA-256 on the server; nothing was kept.")


def _compare_figures(reader: Connection, writer: Connection) -> tuple[DateRange | None, int]:
    first, last = reader.execute(select(func.min(Mark.date), func.max(Mark.date))).one()
    if first is None:
        return None, 0
    period = DateRange(first, last)
    with Session(bind=reader) as ours, Session(bind=writer) as theirs:
        here = [report_record(r) for r in figures_for_school(ours, period)]
        there = [report_record(r) for r in figures_for_school(theirs, period)]
    if here != there:
        raise MoveError(
            "The attendance figures worked out on the server differ from this PC's, so nothing was kept on the "
            "server. Please report this; the school's file is unchanged and still in use."
        )
    return period, len(here)


def _check_after_commit(data_dir: Path, url: str, summary: MoveSummary) -> None:
    store = open_store(data_dir, url=url)
    try:
        verified = verify_archive(store)
    finally:
        store.dispose()
    if not verified.ok or verified.checked != summary.documents:
        raise MoveError(
            f"The school was copied to {summary.target}, but its archive check then failed "
            f"({plural(len(verified.problems), 'problem')}). Do not switch the PCs over; this PC's file is unchanged."
        )
