"""The scene the kill tests share: a school of made-up pupils, a signed-in night-import account and a long marks
file (every pupil present every session), big enough for the import's bulk load."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from attendance_desk.domain.access import Role
from attendance_desk.domain.upn import make_upn
from attendance_desk.services.accounts import hash_password
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from tests.helpers.accounts import TEST_PASSWORD, importer, staff_with


@dataclass(frozen=True)
class BigImport:
    marks: Path
    rows: int
    env: dict[str, str]
    """$ATTENDANCE_DESK_STAFF and $ATTENDANCE_DESK_PASSWORD for the command, as a scheduled task has them."""


def import_roll(store: Store, folder: Path, upns: list[str]) -> None:
    """Pupils with these UPNs on roll (made-up names), imported as a pupils file would be."""
    roll = folder / "pupils.csv"
    roll.write_text(
        "upn,legal_surname,legal_forename,date_of_birth,year_group\n"
        + "".join(f"{u},S{n},F{n},2016-01-01,4\n" for n, u in enumerate(upns)),
        encoding="utf-8",
    )
    assert import_file(store, "pupils", roll, importer(store)).status == "imported"


def big_import(store: Store, folder: Path, pupils: int, days: int) -> BigImport:
    upns = [make_upn(0, 5001, 10 + n // 1000, n % 1000) for n in range(pupils)]
    import_roll(store, folder, upns)
    staff = staff_with(store, "Night import", Role.MIS_SYNC, password_hash=hash_password(TEST_PASSWORD))
    start = date(2025, 9, 1)
    school_days = [d for d in (start + timedelta(days=n) for n in range(days * 7 // 5 + 7)) if d.weekday() < 5]
    marks = folder / "marks.csv"
    with marks.open("w", encoding="utf-8") as handle:
        handle.write("upn,date,session,code\n")
        for upn in upns:
            for day in school_days[:days]:
                handle.write(f"{upn},{day.isoformat()},AM,/\n{upn},{day.isoformat()},PM,\\\n")
    env = {"ATTENDANCE_DESK_STAFF": str(staff), "ATTENDANCE_DESK_PASSWORD": TEST_PASSWORD}
    return BigImport(marks, pupils * days * 2, env)
