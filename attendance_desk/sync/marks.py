"""Reading a marks export, long or grid layout, into a compact table of pupil-session marks (:class:`FileMarks`).

This is the hot path of a whole-year import (about 585,000 rows), so it avoids per-row objects: each distinct
date, session, code and pupil text is resolved once and cached, and each mark is one byte in a column per
session (plus its line number). Rows stream from the CSV reader through the checks into those columns; nothing
is written to the database until the whole file has been read and found valid, and the service then streams the
new marks from the columns into the INSERT in key order.

Layouts:

- **long**: one row per pupil-session: pupil (UPN or admission number), date, session, code, optional minutes.
- **grid**: one row per pupil, one column per session headed with its date and AM/PM (``Mon 02/09/2024 AM``).
  An empty cell is "no mark".
"""

from __future__ import annotations

import csv
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from attendance_desk.domain.codes import NO_MARK, CodeBook
from attendance_desk.sync.canonical import ValueProblem, check_upn, open_table, parse_minutes, parse_session
from attendance_desk.sync.dates import DateCache, DateProblem
from attendance_desk.sync.headers import unreadable_session_headers
from attendance_desk.sync.issues import IssueLog
from attendance_desk.sync.mapping import ColumnMapping, MappingProfile
from attendance_desk.sync.textfile import TableReader

FIRST_MARK_DATE = date(2000, 1, 1)
EPOCH_ORDINAL = FIRST_MARK_DATE.toordinal()
_PUPIL_SHIFT = 20
SLOT_MASK = (1 << _PUPIL_SHIFT) - 1  # the date-and-session part of a key
# The key keeps 19 bits of days after 2000-01-01 (about 1,400 years): every date is range-checked before it is
# packed (see last_mark_date), so a key can never wrap into another pupil or another day.
_PROGRESS_EVERY = 8192


_LAST_KEY_ORDINAL = EPOCH_ORDINAL + (1 << (_PUPIL_SHIFT - 1)) - 1  # the last day 19 bits can hold


def mark_key(pupil_id: int, day: date, session: str) -> int:
    return (pupil_id << _PUPIL_SHIFT) | day_bits(day) | (session == "PM")


def key_parts(key: int) -> tuple[int, date, str]:
    day = date.fromordinal(((key >> 1) & ((1 << (_PUPIL_SHIFT - 1)) - 1)) + EPOCH_ORDINAL)
    return key >> _PUPIL_SHIFT, day, "PM" if key & 1 else "AM"


def day_bits(day: date) -> int:
    """The date part of a key. Refuses a date the bits cannot hold (a second guard: the reader has already
    refused dates outside the marks range), so a key can never wrap into another pupil's."""
    ordinal = day.toordinal()
    if not EPOCH_ORDINAL <= ordinal <= _LAST_KEY_ORDINAL:
        raise ValueError(f"{day.isoformat()} cannot be packed into a mark key")
    return (ordinal - EPOCH_ORDINAL) << 1


def last_mark_date(today: date) -> date:
    """The latest date a mark may carry: 31 December of next year (a register is never planned further)."""
    return date(today.year + 1, 12, 31)


def slot_date(slot: int) -> date:
    return date.fromordinal((slot >> 1) + EPOCH_ORDINAL)


@dataclass(frozen=True)
class MarkDateRules:
    """What the reader checks each mark's date against (supplied by the service)."""

    today: date
    why_closed: Callable[[date], str | None] | None = None  # "weekend", a closure's reason, … or None
    closure_code: str = "#"  # the planned-closure code: a mark with it on a closed day needs no warning


@dataclass
class PupilLookup:
    """What the reader needs to know about the school's pupils (supplied by the service)."""

    by_upn: dict[str, int]
    by_admission_number: dict[str, int]  # keys without leading zeros (Excel drops them)
    leaving: dict[int, date] = field(default_factory=dict)
    not_in_pupils_file: set[int] = field(default_factory=set)

    def pupil_ids(self) -> list[int]:
        """Every pupil a row can name, ascending: the file's marks keep one byte per pupil per session."""
        return sorted({*self.by_upn.values(), *self.by_admission_number.values()})


