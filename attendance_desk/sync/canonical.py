"""The canonical fields (``docs/csv-formats.md``): parse and validate rows of any export into typed records.

This module knows the fields and the value rules; it does not touch the database. Columns come from a
:class:`~attendance_desk.sync.mapping.ColumnMapping` (the canonical names, vendor synonyms or a saved profile),
so a SIMS or Arbor export reads the same way as a canonical file. Every problem becomes an
:class:`ImportIssue` naming the file, line, column (as headed in the file) and value.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from attendance_desk.domain import upn as upn_rules
from attendance_desk.sync.dates import DateCache, DateProblem
from attendance_desk.sync.issues import IssueLog
from attendance_desk.sync.mapping import KINDS, ColumnMapping, MappingProfile, build_mapping
from attendance_desk.sync.textfile import TableReader, UnreadableFile

__all__ = ["KINDS", "DateParser", "IssueLog", "ValueProblem", "open_table", "read_records"]

_TRUE = {"y", "yes", "true", "t", "1", "x"}
_FALSE = {"n", "no", "false", "f", "0", ""}
YEAR_GROUPS = ("N1", "N2", "R", *(str(n) for n in range(1, 15)))
_YEAR_WORDS = {"RECEPTION": "R", "REC": "R", "YR": "R", "NURSERY": "N2", "NURSERY 1": "N1", "NURSERY 2": "N2"}
_YEAR_PREFIX = re.compile(r"^(?:YEAR|YR|Y|NC YEAR|NC)\s*(?=\w)")


class ValueProblem(ValueError):
    """A cell's value is not acceptable; the message says why in the office's words."""


def parse_flag(raw: str) -> bool:
    value = raw.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueProblem("is not a yes/no value (use Y/N, Yes/No or True/False)")


class DateParser(DateCache):
    """Dates in any accepted form, each distinct text parsed once; problems raise :class:`ValueProblem`."""

    def __call__(self, raw: str) -> date:
        try:
            return super().__call__(raw)
        except DateProblem as problem:
            raise ValueProblem(str(problem)) from None


def parse_year_group(raw: str) -> str:
    value = " ".join(raw.strip().upper().split())
    value = _YEAR_WORDS.get(value, value)
    if value not in YEAR_GROUPS:
        value = _YEAR_PREFIX.sub("", value).strip()
        value = _YEAR_WORDS.get(value, value)
    if is_ascii_number(value, 2):
        value = str(int(value))
    if value not in YEAR_GROUPS:
        raise ValueProblem("is not a year group (N1, N2, R or 1 to 14; 'Year 7' is fine)")
    return value


def parse_sex(raw: str) -> str:
    value = raw.strip().upper()[:1]
    if value in ("U", "X"):
        return ""  # "Unknown" / "Not stated": keep nothing rather than guess
    if value not in ("", "M", "F"):
        raise ValueProblem("is not a sex (M or F, Male or Female)")
    return value


MAX_PRIORITY = 99
MAX_MINUTES_LATE = 999  # a session is a few hours; more than this is a typing or export error


def is_ascii_number(value: str, max_digits: int) -> bool:
    """Only the digits 0-9 (``str.isdigit`` also accepts "²" and "①", which ``int`` then refuses)."""
    return 0 < len(value) <= max_digits and value.isascii() and value.isdigit()


def parse_priority(raw: str) -> int:
    value = raw.strip()
    if not value:
        return 99
    if value.endswith(".0"):
        value = value[:-2]  # a spreadsheet turned 1 into 1.0
    if not (value.isascii() and value.isdigit()):
        raise ValueProblem("is not a whole number (digits 0 to 9 only)")
    if not is_ascii_number(value, 2):
        raise ValueProblem(f"is too large for a contact priority (at most {MAX_PRIORITY})")
    return int(value)


def parse_minutes(raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    if value.endswith(".0"):
        value = value[:-2]
    if not (value.isascii() and value.isdigit()):
        raise ValueProblem("is not a whole number of minutes (digits 0 to 9 only)")
    if len(value) > 3 or int(value) > MAX_MINUTES_LATE:
        raise ValueProblem(f"is more minutes late than a session lasts (at most {MAX_MINUTES_LATE})")
    return int(value)


_SESSIONS = {"AM": "AM", "PM": "PM", "A": "AM", "P": "PM", "MORNING": "AM", "AFTERNOON": "PM"}


def parse_session(raw: str) -> str:
    value = _SESSIONS.get(raw.strip().upper())
    if value is None:
        raise ValueProblem("is not a session (AM or PM)")
    return value


def text(raw: str) -> str:
    return " ".join(raw.split()) if "\n" in raw or "  " in raw else raw.strip()


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    parse: Callable[[str], Any]
    required: bool = False


def _columns(*specs: Column) -> dict[str, Column]:
    return {c.name: c for c in specs}


PUPIL_FLAGS = (
    "sen_support",
    "ehcp",
    "fsm",
    "pupil_premium",
    "eal",
    "looked_after",
    "child_in_need",
    "child_protection_plan",
    "young_carer",
)


def pupil_columns(dates: DateParser) -> dict[str, Column]:
    def optional_date(raw: str) -> date | None:
        return dates(raw) if raw.strip() else None

    return _columns(
        Column("upn", text, True),
        Column("admission_number", text),
        Column("legal_surname", text, True),
        Column("legal_forename", text, True),
        Column("middle_names", text),
        Column("preferred_surname", text),
        Column("preferred_forename", text),
        Column("date_of_birth", dates, True),
        Column("sex", parse_sex),
        Column("year_group", parse_year_group, True),
        Column("reg_group", text),
        Column("admission_date", optional_date),
        Column("leaving_date", optional_date),
        *(Column(flag, parse_flag) for flag in PUPIL_FLAGS),
        Column("social_worker_name", text),
        Column("social_worker_phone", text),
        Column("social_worker_email", text),
        Column("medical_note", lambda raw: raw.strip()),  # keep the note's own line breaks
    )


def contact_columns() -> dict[str, Column]:
    return _columns(
        Column("upn", text),
        Column("admission_number", text),
        Column("contact_id", text, True),
        Column("title", text),
        Column("forename", text, True),
        Column("surname", text, True),
        Column("relationship", text),
        Column("priority", parse_priority),
        Column("parental_responsibility", parse_flag),
        Column("lives_with_pupil", parse_flag),
        Column("court_order_restriction", parse_flag),
        Column("address_line1", text),
        Column("address_line2", text),
        Column("address_line3", text),
        Column("town", text),
        Column("county", text),
        Column("postcode", lambda raw: " ".join(raw.upper().split())),
        Column("phone_home", text),
        Column("phone_mobile", text),
        Column("phone_work", text),
        Column("email", text),
    )


def mark_columns(dates: DateParser) -> dict[str, Column]:
    return _columns(
        Column("upn", text),
        Column("admission_number", text),
        Column("date", dates, True),
        Column("session", parse_session, True),
        Column("code", lambda raw: raw.strip().upper(), True),
        Column("minutes_late", parse_minutes),
    )


def columns_for(kind: str, dates: DateParser) -> dict[str, Column]:
    if kind == "pupils":
        return pupil_columns(dates)
    if kind == "contacts":
        return contact_columns()
    if kind == "marks":
        return mark_columns(dates)
    raise ValueError(f"unknown import kind {kind!r} (expected one of {', '.join(KINDS)})")


def open_table(
    path: Path, kind: str, issues: IssueLog, profile: MappingProfile | None = None, encoding: str | None = None
) -> tuple[TableReader, ColumnMapping] | None:
    """Open ``path`` and map its header; on any problem, log it (line 1) and return None.

    ``encoding``: the user's choice (``--encoding``), else the encoding is detected. Either way the text format
    used is noted on ``issues`` for the report. Two columns mapped from the same header name are an error."""
    try:
        table = TableReader(path, encoding=encoding)
    except FileNotFoundError:
        issues.error(0, "", "", "the file could not be read: it does not exist")
        return None
    except OSError as exc:
        issues.error(0, "", "", f"the file could not be read: {exc.strerror or exc}")
        return None
    except UnreadableFile as exc:
        issues.error(exc.line, "", "", str(exc))
        return None
    except (UnicodeDecodeError, csv.Error) as exc:
        issues.error(1, "", "", f"the header line could not be read as CSV text ({exc})")
        return None
    if not table.header:
        table.close()
        issues.error(1, "", "", "the file is empty (expected a header line)")
        return None
    issues.text_format = table.format.description
    duplicates = _duplicate_headers(kind, table.header)
    if duplicates:
        table.close()
        for first, second, name in duplicates:
            what = (
                "appears twice in the header"
                if table.header[first] == name
                else f"names the same thing as '{table.header[first]}'"
            )
            issues.error(
                table.header_line,
                name,
                "",
                f"{what} (columns {first + 1} and {second + 1}): remove or rename one so it is clear which to read",
            )
        return None
    mapping = build_mapping(kind, table.header, profile)
    if mapping.missing:
        table.close()
        for name in mapping.missing:
            issues.error(table.header_line, name, "", f"the required column '{name}' is missing from the header")
        return None
    return table, mapping


def _duplicate_headers(kind: str, header: list[str]) -> list[tuple[int, int, str]]:
    """``(first position, second position, name)`` for each header that repeats a name this kind of file reads.
    Repeated names of columns we do not read (two "Notes") are left alone. A contacts export's second
    "Forename"/"Surname" is the contact's (the pupil's come first): that pair is expected, not a mistake."""
    from attendance_desk.sync.headers import PUPIL_KEYS, SYNONYMS, normalise

    fields = SYNONYMS[kind]
    known = {name for names in fields.values() for name in names} | {normalise(field) for field in fields}
    if kind == "contacts":
        known -= {*fields["forename"], *fields["surname"]}
    # The pupil's key is looked at harder: two columns naming it differently ("UPN" and "Unique Pupil Number")
    # are as ambiguous as two with the same name, and reading the wrong one files marks under another pupil.
    key_field = {name: field for field in PUPIL_KEYS for name in (*fields.get(field, ()), normalise(field))}
    seen: dict[str, int] = {}
    found = []
    for index, name in enumerate(header):
        key = normalise(name)
        if not key or key not in known:
            continue
        key = key_field.get(key, key)
        if key in seen:
            found.append((seen[key], index, name))
        else:
            seen[key] = index
    return found


def read_records(
    path: Path,
    kind: str,
    issues: IssueLog,
    dates: DateParser,
    profile: MappingProfile | None = None,
    on_row: Callable[[TableReader], None] | None = None,
    encoding: str | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line, record)`` for each data row whose cells all parse. Problems go to ``issues``.

    A record holds only the fields the file supplies, so a file without (say) the SEN column never clears it.
    A missing required column stops the file at once: no row could be read correctly without it.
    """
    opened = open_table(path, kind, issues, profile, encoding)
    if opened is None:
        return
    table, mapping = opened
    columns = columns_for(kind, dates)
    wanted = [(columns[name], index, mapping.column_name(name)) for name, index in mapping.fields.items()]
    line = table.header_line
    with table:
        try:
            for line, row in table.rows():
                if on_row is not None:
                    on_row(table)
                record: dict[str, Any] = {}
                ok = True
                for column, index, heading in wanted:
                    raw = row[index] if index < len(row) else ""
                    if column.required and not raw.strip():
                        issues.error(line, heading, raw, "is required but empty")
                        ok = False
                        continue
                    try:
                        record[column.name] = column.parse(raw)
                    except ValueProblem as problem:
                        issues.error(line, heading, raw.strip(), str(problem))
                        ok = False
                if ok and kind != "pupils" and not (record.get("upn") or record.get("admission_number")):
                    issues.error(line, mapping.column_name("upn"), "", "names no pupil (the UPN is empty)")
                    ok = False
                if ok:
                    if record.get("upn"):
                        record["upn"] = record["upn"].upper()
                        check_upn(
                            record["upn"], line, issues, mapping.column_name("upn"), shape_is_error=kind == "pupils"
                        )
                    yield line, record
        except UnicodeDecodeError as exc:
            issues.error(line + 1, "", "", f"the text could not be read as {table.format.encoding} ({exc.reason})")
        except csv.Error as exc:
            issues.error(table.line_num, "", "", f"the CSV is malformed ({exc})")


def check_upn(value: str, line: int, issues: IssueLog, column: str = "upn", *, shape_is_error: bool = False) -> None:
    """A UPN of the wrong shape is an error where the UPN identifies a new pupil (``shape_is_error``), a warning
    where it only fails to match one; a wrong check letter is always a warning (the MIS holds such UPNs)."""
    if not upn_rules.is_well_formed(value):
        message = "is not a UPN (13 characters: a capital letter, 11 digits, then a digit or a letter)"
        if shape_is_error:
            issues.error(line, column, value, message)
        else:
            issues.warning(line, column, value, message)
    elif not upn_rules.has_valid_check_letter(value):
        issues.warning(line, column, value, "has a check letter that does not match the rest of the UPN")
