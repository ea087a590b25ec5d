"""Keeping ``pupil_registers`` (one string per pupil, ``domain.register``) in step with ``marks``.

Every write to ``marks`` happens in a transaction that also updates the registers of the pupils it touched: the
marks import (which writes through the driver) patches the cells it changed at its end (a test checks the result
equals a rebuild), and any write through SQLAlchemy (ORM flushes, Core inserts, tests' builders) is caught by an
engine hook after the statement, which rebuilds those pupils' registers from the marks table.
Plain SQL that SQLite and PostgreSQL run alike.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Delete, Engine, Insert, Update, event

from attendance_desk.domain.register import NO_MARK_CHAR, SESSION_OFFSET, code_char, week_monday

PUPILS_PER_STEP = 500  # pupils rebuilt per statement: bounds memory and the IN list
_FETCH = 20_000
_PLACEHOLDERS = {"qmark": "?", "numeric": ":1", "format": "%s", "pyformat": "%s"}


def _sql(connection: Connection, sql: str) -> str:
    return sql.replace("?", _PLACEHOLDERS.get(connection.dialect.paramstyle, "?"))


def _ordinal(raw: object, cache: dict[object, int]) -> int:
    ordinal = cache.get(raw)
    if ordinal is None:
        day = raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10])
        ordinal = cache[raw] = day.toordinal()
    return ordinal


def _registers(rows: Iterator[Sequence[Any]]) -> Iterator[tuple[int, str, str]]:
    """``(pupil_id, first Monday ISO, codes)`` from marks rows ``(pupil_id, date, session, code)`` sorted by
    pupil, date and session."""
    ordinals: dict[object, int] = {}
    chars: dict[str, str] = {}
    pupil: int | None = None
    base = 0
    cells: list[str] = []
    for pupil_id, raw_day, session, code in rows:
        ordinal = _ordinal(raw_day, ordinals)
        if pupil_id != pupil:
            if pupil is not None:
                yield pupil, date.fromordinal(base).isoformat(), "".join(cells)
            pupil = pupil_id
            base = week_monday(date.fromordinal(ordinal)).toordinal()
            cells = []
        char = chars.get(code)
        if char is None:
            # A code no register can hold is never a valid mark; kept visible as "?" so the figures refuse it.
            char = chars[code] = code_char(code) or "?"
        position = 2 * (ordinal - base) + SESSION_OFFSET.get(session, 0)
        gap = position - len(cells)
        if gap > 0:
            cells.extend(NO_MARK_CHAR * gap)
        cells.append(char)
    if pupil is not None:
        yield pupil, date.fromordinal(base).isoformat(), "".join(cells)


def _stream(connection: Connection, sql: str, parameters: Sequence[Any]) -> Iterator[Sequence[Any]]:
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(_sql(connection, sql), tuple(parameters))
        while chunk := cursor.fetchmany(_FETCH):
            yield from chunk
    finally:
        cursor.close()


def _write(connection: Connection, registers: Iterator[tuple[int, str, str]]) -> None:
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        sql = _sql(connection, "INSERT INTO pupil_registers (pupil_id, first_day, codes) VALUES (?, ?, ?)")
        cursor.executemany(sql, list(registers))
    finally:
        cursor.close()


def rebuild_registers(connection: Connection, pupil_ids: Collection[int] | None = None) -> None:
    """Rebuild the registers of ``pupil_ids`` (every pupil when None) from their marks, in the caller's
    transaction. A pupil with no marks is left with no register.

    A few hundred pupils at a time, their marks streamed in primary-key order: memory stays at one step's
    strings, whatever the size of the school."""
    if pupil_ids is None:
        connection.exec_driver_sql("DELETE FROM pupil_registers")
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM pupils ORDER BY id")]
    else:
        ids = sorted(set(pupil_ids))
    for i in range(0, len(ids), PUPILS_PER_STEP):
        step = tuple(ids[i : i + PUPILS_PER_STEP])
        listed = ",".join("?" * len(step))
        if pupil_ids is not None:
            connection.exec_driver_sql(
                _sql(connection, f"DELETE FROM pupil_registers WHERE pupil_id IN ({listed})"), step
            )
        rows = _stream(
            connection,
            f"SELECT pupil_id, date, session, code FROM marks WHERE pupil_id IN ({listed})"
            " ORDER BY pupil_id, date, session",
            step,
        )
        _write(connection, _registers(rows))  # reads the step's marks to the end before it writes


def _pupil_ids(parameters: Sequence[Any]) -> set[int] | None:
    """The pupils a statement's parameters name (None when they do not say: the WHERE clause holds them)."""
    ids: set[int] = set()
    for row in parameters:
        named = [value for key, value in row.items() if key == "pupil_id" or key.endswith("_pupil_id")]
        if not named:
            return None
        ids.update(named)
    return ids


@event.listens_for(Engine, "after_execute")
def _after_execute(
    connection: Connection,
    statement: object,
    _multiparams: Sequence[Any],
    _params: dict[str, Any],
    _options: object,
    result: Any,
) -> None:
    """Any SQLAlchemy write to ``marks`` (ORM flushes, Core inserts) rebuilds the registers it touched, in the
    same transaction. The marks import writes through the driver and patches the registers itself
    (``services.sync.registers``)."""
    if not isinstance(statement, Insert | Update | Delete) or getattr(statement.table, "name", None) != "marks":
        return
    # The bound values as sent (the multiparams argument is empty for ORM writes); a WHERE with literals names no
    # pupil, and then every register is rebuilt.
    rows = getattr(getattr(result, "context", None), "compiled_parameters", None) or []
    rebuild_registers(connection, _pupil_ids(rows) if rows else None)
