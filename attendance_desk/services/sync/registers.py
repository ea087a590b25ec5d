"""The marks import's changes written into the pupils' compact registers, in the import's own transaction.

Only the cells the import changed are touched: a morning's import of one week rewrites ten characters in each
register instead of reading the whole year's marks again. A pupil's register is read, widened to cover the file's
dates, patched and written back with one portable upsert (``ON CONFLICT … DO UPDATE``: SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection

from attendance_desk.domain.register import NO_MARK_CHAR, code_char, week_monday
from attendance_desk.sync.marks import EPOCH_ORDINAL, FileMarks

PUPIL_SHIFT = 20  # the import's key: pupil id << 20 | days since the epoch << 1 | 1 for PM (sync.marks.mark_key)
_UPSERT = (
    "INSERT INTO pupil_registers (pupil_id, first_day, codes) VALUES (?, ?, ?) "
    "ON CONFLICT (pupil_id) DO UPDATE SET first_day = excluded.first_day, codes = excluded.codes"
)
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
_BLANK = ord(NO_MARK_CHAR)


def patch_registers(connection: Connection, changes: Iterable[tuple[int, str | None]], first: date, last: date) -> None:
    """Write ``(key, code or None for a removed mark)`` changes, all dated ``first`` to ``last``, into the
    registers of their pupils."""
    base = week_monday(first).toordinal()  # a new register starts on the Monday of the file's first week
    width = 2 * (last.toordinal() - base + 1)
    existing: dict[int, tuple[int, str]] = {}
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("SELECT pupil_id, first_day, codes FROM pupil_registers")
        for pupil_id, first_day, codes in cursor.fetchall():
            day = first_day if isinstance(first_day, date) else date.fromisoformat(str(first_day)[:10])
            existing[pupil_id] = (day.toordinal(), codes)
    finally:
        cursor.close()

    cells: dict[int, tuple[int, bytearray]] = {}  # pupil → (first Monday's ordinal, one byte per session)
    chars: dict[str | None, int] = {None: _BLANK}
    last_pupil, offset, row = -1, 0, bytearray()
    for key, code in changes:
        pupil_id = key >> PUPIL_SHIFT
        if pupil_id != last_pupil:  # files come pupil by pupil, so this is rare
            entry = cells.get(pupil_id)
            if entry is None:
                entry = cells[pupil_id] = _widened(existing.get(pupil_id), base, width)
            # key & 0xFFFFF is (days since the epoch << 1) | PM: a register position once shifted to its Monday
            last_pupil, offset, row = pupil_id, 2 * (EPOCH_ORDINAL - entry[0]), entry[1]
        char = chars.get(code)
        if char is None:
            # None is a removed mark (a blank, set above); "?" a code no register holds: refused by the figures
            char = chars[code] = ord((code_char(code) if code is not None else None) or "?")
        row[(key & 0xFFFFF) + offset] = char
    rows = [(pupil_id, *_canonical(first_ordinal, cells_of)) for pupil_id, (first_ordinal, cells_of) in cells.items()]
    style = _PLACEHOLDERS.get(connection.dialect.paramstyle, "?")
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(_UPSERT.replace("?", style), [row for row in rows if row[2]])
        emptied = [(row[0],) for row in rows if not row[2]]
        if emptied:
            cursor.executemany("DELETE FROM pupil_registers WHERE pupil_id = ?".replace("?", style), emptied)
    finally:
        cursor.close()


def _canonical(first_ordinal: int, cells: bytearray) -> tuple[str, str]:
    """(first Monday, codes) as a rebuild from the marks would write them: no blank weeks before the first mark
    and no blanks after the last, so the two ways of keeping a register always agree."""
    codes = cells.decode("latin-1").rstrip(NO_MARK_CHAR)
    blank_weeks = (len(codes) - len(codes.lstrip(NO_MARK_CHAR))) // 14
    return date.fromordinal(first_ordinal + 7 * blank_weeks).isoformat(), codes[14 * blank_weeks :]


def _widened(register: tuple[int, str] | None, base: int, width: int) -> tuple[int, bytearray]:
    """A register's cells as bytes, starting early enough and long enough for the file's dates."""
    if register is None:
        return base, bytearray(NO_MARK_CHAR * width, "ascii")
    first, codes = register
    start = min(first, base)
    cells = bytearray(NO_MARK_CHAR * (2 * (first - start)), "ascii") + bytearray(codes, "latin-1")
    needed = 2 * (base - start) + width
    if len(cells) < needed:
        cells.extend(NO_MARK_CHAR.encode() * (needed - len(cells)))
    return start, cells


def changes_of(
    file_marks: FileMarks, changed: Iterable[tuple[Any, ...]], removed: Iterable[tuple[Any, ...]]
) -> Iterable[tuple[int, str | None]]:
    """The import's new marks (those still held in ``file_marks``), changed ones (new code) and removed ones."""
    for pupil_id, slot, code, _minutes in file_marks.by_pupil():
        yield (pupil_id << PUPIL_SHIFT) | slot, code
    for key, _old, _old_minutes, new, _new_minutes in changed:
        yield key, new
    for key, *_rest in removed:
        yield key, None
