"""The JSON export: one record per line (the fast encoder), the same content as the indented form it replaced."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from attendance_desk.services.reports.export import to_json

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
VALUES = SCALARS | st.lists(st.dictionaries(st.text(), SCALARS, max_size=3), max_size=3)
RECORDS = st.lists(st.dictionaries(st.text(), VALUES, max_size=6), max_size=6)


@given(RECORDS)
def test_the_export_holds_exactly_what_the_indented_json_held(records: list[dict[str, object]]) -> None:
    text = to_json(records)
    assert json.loads(text) == json.loads(json.dumps(records, indent=1, ensure_ascii=False))
    assert text.endswith("\n")


def test_one_record_a_line_and_names_kept_as_written() -> None:
    records = [{"name": "Oisín Ní Bhriain", "attendance_percent": 90.0}, {"name": "Zoë", "attendance_percent": None}]
    lines = to_json(records).splitlines()
    assert lines == [
        "[",
        '{"name": "Oisín Ní Bhriain", "attendance_percent": 90.0},',
        '{"name": "Zoë", "attendance_percent": null}',
        "]",
    ]
    assert to_json([]) == "[]\n" and json.loads(to_json([])) == []
