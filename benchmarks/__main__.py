"""Run every benchmark: `python -m benchmarks [NAME ...]`. Each module has `run() -> list[Result]`."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    "benchmarks.bench_figures",
    "benchmarks.bench_ui",
    "benchmarks.bench_import",
    "benchmarks.bench_worklist",
    "benchmarks.bench_letters",
    "benchmarks.bench_demo",
    "benchmarks.bench_processes",
    "benchmarks.bench_server",
    "benchmarks.bench_encryption",
)


def main(argv: list[str]) -> int:
    wanted = set(argv)
    for name in BENCHMARKS:
        short = name.rsplit(".", 1)[-1].removeprefix("bench_")
        if wanted and short not in wanted:
            continue
        print(f"== {short}", flush=True)
        for result in importlib.import_module(name).run():
            print("  " + result.line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
