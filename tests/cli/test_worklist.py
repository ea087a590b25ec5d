"""`attendance-desk worklist --date D --session AM --format json` and `attendance-desk escalate --date D`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert

from attendance_desk.cli import main
from attendance_desk.domain.upn import make_upn
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact
from attendance_desk.store.open import open_store
from tests.helpers.accounts import sign_in_cli

DAY = date(2026, 9, 16)


@pytest.fixture
def data_dir_with_absences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    store = open_store(folder)
    with store.engine.begin() as connection:
        for pid, (fore, sur, sw, code) in enumerate(
            (("Amy", "Able", "", "/"), ("Bo", "Birch", "", "N"), ("Cy", "Cole", "K. Worker", "N")), start=1
        ):
            connection.execute(
                insert(Pupil).values(
                    id=pid,
                    upn=make_upn(0, 4001, 2019, pid),
                    legal_forename=fore,
                    legal_surname=sur,
                    date_of_birth=date(2015, 1, 1),
                    year_group="5",
                    reg_group="5B",
                    social_worker_name=sw,
                )
            )
            connection.execute(insert(Mark).values(pupil_id=pid, date=DAY, session="AM", code=code))
        for cid, (pid, name, rel, prio, court, phone) in enumerate(
            (
                (2, "Bea Birch", "Mother", 1, False, "07700 900201"),
                (3, "Col Cole", "Father", 1, True, "07700 900301"),
                (3, "Cat Cole", "Grandmother", 2, False, "07700 900302"),
            ),
            start=1,
        ):
            fore, sur = name.split()
            connection.execute(
                insert(Contact).values(id=cid, mis_id=f"C{cid}", forename=fore, surname=sur, phone_mobile=phone)
            )
            connection.execute(
                insert(PupilContact).values(
                    pupil_id=pid,
                    contact_id=cid,
                    relationship=rel,
                    priority=prio,
                    parental_responsibility=rel != "Grandmother",
                    court_order_restriction=court,
                )
            )
    store.dispose()
    sign_in_cli(monkeypatch, folder)
    return folder


def test_worklist_json_is_in_priority_order_without_do_not_contact(
    data_dir_with_absences: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--data-dir",
            str(data_dir_with_absences),
            "worklist",
            "--date",
            "2026-09-16",
            "--session",
            "AM",
            "--format",
            "json",
        ]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["Cy Cole", "Bo Birch"]
    cy = rows[0]
    assert cy["upn"] == make_upn(0, 4001, 2019, 3)
    assert cy["reasons"] == ["social worker", "no contact yet today"] and cy["days_absent_consecutive"] == 1
    assert cy["contacts"] == [
        {
            "name": "Cat Cole",
            "relationship": "Grandmother",
            "priority": 2,
            "parental_responsibility": False,
            "lives_with_pupil": False,
            "phones": [{"type": "mobile", "number": "07700 900302"}],
        }
    ]


def test_worklist_text_and_errors(data_dir_with_absences: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir_with_absences), "worklist", "--date", "2026-09-16"]) == 0
    out = capsys.readouterr().out
    assert "2 to call" in out and "Col Cole" not in out and "Bea Birch (Mother, PR): mobile 07700 900201" in out
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir_with_absences), "worklist", "--date", "16/09/2026"])
    assert "is not a date in the form YYYY-MM-DD" in capsys.readouterr().err


def test_escalate_creates_tasks_once(data_dir_with_absences: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir_with_absences), "escalate", "--date", "2026-09-16"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("3 follow-up tasks created") and "Tell the social worker" in first
    assert main(["--data-dir", str(data_dir_with_absences), "escalate", "--date", "2026-09-16"]) == 0
    assert capsys.readouterr().out.startswith("0 follow-up tasks created for 16/09/2026 (3 already in place)")
