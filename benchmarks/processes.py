"""Whole-process timings, interleaved against a baseline, as a user waits for a command.

Each pair runs the target and its baseline one after the other (A B A B …), so a machine that slows down or speeds
up in the middle of a run touches both alike; the figure quoted is the median of the pairwise ratios, with their
minimum and maximum to show how noisy the machine was. Peak memory is the kernel's own account of each finished
process, not a sample: GNU ``time``'s ``%M`` where it is installed, else ``wait4``'s ``ru_maxrss``. (A child
started directly from this process inherits its peak as a floor — Linux folds the parent's high-water mark into
the child's at ``exec`` — so with the benchmark's own data loaded every figure read ~140 MiB, the raw baseline's
too. ``time`` is a small C process, so the peak it reports is the command's own.)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_rss_mib: float


GNU_TIME = "/usr/bin/time"
_PEAK_MARK = "peak-rss-kib="


def run_process(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Start ``argv``, wait for it, and return its wall time and peak resident memory; fail on a non-zero exit."""
    timed = os.path.exists(GNU_TIME)
    command = [GNU_TIME, "-f", _PEAK_MARK + "%M", *argv] if timed else list(argv)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}… exited {process.returncode}: {errors.decode()[-800:]}")
    peak_kib = usage.ru_maxrss  # KiB on Linux
    if timed:
        peak_kib = int(errors.decode().rsplit(_PEAK_MARK, 1)[1].split()[0])
    return Run(seconds, peak_kib / 1024)


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