class FileMarks:
    """The file's marks in one byte per pupil-session: a column per (date, session) the file has a mark on, one
    byte per pupil the school knows (0: no mark; else an index into :attr:`codes`), with the line each mark came
    from beside it (4 bytes) for messages. About 5 bytes a mark, against ~170 for a dictionary of tuples: a year
    for 6,000 pupils (2.3 million marks) is about 12 MB. Minutes late, carried by few marks, are kept by key.

    Keys (:func:`mark_key`) are ``pupil id << 20 | slot``; a slot is ``day bits | 1 for PM``.
    """

    def __init__(self, pupil_ids: list[int], layout: str) -> None:
        self.pupil_ids = pupil_ids  # pupil index → pupil id, ascending
        self.index_of = {pupil_id: index for index, pupil_id in enumerate(pupil_ids)}
        self.codes: list[str] = [""]  # byte → code text (0 is no mark)
        self.byte_of: dict[str, int] = {}
        self.columns: dict[int, bytearray] = {}
        self.lines: dict[int, array[int]] = {}
        self.minutes: dict[int, int] = {}
        self.pupils: set[int] = set()
        self.layout = layout
        self.first: date | None = None
        self.last: date | None = None
        self.duplicates_ignored = 0
        self.rows = 0

    def code_byte(self, code: str) -> int:
        byte = self.byte_of.get(code)
        if byte is None:
            if len(self.codes) > 255:
                raise ValueError("more than 255 distinct codes")  # the code books hold about 40
            byte = self.byte_of[code] = len(self.codes)
            self.codes.append(code)
        return byte

    def column(self, slot: int) -> tuple[bytearray, array[int]]:
        """The column (and its lines) for a slot, made empty on first use."""
        cells = self.columns.get(slot)
        if cells is None:
            width = len(self.pupil_ids)
            cells = self.columns[slot] = bytearray(width)
            self.lines[slot] = array("I", bytes(4 * width)) if width else array("I")
        return cells, self.lines[slot]

    def finish(self) -> None:
        """Once the file is read: which pupils have marks, and no column without any."""
        width = len(self.pupil_ids)
        for slot in [slot for slot, cells in self.columns.items() if cells.count(0) == width]:
            del self.columns[slot], self.lines[slot]
        if self.columns:
            merged = 0  # every column OR-ed together, as one big integer: a pupil with a mark is a non-zero byte
            for cells in self.columns.values():
                merged |= int.from_bytes(cells, "little")
            any_mark = merged.to_bytes(width, "little")
            ids = self.pupil_ids
            self.pupils.update(ids[index] for index in range(width) if any_mark[index])

    def __len__(self) -> int:
        width = len(self.pupil_ids)
        return sum(width - cells.count(0) for cells in self.columns.values())

    def slots(self) -> set[int]:
        """The (date, session) parts of every key: the sessions this file speaks for, for any pupil (as read:
        marks discarded since still count)."""
        return set(self.columns)

    def get(self, key: int) -> tuple[str, int | None] | None:
        """(code, minutes late) of the mark at ``key``, or None."""
        index = self.index_of.get(key >> _PUPIL_SHIFT)
        cells = self.columns.get(key & SLOT_MASK)
        if index is None or cells is None or not cells[index]:
            return None
        return self.codes[cells[index]], self.minutes.get(key)

    def by_pupil(self) -> Iterator[tuple[int, int, str, int | None]]:
        """``(pupil id, slot, code, minutes)`` of every mark still held, in key order (pupil, date, session): the
        order of the marks table's key, so inserts append rather than scatter."""
        columns = sorted(self.columns.items())
        if not columns:
            return
        width = len(self.pupil_ids)
        merged = 0
        for _slot, cells in columns:
            merged |= int.from_bytes(cells, "little")
        any_mark = merged.to_bytes(width, "little")
        codes, minutes, ids = self.codes, self.minutes, self.pupil_ids
        for index in range(width):
            if not any_mark[index]:
                continue
            pupil_id = ids[index]
            base = pupil_id << _PUPIL_SHIFT
            for slot, cells in columns:
                byte = cells[index]
                if byte:
                    yield pupil_id, slot, codes[byte], minutes.get(base | slot) if minutes else None


