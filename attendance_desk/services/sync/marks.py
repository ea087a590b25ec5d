"""Applying a marks export as a difference, fast.

The file is read in full first (``sync.marks``: every row checked, nothing written). Then, inside the same
transaction, the marks already held for the file's date range are scanned once and compared: new marks are
inserted and changed ones updated (old → new kept in the audit log).

A file speaks only for the cells it covers. A stored mark is a *removal* only when the file names its pupil and
has a mark (for any pupil) on its date and session, yet none for this pupil there. Every other stored mark (other
pupils, other sessions in or around the file's range) is untouched. Removals are never silent: unless the user
agreed to exactly these (``allow_removals``), the whole file is refused and the removals are listed.

Pending code decisions the file covers are resolved (the MIS now shows the decided code) or listed as still
pending.

Rows go in through the DB-API cursor's ``executemany`` with the dialect's own placeholders: a year of marks is
about 585,000 rows, and per-row SQLAlchemy parameter processing would double the time. On SQLite the import's
transaction is a bulk load (``Store.transaction(bulk_load=("marks",))``): the marks' foreign keys are checked once
for the file (:func:`check_mark_parents`), not row by row, and every other table's before the commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.schema import AddConstraint, DropConstraint

from attendance_desk.domain.codes import default_codebook
from attendance_desk.domain.text import plural
from attendance_desk.domain.vocabulary import DecisionStatus
from attendance_desk.services.calling.settings import planned_calendar_from_session
from attendance_desk.services.sync.pupil_rows import (
    PupilRows,
    insert_new,
    load_file_tables,
    marks_in_row,
    patch_registers,
    stored_differences,
    stored_in_sessions,
)
from attendance_desk.services.sync.results import ImportContext, Removal
from attendance_desk.store.bulk import insert_rows
from attendance_desk.store.chain import chain_rows
from attendance_desk.store.engine import ForeignKeyViolation, foreign_keys_deferred
from attendance_desk.store.models import AuditEntry, CodeDecision, ImportBatch, Mark, Pupil, utc_now
from attendance_desk.sync.marks import (
    EPOCH_ORDINAL,
    FileMarks,
    MarkDateRules,
    PupilLookup,
    day_bits,
    key_parts,
    read_marks,
)

LISTED = 500
REBUILD_INDEXES_FROM = 50_000  # new marks in one import; below this, inserting into the indexes is cheaper
PUPILS_PER_SCAN = 500  # pupils per statement reading the marks already held (bounds the IN list)
BULK_CACHE_KIB = -16384  # 16 MiB of page cache while loading (negative: KiB, in SQLite's convention)
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _executemany(connection: Connection, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """``sql`` written with ``?`` placeholders, run through the raw driver cursor in the current transaction."""
    style = connection.dialect.paramstyle
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql.replace("?", _PLACEHOLDERS.get(style, "?")), rows)  # type: ignore[arg-type]  # any iterable
    finally:
        cursor.close()


def _fetch_all(connection: Connection, sql: str, parameters: tuple[Any, ...]) -> Iterator[Sequence[Any]]:
    """Chunks of rows of a query through the raw driver cursor (no per-row result processing)."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql.replace("?", _PLACEHOLDERS.get(connection.dialect.paramstyle, "?")), parameters)
        while chunk := cursor.fetchmany(20_000):
            yield chunk
    finally:
        cursor.close()


def pupil_lookup(context: ImportContext) -> PupilLookup:
    session = context.session
    rows = session.execute(select(Pupil.id, Pupil.upn, Pupil.admission_number, Pupil.leaving_date)).all()
    latest_pupils = session.scalar(
        select(ImportBatch).where(ImportBatch.kind == "pupils").order_by(ImportBatch.id.desc()).limit(1)
    )
    missing = set((latest_pupils.report or {}).get("not_in_file_ids", [])) if latest_pupils else set()
    return PupilLookup(
        by_upn={upn: pupil_id for pupil_id, upn, _a, _l in rows},
        by_admission_number={adno.lstrip("0") or "0": pupil_id for pupil_id, _u, adno, _l in rows if adno},
        leaving={pupil_id: leaving for pupil_id, _u, _a, leaving in rows if leaving is not None},
        not_in_pupils_file=missing,
    )


