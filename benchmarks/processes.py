"""Whole-process timings, interleaved against a baseline, as a user waits for a command.

Each pair runs the target and its baseline one after the other (A B A B …), so a machine that slows down or speeds
up in the middle of a run touches both alike; the figure quoted is the median of the pairwise ratios, with their
minimum and maximum to show how noisy the machine was. Peak memory is the kernel's own account of each finished
process (``wait4``'s ``ru_maxrss``, read by a small launcher: see ``_LAUNCHER``), not a sample.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_rss_mib: float


# Started by a small process of its own rather than by the benchmark: Linux carries a process's peak RSS across
# fork and exec, so a command started from the benchmark (which holds a whole made-up school in memory) would report
# the benchmark's own peak whenever that is the larger. This launcher is ~10 MiB when it starts the command, and it
# times the command itself, so neither its own start-up nor the reading of its result is counted.
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)
_pid, status, usage = os.wait4(process.pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(f"{seconds!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_process(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Start ``argv``, wait for it, and return its wall time and peak resident memory; fail on a non-zero exit."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as scratch:
        result = Path(scratch) / "result"
        launcher = [sys.executable, "-c", _LAUNCHER, str(result), *argv]
        process = subprocess.run(
            launcher, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
        )
        seconds, peak_kib, code = result.read_text(encoding="utf-8").split() if result.exists() else ("0", "0", "-1")
    if process.returncode != 0 or int(code) != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}… exited {code}: {process.stderr.decode()[-800:]}")
    return Run(float(seconds), int(peak_kib) / 1024)  # KiB on Linux


@dataclass(frozen=True, slots=True)
class Comparison:
    name: str
    baseline_name: str
    target: list[Run]
    baseline: list[Run]

    @property
    def ratios(self) -> list[float]:
        return [t.seconds / b.seconds for t, b in zip(self.target, self.baseline, strict=True)]

    def line(self) -> str:
        ratios = self.ratios
        target = statistics.median(r.seconds for r in self.target)
        base = statistics.median(r.seconds for r in self.baseline)
        rss = max(r.peak_rss_mib for r in self.target)
        return (
            f"{self.name}: {statistics.median(ratios):.2f}× (min {min(ratios):.2f}, max {max(ratios):.2f}) "
            f"{target * 1000:.0f} ms against {self.baseline_name} {base * 1000:.0f} ms "
            f"(+{(target - base) * 1000:.0f} ms); peak RSS {rss:.0f} MiB"
        )


def compare(
    name: str,
    target: Callable[[], Run],
    baseline_name: str,
    baseline: Callable[[], Run],
    runs: int = 5,
    warmup: int = 1,
) -> Comparison:
    """Interleave ``target`` and ``baseline`` (each a callable that prepares and times one process)."""
    for _ in range(warmup):
        target()
        baseline()
    target_runs: list[Run] = []
    baseline_runs: list[Run] = []
    for index in range(runs):
        # Alternate which goes first, so neither always runs on a warmer cache.
        if index % 2:
            baseline_runs.append(baseline())
            target_runs.append(target())
        else:
            target_runs.append(target())
            baseline_runs.append(baseline())
    return Comparison(name, baseline_name, target_runs, baseline_runs)
