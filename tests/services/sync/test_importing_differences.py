"""Updated exports applied as differences: what changes, what is reported, what is never touched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync.importing import ImportCancelled, import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry, CodeDecision, Contact, ImportBatch, Mark, Pupil, PupilContact
from tests.helpers.accounts import importer

A, B, C = (make_upn(0, 4001, 18, n) for n in (1, 2, 3))
PUPILS = "upn,legal_surname,legal_forename,date_of_birth,year_group,reg_group,leaving_date\n"
MARKS = "upn,date,session,code\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def table_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an import writes, to compare before and after."""
    models = (Pupil, Contact, PupilContact, Mark, ImportBatch, AuditEntry, CodeDecision)
    with store.session() as session:
        return {
            m.__tablename__: sorted(map(tuple, session.execute(select(m.__table__)).all()), key=repr) for m in models
        }


def marks(store: Store) -> dict[tuple[str, str, str], str]:
    with store.session() as session:
        rows = session.execute(select(Pupil.upn, Mark.date, Mark.session, Mark.code).join(Pupil)).all()
    return {(upn, d.isoformat(), s): code for upn, d, s, code in rows}


@pytest.fixture
def school(store: Store, tmp_path: Path) -> Store:
    text = PUPILS + f"{A},Khan,Amir,2014-01-01,6,6A,\n{B},Lee,Bea,2014-02-02,6,6A,\n{C},Moss,Cal,2014-03-03,6,6B,\n"
    assert import_file(store, "pupils", write(tmp_path, "p0.csv", text), importer(store)).status == "imported"
    week = "".join(
        f"{u},2025-09-{d:02d},{s},{'/' if s == 'AM' else chr(92)}\n"
        for u in (A, B, C)
        for d in (1, 2, 3)
        for s in ("AM", "PM")
    )
    assert import_file(store, "marks", write(tmp_path, "m0.csv", MARKS + week), importer(store)).status == "imported"
    return store


def test_updated_pupils_file_reports_new_changed_leavers_and_missing(school: Store, tmp_path: Path) -> None:
    d = make_upn(0, 4001, 18, 4)
    text = (
        PUPILS
        + f"{A},Khan,Amir,2014-01-01,6,6C,\n{B},Lee,Bea,2014-02-02,6,6A,2025-09-02\n{d},Nash,Dee,2014-04-04,6,6A,\n"
    )
    # Cal is one pupil of three left out: more than a fifth of the roll, so the file waits for agreement.
    refused = import_file(school, "pupils", write(tmp_path, "p1.csv", text), importer(school))
    assert refused.status == "rejected" and "leaves out 1 of the 3 pupils" in refused.needs_agreement
    assert refused.report["not_in_file"] == [[C, "Cal Moss"]]
    result = import_file(school, "pupils", write(tmp_path, "p1.csv", text), importer(school), allow_removals=True)
    assert (result.inserted, result.updated, result.unchanged, result.removed) == (1, 2, 0, 0)
    assert result.report["new_pupils"] == [[d, "Dee Nash"]]
    assert result.report["leavers"] == [[B, "Bea Lee", "2025-09-02"]]
    assert result.report["not_in_file"] == [[C, "Cal Moss"]]
    with school.session() as session:
        assert session.scalar(select(Pupil.reg_group).where(Pupil.upn == A)) == "6C"
        assert session.scalar(select(func.count()).select_from(Pupil)) == 4  # Cal is kept: casework is evidence
        change = session.scalar(
            select(AuditEntry)
            .where(AuditEntry.entity == "pupil", AuditEntry.action == "update")
            .order_by(AuditEntry.id)
        )
        assert change is not None and change.before == {"reg_group": "6A"} and change.after == {"reg_group": "6C"}
    # A later marks file warns (but does not block) about Cal, no longer in the pupils file, and Bea's late marks.
    later = MARKS + f"{C},2025-09-04,AM,/\n{B},2025-09-04,AM,N\n"
    result = import_file(school, "marks", write(tmp_path, "m1.csv", later), importer(school))
    assert result.status == "imported"
    assert sorted(w.message.split(" (")[0] for w in result.warnings) == [
        "has marks after the pupil's leaving date",
        "has marks but was not in the last pupils file imported",
    ]


