"""Commands import only what they use: ``--help`` needs no service, and the listed help matches each module."""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from attendance_desk.cli import COMMAND_GROUPS, group_for, main
from attendance_desk.services.demo.school import DEMO_PASSWORD

HEAVY = ("sqlalchemy", "reportlab", "PySide6", "alembic", "attendance_desk.services", "attendance_desk.store")


def _modules_after(code: str) -> list[str]:
    script = f"import sys\n{code}\nimport json; print(json.dumps(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


def test_every_group_lists_exactly_what_its_module_registers() -> None:
    for group in COMMAND_GROUPS:
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers(dest="command")
        group.load()(subparsers)
        registered = {action.dest: action.help for action in subparsers._choices_actions}
        assert registered == group.commands


def test_help_imports_no_service_database_or_pdf_library() -> None:
    loaded = _modules_after(
        "from attendance_desk.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert [m for m in loaded if m.startswith(HEAVY)] == []


def test_a_command_imports_its_own_module_only() -> None:
    loaded = _modules_after(
        "from attendance_desk.cli import main\ntry:\n    main(['templates', '--help'])\nexcept SystemExit:\n    pass"
    )
    assert "attendance_desk.cli.letters" in loaded
    assert not any(m.startswith(("attendance_desk.cli.demo", "attendance_desk.cli.imports", "PySide6")) for m in loaded)


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (["report", "pupils"], "report"),
        (["--data-dir", "demo", "templates"], "templates"),  # a folder named like a command is not the command
        (["--data-dir=x", "verify"], "verify"),
        (["--help"], None),
        ([], None),
    ],
)
def test_the_command_word_is_found_after_global_options(words: list[str], command: str | None) -> None:
    group = group_for(words)
    assert (group is None) if command is None else (group is not None and command in group.commands)


def test_a_word_taken_for_the_command_wrongly_falls_back_to_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from attendance_desk import cli

    demo_group = next(group for group in COMMAND_GROUPS if "demo" in group.commands)
    monkeypatch.setattr(cli, "group_for", lambda words: demo_group)  # as if an option's value had been taken
    assert main(["templates"]) == 0
    assert "final" in capsys.readouterr().out.lower()


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["no-such-command"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_no_command_prints_an_s_in_brackets_plural() -> None:
    """Counts on the command line read "1 letter" or "3 letters", never "letter(s)" (the screens are swept by
    tests/ui/test_visible_text.py; this catches the commands' own print and error lines)."""
    import re
    from pathlib import Path

    cli = Path(__file__).resolve().parents[2] / "attendance_desk" / "cli"
    printed = re.compile(r"(print|CommandError)\(.*\w\(s\)")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(cli.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if printed.search(line)
    ]
    assert offenders == []


@pytest.mark.sqlite_only  # reads the demo's file for a pupil
def test_the_marks_import_declares_only_the_tables_it_uses(tmp_path: Path) -> None:
    """A real marks import (signed in, on the demo school, with its follow-up) loads no casework, letters, reports
    or server models: they would cost start-up time it never uses."""
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--pupils", "60", "--today", "2026-11-23"]) == 0
    with sqlite3.connect(next(data.glob("*.sqlite3"))) as connection:
        (upn,) = connection.execute("SELECT upn FROM pupils ORDER BY id LIMIT 1").fetchone()
    marks = tmp_path / "marks.csv"
    marks.write_text(f"upn,date,session,code\n{upn},2026-11-23,AM,/\n{upn},2026-11-23,PM,L\n", encoding="utf-8")
    code = (
        "import os\n"
        "from attendance_desk.cli import main\n"
        f"os.environ.update(ATTENDANCE_DESK_STAFF='1', ATTENDANCE_DESK_PASSWORD={DEMO_PASSWORD!r})\n"
        f"assert main(['--data-dir', {str(data)!r}, 'import', 'marks', {str(marks)!r}]) == 0\n"
    )
    loaded = _modules_after(code)
    models = {m.rsplit(".", 1)[1] for m in loaded if m.startswith("attendance_desk.store.models.")}
    assert models.isdisjoint({"casework", "letters", "reports", "server"})
    assert {"marks", "pupils", "school", "audit"} <= models
    assert not [m for m in loaded if m.startswith("sqlalchemy.dialects.postgresql")]  # this PC uses its own file


@pytest.mark.parametrize(
    "module",
    ["activity", "audit", "calling", "casework", "letters", "marks", "pupils", "reports", "school", "server", "sync",
     "withdrawals"],
)  # fmt: skip
def test_each_model_module_declares_the_tables_its_foreign_keys_name(module: str) -> None:
    """Loaded alone (as a command that uses only it would), a feature's models configure and every foreign key
    finds its table: SQLAlchemy needs them to order a flush."""
    code = (
        f"import attendance_desk.store.models.{module}\n"
        "from sqlalchemy.orm import configure_mappers\n"
        "from attendance_desk.store.models import Base, FEATURE_MODULES\n"
        f"assert {module!r} in FEATURE_MODULES\n"
        "configure_mappers()\n"
        "for table in Base.metadata.tables.values():\n"
        "    for key in table.foreign_keys:\n"
        "        key.column\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)


def test_load_all_declares_every_feature_module() -> None:
    loaded = _modules_after("from attendance_desk.store.models import FEATURE_MODULES, load_all\nload_all()")
    from attendance_desk.store.models import FEATURE_MODULES

    assert {f"attendance_desk.store.models.{m}" for m in FEATURE_MODULES} <= set(loaded)
