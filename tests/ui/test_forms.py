"""The compiled forms in attendance_desk/ui/generated match forms/*.ui (recompile with installer/compile_forms.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_form_modules_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "compile_forms.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, (
        "Forms changed without recompiling; run `python installer/compile_forms.py`:\n" + result.stderr
    )


def test_every_form_has_a_generated_module() -> None:
    forms = sorted(p.stem for p in (ROOT / "forms").rglob("*.ui"))
    generated = sorted(p.stem.removeprefix("ui_") for p in (ROOT / "attendance_desk/ui/generated").glob("ui_*.py"))
    assert forms == generated and forms
