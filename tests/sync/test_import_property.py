"""Whatever arrives in the import folder, the importer ends in an import or a clear error, never a crash."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Mark
from tests.helpers.accounts import importer

KINDS = st.sampled_from(["pupils", "contacts", "marks"])
HEADERS = st.sampled_from(
    [
        "upn",
        "UPN",
        "date",
        "Date",
        "session",
        "code",
        "Mark",
        "legal_surname",
        "legal_forename",
        "date_of_birth",
        "year_group",
        "contact_id",
        "forename",
        "surname",
        "Adno",
        "02/09/2024 AM",
        "Mon 03/09/2024 PM",
        "priority",
        "parental_responsibility",
        "",
        " ",
        "x",
    ]
)
CELL_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(
        [
            "/",
            "\\",
            "N",
            "L",
            "-",
            "2024-09-02",
            "02/09/2024",
            "AM",
            "PM",
            "Y",
            "7",
            "R",
            make_upn(0, 1, 24, 1),
            "31/02/2024",
            "",
            ",",
            '"',
            "\n",
        ]
    ),
)
settings_for_files = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check(store: Store, kind: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.csv"
        path.write_bytes(data)
        with store.session() as session:
            marks_before = session.scalar(select(func.count()).select_from(Mark))
        result = import_file(store, kind, path, importer(store))
    assert result.status in ("imported", "unchanged", "rejected")
    if result.status == "rejected":
        assert result.errors and all(e.message and e.file == "input.csv" for e in result.errors)
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(Mark)) == marks_before


@settings_for_files
@given(kind=KINDS, data=st.binary(max_size=400))
def test_random_bytes_never_crash_the_importer(store: Store, kind: str, data: bytes) -> None:
    check(store, kind, data)


@settings_for_files
@given(
    kind=KINDS,
    header=st.lists(HEADERS, min_size=1, max_size=7),
    rows=st.lists(st.lists(CELL_TEXT, max_size=8), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_random_csv_files_never_crash_the_importer(
    store: Store, kind: str, header: list[str], rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    check(store, kind, buffer.getvalue().encode(encoding, errors="replace"))