def import_marks(context: ImportContext) -> None:
    issues, result = context.issues, context.result
    calendar = planned_calendar_from_session(context.session)
    rules = MarkDateRules(context.today, calendar.why_closed)
    file_marks = read_marks(
        context.path,
        issues,
        pupil_lookup(context),
        default_codebook(),
        context.profile,
        context.progress,
        rules,
        context.encoding,
    )
    if file_marks is None or issues.error_count:
        return
    result.duplicates_ignored = file_marks.duplicates_ignored
    result.first_date, result.last_date = file_marks.first, file_marks.last
    result.report.update(layout=file_marks.layout, rows=file_marks.rows)
    if not file_marks.columns or file_marks.first is None or file_marks.last is None:
        result.count("marks")
        return
    _resolve_decisions(context, file_marks)
    _apply(context, file_marks)


class _IsoDates:
    """Key bits ↔ ISO text and stored date values ↔ key bits, each computed once."""

    def __init__(self) -> None:
        self.iso: dict[int, str] = {}
        self.bits: dict[object, int] = {}

    def to_iso(self, bits: int) -> str:
        value = self.iso.get(bits)
        if value is None:
            value = self.iso[bits] = date.fromordinal((bits >> 1) + EPOCH_ORDINAL).isoformat()
        return value

    def from_stored(self, stored: object) -> int:
        bits = self.bits.get(stored)
        if bits is None:
            day = stored if isinstance(stored, date) else date.fromisoformat(str(stored)[:10])
            bits = self.bits[stored] = day_bits(day)
        return bits


def _stored_marks(connection: Connection, file_marks: FileMarks) -> Iterator[Sequence[Any]]:
    """The marks already held for the file's pupils within the file's dates: a range scan on the marks table's
    key (pupil, date, session) per pupil, a few hundred pupils per statement. Other pupils' marks and other dates
    are never read."""
    assert file_marks.first is not None and file_marks.last is not None
    pupils = sorted(file_marks.pupils)
    dates = (file_marks.first.isoformat(), file_marks.last.isoformat())
    for start in range(0, len(pupils), PUPILS_PER_SCAN):
        step = tuple(pupils[start : start + PUPILS_PER_SCAN])
        listed = ", ".join("?" * len(step))
        yield from _fetch_all(
            connection,
            "SELECT pupil_id, date, session, code, minutes_late FROM marks "
            f"WHERE pupil_id IN ({listed}) AND date >= ? AND date <= ?",
            (*step, *dates),
        )


