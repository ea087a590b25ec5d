"""`attendance-desk chronology`: one pupil's evidence chronology as JSON or PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attendance_desk.cli import main
from attendance_desk.store.models import Pupil
from attendance_desk.store.open import open_store
from tests.helpers.accounts import sign_in_cli
from tests.helpers.casework_seed import build_case


@pytest.fixture
def case_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    data = tmp_path / "data"
    store = open_store(data)
    try:
        ids = build_case(store)
        with store.session() as session:
            upn = session.get(Pupil, ids["pupil"]).upn  # type: ignore[union-attr]
    finally:
        store.dispose()
    sign_in_cli(monkeypatch, data)
    return data, upn


def test_json_to_a_file_lists_the_case_in_date_order(case_dir: tuple[Path, str], tmp_path: Path) -> None:
    data, upn = case_dir
    out = tmp_path / "chronology.json"
    assert main(["--data-dir", str(data), "chronology", "--pupil", upn, "--format", "json", "-o", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["pupil"]["upn"] == upn
    kinds = [e["kind"] for e in payload["entries"]]
    assert {"stage", "medical_plan", "contract", "notice_to_improve", "weekly_attendance"} <= set(kinds)
    assert [e["at"] for e in payload["entries"]] == sorted(e["at"] for e in payload["entries"])


def test_kind_and_date_filters(case_dir: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    data, upn = case_dir
    args = ["--data-dir", str(data), "chronology", "--pupil", upn, "--kind", "stage", "--from", "2025-10-01"]
    assert main(args) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [e["title"] for e in entries] == [
        "Moved to Stage 2: school attendance meeting and plan",
        "Moved to Stage 3: formal support",
    ]


def test_pdf_needs_a_file_and_is_written(
    case_dir: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, upn = case_dir
    assert main(["--data-dir", str(data), "chronology", "--pupil", upn, "--format", "pdf"]) == 2
    assert "needs a file" in capsys.readouterr().err
    out = tmp_path / "chronology.pdf"
    assert main(["--data-dir", str(data), "chronology", "--pupil", upn, "--format", "pdf", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_unknown_upn_is_a_clear_error(case_dir: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = case_dir
    assert main(["--data-dir", str(data), "chronology", "--pupil", "A000000000000"]) == 2
    assert "No pupil has the UPN A000000000000" in capsys.readouterr().err
