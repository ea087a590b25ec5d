"""Fuzzing the importers against a school that already holds pupils and marks: whatever the bytes, no exception
escapes, and either the file is imported or every table is exactly as it was (issue 10)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.open import open_store
from tests.helpers.accounts import importer
from tests.services.sync.test_importing_differences import table_rows

UPNS = [make_upn(0, 4003, 19, n) for n in range(1, 4)]
TODAY = date(2026, 11, 27)
KINDS = st.sampled_from(["pupils", "contacts", "marks"])
HEADERS = st.sampled_from(
    [
        "upn",
        "UPN",
        "date",
        "session",
        "code",
        "minutes_late",
        "legal_surname",
        "legal_forename",
        "date_of_birth",
        "year_group",
        "contact_id",
        "forename",
        "surname",
        "priority",
        "Mon 16/11/2026 AM",
        "Mon 16/11/2026 Afternoon",
        "31/02/2026 PM",
        "Tue 17/11/2026 PM",
        "",
        "x",
    ]
)
CELLS = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10),
    st.sampled_from(
        [
            *UPNS,
            "A12",
            "/",
            "\\",
            "N",
            "L",
            "#",
            "-",
            "2026-11-16",
            "16/11/2026",
            "06/09/99",
            "3500-01-04",
            "2026-11-21",
            "2031-01-01",
            "AM",
            "PM",
            "5",
            "²",
            "①",
            "1" * 24,
            "=SUM(A1)",
            "Oisín",
            "",
        ]
    ),
)
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("fuzz")
    store = open_store(folder / "data")
    pupils = folder / "p.csv"
    pupils.write_text(
        "upn,legal_surname,legal_forename,date_of_birth,year_group\n"
        + "".join(f"{u},Surname{n},Forename{n},2016-01-0{n + 1},4\n" for n, u in enumerate(UPNS)),
        encoding="utf-8",
    )
    assert import_file(store, "pupils", pupils, importer(store), today=TODAY).status == "imported"
    marks = folder / "m.csv"
    marks.write_text(
        "upn,date,session,code\n"
        + "".join(f"{u},2026-11-{d},{s},/\n" for u in UPNS for d in (16, 17) for s in ("AM", "PM")),
        encoding="utf-8",
    )
    assert import_file(store, "marks", marks, importer(store), today=TODAY).status == "imported"
    yield store
    store.dispose()


def check(store: Store, kind: str, data: bytes, allow: bool) -> None:
    importer(store)  # the importing account exists before the snapshot
    before = table_rows(store)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.csv"
        path.write_bytes(data)
        result = import_file(
            store, kind, path, importer(store), allow_removals=allow, today=TODAY
        )  # nothing may escape
    assert result.status in ("imported", "unchanged", "rejected")
    if result.status == "rejected":
        assert result.errors and all(e.message for e in result.errors)
        assert table_rows(store) == before
    elif result.status == "unchanged":
        importer(store)  # the importing account exists before the snapshot
        after = table_rows(store)
        assert {k: v for k, v in after.items() if k not in ("import_batches", "audit_log")} == {
            k: v for k, v in before.items() if k not in ("import_batches", "audit_log")
        }


@fuzz
@given(kind=KINDS, data=st.binary(max_size=500), allow=st.booleans())
def test_random_bytes(school: Store, kind: str, data: bytes, allow: bool) -> None:
    check(school, kind, data, allow)


@fuzz
@given(
    kind=KINDS,
    header=st.lists(HEADERS, min_size=1, max_size=7),
    rows=st.lists(st.lists(CELLS, max_size=8), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    allow=st.booleans(),
    tail=st.sampled_from([b"", "Zoë,\n".encode("cp1252"), b"\xff\xfe", b"\x00"]),
)
def test_csv_shaped_files(
    school: Store,
    kind: str,
    header: list[str],
    rows: list[list[str]],
    delimiter: str,
    encoding: str,
    allow: bool,
    tail: bytes,
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    check(school, kind, buffer.getvalue().encode(encoding, errors="replace") + tail, allow)
