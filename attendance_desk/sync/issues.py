"""Problems found in an input file, located precisely enough for the office to fix them."""

from __future__ import annotations

import csv
import io
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ImportIssue:
    file: str
    line: int  # 1-based line number in the file (the header is line 1)
    column: str  # the header name as written in the file ("" when the problem is the whole row or file)
    value: str
    message: str
    severity: Severity = Severity.ERROR

    def describe(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line > 0 else self.file
        if self.column:
            where += f", column '{self.column}'"
        shown = f" (value '{self.value}')" if self.value else ""
        return f"{where}: {self.message}{shown}"

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, errors: list[ImportIssue], warnings: list[ImportIssue] | None = None) -> None:
        self.errors = errors
        self.warnings = warnings or []
        first = errors[0].describe() if errors else "no details"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first}{more}")


MAX_ISSUES_KEPT = 10_000
REPORT_HEADER = ("severity", "file", "line", "column", "value", "message")


class IssueLog:
    """Collects errors and warnings: the first :data:`MAX_ISSUES_KEPT` of each in memory for the screen, and
    every one in a spooled temporary file (memory first, disk when large) for the saved error report."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[ImportIssue] = []
        self.warnings: list[ImportIssue] = []
        self.error_count = 0
        self.warning_count = 0
        self.text_format = ""  # how the file was read ("UTF-8, comma"), for the report
        # Lives as long as the log (closed when the log is collected), so no context manager.
        self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=1 << 20, mode="w+", newline="", encoding="utf-8"
        )
        self._writer = csv.writer(self._spool)
        weakref.finalize(self, self._spool.close)

    def _add(self, issue: ImportIssue, kept: list[ImportIssue]) -> None:
        if len(kept) < MAX_ISSUES_KEPT:
            kept.append(issue)
        self._writer.writerow((issue.severity.value, issue.file, issue.line, issue.column, issue.value, issue.message))

    def error(self, line: int, column: str, value: str, message: str) -> None:
        self.error_count += 1
        self._add(ImportIssue(self.file, line, column, value, message), self.errors)

    def warning(self, line: int, column: str, value: str, message: str) -> None:
        self.warning_count += 1
        self._add(ImportIssue(self.file, line, column, value, message, Severity.WARNING), self.warnings)

    def all_issues(self) -> Iterator[ImportIssue]:
        """Every issue logged, errors and warnings in the order found (read back from the spool)."""
        self._spool.seek(0)
        for severity, file, line, column, value, message in csv.reader(self._spool):
            yield ImportIssue(file, int(line), column, value, message, Severity(severity))
        self._spool.seek(0, io.SEEK_END)

    def close(self) -> None:
        self._spool.close()


def write_issue_report(issues: Iterable[ImportIssue], target: Path) -> int:
    """Save issues as a CSV the office can open in Excel (UTF-8 with BOM so Excel reads £ and é). Returns rows."""
    count = 0
    from attendance_desk.sync.safe_csv import safe_writer

    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = safe_writer(handle)
        writer.writerow(REPORT_HEADER)
        for issue in issues:
            writer.writerow((issue.severity.value, issue.file, issue.line, issue.column, issue.value, issue.message))
            count += 1
    return count