class _Resolver:
    """Caches from raw cell text to resolved values, shared by both layouts."""

    def __init__(
        self, issues: IssueLog, lookup: PupilLookup, codebook: CodeBook, by_upn: bool, rules: MarkDateRules
    ) -> None:
        self.issues = issues
        self.rules = rules
        self.last_date = last_mark_date(rules.today)
        self.lookup = lookup
        self.codebook = codebook
        self.by_upn = by_upn
        self.pupils: dict[str, int] = {}  # raw text → pupil index (FileMarks.pupil_ids)
        self.index_of: dict[int, int] = {}
        self.days: dict[str, tuple[int, dict[str, int], date]] = {}  # raw → (day bits, valid code → byte, date)
        self.codes: dict[str, str] = {}
        self.dates = DateCache()
        self._valid: dict[bool, dict[str, int]] = {}
        self._warned: set[int] = set()

    def pupil(self, raw: str, line: int, column: str) -> int | None:
        """The pupil's index in the file's marks, or None (with an error)."""
        value = raw.strip().upper()
        if self.by_upn:
            pupil_id = self.lookup.by_upn.get(value)
        else:
            pupil_id = self.lookup.by_admission_number.get(value.lstrip("0") or "0")
        if pupil_id is None:
            what = "UPN" if self.by_upn else "admission number"
            if not value:
                self.issues.error(line, column, raw, f"is empty (each row needs the pupil's {what})")
            else:
                self.issues.error(line, column, value, "is not a pupil known to Attendance Desk (import pupils first)")
                if self.by_upn:
                    check_upn(value, line, self.issues, column)
            return None
        if self.by_upn and value not in self.pupils and raw not in self.pupils:
            check_upn(value, line, self.issues, column)
        index = self.pupils[raw] = self.index_of[pupil_id]
        return index

    def day(self, raw: str, line: int, column: str, marks: FileMarks) -> tuple[int, dict[str, int], date] | None:
        try:
            when = self.dates(raw)
        except DateProblem as problem:
            self.issues.error(line, column, raw.strip(), str(problem))
            return None
        if not FIRST_MARK_DATE <= when <= self.last_date:
            self.issues.error(
                line,
                column,
                raw.strip(),
                f"is outside the dates a mark can have ({FIRST_MARK_DATE:%d/%m/%Y} to {self.last_date:%d/%m/%Y})",
            )
            return None
        if when > self.rules.today:
            self.issues.warning(line, column, raw.strip(), f"is after today ({self.rules.today:%d/%m/%Y})")
        new_set = self.codebook.code_set_for(when) is self.codebook.set2024
        valid = self._valid.get(new_set)
        if valid is None:
            valid = self._valid[new_set] = {code: marks.code_byte(code) for code in self.codebook.categories_for(when)}
        info = (day_bits(when), valid, when)
        self.days[raw] = info
        return info

    def code(self, raw: str) -> str:
        value = raw.strip().upper()
        self.codes[raw] = value
        return value

    def bad_code(self, code: str, when: date, line: int, column: str) -> None:
        code_set = self.codebook.code_set_for(when).name
        self.issues.error(line, column, code, f"is not a code in the {code_set} code set in force on {when:%d/%m/%Y}")

    def check_pupil(self, pupil_id: int, when: date, line: int, column: str, raw: str) -> None:
        """Warnings that do not block: a leaver's later marks, a pupil missing from the last pupils file."""
        if pupil_id in self._warned:
            return
        leaving = self.lookup.leaving.get(pupil_id)
        if leaving is not None and when > leaving:
            self._warned.add(pupil_id)
            self.issues.warning(
                line, column, raw.strip(), f"has marks after the pupil's leaving date ({leaving:%d/%m/%Y})"
            )
        elif pupil_id in self.lookup.not_in_pupils_file:
            self._warned.add(pupil_id)
            self.issues.warning(line, column, raw.strip(), "has marks but was not in the last pupils file imported")