def test_changed_marks_are_updated_with_old_and_new_in_the_audit_log(school: Store, tmp_path: Path) -> None:
    text = MARKS + "".join(
        f"{u},2025-09-02,{s},{'/' if s == 'AM' else chr(92)}\n" for u in (A, C) for s in ("AM", "PM")
    )
    text += f"{B},2025-09-02,AM,I\n"  # Bea's AM changed; her PM is gone from the MIS
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    refused = import_file(school, "marks", write(tmp_path, "m1.csv", text), importer(school))
    assert refused.status == "rejected" and refused.needs_agreement
    assert [(r.upn, r.date.isoformat(), r.session, r.old_code) for r in refused.removals] == [
        (B, "2025-09-02", "PM", "\\")
    ]
    assert table_rows(school) == before
    result = import_file(school, "marks", write(tmp_path, "m1.csv", text), importer(school), allow_removals=True)
    assert (result.inserted, result.updated, result.unchanged, result.removed) == (0, 1, 4, 1)
    assert result.report["changed_marks"] == [[B, "Bea Lee", "2025-09-02", "AM", "/", "I"]]
    assert result.report["removed_marks"] == [[B, "Bea Lee", "2025-09-02", "PM", "\\"]]
    after = marks(school)
    assert after[(B, "2025-09-02", "AM")] == "I" and (B, "2025-09-02", "PM") not in after
    assert after[(B, "2025-09-01", "AM")] == "/" and after[(B, "2025-09-03", "PM")] == "\\"  # outside the range
    with school.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "mark").order_by(AuditEntry.id)).all()
    assert [(a.action, a.before, a.after) for a in audit] == [
        ("import", {"code": "/", "minutes_late": None}, {"code": "I", "minutes_late": None}),
        ("delete", {"code": "\\", "minutes_late": None}, None),
    ]


def test_an_error_in_the_last_row_leaves_every_table_as_it_was(school: Store, tmp_path: Path) -> None:
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    pupils = PUPILS + f"{A},Khan,Amir,2014-01-01,6,6Z,\n{B},Lee,Bea,2014-02-02,6,6A,\n{C},Moss,Cal,2014-03-03,66,6B,\n"
    contacts = f"upn,contact_id,forename,surname,priority\n{A},K1,Sara,Khan,1\n{B},L1,Tom,Lee,first\n"
    changed = MARKS + f"{A},2025-09-01,AM,N\n{A},2025-09-08,AM,/\n{C},2025-09-08,PM,QQ\n"
    for kind, name, text in [("pupils", "p.csv", pupils), ("contacts", "c.csv", contacts), ("marks", "m.csv", changed)]:
        result = import_file(school, kind, write(tmp_path, name, text), importer(school))
        assert result.status == "rejected" and result.errors[-1].line == 4 - (kind == "contacts"), kind
        assert table_rows(school) == before, kind


def test_contacts_removed_from_the_mis_lose_their_link_but_the_person_is_kept(school: Store, tmp_path: Path) -> None:
    header = "upn,contact_id,forename,surname,relationship,priority\n"
    first = header + f"{A},K1,Sara,Khan,Mother,1\n{A},K2,Omar,Khan,Father,2\n{B},L1,Tom,Lee,Father,1\n"
    assert import_file(school, "contacts", write(tmp_path, "c0.csv", first), importer(school)).status == "imported"
    second = header + f"{A},K1,Sara,Khan,Mother,2\n{B},L1,Tom,Lee,Father,1\n"
    result = import_file(school, "contacts", write(tmp_path, "c1.csv", second), importer(school))
    assert result.report["counts"]["links"] == {"inserted": 0, "updated": 1, "unchanged": 1, "removed": 1}
    assert result.report["counts"]["contacts"] == {"inserted": 0, "updated": 0, "unchanged": 2, "removed": 0}
    with school.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 3
        assert session.scalar(select(func.count()).select_from(PupilContact)) == 2


