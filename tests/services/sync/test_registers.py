"""The marks import keeps the compact registers exactly as a rebuild from the marks table would make them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from tests.helpers.accounts import importer
from tests.store.test_registers import from_marks, registers

UPNS = [make_upn(0, 4002, 18, n) for n in (1, 2, 3)]
PUPILS = "upn,legal_surname,legal_forename,date_of_birth,year_group,reg_group,leaving_date\n" + "".join(
    f"{upn},Surname{n},Forename{n},2014-01-0{n + 1},6,6A,\n" for n, upn in enumerate(UPNS)
)
MONDAY = date(2025, 9, 1)
CODES = ["/", "\\", "L", "N", "O", "I", "C1", "Y1", "#"]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def marks_csv(cells: dict[tuple[int, int, str], str]) -> str:
    return "upn,date,session,code\n" + "".join(
        f"{UPNS[pupil]},{(MONDAY + timedelta(days=day)).isoformat()},{session},{code}\n"
        for (pupil, day, session), code in sorted(cells.items())
    )


# Files of a few weekdays each, over four weeks: later files overlap, change, fill and empty earlier ones.
FILE = st.dictionaries(
    st.tuples(st.integers(0, 2), st.sampled_from([d for d in range(26) if d % 7 < 5]), st.sampled_from(["AM", "PM"])),
    st.sampled_from(CODES),
    max_size=40,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(FILE, min_size=1, max_size=4))
def test_registers_after_any_run_of_imports_are_the_marks(store: Store, tmp_path: Path, files: list) -> None:
    actor = importer(store)
    import_file(store, "pupils", write(tmp_path, "pupils.csv", PUPILS), actor)
    for n, cells in enumerate(files):
        import_file(store, "marks", write(tmp_path, f"marks{n}.csv", marks_csv(cells)), actor, allow_removals=True)
        assert registers(store) == from_marks(store)
    import_file(store, "marks", write(tmp_path, "empty.csv", marks_csv({})), actor, allow_removals=True)
    assert registers(store) == from_marks(store)