def read_marks(
    path: str | Path,
    issues: IssueLog,
    lookup: PupilLookup,
    codebook: CodeBook,
    profile: MappingProfile | None = None,
    progress: Callable[[int, int], None] | None = None,
    rules: MarkDateRules | None = None,
    encoding: str | None = None,
) -> FileMarks | None:
    """Read and check every mark in the file. Returns None when the file cannot be read at all."""
    opened = open_table(Path(path), "marks", issues, profile, encoding)
    if opened is None:
        return None
    table, mapping = opened
    by_upn = "upn" in mapping.fields
    pupil_field = "upn" if by_upn else "admission_number"
    resolver = _Resolver(issues, lookup, codebook, by_upn, rules or MarkDateRules(date.today()))
    result = FileMarks(lookup.pupil_ids(), mapping.layout)
    resolver.index_of = result.index_of
    with table:
        try:
            if mapping.layout == "grid":
                used = {*mapping.fields.values(), *(position for position, _d, _s in mapping.grid)}
                for _position, heading in unreadable_session_headers(mapping.header, used):
                    issues.error(
                        table.header_line,
                        heading,
                        "",
                        "names a date or a session but is not one session Attendance Desk can read "
                        "(write it like 'Mon 16/11/2026 AM'); its marks would otherwise be left out",
                    )
                _read_grid(table, mapping.fields[pupil_field], mapping.grid, resolver, result, progress)
            else:
                _LongRows(table, mapping, pupil_field, resolver, result).read(progress)
        except UnicodeDecodeError as exc:
            issues.error(table.line_num, "", "", f"the text could not be read as {table.format.encoding} ({exc})")
        except csv.Error as exc:
            issues.error(table.line_num, "", "", f"the CSV is malformed ({exc})")
    result.finish()
    if not issues.error_count:
        _warn_closed_days(result, resolver)
    return result


def _warn_closed_days(result: FileMarks, resolver: _Resolver) -> None:
    """One warning per day the school was not open (weekend, closure, bank holiday) that carries a mark other
    than the closure code, naming the line of the first pupil's such mark. Cheap: a few closed days, and each is
    searched at C speed (a byte translation and a find)."""
    why_closed = resolver.rules.why_closed
    if why_closed is None or not result.columns or result.first is None or result.last is None:
        return
    days_in_file = {slot & ~1 for slot in result.columns}
    closure = result.byte_of.get(resolver.rules.closure_code, 0)
    # A byte per mark: 1 for a mark other than the closure code, 0 for none or the closure code.
    other = bytes(0 if byte in (0, closure) else 1 for byte in range(256))
    first_line: dict[int, int] = {}
    for bits in sorted(days_in_file):
        reason = why_closed(slot_date(bits))
        if reason is None:
            continue
        found: list[tuple[int, int, int]] = []  # (pupil index, AM first, line)
        for pm in (0, 1):
            cells = result.columns.get(bits | pm)
            if cells is None:
                continue
            index = cells.translate(other).find(1)
            if index >= 0:
                found.append((index, pm, result.lines[bits | pm][index]))
        if found:
            first_line[bits] = min(found)[2]
    for bits, line in sorted(first_line.items(), key=lambda item: item[1]):
        reason = why_closed(slot_date(bits)) or ""
        what = "a weekend" if reason == "weekend" else f"a day the school is closed ({reason})"
        resolver.issues.warning(line, "", f"{slot_date(bits):%d/%m/%Y}", f"has marks on {what}")


def _again(
    result: FileMarks,
    resolver: _Resolver,
    slot: int,
    index: int,
    byte: int,
    minutes: int | None,
    line: int,
    column: str,
) -> None:
    """A second mark for a pupil-session already read: the same is a duplicate, anything else an error."""
    cells = result.columns[slot]
    previous = cells[index]
    key = (result.pupil_ids[index] << _PUPIL_SHIFT) | slot
    if previous != byte or result.minutes.get(key) != minutes:
        first = result.lines[slot][index]
        message = f"contradicts line {first}, which gives '{result.codes[previous]}' for the same session"
        resolver.issues.error(line, column, result.codes[byte], message)
    else:
        result.duplicates_ignored += 1


def _store(
    result: FileMarks,
    resolver: _Resolver,
    slot: int,
    index: int,
    byte: int,
    minutes: int | None,
    line: int,
    column: str,
) -> None:
    cells, lines = result.column(slot)
    if cells[index]:
        _again(result, resolver, slot, index, byte, minutes, line, column)
        return
    cells[index] = byte
    lines[index] = line
    if minutes is not None:
        result.minutes[(result.pupil_ids[index] << _PUPIL_SHIFT) | slot] = minutes


