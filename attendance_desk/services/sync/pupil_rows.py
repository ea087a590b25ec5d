"""The file's marks turned pupil by pupil, for the parts of the import that work a pupil at a time.

:class:`FileMarks` keeps a column per session (one byte per pupil). :class:`PupilRows` transposes them, at C speed
(one extended slice per pupil), into one short string per pupil with one character per session from the Monday of
the file's first week to its last date — the layout of the compact register (``domain.register``). From those
strings:

- SQLite compares and inserts a pupil's marks with one statement each, joining the string against two small
  temporary tables (the file's sessions and its codes): the database reads and writes the rows itself, and no
  Python tuple is made per mark (:func:`stored_differences`, :func:`insert_new`).
- The registers are patched by overlaying the strings on the stored registers (:func:`patch_registers`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Connection

from attendance_desk.domain.register import NO_MARK_CHAR, code_char, week_monday
from attendance_desk.sync.marks import EPOCH_ORDINAL, FileMarks

PUPIL_SHIFT = 20  # the import's key: pupil id << 20 | slot (sync.marks.mark_key)
_FIRST_CHAR = 0x40  # code byte b is the character chr(0x40 + b) in a pupil's string; " " is no mark
_BLANK = ord(NO_MARK_CHAR)
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
_UPSERT = (
    "INSERT INTO pupil_registers (pupil_id, first_day, codes) VALUES (?, ?, ?) "
    "ON CONFLICT (pupil_id) DO UPDATE SET first_day = excluded.first_day, codes = excluded.codes"
)


class PupilRows:
    """One string per pupil of the file, one character per session from :attr:`base` (a Monday)."""

    def __init__(self, file_marks: FileMarks, first: date, last: date) -> None:
        if len(file_marks.codes) > 256 - _FIRST_CHAR:
            raise ValueError("too many distinct codes for one character each")  # the code books hold about 40
        self.file_marks = file_marks
        self.base = week_monday(first).toordinal()
        self.width = 2 * (last.toordinal() - self.base + 1)
        self.offset = 2 * (EPOCH_ORDINAL - self.base)  # a slot's position in a row is slot + offset
        count = self.count = len(file_marks.pupil_ids)
        to_char = bytearray(range(256))
        to_char[0] = _BLANK
        for byte in range(1, len(file_marks.codes)):
            to_char[byte] = _FIRST_CHAR + byte
        # Session-major, one byte per pupil: row i is every count-th byte from i.
        matrix = bytearray(NO_MARK_CHAR * (self.width * count), "ascii")
        for slot, cells in file_marks.columns.items():
            position = slot + self.offset
            matrix[position * count : (position + 1) * count] = cells.translate(to_char)
        self.matrix = matrix

    def row(self, pupil_id: int) -> str:
        index = self.file_marks.index_of[pupil_id]
        return self.matrix[index :: self.count].decode("latin-1")

    def positions(self) -> list[tuple[int, str, str]]:
        """``(position from 1, ISO date, session)`` of every session the file speaks for."""
        out = []
        for slot in sorted(self.file_marks.columns):
            day = date.fromordinal((slot >> 1) + EPOCH_ORDINAL)
            out.append((slot + self.offset + 1, day.isoformat(), "PM" if slot & 1 else "AM"))
        return out

    def codes(self) -> list[tuple[str, str]]:
        return [(chr(_FIRST_CHAR + byte), code) for byte, code in enumerate(self.file_marks.codes) if byte]

    def register_table(self) -> bytes:
        """Translation from a row's characters to register characters ("?" for a code no register holds)."""
        table = bytearray(range(256))
        for byte, code in enumerate(self.file_marks.codes):
            if byte:
                table[_FIRST_CHAR + byte] = ord(code_char(code) or "?")
        return bytes(table)


def _cursor(connection: Connection) -> Any:
    return connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


def _sql(connection: Connection, sql: str) -> str:
    return sql.replace("?", _PLACEHOLDERS.get(connection.dialect.paramstyle, "?"))


def load_file_tables(connection: Connection, rows: PupilRows) -> None:
    """SQLite: the file's sessions and codes as two small temporary tables (this connection only; emptied and
    refilled by every import, inside its transaction)."""
    connection.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS import_sessions (position INTEGER PRIMARY KEY, date DATE NOT NULL, "
        "session VARCHAR(2) NOT NULL)"
    )
    connection.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS import_codes (mark TEXT PRIMARY KEY, code TEXT NOT NULL)"
    )
    cursor = _cursor(connection)
    try:
        cursor.execute("DELETE FROM temp.import_sessions")
        cursor.execute("DELETE FROM temp.import_codes")
        cursor.executemany("INSERT INTO temp.import_sessions VALUES (?, ?, ?)", rows.positions())
        cursor.executemany("INSERT INTO temp.import_codes VALUES (?, ?)", rows.codes())
    finally:
        cursor.close()


# The stored marks in the file's sessions that are not plainly the file's own mark: a different code, no mark in
# the file (a removal), or minutes late stored (compared in Python). Parameters: the pupil, the pupil's row.
_DIFFERENCES = """
SELECT s.position, s.date, s.session, m.code, m.minutes_late
FROM temp.import_sessions AS s
JOIN marks AS m ON m.pupil_id = ? AND m.date = s.date AND m.session = s.session
LEFT JOIN temp.import_codes AS c ON c.mark = substr(?, s.position, 1)
WHERE c.code IS NULL OR c.code <> m.code OR m.minutes_late IS NOT NULL
"""

