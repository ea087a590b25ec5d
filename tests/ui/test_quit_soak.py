"""Soak: long scripted sessions in the real app on a real X display, each ended by a real quit (Ctrl+Q, the window
manager's close button, Ctrl+Q during an import), with and without QT_FATAL_WARNINGS; every run must exit 0.

The hunt for the crash on quit (exit 135) of issue 13: see tests/ui/quit_soak.py for what one session does. Needs
Xvfb, openbox and xdotool (skipped without them); about half a minute a session. ``SOAK_QUIT_RUNS`` (default 1)
repeats the whole set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DISPLAY = ":47"
SOAK_COMMAND = (sys.executable, "-X", "faulthandler", "-m", "tests.ui.quit_soak")

pytestmark = [
    pytest.mark.soak,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("Xvfb", "openbox", "xdotool")), reason="needs Xvfb, openbox, xdotool"
    ),
]


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    """A 1366×768 X server with a window manager, for this module only."""
    server = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1366x768x24"], stderr=subprocess.DEVNULL)
    time.sleep(1)  # the server makes its socket; openbox retries briefly if it is not there yet
    manager = subprocess.Popen(["openbox"], env={**os.environ, "DISPLAY": DISPLAY}, stderr=subprocess.DEVNULL)
    time.sleep(1)
    yield DISPLAY
    manager.terminate()
    server.terminate()
    manager.wait(10)
    server.wait(10)


@pytest.fixture(scope="module")
def demo_school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("soak-demo") / "demo"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "attendance_desk", "--data-dir", str(folder), "demo"],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=600,
    )
    return folder


@pytest.mark.parametrize("fatal_warnings", ["0", "1"])
@pytest.mark.parametrize("quit_way", ["ctrl-q", "close", "busy"])
def test_long_session_then_quit_exits_cleanly(
    x_display: str, demo_school: Path, tmp_path: Path, quit_way: str, fatal_warnings: str
) -> None:
    for run in range(int(os.environ.get("SOAK_QUIT_RUNS", "1"))):
        data = tmp_path / f"run{run}"
        shutil.copytree(demo_school, data)
        env = {**os.environ, "DISPLAY": x_display, "PYTHONPATH": str(ROOT)}
        env.pop("QT_QPA_PLATFORM", None)  # the real xcb platform, not offscreen
        if fatal_warnings == "1":
            env["QT_FATAL_WARNINGS"] = "1"
        else:
            env.pop("QT_FATAL_WARNINGS", None)
        result = subprocess.run(
            [*SOAK_COMMAND, "--data", str(data), "--quit", quit_way, "--rounds", "2"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=600,
        )
        said = result.stdout.splitlines()
        assert result.returncode == 0, (
            f"run {run}: exit {result.returncode}\n{result.stdout[-1500:]}{result.stderr[-3000:]}"
        )
        assert said[-1] == "run_app returned 0"
        assert sum(line.startswith("round ") for line in said) == 2
        assert not [line for line in said if line.startswith("message:")], "a message box interrupted the session"
        if quit_way == "busy":
            assert any(line.startswith("busy: ") and not line.startswith("busy: 0 ") for line in said)