class _LongRows:
    """The long layout. :meth:`read` is the fast path for rows whose every cell is already cached and valid;
    anything else (first sightings, blanks, errors, watched pupils) goes through :meth:`slow`, which fills the
    caches so the next such row is fast."""

    def __init__(
        self, table: TableReader, mapping: ColumnMapping, pupil_field: str, resolver: _Resolver, result: FileMarks
    ) -> None:
        self.table, self.resolver, self.result = table, resolver, result
        fields = mapping.fields
        self.pupil_field = pupil_field
        self.i_pupil, self.i_date, self.i_session, self.i_code = (
            fields[pupil_field],
            fields["date"],
            fields["session"],
            fields["code"],
        )
        self.i_minutes = fields.get("minutes_late", -1)
        self.names = {
            name: mapping.column_name(name) for name in (pupil_field, "date", "session", "code", "minutes_late")
        }
        self.needed = max(self.i_pupil, self.i_date, self.i_session, self.i_code) + 1
        self.sessions: dict[str, int] = {}
        self.minutes: dict[str, int] = {}
        # For the fast path, filled by the slow one as it meets each text: date text → session text → (the
        # session's column, its lines, the valid code texts of that day → byte, slot); pupil text → index, for
        # pupils with no checks of their own (not watched).
        self.sessions_of: dict[str, dict[str, tuple[bytearray, array[int], dict[str, int], int]]] = {}
        self.fast_pupils: dict[str, int] = {}
        index_of = result.index_of
        watched_ids = set(resolver.lookup.leaving) | resolver.lookup.not_in_pupils_file
        self.watched = {index_of[pupil_id] for pupil_id in watched_ids if pupil_id in index_of}

    def read(self, progress: Callable[[int, int], None] | None) -> None:
        table, slow, again = self.table, self.slow, self.again
        reader = table.csv_reader
        i_pupil, i_date, i_session, i_code, i_minutes = (
            self.i_pupil,
            self.i_date,
            self.i_session,
            self.i_code,
            self.i_minutes,
        )
        sessions_of, pupils = self.sessions_of, self.fast_pupils
        has_minutes = i_minutes >= 0
        last_line = -1
        while reader.line_num != last_line:  # a chunk that reads nothing leaves line_num where it was: the end
            last_line = reader.line_num
            if progress is not None:
                progress(table.bytes_read, table.total_bytes)
            for row in islice(reader, _PROGRESS_EVERY):
                # Three lookups of texts seen before; anything else (a first sighting, a blank, minutes late, a
                # watched pupil, an error, a short row) misses one of them and goes the slow way.
                try:
                    cells, lines, valid, slot = sessions_of[row[i_date]][row[i_session]]
                    byte = valid[row[i_code]]
                    index = pupils[row[i_pupil]]
                    late = has_minutes and row[i_minutes]  # a short row (no minutes cell) is an IndexError
                except (KeyError, IndexError):
                    slow(row, reader.line_num)
                    continue
                if late:
                    slow(row, reader.line_num)
                elif cells[index]:
                    again(slot, index, byte, reader.line_num)
                else:
                    cells[index] = byte
                    lines[index] = reader.line_num
        self.finish()

    def finish(self) -> None:
        """Once every row is read: how many there were, and the dates they span."""
        result = self.result
        result.rows = max(self.table.csv_reader.line_num - self.table.header_line, 0)
        used = [day[0] for day in self.resolver.days.values()]
        if result.columns and used:
            _set_range(result, min(used), max(used))

    def again(self, slot: int, index: int, byte: int, line: int) -> None:
        _again(self.result, self.resolver, slot, index, byte, None, line, self.names["code"])

    def slow(self, row: list[str], line: int) -> None:
        resolver, names = self.resolver, self.names
        if not any(cell.strip() for cell in row):
            return  # a blank line, or a row of empty cells
        if len(row) < max(self.needed, self.i_minutes + 1):
            row = row + [""] * (max(self.needed, self.i_minutes + 1) - len(row))
        raw_code = row[self.i_code]
        code = resolver.codes.get(raw_code)
        if code is None:
            code = resolver.code(raw_code)
        if code == NO_MARK:
            return
        raw_pupil = row[self.i_pupil]
        index = resolver.pupils.get(raw_pupil)
        if index is None:
            index = resolver.pupil(raw_pupil, line, names[self.pupil_field])
        raw_date = row[self.i_date]
        day = resolver.days.get(raw_date) or resolver.day(raw_date, line, names["date"], self.result)
        raw_session = row[self.i_session]
        pm = self.sessions.get(raw_session)
        if pm is None:
            try:
                pm = self.sessions[raw_session] = int(parse_session(raw_session) == "PM")
            except ValueProblem as problem:
                resolver.issues.error(line, names["session"], raw_session.strip(), str(problem))
        if day is not None and code not in day[1]:
            if not code:
                resolver.issues.error(line, names["code"], "", "is required but empty (use '-' for no mark yet)")
            else:
                resolver.bad_code(code, day[2], line, names["code"])
            return
        minutes = None
        raw_minutes = row[self.i_minutes] if self.i_minutes >= 0 else ""
        if raw_minutes:
            try:
                minutes = parse_minutes(raw_minutes)
            except ValueProblem as problem:
                resolver.issues.error(line, names["minutes_late"], raw_minutes.strip(), str(problem))
                return
            if minutes is not None:
                self.minutes[raw_minutes] = minutes
        if index is None or day is None or pm is None:
            return
        if index in self.watched:
            resolver.check_pupil(self.result.pupil_ids[index], day[2], line, names[self.pupil_field], raw_pupil)
        byte = day[1][code]
        day[1].setdefault(raw_code, byte)  # this text is this valid code from now on (the fast path's one lookup)
        slot = day[0] | pm
        _store(self.result, resolver, slot, index, byte, minutes, line, names["code"])
        cells, lines = self.result.column(slot)
        self.sessions_of.setdefault(raw_date, {})[raw_session] = (cells, lines, day[1], slot)
        if index not in self.watched:
            self.fast_pupils[raw_pupil] = index


