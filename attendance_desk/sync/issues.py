"""Problems found in an input file, located precisely enough for the office to fix them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


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
        where = f"{self.file}, line {self.line}"
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