def _apply(context: ImportContext, file_marks: FileMarks) -> None:
    connection = context.session.connection()
    result, batch_id = context.result, context.batch.id
    assert file_marks.first is not None and file_marks.last is not None
    first, last = file_marks.first, file_marks.last
    rows = PupilRows(file_marks, first, last)  # every mark of the file, pupil by pupil (registers, SQLite writes)
    total = len(file_marks)
    dates = _IsoDates()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        load_file_tables(connection, rows)
        stored = {p: n for p, n in stored_in_sessions(connection, first, last).items() if p in file_marks.pupils}
        candidates: Iterable[Sequence[Any]] = _sqlite_candidates(connection, rows, sorted(stored))
    else:
        stored = {}
        candidates = (row for chunk in _stored_marks(connection, file_marks) for row in chunk)
    unchanged = 0
    changed: list[tuple[int, str, int | None, str, int | None]] = []  # key, old code, old minutes, new code, new
    removed: list[tuple[int, str, int | None]] = []
    columns, index_of, codes, minutes_of = file_marks.columns, file_marks.index_of, file_marks.codes, file_marks.minutes
    get_column, get_bits = columns.get, dates.bits.get
    for pupil_id, stored_date, session_name, code, minutes in candidates:
        bits = get_bits(stored_date)
        if bits is None:
            bits = dates.from_stored(stored_date)
        slot = bits | (session_name == "PM")
        cells = get_column(slot)
        if cells is None:
            continue  # a session the file does not speak for
        index = index_of[pupil_id]
        new = cells[index]
        key = (pupil_id << 20) | slot
        if not new:
            removed.append((key, code, minutes))  # the file names this pupil and this session, but no mark
            continue
        new_code, new_minutes = codes[new], minutes_of.get(key)
        if new_code != code or new_minutes != minutes:
            changed.append((key, code, minutes, new_code, new_minutes))
        else:
            unchanged += 1
        if not sqlite:
            cells[index] = 0  # handled here: not an insert
    if removed and not _removals_agreed(context, removed):
        return  # refused: nothing written (the caller rolls back)
    if sqlite:
        # A pupil with as many stored marks matching the file's as the file has marks needs no insert at all.
        removed_of = Counter(key >> 20 for key, _c, _m in removed)
        to_insert = [
            pupil_id
            for pupil_id in sorted(file_marks.pupils)
            if stored.get(pupil_id, 0) - removed_of[pupil_id] < marks_in_row(rows, pupil_id)
        ]
        expected_new = total - sum(stored.values()) + len(removed)
        with _bulk_load(connection, rebuild_indexes=expected_new >= REBUILD_INDEXES_FROM):
            new_count = insert_new(connection, rows, to_insert, batch_id) if to_insert else 0
        if foreign_keys_deferred(connection):  # else SQLite checked each row's keys as it went in
            check_mark_parents(connection, file_marks.pupils, batch_id)
        _set_minutes(connection, file_marks, dates, batch_id, {key for key, *_rest in changed})
        unchanged = total - new_count - len(changed)
    else:
        new_count = len(file_marks)
        if new_count:
            with _bulk_load(connection, rebuild_indexes=new_count >= REBUILD_INDEXES_FROM):
                _write_new(connection, _insert_rows(file_marks, dates, batch_id))
    if changed:
        _executemany(
            connection,
            "UPDATE marks SET code = ?, minutes_late = ?, import_batch_id = ? WHERE pupil_id = ? AND date = ? "
            "AND session = ?",
            (
                (new, new_minutes, batch_id, key >> 20, dates.to_iso(key & 0xFFFFE), "PM" if key & 1 else "AM")
                for key, _c, _m, new, new_minutes in changed
            ),
        )
    if removed:
        _executemany(
            connection,
            "DELETE FROM marks WHERE pupil_id = ? AND date = ? AND session = ?",
            ((key >> 20, dates.to_iso(key & 0xFFFFE), "PM" if key & 1 else "AM") for key, _c, _m in removed),
        )
    _audit(context, changed, removed)
    if new_count or changed or removed:  # the pupils' compact registers follow, in this same transaction
        patch_registers(connection, rows, file_marks.pupils, [key for key, _c, _m in removed])
    result.count("marks", inserted=new_count, updated=len(changed), unchanged=unchanged, removed=len(removed))
    _report_changes(context, changed, removed)


def check_mark_parents(connection: Connection, pupil_ids: set[int], batch_id: int) -> None:
    """The foreign keys of the marks this import wrote, checked once for the whole file (the transaction loads
    marks without checking each row's: ``Store.transaction(bulk_load=...)``): every pupil named and the import
    exist. They were read under this transaction's write lock, so this cannot fail unless the program is wrong."""
    ordered = sorted(pupil_ids)
    found = 0
    for start in range(0, len(ordered), PUPILS_PER_SCAN):
        step = ordered[start : start + PUPILS_PER_SCAN]
        listed = ", ".join("?" * len(step))
        found += connection.exec_driver_sql(
            f"SELECT count(*) FROM pupils WHERE id IN ({listed})", tuple(step)
        ).scalar_one()
    batches: int = connection.exec_driver_sql(
        "SELECT count(*) FROM import_batches WHERE id = ?", (batch_id,)
    ).scalar_one()
    if found != len(pupil_ids) or batches != 1:
        raise ForeignKeyViolation("marks would point at a pupil or an import that does not exist; nothing was saved")


def _sqlite_candidates(connection: Connection, rows: PupilRows, pupils: list[int]) -> Iterator[Sequence[Any]]:
    """SQLite: the stored marks that may differ from the file (the database compares codes itself), then the
    stored marks where the file gives minutes late (few), so every difference is found and equal marks never
    reach Python."""
    seen: set[tuple[int, str, str]] = set()
    for row in stored_differences(connection, rows, pupils):
        seen.add((row[0], str(row[1]), row[2]))
        yield row
    file_marks = rows.file_marks
    wanted = set(pupils)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for key in file_marks.minutes:
            pupil_id, day, session_name = key_parts(key)
            if pupil_id not in wanted or (pupil_id, day.isoformat(), session_name) in seen:
                continue
            cursor.execute(
                "SELECT date, code, minutes_late FROM marks WHERE pupil_id = ? AND date = ? AND session = ?",
                (pupil_id, day.isoformat(), session_name),
            )
            for stored_date, code, minutes in cursor.fetchall():
                yield pupil_id, stored_date, session_name, code, minutes
    finally:
        cursor.close()


