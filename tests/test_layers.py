"""Imports point one way: ui → services → store/sync/documents → domain. Nothing imports ui."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "attendance_desk"

# What each layer may not import (package prefixes).
FORBIDDEN = {
    "domain": ("attendance_desk.store", "attendance_desk.services", "attendance_desk.sync",
               "attendance_desk.documents", "attendance_desk.ui", "attendance_desk.cli", "PySide6", "sqlalchemy",
               "reportlab"),
    "store": ("attendance_desk.services", "attendance_desk.sync", "attendance_desk.documents", "attendance_desk.ui",
              "attendance_desk.cli", "PySide6", "reportlab"),
    "sync": ("attendance_desk.services", "attendance_desk.ui", "attendance_desk.cli", "PySide6", "reportlab"),
    "documents": ("attendance_desk.store", "attendance_desk.services", "attendance_desk.sync", "attendance_desk.ui",
                  "attendance_desk.cli", "PySide6", "sqlalchemy"),
    "services": ("attendance_desk.ui", "attendance_desk.cli", "PySide6"),
    "cli": ("attendance_desk.ui", "PySide6"),
}  # fmt: skip


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_one_way(layer: str) -> None:
    offences = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in imported_modules(path):
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offences.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    assert offences == []


def test_only_the_app_module_reaches_into_ui_from_outside() -> None:
    offences = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and path.name != "app.py"
        and any(m == "attendance_desk.ui" or m.startswith("attendance_desk.ui.") for m in imported_modules(path))
    ]
    assert offences == []
