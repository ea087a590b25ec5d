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
about 585,000 rows, and per-row SQLAlchemy parameter processing would double the time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select

from attendance_desk.domain.codes import default_codebook
from attendance_desk.domain.text import plural
from attendance_desk.domain.vocabulary import DecisionStatus
from attendance_desk.services.calling.settings import planned_calendar_from_session
from attendance_desk.services.sync.registers import changes_of, patch_registers
from attendance_desk.services.sync.results import ImportContext, Removal
from attendance_desk.store.bulk import insert_rows
from attendance_desk.store.chain import chain_rows
from attendance_desk.store.models import AuditEntry, CodeDecision, ImportBatch, Mark, Pupil, utc_now
from attendance_desk.sync.marks import (
    EPOCH_ORDINAL,
    SLOT_MASK,
    FileMarks,
    MarkDateRules,
    PupilLookup,
    day_bits,
    key_parts,
    read_marks,
)

LISTED = 500
REBUILD_INDEXES_FROM = 50_000  # new marks in one import; below this, inserting into the indexes is cheaper
SCAN_WHOLE_TABLE_FROM_DAYS = 31
BULK_CACHE_KIB = -65536  # 64 MiB of page cache while loading (negative: KiB, in SQLite's convention)
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
    if not file_marks.marks or file_marks.first is None or file_marks.last is None:
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


def _apply(context: ImportContext, file_marks: FileMarks) -> None:
    connection = context.session.connection()
    result, batch_id = context.result, context.batch.id
    marks, file_pupils = file_marks.marks, file_marks.pupils
    slots: set[int] | None = None  # worked out only once a stored mark is missing from the file (rare)
    dates = _IsoDates()
    assert file_marks.first is not None and file_marks.last is not None
    # Over a long range, reading the table straight through beats a date-index lookup per row (SQLite only).
    long_range = (file_marks.last - file_marks.first).days > SCAN_WHOLE_TABLE_FROM_DAYS
    not_indexed = " NOT INDEXED" if long_range and connection.dialect.name == "sqlite" else ""
    existing = _fetch_all(
        connection,
        f"SELECT pupil_id, date, session, code, minutes_late FROM marks{not_indexed} WHERE date >= ? AND date <= ?",
        (file_marks.first.isoformat(), file_marks.last.isoformat()),
    )
    unchanged = 0
    changed: list[tuple[int, str, int | None, str, int | None]] = []  # key, old code, old minutes, new code, new
    removed: list[tuple[int, str, int | None]] = []
    get_mark, get_bits = marks.get, dates.bits.get
    for chunk in existing:
        for pupil_id, stored_date, session_name, code, minutes in chunk:
            bits = get_bits(stored_date)
            if bits is None:
                bits = dates.from_stored(stored_date)
            key = (pupil_id << 20) | bits | (session_name == "PM")
            new = get_mark(key)
            if new is None:
                if pupil_id in file_pupils:
                    if slots is None:
                        slots = file_marks.slots()
                    if (key & SLOT_MASK) in slots:
                        removed.append((key, code, minutes))
                continue
            if new[0] != code or new[1] != minutes:
                changed.append((key, code, minutes, new[0], new[1]))
            else:
                unchanged += 1
            marks[key] = None  # type: ignore[assignment]  # handled here: not an insert
    if removed and not _removals_agreed(context, removed):
        return  # refused: nothing written (the caller rolls back)
    new_count = len(marks) - unchanged - len(changed)
    if new_count:
        with _bulk_load(connection, rebuild_indexes=new_count >= REBUILD_INDEXES_FROM):
            _write_new(connection, _insert_rows(marks, dates, batch_id))
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
        patch_registers(connection, changes_of(marks, changed, removed), file_marks.first, file_marks.last)
    result.count("marks", inserted=new_count, updated=len(changed), unchanged=unchanged, removed=len(removed))
    _report_changes(context, changed, removed)


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
    """SQLite only: a larger page cache for the load and, for a big load, the secondary indexes of ``marks``
    dropped and rebuilt in the same transaction (one sorted build beats 585,000 scattered inserts; a rollback
    restores them). PostgreSQL is left to its own devices."""
    if connection.dialect.name != "sqlite":
        yield
        return
    previous: int = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size={BULK_CACHE_KIB}")
    indexes = [index for index in cast(Table, Mark.__table__).indexes] if rebuild_indexes else []
    try:
        for index in indexes:
            index.drop(connection)
        yield
        for index in indexes:
            index.create(connection)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


def _insert_rows(marks: dict[int, Any], dates: _IsoDates, batch_id: int) -> Iterator[tuple[Any, ...]]:
    iso_get = dates.iso.get
    for key, value in marks.items():
        if value is not None:
            bits = key & 0xFFFFE
            yield (
                key >> 20,
                iso_get(bits) or dates.to_iso(bits),
                "PM" if key & 1 else "AM",
                value[0],
                value[1],
                batch_id,
            )


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
        shown = file_marks.marks.get(key)
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
