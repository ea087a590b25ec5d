"""Imports point one way: ui → services → store/sync/documents → domain. Nothing imports ui. No module imports
itself round a loop, and the feature packages reach into each other only along a few listed edges."""

from __future__ import annotations

import ast
from collections.abc import Iterator
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


# Feature packages (in any layer: services/<feature>, ui/<feature>, domain/<feature>, documents/<feature>) and the
# only pairs (importer, imported) allowed to cross between them. Add a pair here only with a reason.
FEATURES = ("calling", "casework", "letters", "sync", "demo", "reports")
FEATURE_CROSSINGS = {
    ("casework", "letters"),  # the registration certificate and the letterhead go into casework packs
    ("casework", "calling"),  # the school's term dates (kept with the calling-desk settings) for school weeks
    ("sync", "calling"),  # after a marks import the calling desk proposes codes and escalates; term dates
    ("demo", "sync"),  # the demo school is loaded through the ordinary importer
    ("demo", "calling"),  # the demo school saves its term dates
    ("reports", "calling"),  # term dates for school weeks; follow-up tasks from a report's list
    ("reports", "casework"),  # packs and return forms share the casework documents' page styles
    ("reports", "letters"),  # the letterhead on packs and return forms
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def package_edges(path: Path) -> set[str]:
    """The package's modules ``path`` imports anywhere in it (function-level imports too); ``from package import
    module`` counts as an edge to the module."""
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                targets.add(submodule if submodule in MODULES else node.module)
    return {target for target in targets if target in MODULES}


IMPORT_GRAPH = {name: package_edges(path) for name, path in MODULES.items()}


def strongly_connected(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """Tarjan's algorithm, iterative: every group of modules that import each other round a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    yield sorted(group)


def test_the_cycle_finder_finds_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert sorted(strongly_connected(graph)) == [["a", "b", "c"], ["e"]]


def test_no_module_imports_itself_round_a_loop() -> None:
    assert list(strongly_connected(IMPORT_GRAPH)) == []


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] in ("services", "domain", "ui", "documents") and parts[2] in FEATURES:
        return parts[2]
    return None


def test_features_cross_only_along_listed_pairs() -> None:
    crossings = sorted(
        f"{importer} imports {imported}"
        for importer, targets in IMPORT_GRAPH.items()
        for imported in targets
        if (pair := (feature_of(importer), feature_of(imported)))[0]
        and pair[1]
        and pair[0] != pair[1]
        and pair not in FEATURE_CROSSINGS
    )
    assert crossings == []


def test_every_listed_crossing_is_still_used() -> None:
    used = {
        (feature_of(importer), feature_of(imported))
        for importer, targets in IMPORT_GRAPH.items()
        for imported in targets
    }
    assert used >= FEATURE_CROSSINGS