_INSERT = """
INSERT INTO marks (pupil_id, date, session, code, minutes_late, import_batch_id)
SELECT ?, s.date, s.session, c.code, NULL, ?
FROM temp.import_sessions AS s JOIN temp.import_codes AS c ON c.mark = substr(?, s.position, 1)
WHERE 1 ORDER BY s.position
ON CONFLICT (pupil_id, date, session) DO NOTHING
"""


def stored_in_sessions(connection: Connection, first: date, last: date) -> dict[int, int]:
    """SQLite: pupil → how many marks are stored in the file's sessions (the database counts; no rows to Python)."""
    cursor = _cursor(connection)
    try:
        cursor.execute(
            # CROSS JOIN keeps the file's few sessions outside: each is a range of the (date, code) index, which
            # holds pupil and session too (a WITHOUT ROWID table's index carries its key).
            "SELECT m.pupil_id, count(*) FROM temp.import_sessions AS s CROSS JOIN marks AS m "
            "ON m.date = s.date AND m.session = s.session WHERE m.date >= ? AND m.date <= ? GROUP BY m.pupil_id",
            (first.isoformat(), last.isoformat()),
        )
        return dict(cursor.fetchall())
    finally:
        cursor.close()


def marks_in_row(rows: PupilRows, pupil_id: int) -> int:
    row = rows.row(pupil_id)
    return len(row) - row.count(NO_MARK_CHAR)


def stored_differences(
    connection: Connection, rows: PupilRows, pupils: Iterable[int]
) -> Iterator[tuple[int, str, str, str, int | None]]:
    """SQLite: ``(pupil id, date, session, stored code, stored minutes)`` for each stored mark of ``pupils`` in
    the file's sessions that may differ from the file (see ``_DIFFERENCES``); equal marks stay in the database."""
    cursor = _cursor(connection)
    try:
        for pupil_id in pupils:
            cursor.execute(_DIFFERENCES, (pupil_id, rows.row(pupil_id)))
            for _position, day, session, code, minutes in cursor.fetchall():
                yield pupil_id, day, session, code, minutes
    finally:
        cursor.close()


def insert_new(connection: Connection, rows: PupilRows, pupils: Iterable[int], batch_id: int) -> int:
    """SQLite: insert every mark of the file that is not stored yet (stored ones, equal or updated separately, are
    left to the caller), pupil by pupil in key order. Minutes late go in afterwards. Returns the rows inserted."""
    cursor = _cursor(connection)
    try:
        cursor.executemany(_INSERT, ((pupil_id, batch_id, rows.row(pupil_id)) for pupil_id in pupils))
        return int(cursor.rowcount)
    finally:
        cursor.close()


def patch_registers(connection: Connection, rows: PupilRows, pupils: Iterable[int], removed: Iterable[int]) -> None:
    """Write the file's marks (and blanks for ``removed`` keys) into the compact registers of ``pupils``, in the
    import's transaction: each stored register is widened to the file's weeks and overlaid with the pupil's row
    where the file has a mark (whole-row integer masks, not a loop per session)."""
    pupil_list = sorted(pupils)
    existing: dict[int, tuple[int, str]] = {}
    cursor = _cursor(connection)
    try:
        for start in range(0, len(pupil_list), 500):
            step = pupil_list[start : start + 500]
            cursor.execute(
                _sql(connection, f"SELECT pupil_id, first_day, codes FROM pupil_registers WHERE pupil_id IN "
                                 f"({', '.join('?' * len(step))})"),
                tuple(step),
            )  # fmt: skip
            for pupil_id, first_day, codes in cursor.fetchall():
                day = first_day if isinstance(first_day, date) else date.fromisoformat(str(first_day)[:10])
                existing[pupil_id] = (day.toordinal(), codes)
    finally:
        cursor.close()
    to_register = rows.register_table()
    has_mark = bytes(0x00 if byte == _BLANK else 0xFF for byte in range(256))
    blanks: dict[int, list[int]] = {}
    for key in removed:
        blanks.setdefault(key >> PUPIL_SHIFT, []).append(key & ((1 << PUPIL_SHIFT) - 1))
    written = []
    for pupil_id in pupil_list:
        raw = rows.row(pupil_id).encode("latin-1")
        start, cells = _widened(existing.get(pupil_id), rows.base, rows.width)
        at = 2 * (rows.base - start)
        mask = int.from_bytes(raw.translate(has_mark), "big")
        old = int.from_bytes(cells[at : at + rows.width], "big")
        new = int.from_bytes(raw.translate(to_register), "big")
        cells[at : at + rows.width] = ((old & ~mask) | (new & mask)).to_bytes(rows.width, "big")
        for slot in blanks.get(pupil_id, ()):
            cells[slot + 2 * (EPOCH_ORDINAL - start)] = _BLANK
        written.append((pupil_id, *_canonical(start, cells)))
    cursor = _cursor(connection)
    try:
        cursor.executemany(_sql(connection, _UPSERT), [row for row in written if row[2]])
        emptied = [(row[0],) for row in written if not row[2]]
        if emptied:
            cursor.executemany(_sql(connection, "DELETE FROM pupil_registers WHERE pupil_id = ?"), emptied)
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