def _read_grid(
    table: TableReader,
    i_pupil: int,
    grid: tuple[tuple[int, str, str], ...],
    resolver: _Resolver,
    result: FileMarks,
    progress: Callable[[int, int], None] | None,
) -> None:
    header = table.header
    pupil_column = header[i_pupil]
    columns = []
    for position, iso, session in grid:
        info = resolver.day(iso, table.header_line, header[position], result)
        if info is None:
            continue  # out of range: the error names the column
        columns.append((position, info[0] | (session == "PM"), info[1], info[2], header[position]))
    if columns:
        _set_range(result, min(c[1] & ~1 for c in columns), max(c[1] & ~1 for c in columns))
    pupils, codes = resolver.pupils, resolver.codes
    watched_ids = set(resolver.lookup.leaving) | resolver.lookup.not_in_pupils_file
    ids = result.pupil_ids
    count = 0
    for line, row in table.rows():
        count += 1
        if progress is not None and not count % _PROGRESS_EVERY:
            progress(table.bytes_read, table.total_bytes)
        raw_pupil = row[i_pupil] if i_pupil < len(row) else ""
        index = pupils.get(raw_pupil)
        if index is None:
            index = resolver.pupil(raw_pupil, line, pupil_column)
            if index is None:
                continue
        pupil_id = ids[index]
        result.pupils.add(pupil_id)
        watched = pupil_id in watched_ids
        width = len(row)
        for position, slot, valid, when, heading in columns:
            if position >= width:
                break
            raw_code = row[position]
            if not raw_code:
                continue
            code = codes.get(raw_code)
            if code is None:
                code = resolver.code(raw_code)
            if not code or code == NO_MARK:
                continue
            byte = valid.get(code)
            if byte is None:
                resolver.bad_code(code, when, line, heading)
                continue
            if watched:
                resolver.check_pupil(pupil_id, when, line, pupil_column, raw_pupil)
            _store(result, resolver, slot, index, byte, None, line, heading)
    result.rows = count


def _set_range(result: FileMarks, first: int | None, last: int | None) -> None:
    if first is not None and last is not None:
        result.first = date.fromordinal((first >> 1) + EPOCH_ORDINAL)
        result.last = date.fromordinal((last >> 1) + EPOCH_ORDINAL)