def test_contact_rows_that_disagree_about_the_same_person_are_an_error(school: Store, tmp_path: Path) -> None:
    text = (
        f"upn,contact_id,forename,surname,phone_mobile\n{A},K1,Sara,Khan,07700 900001\n{B},K1,Sara,Khan,07700 900009\n"
    )
    result = import_file(school, "contacts", write(tmp_path, "c.csv", text), importer(school))
    assert [(e.line, e.column) for e in result.errors] == [(3, "phone_mobile")]
    assert "line 2" in result.errors[0].message


def test_dry_run_and_cancel_write_nothing(school: Store, tmp_path: Path) -> None:
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    path = write(tmp_path, "m.csv", MARKS + "".join(f"{A},2025-09-{d:02d},AM,N\n" for d in range(8, 28)))
    dry = import_file(school, "marks", path, importer(school), dry_run=True)
    assert (dry.status, dry.inserted) == ("dry-run", 20)  # every dated row: the file is the MIS's word
    assert table_rows(school) == before

    def cancel(_done: int, _total: int) -> None:
        raise ImportCancelled

    from attendance_desk.sync import marks as marks_reader

    marks_reader._PROGRESS_EVERY, saved = 1, marks_reader._PROGRESS_EVERY
    try:
        cancelled = import_file(school, "marks", path, importer(school), progress=cancel)
    finally:
        marks_reader._PROGRESS_EVERY = saved
    assert (cancelled.status, cancelled.batch_id) == ("cancelled", None)
    assert table_rows(school) == before


def test_pending_decision_stays_pending_until_the_mis_shows_the_new_code(school: Store, tmp_path: Path) -> None:
    with school.transaction() as session:
        pupil_id = session.scalar(select(Pupil.id).where(Pupil.upn == B))
        session.add(
            CodeDecision(
                pupil_id=pupil_id,
                date=date(2025, 9, 2),
                session="AM",
                mis_code="N",
                new_code="I",
                reason="Mother rang: ill",
            )
        )
    old = MARKS + f"{B},2025-09-02,AM,N\n"
    result = import_file(school, "marks", write(tmp_path, "m1.csv", old), importer(school))
    assert [row[5:] for row in result.report["decisions_pending"]] == [["N", "I", "N"]]
    assert result.report["decisions_done"] == []
    new = MARKS + f"{B},2025-09-02,AM,I\n"
    result = import_file(school, "marks", write(tmp_path, "m2.csv", new), importer(school))
    assert [row[1] for row in result.report["decisions_done"]] == [B]
    with school.session() as session:
        decision = session.scalar(select(CodeDecision))
        assert decision is not None and decision.status == "done" and decision.resolved_by_import_id == result.batch_id


def test_every_error_goes_in_the_saved_report_even_beyond_those_kept(school: Store, tmp_path: Path) -> None:
    from attendance_desk.sync import issues

    text = MARKS + "".join(f"{A},2025-10-{d:02d},AM,?\n" for d in range(1, 31))
    issues.MAX_ISSUES_KEPT, saved = 5, issues.MAX_ISSUES_KEPT
    try:
        result = import_file(school, "marks", write(tmp_path, "m.csv", text), importer(school))
    finally:
        issues.MAX_ISSUES_KEPT = saved
    assert (len(result.errors), result.error_count) == (5, 30)
    report = tmp_path / "errors.csv"
    assert result.save_issue_report(report) == 30
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "severity,file,line,column,value,message" and lines[-1].startswith("error,m.csv,31,code,?,")