def _set_minutes(
    connection: Connection, file_marks: FileMarks, dates: _IsoDates, batch_id: int, changed: set[int]
) -> None:
    """SQLite: minutes late of the marks this import inserted (the set-based insert leaves them empty). Changed
    marks get theirs with their update."""
    updates = [
        (minutes, key >> 20, dates.to_iso(key & 0xFFFFE), "PM" if key & 1 else "AM", batch_id)
        for key, minutes in sorted(file_marks.minutes.items())
        if key not in changed
    ]
    if updates:
        _executemany(
            connection,
            "UPDATE marks SET minutes_late = ? WHERE pupil_id = ? AND date = ? AND session = ? "
            "AND import_batch_id = ? AND minutes_late IS NULL",
            updates,
        )


def _removals_agreed(context: ImportContext, removed: list[tuple[int, str, int | None]]) -> bool:
    """List the removals on the result; True when the user agreed to every one of them, else an error."""
    names = _names(context, {key >> 20 for key, _c, _m in removed})
    removals = []
    for key, old, _minutes in removed:
        pupil_id, day, session_name = key_parts(key)
        upn, name = names.get(pupil_id, ("", ""))
        removals.append(Removal(pupil_id, upn, name, day, session_name, old))
    removals.sort(key=lambda r: (r.date, r.session, r.upn))
    context.result.removals = removals
    if all(context.agreed(removal.key) for removal in removals):
        return True
    count = len(removals)
    context.result.report.update(
        removed_marks=[[r.upn, r.pupil, r.date.isoformat(), r.session, r.old_code] for r in removals[:LISTED]],
        removed_marks_count=count,
    )
    context.result.needs_agreement = f"it would remove {plural(count, 'stored mark')} that the file no longer shows"
    if isinstance(context.allow_removals, bool):
        advice = (
            "check them in the report; if they should go, agree when the app asks, or import again with "
            "--allow-removals on the command line"
        )
    else:
        advice = "the file or the database changed since you agreed; check the marks again"
    context.issues.error(0, "", "", f"{context.result.needs_agreement}: {advice}")
    return False


@contextmanager
def _bulk_load(connection: Connection, *, rebuild_indexes: bool) -> Iterator[None]:
    """For a big load (a year's marks), the marks table's secondary indexes are dropped and built again after it
    in the same transaction (one sorted build beats 585,000 scattered inserts; a rollback or a killed process
    restores them, DDL being transactional on both back ends).

    SQLite: also a larger page cache for the load. PostgreSQL: the foreign keys too are dropped and added back
    (checked then, all rows in one pass): row by row, their checks were three quarters of a year's load (7.9 s of
    its COPY against 1.4 s without, same run). The table is locked against readers until the import commits, a
    few seconds, and only for such big loads."""
    table = cast(Table, Mark.__table__)
    indexes = list(table.indexes) if rebuild_indexes else []
    if connection.dialect.name == "postgresql":
        keys = list(table.foreign_key_constraints) if rebuild_indexes else []
        for key in keys:
            connection.execute(DropConstraint(key))
        for index in indexes:
            index.drop(connection)
        yield
        for index in indexes:
            index.create(connection)
        for key in keys:
            connection.execute(AddConstraint(key))
        return
    if connection.dialect.name != "sqlite":
        yield
        return
    previous: int = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size={BULK_CACHE_KIB}")
    try:
        for index in indexes:
            index.drop(connection)
        yield
        for index in indexes:
            index.create(connection)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


def _insert_rows(file_marks: FileMarks, dates: _IsoDates, batch_id: int) -> Iterator[tuple[Any, ...]]:
    """The new marks as rows, in key order, straight from the file's columns (no list of them is built)."""
    to_iso = dates.to_iso
    for pupil_id, slot, code, minutes in file_marks.by_pupil():
        yield pupil_id, to_iso(slot & 0xFFFFE), "PM" if slot & 1 else "AM", code, minutes, batch_id


