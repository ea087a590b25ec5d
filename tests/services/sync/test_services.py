"""Exports to the MIS, saved mapping profiles, the watched folder and the import history."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from attendance_desk.services.sync.exports import changes_to_key_in, export_changes, export_communications
from attendance_desk.services.sync.history import import_history
from attendance_desk.services.sync.importing import import_file
from attendance_desk.services.sync.profiles import list_profiles, save_profile
from attendance_desk.services.sync.watch import import_dropped_file, set_watched_folder, waiting_files, watched_folder
from attendance_desk.store.engine import Store
from attendance_desk.store.models import CodeDecision, Communication, Contact, Pupil, Staff
from tests.helpers.accounts import admin, everyone, importer

DATA = Path(__file__).parents[2] / "data" / "sync"
ZOE = "A000300117001"


@pytest.fixture
def school(store: Store) -> Store:
    assert import_file(store, "pupils", DATA / "pupils_sims_cp1252.csv", importer(store)).ok
    assert import_file(store, "contacts", DATA / "contacts_bromcom_tab.txt", importer(store)).ok
    return store


def test_changes_to_key_in_list_pending_decisions_as_csv_and_checklist(school: Store) -> None:
    with school.transaction() as session:
        staff = Staff(name="Ms Office")
        session.add(staff)
        session.flush()
        pupil_id = session.scalar(select(Pupil.id).where(Pupil.upn == ZOE))
        session.add(
            CodeDecision(
                pupil_id=pupil_id,
                date=date(2024, 9, 2),
                session="AM",
                mis_code="N",
                new_code="I",
                reason="Mum rang: ill, temperature",
                decided_by=staff.id,
                decided_at=datetime(2024, 9, 2, 9, 30, tzinfo=UTC),
            )
        )
        session.add(
            CodeDecision(
                pupil_id=pupil_id, date=date(2024, 9, 3), session="AM", mis_code="N", new_code="M", status="done"
            )
        )
    changes = changes_to_key_in(school, everyone(school))
    assert [(c.upn, c.pupil, c.new_code, c.decided_by) for c in changes] == [(ZOE, "Nowak, Zoë", "I", "Ms Office")]
    data, rows = export_changes(school, importer(school))
    lines = data.decode("utf-8-sig").splitlines()
    assert rows == 1 and lines[0].startswith("UPN,Pupil,Date,Session,Code in MIS,New code")
    assert lines[1] == f'{ZOE},"Nowak, Zoë",02/09/2024,AM,N,I,"Mum rang: ill, temperature",Ms Office,02/09/2024 10:30'
    pdf, _rows = export_changes(school, importer(school), pdf=True)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Changes to key in" in text and "Nowak, Zoë" in text and ZOE in text


def test_communication_log_export(school: Store) -> None:
    with school.transaction() as session:
        pupil_id = session.scalar(select(Pupil.id).where(Pupil.upn == ZOE))
        contact_id = session.scalar(select(Contact.id).where(Contact.mis_id == "P9001"))
        session.add(
            Communication(
                pupil_id=pupil_id,
                contact_id=contact_id,
                method="call",
                outcome="Answered",
                summary="Ill today, back tomorrow",
                at=datetime(2024, 9, 2, 8, 40, tzinfo=UTC),
            )
        )
        session.add(
            Communication(
                pupil_id=pupil_id, method="letter", outcome="Posted", at=datetime(2024, 10, 1, 12, 0, tzinfo=UTC)
            )
        )
    data, rows = export_communications(school, importer(school), start=date(2024, 9, 1), end=date(2024, 9, 30))
    lines = data.decode("utf-8-sig").splitlines()
    assert rows == 1
    assert lines[1] == (
        f'02/09/2024,09:40,{ZOE},"Nowak, Zoë",Mrs Magda Nowak,Telephone call,Outgoing,Answered,'
        '"Ill today, back tomorrow",,'
    )


def test_a_saved_profile_is_chosen_automatically_for_the_same_headers(school: Store, tmp_path: Path) -> None:
    odd = tmp_path / "week.csv"
    odd.write_text(f"Pupil Ref,Day,Half,What\n{ZOE},02/09/2024,AM,/\n", encoding="utf-8")
    assert import_file(school, "marks", odd, importer(school)).status == "rejected"
    save_profile(
        school,
        admin(school),
        "Weekly SIMS report",
        "marks",
        {"upn": "Pupil Ref", "date": "Day", "session": "Half", "code": "What"},
        ["Pupil Ref", "Day", "Half", "What"],
    )
    result = import_file(school, "marks", odd, importer(school))
    assert (result.status, result.profile, result.inserted) == ("imported", "Weekly SIMS report", 1)
    assert [p.name for p in list_profiles(school, "marks")] == ["Weekly SIMS report"]
    assert import_file(school, "marks", odd, importer(school), profile="Weekly SIMS report").status == "unchanged"


def test_watched_folder_imports_settled_files_and_files_them_away(school: Store, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    set_watched_folder(school, admin(school), str(folder))
    assert watched_folder(school) == str(folder)
    shutil.copy(DATA / "marks_grid.csv", folder / "attendance-week1.csv")
    (folder / "nonsense.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    sizes: dict[Path, int] = {}
    assert waiting_files(folder, sizes) == []  # first look: not yet known to have settled
    ready = waiting_files(folder, sizes)
    assert [p.name for p in ready] == ["attendance-week1.csv", "nonsense.csv"]
    done = import_dropped_file(school, importer(school), ready[0])
    assert done.result.status == "imported" and done.path.parent.name == "imported"
    refused = import_dropped_file(school, importer(school), ready[1])
    assert refused.result.status == "rejected" and refused.path.parent.name == "rejected"
    assert refused.path.with_name(refused.path.stem + "-errors.csv").exists()
    assert not list(folder.glob("*.csv"))
    with pytest.raises(ValueError, match="does not exist"):
        set_watched_folder(school, admin(school), str(tmp_path / "missing"))


def test_history_keeps_each_import_with_its_report(school: Store) -> None:
    import_file(school, "marks", DATA / "marks_grid.csv", importer(school))
    history = import_history(school)
    assert [(r.kind, r.status) for r in history] == [
        ("marks", "imported"),
        ("contacts", "imported"),
        ("pupils", "imported"),
    ]
    assert history[0].report["counts"]["marks"]["inserted"] == 10 and history[0].file == "marks_grid.csv"
