"""The reconciliation report as HTML for a QTextBrowser: counts by kind, then the lists the office acts on."""

from __future__ import annotations

from html import escape
from typing import Any

from attendance_desk.sync.issues import ImportIssue

SHOWN = 300  # rows of any one list on screen; the saved error report has them all


def _table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows[:SHOWN])
    more = f"<p>… and {len(rows) - SHOWN} more.</p>" if len(rows) > SHOWN else ""
    return f"<table cellspacing='0' cellpadding='3' border='1'><tr>{head}</tr>{body}</table>{more}"


def report_html(
    title: str,
    status: str,
    summary: str,
    report: dict[str, Any],
    errors: list[ImportIssue] | None = None,
    warnings: list[ImportIssue] | None = None,
    error_count: int = 0,
) -> str:
    colour = {"rejected": "#a00000", "cancelled": "#7a5a00"}.get(status, "#1a5e20")
    parts = [f"<h3>{escape(title)}</h3>", f"<p style='color:{colour}'><b>{escape(summary)}</b></p>"]
    if report.get("encoding"):
        parts.append(f"<p>Read as {escape(str(report['encoding']))}.</p>")
    if errors:
        parts.append(f"<h4>Errors ({error_count or len(errors)}): nothing was imported</h4>")
        parts.append(
            _table(
                ["Line", "Column", "Value", "What is wrong"],
                [[e.line or "", e.column, e.value, e.message] for e in errors],
            )
        )
        if (error_count or len(errors)) > SHOWN:
            parts.append("<p>Save the error report to see every error.</p>")
    counts = report.get("counts", {})
    if counts:
        rows = [[what, c["inserted"], c["updated"], c["unchanged"], c["removed"]] for what, c in sorted(counts.items())]
        parts.append(_table(["", "New", "Updated", "Unchanged", "Removed"], rows))
    sections = [
        ("new_pupils", "Pupils new to the app", ["UPN", "Name"]),
        ("leavers", "Pupils with a new leaving date", ["UPN", "Name", "Leaving date"]),
        ("not_in_file", "Pupils no longer in the MIS file (kept here)", ["UPN", "Name"]),
        (
            "changed_marks",
            "Marks whose code changed since the last import",
            ["UPN", "Name", "Date", "Session", "Was", "Now"],
        ),
        (
            "removed_marks",
            "Marks the file would remove (nothing was removed)" if status == "rejected" else "Marks removed",
            ["UPN", "Name", "Date", "Session", "Was"],
        ),
    ]
    for key, label, header in sections:
        if report.get(key):
            total = report.get(f"{key}_count", len(report[key]))
            parts.append(f"<h4>{escape(label)} ({total})</h4>" + _table(header, report[key]))
    decision_header = ["UPN", "Name", "Date", "Session", "Was in MIS", "Decided", "MIS now shows"]
    if report.get("decisions_done"):
        parts.append(
            f"<h4>Decisions now in the MIS ({len(report['decisions_done'])})</h4>"
            + _table(decision_header, [row[1:] for row in report["decisions_done"]])
        )
    if report.get("decisions_pending"):
        parts.append(
            f"<h4>Decisions still to key in ({len(report['decisions_pending'])})</h4>"
            + _table(decision_header, [row[1:] for row in report["decisions_pending"]])
        )
    shown_warnings = (
        warnings
        if warnings is not None
        else [
            ImportIssue(w["file"], w["line"], w["column"], w["value"], w["message"]) for w in report.get("warnings", [])
        ]
    )
    if shown_warnings:
        tail = "" if status == "rejected" else ": imported anyway"
        parts.append(f"<h4>Warnings ({len(shown_warnings)}){tail}</h4>")
        parts.append(
            _table(
                ["Line", "Column", "Value", "Note"], [[w.line, w.column, w.value, w.message] for w in shown_warnings]
            )
        )
    return "".join(parts)
