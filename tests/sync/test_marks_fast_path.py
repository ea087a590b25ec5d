"""The long layout's fast path (three lookups of texts already seen) reads exactly what reading every row the
careful way would: the same marks, lines, minutes late, duplicates, errors and warnings, whatever the file mixes."""

from __future__ import annotations

import csv
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance_desk.domain.codes import default_codebook
from attendance_desk.sync import marks as marks_module
from attendance_desk.sync.issues import IssueLog
from attendance_desk.sync.marks import FileMarks, MarkDateRules, PupilLookup, read_marks

UPNS = ["A000200110001", "B000200110002", "C000200110003"]  # synthetic (LA code 000); the third is a leaver
LOOKUP = PupilLookup(
    by_upn={upn: pupil_id for pupil_id, upn in enumerate(UPNS, start=1)},
    by_admission_number={},
    leaving={3: date(2025, 9, 2)},
)
RULES = MarkDateRules(date(2026, 11, 27))

# Few texts, so that most rows meet texts already seen (the fast path), with every kind of trouble among them.
PUPIL = st.sampled_from([*UPNS, *UPNS[:2], UPNS[0].lower(), "Z000200110009", ""])
DATE = st.sampled_from(["2025-09-01", "2025-09-01", "01/09/2025", "2025-09-02", "2025-09-06", "31/02/2025", ""])
SESSION = st.sampled_from(["AM", "PM", "AM", "PM", "am", "X"])
CODE = st.sampled_from(["/", "L", "N", "/", "L", "l", " N ", "-", "", "ZZ", "#"])
MINUTES = st.sampled_from(["", "", "5", "12", "x"])
ROW = st.tuples(PUPIL, DATE, SESSION, CODE, MINUTES, st.integers(min_value=1, max_value=6))


def _write(rows: list[tuple[str, str, str, str, str, int]]) -> Path:
    handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="", encoding="utf-8")  # noqa: SIM115
    with handle:
        writer = csv.writer(handle)
        writer.writerow(["upn", "date", "session", "code", "minutes_late"])
        for *cells, kept in rows:
            writer.writerow(cells[:kept])  # some rows short, as Excel writes them without trailing empty cells
    return Path(handle.name)


def _careful_read(self: Any, progress: Any) -> None:
    """Every row through the slow path, as before the fast path existed."""
    reader = self.table.csv_reader
    for row in reader:
        self.slow(row, reader.line_num)
    self.finish()


def _outcome(path: Path) -> tuple[Any, ...]:
    issues = IssueLog(path.name)
    result = read_marks(path, issues, LOOKUP, default_codebook(), rules=RULES)
    assert result is not None
    return _summary(result, issues)


def _summary(result: FileMarks, issues: IssueLog) -> tuple[Any, ...]:
    marks_text = {slot: [result.codes[byte] for byte in cells] for slot, cells in result.columns.items()}
    lines = {slot: list(result.lines[slot]) for slot in result.columns}
    return (
        marks_text,
        lines,
        dict(result.minutes),
        result.duplicates_ignored,
        result.rows,
        result.first,
        result.last,
        sorted(result.pupils),
        [issue.as_json() for issue in issues.errors],
        [issue.as_json() for issue in issues.warnings],
        len(result),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=40))
def test_the_fast_path_reads_what_the_careful_path_reads(rows: list[tuple[str, str, str, str, str, int]]) -> None:
    path = _write(rows)
    try:
        fast = _outcome(path)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(marks_module._LongRows, "read", _careful_read)
            careful = _outcome(path)
    finally:
        path.unlink()
    assert fast == careful


def test_rows_met_again_keep_their_own_line_minutes_and_checks(tmp_path: Path) -> None:
    """The second sighting of every text goes the fast way: a contradiction still names its line, minutes late
    on a later row are kept, a short row reads as no minutes, and a leaver's later mark still warns."""
    path = tmp_path / "marks.csv"
    path.write_text(
        "upn,date,session,code,minutes_late\n"
        f"{UPNS[0]},2025-09-01,AM,/,\n"  # 2: first sighting of every text
        f"{UPNS[1]},2025-09-01,AM,/,\n"  # 3: fast
        f"{UPNS[1]},2025-09-01,PM,L,\n"  # 4: a new session: careful
        f"{UPNS[0]},2025-09-01,PM,L,7\n"  # 5: every text known, but minutes late: careful
        f"{UPNS[0]},2025-09-01,AM,/\n"  # 6: short row, the same as line 2: a duplicate, ignored
        f"{UPNS[1]},2025-09-01,AM,N,\n"  # 7: contradicts line 3
        f"{UPNS[2]},2025-09-03,AM,/,\n",  # 8: after the leaver's leaving date
        encoding="utf-8",
    )
    issues = IssueLog(path.name)
    result = read_marks(path, issues, LOOKUP, default_codebook(), rules=RULES)
    assert result is not None
    assert result.duplicates_ignored == 1
    assert [(e.line, e.value) for e in issues.errors] == [(7, "N")]
    assert "contradicts line 3" in issues.errors[0].message
    assert [w.line for w in issues.warnings if "leaving date" in w.message] == [8]
    assert result.get(marks_module.mark_key(1, date(2025, 9, 1), "PM")) == ("L", 7)
    assert result.get(marks_module.mark_key(2, date(2025, 9, 1), "PM")) == ("L", None)
