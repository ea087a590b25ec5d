"""Compile the Qt Designer forms: forms/**/*.ui → attendance_desk/ui/generated/ui_<name>.py (committed).

Run after editing a form:  python installer/compile_forms.py
Check without writing:     python installer/compile_forms.py --check   (exit 1 when a module is stale)

The generated modules are committed so that a fresh checkout runs without Qt's tools; a test runs ``--check`` so
a form edited without recompiling fails the suite. Form file names must be unique across sub-folders.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
GENERATED = ROOT / "attendance_desk" / "ui" / "generated"
HEADER = "# GENERATED from {source} by installer/compile_forms.py: do not edit; edit the .ui and recompile.\n"


def _uic() -> list[str]:
    beside = Path(sys.executable).with_name("pyside6-uic")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    raise SystemExit("pyside6-uic not found: install PySide6 in this environment")


def forms() -> list[Path]:
    found = sorted(FORMS.rglob("*.ui"))
    stems = [p.stem for p in found]
    duplicates = {s for s in stems if stems.count(s) > 1}
    if duplicates:
        raise SystemExit(f"form names must be unique across forms/: {', '.join(sorted(duplicates))}")
    return found


def target_for(form: Path) -> Path:
    return GENERATED / f"ui_{form.stem}.py"


def compile_form(form: Path) -> str:
    result = subprocess.run([*_uic(), "--generator", "python", str(form)], check=True, capture_output=True, text=True)
    return HEADER.format(source=form.relative_to(ROOT).as_posix()) + result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale or missing modules; write nothing")
    args = parser.parse_args(argv)
    stale: list[str] = []
    expected = set()
    for form in forms():
        target = target_for(form)
        expected.add(target.name)
        text = compile_form(form)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        stale.append(target.relative_to(ROOT).as_posix())
        if not args.check:
            target.write_text(text, encoding="utf-8")
    orphans = sorted(p for p in GENERATED.glob("ui_*.py") if p.name not in expected)
    for orphan in orphans:
        stale.append(f"{orphan.relative_to(ROOT).as_posix()} (no form)")
        if not args.check:
            orphan.unlink()
    if args.check:
        for name in stale:
            print(f"stale: {name}", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        print(f"compiled: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
