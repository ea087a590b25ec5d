"""Reading a marks export, long or grid layout, into one compact dictionary of pupil-session marks.

This is the hot path of a whole-year import (about 585,000 rows), so it avoids per-row objects: each distinct
date, session, code and pupil text is resolved once and cached, and each mark is keyed by one integer
(:func:`mark_key`). The dictionary holds the file's marks only (not the file's text), which is what the
all-or-nothing check needs: nothing is written until the whole file has been read.

Layouts:

- **long**: one row per pupil-session: pupil (UPN or admission number), date, session, code, optional minutes.
- **grid**: one row per pupil, one column per session headed with its date and AM/PM (``Mon 02/09/2024 AM``).
  An empty cell is "no mark".
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
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
MarkValue = tuple[str, int | None, int]  # code, minutes late, line


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


@dataclass
class FileMarks:
    marks: dict[int, MarkValue]
    pupils: set[int]
    layout: str
    first: date | None = None
    last: date | None = None
    duplicates_ignored: int = 0
    rows: int = 0

    def slots(self) -> set[int]:
        """The (date, session) parts of every key: the sessions this file speaks for, for any pupil."""
        return {key & SLOT_MASK for key in self.marks}


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
        self.pupils: dict[str, int] = {}
        self.days: dict[str, tuple[int, frozenset[str], date]] = {}
        self.codes: dict[str, str] = {}
        self.dates = DateCache()
        self._valid: dict[bool, frozenset[str]] = {}
        self._warned: set[int] = set()

    def pupil(self, raw: str, line: int, column: str) -> int | None:
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
        self.pupils[raw] = pupil_id
        return pupil_id

    def day(self, raw: str, line: int, column: str) -> tuple[int, frozenset[str], date] | None:
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
            valid = self._valid[new_set] = frozenset(self.codebook.categories_for(when))
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
    result = FileMarks({}, set(), mapping.layout)
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
    if not issues.error_count:
        _warn_closed_days(result, resolver)
    return result


def _warn_closed_days(result: FileMarks, resolver: _Resolver) -> None:
    """One warning per day the school was not open (weekend, closure, bank holiday) that carries a mark other
    than the closure code, naming a line with such a mark. Cheap: a few closed days, and each stops at the first
    such mark (only a day of closure codes is looked at pupil by pupil)."""
    why_closed = resolver.rules.why_closed
    if why_closed is None or not result.marks or result.first is None or result.last is None:
        return
    closed: dict[int, str] = {}
    days_in_file = {info[0] for info in resolver.days.values()}  # every date read (cached once per text)
    day = result.first
    while day <= result.last:
        bits = day_bits(day)
        reason = why_closed(day) if bits in days_in_file else None
        if reason is not None:
            closed[bits] = reason
        day += timedelta(days=1)
    if not closed:
        return
    first_line: dict[int, int] = {}
    closure_code = resolver.rules.closure_code
    get_mark = result.marks.get
    pupils = result.pupils or {key >> _PUPIL_SHIFT for key in result.marks}
    for bits in closed:
        for pupil_id in pupils:
            base = (pupil_id << _PUPIL_SHIFT) | bits
            am, pm = get_mark(base), get_mark(base | 1)
            if am is not None and am[0] != closure_code:
                first_line[bits] = am[2]
                break
            if pm is not None and pm[0] != closure_code:
                first_line[bits] = pm[2]
                break
    for bits, line in sorted(first_line.items(), key=lambda item: item[1]):
        reason = closed[bits]
        what = "a weekend" if reason == "weekend" else f"a day the school is closed ({reason})"
        resolver.issues.warning(line, "", f"{slot_date(bits):%d/%m/%Y}", f"has marks on {what}")


def _store(result: FileMarks, resolver: _Resolver, key: int, value: MarkValue, column: str) -> None:
    previous = result.marks.get(key)
    if previous is None:
        result.marks[key] = value
    elif previous[0] != value[0] or previous[1] != value[1]:
        message = f"contradicts line {previous[2]}, which gives '{previous[0]}' for the same session"
        resolver.issues.error(value[2], column, value[0], message)
    else:
        result.duplicates_ignored += 1


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
        self.watched = set(resolver.lookup.leaving) | resolver.lookup.not_in_pupils_file

    def read(self, progress: Callable[[int, int], None] | None) -> None:
        table, result, slow = self.table, self.result, self.slow
        reader = table.csv_reader
        i_pupil, i_date, i_session, i_code, i_minutes = (
            self.i_pupil,
            self.i_date,
            self.i_session,
            self.i_code,
            self.i_minutes,
        )
        get_pupil, get_day, get_code = self.resolver.pupils.get, self.resolver.days.get, self.resolver.codes.get
        get_session, get_minutes, watched = self.sessions.get, self.minutes.get, self.watched
        marks = result.marks
        get_mark = marks.get
        last_line = -1
        while reader.line_num != last_line:  # a chunk that reads nothing leaves line_num where it was: the end
            last_line = reader.line_num
            if progress is not None:
                progress(table.bytes_read, table.total_bytes)
            for row in islice(reader, _PROGRESS_EVERY):
                try:
                    code = get_code(row[i_code])
                    pupil_id = get_pupil(row[i_pupil])
                    day = get_day(row[i_date])
                    pm = get_session(row[i_session])
                    raw_minutes = row[i_minutes] if i_minutes >= 0 else ""
                except IndexError:
                    slow(row, reader.line_num)
                    continue
                if (
                    pupil_id is None
                    or day is None
                    or pm is None
                    or code not in day[1]
                    or (watched and pupil_id in watched)
                ):
                    slow(row, reader.line_num)
                    continue
                minutes = None
                if raw_minutes:
                    minutes = get_minutes(raw_minutes)
                    if minutes is None:
                        slow(row, reader.line_num)
                        continue
                key = (pupil_id << _PUPIL_SHIFT) | day[0] | pm
                previous = get_mark(key)
                if previous is None:
                    marks[key] = (code, minutes, reader.line_num)
                else:
                    value = (code, minutes, reader.line_num)
                    _store(result, self.resolver, key, value, self.names["code"])
        result.rows = max(reader.line_num - table.header_line, 0)
        result.pupils.update({key >> _PUPIL_SHIFT for key in marks})
        used = [day[0] for day in self.resolver.days.values()]
        if marks and used:
            _set_range(result, min(used), max(used))

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
        pupil_id = resolver.pupils.get(raw_pupil)
        if pupil_id is None:
            pupil_id = resolver.pupil(raw_pupil, line, names[self.pupil_field])
        raw_date = row[self.i_date]
        day = resolver.days.get(raw_date) or resolver.day(raw_date, line, names["date"])
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
        if pupil_id is None or day is None or pm is None:
            return
        if pupil_id in self.watched:
            resolver.check_pupil(pupil_id, day[2], line, names[self.pupil_field], raw_pupil)
        key = (pupil_id << _PUPIL_SHIFT) | day[0] | pm
        _store(self.result, resolver, key, (code, minutes, line), names["code"])


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
        info = resolver.day(iso, table.header_line, header[position])
        if info is None:
            continue  # out of range: the error names the column
        columns.append((position, info[0] | (session == "PM"), info[1], info[2], header[position]))
    if columns:
        _set_range(result, min(c[1] & ~1 for c in columns), max(c[1] & ~1 for c in columns))
    pupils, codes = resolver.pupils, resolver.codes
    watched = set(resolver.lookup.leaving) | resolver.lookup.not_in_pupils_file
    count = 0
    for line, row in table.rows():
        count += 1
        if progress is not None and not count % _PROGRESS_EVERY:
            progress(table.bytes_read, table.total_bytes)
        raw_pupil = row[i_pupil] if i_pupil < len(row) else ""
        pupil_id = pupils.get(raw_pupil)
        if pupil_id is None:
            pupil_id = resolver.pupil(raw_pupil, line, pupil_column)
            if pupil_id is None:
                continue
        result.pupils.add(pupil_id)
        base = pupil_id << _PUPIL_SHIFT
        width = len(row)
        for position, bits, valid, when, heading in columns:
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
            if code not in valid:
                resolver.bad_code(code, when, line, heading)
                continue
            if pupil_id in watched:
                resolver.check_pupil(pupil_id, when, line, pupil_column, raw_pupil)
            _store(result, resolver, base | bits, (code, None, line), heading)
    result.rows = count


def _set_range(result: FileMarks, first: int | None, last: int | None) -> None:
    if first is not None and last is not None:
        result.first = date.fromordinal((first >> 1) + EPOCH_ORDINAL)
        result.last = date.fromordinal((last >> 1) + EPOCH_ORDINAL)
