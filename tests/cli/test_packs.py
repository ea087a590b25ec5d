"""`attendance-desk pack …`: refused through the legal guard with its sentence and exit status 1; made when the
law allows (an overridable refusal with a reason, recorded in the audit log); a restricted parent never appears."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from attendance_desk.cli import main
from attendance_desk.services.accounts import hash_password
from attendance_desk.store.models import AuditEntry, Pupil, PupilContact, Staff
from attendance_desk.store.open import open_store
from tests.helpers.accounts import TEST_PASSWORD
from tests.helpers.casework_seed import build_case


@pytest.fixture
def case_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, int]:
    data = tmp_path / "data"
    store = open_store(data)
    try:
        ids = build_case(store)
        with store.transaction() as session:  # the attendance lead signs in to the command line
            session.get(Staff, ids["staff"]).password_hash = hash_password(TEST_PASSWORD)  # type: ignore[union-attr]
        monkeypatch.setenv("ATTENDANCE_DESK_STAFF", str(ids["staff"]))
        monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", TEST_PASSWORD)
        with store.transaction() as session:
            upn = session.get(Pupil, ids["pupil"]).upn  # type: ignore[union-attr]
            father = session.scalars(
                select(PupilContact).where(
                    PupilContact.pupil_id == ids["pupil"], PupilContact.contact_id != ids["parent"]
                )
            ).one()
            father.court_order_restriction = True
    finally:
        store.dispose()
    return data, upn, ids["staff"]


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(path.read_bytes())).pages).split())


def test_penalty_notice_pack_refused_in_the_improvement_period(  # type: ignore[no-untyped-def]
    case_dir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, upn, staff = case_dir
    out = tmp_path / "pack.pdf"
    args = ["--data-dir", str(data), "pack", "penalty-notice", "--pupil", upn, "--on", "2025-11-14", "-o", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "refused" in err and "improvement period" in err and "--override-reason" in err
    assert not out.exists()
    assert main([*args, "--staff", str(staff), "--override-reason", "Absence went on all week"]) == 0
    text = _text(out)
    assert "Request for a penalty notice" in text and "Mrs Anna Nowak" in text
    assert "Piotr" not in text and "court-order restriction" in text  # named nowhere, not even on the certificate
    store = open_store(data)
    try:
        with store.session() as session:
            audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "legal_override")).one()
            assert audit.reason == "Absence went on all week" and audit.staff_id == staff
    finally:
        store.dispose()


def test_pack_refused_for_a_looked_after_child_with_no_way_round(  # type: ignore[no-untyped-def]
    case_dir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, upn, _ = case_dir
    store = open_store(data)
    try:
        with store.transaction() as session:
            session.scalars(select(Pupil).where(Pupil.upn == upn)).one().looked_after = True
    finally:
        store.dispose()
    out = tmp_path / "pack.pdf"
    args = ["--data-dir", str(data), "pack", "fast-track", "--pupil", upn, "--on", "2025-11-14", "-o", str(out)]
    assert main([*args, "--override-reason", "trying anyway"]) == 1
    assert "looked after" in capsys.readouterr().err and not out.exists()


def test_fast_track_pack_is_made_and_an_unknown_pupil_is_a_usage_error(  # type: ignore[no-untyped-def]
    case_dir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, upn, _ = case_dir
    out = tmp_path / "ft.pdf"
    assert (
        main(["--data-dir", str(data), "pack", "fast-track", "--pupil", upn, "--on", "2025-11-14", "-o", str(out)]) == 0
    )
    assert "Fast Track referral" in _text(out)
    assert main(["--data-dir", str(data), "pack", "fast-track", "--pupil", "X000000000000", "-o", str(out)]) == 2
    assert date(2025, 11, 14)  # the pack date is given, so the test does not depend on today
