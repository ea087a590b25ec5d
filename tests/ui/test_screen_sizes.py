"""Every page and the main dialogs at the four office screen sizes of issue 13, each in its own Qt process (the
scale factor is fixed when Qt starts): no text, button or column heading cut short, and every page within the
window's width at every size (at 150% too: rows of buttons wrap and side-by-side panes stack, so pages scroll
down, never sideways)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZES = [("1280x720", "1"), ("1366x768", "1"), ("1366x768", "1.25"), ("1366x768", "1.5")]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screens")


@pytest.mark.parametrize(("screen", "scale"), SIZES)
def test_every_view_fits_the_screen(demo_dir: Path, screen: str, scale: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_sizes", "--screen", screen, "--data", str(demo_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    problems = {view: found for view, found in report["views"].items() if found}
    assert not problems, f"{screen} at {scale}: {problems}"
    assert len(report["views"]) == 19  # eight pages, a pupil's page and ten dialogs
    assert report["scrolls_sideways"] == [], "pages reflow to the window's width at every size, 150% too"
