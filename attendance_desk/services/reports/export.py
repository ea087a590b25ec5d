"""A report list as JSON or CSV, the same for the command line and the app's "Export CSV"."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence

from attendance_desk.services.reports.lists import ReportList
from attendance_desk.sync.safe_csv import safe_writer


def _cell(value: object) -> object:
    """Text for a CSV cell; numbers stay numbers, so the safe writer leaves a negative gap alone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list):  # the sessions behind a 10-in-10: "2026-09-01 AM N; 2026-09-02 AM N used_by_notice"
        return "; ".join(_item(item) for item in value)
    return str(value)


def _item(item: object) -> str:
    if not isinstance(item, Mapping):
        return str(item)
    # A true flag is written as its name, a false one left out.
    return " ".join(str(k) if v is True else str(v) for k, v in item.items() if v is not False and v is not None)


def csv_columns(report: ReportList) -> list[str]:
    """The keys, with a dict-valued key (e.g. ``absence_by_weekday``) spread into ``key.Mon`` … columns."""
    columns: list[str] = []
    first = report.records[0] if report.records else {}
    for key in report.keys:
        value = first.get(key)
        if isinstance(value, Mapping):
            columns += [f"{key}.{sub}" for sub in value]
        else:
            columns.append(key)
    return columns


def to_csv(report: ReportList) -> str:
    buffer = io.StringIO()
    writer = safe_writer(buffer, lineterminator="\n")  # text a spreadsheet would run as a formula is neutralised
    columns = csv_columns(report)
    writer.writerow(columns)
    for record in report.records:
        row = []
        for column in columns:
            key, _, sub = column.partition(".")
            value = record.get(key)
            row.append(_cell(value.get(sub) if sub and isinstance(value, Mapping) else value))
        writer.writerow(row)
    return buffer.getvalue()


def to_json(records: Sequence[Mapping[str, object]]) -> str:
    """A JSON array with one record per line: still easy to read and to compare line by line, and each line comes
    from the json module's C encoder (an ``indent`` sends every value through its pure-Python one, ~10× slower)."""
    if not records:
        return "[]\n"
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps would build one per record
    return "[\n" + ",\n".join(map(encode, records)) + "\n]\n"
