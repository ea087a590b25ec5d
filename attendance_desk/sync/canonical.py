"""The canonical CSV formats (``docs/csv-formats.md``): parse and validate rows into typed records.

This module knows the columns and the value rules; it does not touch the database. Every problem becomes an
:class:`ImportIssue` naming the file, line, column and value.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from attendance_desk.domain import upn as upn_rules
from attendance_desk.sync.issues import ImportIssue, Severity

KINDS = ("pupils", "contacts", "marks")
MAX_ISSUES_KEPT = 10_000

_TRUE = {"y", "yes", "true", "t", "1"}
_FALSE = {"n", "no", "false", "f", "0", ""}
YEAR_GROUPS = ("N1", "N2", "R", *(str(n) for n in range(1, 15)))


class ValueProblem(ValueError):
    """A cell's value is not acceptable; the message says why in the office's words."""


def parse_flag(raw: str) -> bool:
    value = raw.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueProblem("is not a yes/no value (use Y/N, Yes/No or True/False)")


class DateParser:
    """ISO dates, parsed once per distinct text (a year of marks has only a few hundred dates)."""

    def __init__(self) -> None:
        self._cache: dict[str, date] = {}

    def __call__(self, raw: str) -> date:
        value = self._cache.get(raw)
        if value is None:
            try:
                value = date.fromisoformat(raw.strip())
            except ValueError:
                raise ValueProblem("is not a valid date (expected YYYY-MM-DD)") from None
            self._cache[raw] = value
        return value


def parse_year_group(raw: str) -> str:
    value = raw.strip().upper()
    if value.isdigit():
        value = str(int(value))
    if value not in YEAR_GROUPS:
        raise ValueProblem("is not a year group (N1, N2, R or 1 to 14)")
    return value


def parse_sex(raw: str) -> str:
    value = raw.strip().upper()[:1]
    if value not in ("", "M", "F"):
        raise ValueProblem("is not a sex (M or F)")
    return value


def parse_priority(raw: str) -> int:
    value = raw.strip()
    if not value:
        return 99
    if not value.isdigit():
        raise ValueProblem("is not a whole number")
    return int(value)


def parse_minutes(raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValueProblem("is not a whole number of minutes")
    return int(value)


def parse_session(raw: str) -> str:
    value = raw.strip().upper()
    if value not in ("AM", "PM"):
        raise ValueProblem("is not a session (AM or PM)")
    return value


def text(raw: str) -> str:
    return raw.strip()


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
        Column("medical_note", text),
    )


def contact_columns() -> dict[str, Column]:
    return _columns(
        Column("upn", text, True),
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
        Column("postcode", text),
        Column("phone_home", text),
        Column("phone_mobile", text),
        Column("phone_work", text),
        Column("email", text),
    )


def mark_columns(dates: DateParser) -> dict[str, Column]:
    return _columns(
        Column("upn", text, True),
        Column("date", dates, True),
        Column("session", parse_session, True),
        Column("code", text, True),
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


class IssueLog:
    """Collects errors and warnings, keeping at most :data:`MAX_ISSUES_KEPT` of each but counting all."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[ImportIssue] = []
        self.warnings: list[ImportIssue] = []
        self.error_count = 0
        self.warning_count = 0

    def error(self, line: int, column: str, value: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ISSUES_KEPT:
            self.errors.append(ImportIssue(self.file, line, column, value, message))

    def warning(self, line: int, column: str, value: str, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_ISSUES_KEPT:
            self.warnings.append(ImportIssue(self.file, line, column, value, message, Severity.WARNING))


def read_records(path: Path, kind: str, issues: IssueLog, dates: DateParser) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line, record)`` for each data row whose cells all parse. Problems go to ``issues``.

    A missing required column stops the file at once (line 1): no row could be read correctly without it.
    """
    columns = columns_for(kind, dates)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            issues.error(1, "", "", "the file is empty (expected a header line)")
            return
        except UnicodeDecodeError as exc:
            issues.error(1, "", "", f"the file is not UTF-8 text ({exc.reason})")
            return
        positions = {name.strip().casefold(): i for i, name in enumerate(header)}
        missing = [c.name for c in columns.values() if c.required and c.name not in positions]
        if missing:
            for name in missing:
                issues.error(1, name, "", f"the required column '{name}' is missing from the header")
            return
        wanted = [(c, positions[c.name]) for c in columns.values() if c.name in positions]
        try:
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue  # blank lines carry nothing
                record: dict[str, Any] = {}
                ok = True
                for column, index in wanted:
                    raw = row[index] if index < len(row) else ""
                    if column.required and not raw.strip():
                        issues.error(line, column.name, raw, "is required but empty")
                        ok = False
                        continue
                    try:
                        record[column.name] = column.parse(raw)
                    except ValueProblem as problem:
                        issues.error(line, column.name, raw, str(problem))
                        ok = False
                if ok:
                    if "upn" in record:
                        check_upn(record["upn"], line, issues)
                    yield line, record
        except UnicodeDecodeError as exc:
            issues.error(reader.line_num + 1, "", "", f"the file is not UTF-8 text ({exc.reason})")
        except csv.Error as exc:
            issues.error(reader.line_num, "", "", f"the CSV is malformed ({exc})")


def check_upn(value: str, line: int, issues: IssueLog) -> None:
    if not upn_rules.is_well_formed(value.upper()):
        issues.warning(line, "upn", value, "does not look like a UPN (13 characters: a letter then 12 digits)")
    elif not upn_rules.has_valid_check_letter(value.upper()):
        issues.warning(line, "upn", value, "has a check letter that does not match the rest of the UPN")
