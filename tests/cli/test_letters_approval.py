"""`attendance-desk letter` and `letters …` follow the approval rule: office staff prepare (nothing is written),
the attendance lead approves or sends back, then office staff print and record delivery; the wrong person is
refused with exit status 3 and a sentence naming who can."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from attendance_desk.cli import main
from attendance_desk.domain.access import Role
from attendance_desk.domain.text import plural
from attendance_desk.services.accounts import hash_password
from attendance_desk.store.models import Pupil
from attendance_desk.store.open import open_store
from tests.helpers.accounts import TEST_PASSWORD, staff_with
from tests.helpers.letters_school import STAFF_ID, build_school


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    data = tmp_path / "data"
    store = open_store(data)
    try:
        build_school(store)
        hashed = hash_password(TEST_PASSWORD)
        office = staff_with(store, "Ola Office", Role.OFFICE, password_hash=hashed)
        sync = staff_with(store, "Scheduled import", Role.MIS_SYNC, password_hash=hashed)
        from attendance_desk.store.models import Staff

        with store.transaction() as session:  # the letters school's attendance lead signs in too
            session.get(Staff, STAFF_ID).password_hash = hashed  # type: ignore[union-attr]
            upn = session.scalar(select(Pupil.upn).where(Pupil.id == 3))
    finally:
        store.dispose()
    monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", TEST_PASSWORD)
    return {"data": str(data), "office": str(office), "lead": str(STAFF_ID), "sync": str(sync), "upn": upn}


def run(school: dict[str, object], who: str, *words: str) -> int:
    return main(["--data-dir", str(school["data"]), *words, "--staff", str(school[who])])


def ids_in(text: str) -> list[str]:
    inside = text.split("(letters ", 1)[1].split(")", 1)[0]
    return inside.split()


def test_prepare_approve_print_deliver(school: dict[str, object], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "letters.pdf"
    letter = ["letter", "attendance_concern", "--pupil", str(school["upn"]), "--from", "2025-09-01"]
    letter += ["--to", "2025-11-21", "-o", str(out)]
    assert run(school, "office", *letter) == 0
    said = capsys.readouterr()
    assert "awaiting approval" in said.out and "nothing written" in said.err and not out.exists()
    ids = ids_in(said.out)

    assert run(school, "office", "letters", "print", *ids, "-o", str(out)) == 2
    assert "awaiting approval" in capsys.readouterr().err and not out.exists()
    assert run(school, "office", "letters", "approve", *ids) == 3, "office staff may not approve"
    assert "Only the attendance lead or the head teacher" in capsys.readouterr().err

    assert run(school, "lead", "letters", "list", "--state", "awaiting") == 0
    listed = capsys.readouterr().out
    assert all(f"{i}\t" in listed for i in ids) and "Awaiting approval" in listed
    assert run(school, "lead", "letters", "approve", *ids) == 0
    assert f"{plural(len(ids), 'letter')} approved" in capsys.readouterr().out  # never "letter(s)"

    assert run(school, "office", "letters", "print", *ids, "-o", str(out)) == 0
    assert len(PdfReader(BytesIO(out.read_bytes())).pages) >= len(ids)
    assert run(school, "office", "letters", "deliver", *ids, "--method", "first_class_post") == 0
    capsys.readouterr()
    assert run(school, "office", "letters", "list") == 0
    assert "Approved by Dana Whitfield" in (text := capsys.readouterr().out) and "First-class post" in text


def test_send_back_needs_a_reason_and_the_lead_makes_approved_letters(  # type: ignore[no-untyped-def]
    school: dict[str, object], tmp_path: Path, capsys
) -> None:
    letter = ["letter", "attendance_concern", "--pupil", str(school["upn"]), "--from", "2025-09-01"]
    letter += ["--to", "2025-11-21"]
    assert run(school, "office", *letter) == 0
    ids = ids_in(capsys.readouterr().out)
    assert run(school, "lead", "letters", "send-back", *ids, "--reason", "  ") == 2
    assert "say why" in capsys.readouterr().err
    assert run(school, "lead", "letters", "send-back", *ids, "--reason", "Use this half term") == 0
    capsys.readouterr()
    assert run(school, "lead", "letters", "list", "--state", "sent-back") == 0
    assert "Sent back by Dana Whitfield: Use this half term" in capsys.readouterr().out

    assert run(school, "lead", *letter) == 2, "the lead's letters are approved as made, so they need -o"
    out = tmp_path / "made.pdf"
    assert run(school, "lead", *letter, "-o", str(out)) == 0
    assert "approved" in capsys.readouterr().out and out.read_bytes().startswith(b"%PDF")


def test_the_sync_account_cannot_list_or_make_letters(school: dict[str, object], capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(school, "sync", "letters", "list") == 3
    assert "see pupils' records" in capsys.readouterr().err
    assert run(school, "sync", "letter", "attendance_concern", "--pupil", str(school["upn"])) == 3
    assert "prepare letters" in capsys.readouterr().err
    assert run(school, "sync", "report", "bands", "--from", "2025-09-01", "--to", "2025-11-21") == 3
    assert "see pupils' records" in capsys.readouterr().err
