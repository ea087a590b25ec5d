"""A tiny harness: time a target and its baseline in the same run and report the ratio."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    seconds: float
    baseline_name: str
    baseline_seconds: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else float("inf")

    def line(self) -> str:
        return (
            f"{self.name}: {self.seconds * 1000:.1f} ms = {self.ratio:.2f} × baseline "
            f"({self.baseline_name}: {self.baseline_seconds * 1000:.1f} ms){'  ' + self.note if self.note else ''}"
        )


def best_of(func: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best
