"""CSV that is safe to open in a spreadsheet: the one writer every CSV the product saves goes through.

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-`` or ``@`` (and a leading tab or
carriage return) as a formula, so a pupil note or a contact name typed as ``=HYPERLINK(...)`` could run when the
office opens an export. Such text cells get a leading apostrophe, which spreadsheets show as plain text (the
OWASP advice for CSV injection). Numbers the product writes as numbers (``int``/``float``) are left alone: they
cannot hold a formula, and a negative figure stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`neutralise`."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(handle: IO[str], **options: Any) -> SafeWriter:
    return SafeWriter(handle, **options)