def _write_new(connection: Connection, rows: Iterator[tuple[Any, ...]]) -> None:
    # COPY on PostgreSQL, the raw executemany on SQLite (store.bulk; measured in benchmarks/bench_server.py).
    insert_rows(connection, "marks", ("pupil_id", "date", "session", "code", "minutes_late", "import_batch_id"), rows)


def _audit(
    context: ImportContext,
    changed: list[tuple[int, str, int | None, str, int | None]],
    removed: list[tuple[int, str, int | None]],
) -> None:
    """One audit row per changed or removed mark (entity ``mark``, id ``pupil:date:session``)."""
    reason = f"MIS import {context.batch.id} ({context.result.file})"
    at = utc_now()
    rows = []
    for key, old, old_minutes, new, new_minutes in changed:
        pupil_id, day, session_name = key_parts(key)
        rows.append(
            {
                "at": at,
                "staff_id": context.actor_id,
                "action": "import",
                "entity": "mark",
                "entity_id": f"{pupil_id}:{day.isoformat()}:{session_name}",
                "reason": reason,
                "before": {"code": old, "minutes_late": old_minutes},
                "after": {"code": new, "minutes_late": new_minutes},
            }
        )
    for key, old, old_minutes in removed:
        pupil_id, day, session_name = key_parts(key)
        rows.append(
            {
                "at": at,
                "staff_id": context.actor_id,
                "action": "delete",
                "entity": "mark",
                "entity_id": f"{pupil_id}:{day.isoformat()}:{session_name}",
                "reason": reason,
                "before": {"code": old, "minutes_late": old_minutes},
                "after": None,
            }
        )
    if rows:
        context.session.connection().execute(
            insert(cast(Table, AuditEntry.__table__)), chain_rows(context.session, rows)
        )


def _names(context: ImportContext, pupil_ids: set[int]) -> dict[int, tuple[str, str]]:
    if not pupil_ids:
        return {}
    rows = context.session.execute(select(Pupil).where(Pupil.id.in_(pupil_ids))).scalars()
    return {p.id: (p.upn, p.display_name) for p in rows}


def _report_changes(
    context: ImportContext,
    changed: list[tuple[int, str, int | None, str, int | None]],
    removed: list[tuple[int, str, int | None]],
) -> None:
    shown_changed, shown_removed = changed[:LISTED], removed[:LISTED]
    names = _names(context, {key >> 20 for key, *_rest in shown_changed} | {key >> 20 for key, *_rest in shown_removed})
    listed = []
    for key, old, _om, new, _nm in shown_changed:
        pupil_id, day, session_name = key_parts(key)
        upn, name = names.get(pupil_id, ("", ""))
        listed.append([upn, name, day.isoformat(), session_name, old, new])
    gone = []
    for key, old, _om in shown_removed:
        pupil_id, day, session_name = key_parts(key)
        upn, name = names.get(pupil_id, ("", ""))
        gone.append([upn, name, day.isoformat(), session_name, old])
    context.result.report.update(
        changed_marks=listed, changed_marks_count=len(changed), removed_marks=gone, removed_marks_count=len(removed)
    )


def _resolve_decisions(context: ImportContext, file_marks: FileMarks) -> None:
    """A pending decision whose new code the MIS now shows is done; one the file still contradicts stays listed."""
    session = context.session
    pending = session.scalars(
        select(CodeDecision).where(
            CodeDecision.status == DecisionStatus.PENDING,
            CodeDecision.date >= file_marks.first,
            CodeDecision.date <= file_marks.last,
        )
    ).all()
    names = _names(context, {d.pupil_id for d in pending})
    done, still = [], []
    for decision in pending:
        if decision.pupil_id not in file_marks.pupils:
            continue
        key = (decision.pupil_id << 20) | day_bits(decision.date) | (decision.session == "PM")
        shown = file_marks.get(key)
        upn, name = names.get(decision.pupil_id, ("", ""))
        entry = [
            decision.id,
            upn,
            name,
            decision.date.isoformat(),
            decision.session,
            decision.mis_code,
            decision.new_code,
            shown[0] if shown else "",
        ]
        if shown is not None and shown[0] == decision.new_code:
            decision.status = DecisionStatus.DONE
            decision.resolved_at = utc_now()
            decision.resolved_by_import_id = context.batch.id
            done.append(entry)
        else:
            still.append(entry)
    session.flush()
    context.result.report.update(decisions_done=done, decisions_pending=still)
