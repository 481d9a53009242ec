"""The whole `planwatch permu evaluate` command, this tree against an earlier commit,
side by side in one run; with `--engine`, the engine alone (`evaluate` and the
regional aggregates, in-process, median of 3 per run).

    .venv/bin/python bench/ab_permu_command.py d45e584          # 1,000,000 enterprises
    .venv/bin/python bench/ab_permu_command.py HEAD~3 --n 200000 --runs 7
    .venv/bin/python bench/ab_permu_command.py 326a428 --engine

The earlier commit is checked out into a temporary git worktree and run with the
same interpreter and packages (its `src` first on PYTHONPATH). Runs alternate
between the two, so a noisy machine slows both alike; prints each side's
median wall time and peak memory (max RSS) and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import ROOT, earlier_tree, permu_evaluate  # bench/timing.py, beside this script

# Run in a child with one side's `src` first on PYTHONPATH: prints the median seconds
# of three `evaluate` + `aggregate` runs, after one run to warm up.
_ENGINE = """
import statistics, sys, time
import polars as pl
from planwatch.permu.aggregate import aggregate
from planwatch.permu.engine import evaluate
from planwatch.permu.schemes import load_scheme
firms, scheme = pl.read_parquet(sys.argv[1]), load_scheme("zhejiang")
times = []
for _ in range(4):
    start = time.perf_counter()
    out = evaluate(firms, scheme)
    aggregate(out, "region", scheme.classification.grades())
    times.append(time.perf_counter() - start)
print(statistics.median(times[1:]))
"""


def engine_seconds(firms: Path, src: Path) -> tuple[float, float]:
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-c", _ENGINE, str(firms)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return float(out), 0.0  # peak memory is measured for the whole command only


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rev", help="earlier commit to compare against, e.g. HEAD~3")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--engine", action="store_true", help="time the engine, not the command")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with earlier_tree(args.rev, base) as worktree:
            firms = base / "firms.parquet"
            synth = [str(Path(sys.executable).with_name("planwatch")), "synth", "enterprises",
                     "--n", str(args.n), "--seed", "7", "-o", str(firms)]  # fmt: skip
            subprocess.run(synth, check=True, capture_output=True)
            sides = {"earlier": worktree / "src", "this tree": ROOT / "src"}
            times: dict[str, list[float]] = {name: [] for name in sides}
            peaks: dict[str, float] = dict.fromkeys(sides, 0.0)
            for i in range(args.runs):
                order = list(sides) if i % 2 == 0 else list(reversed(sides))
                for name in order:
                    home = base / name.replace(" ", "_")
                    home.mkdir(exist_ok=True)
                    if args.engine:
                        seconds, peak = engine_seconds(firms, sides[name])
                    else:
                        seconds, peak = permu_evaluate(firms, home, sides[name])
                    times[name].append(seconds)
                    peaks[name] = max(peaks[name], peak)
    medians = {name: statistics.median(t) for name, t in times.items()}
    what = "engine: evaluate + aggregate" if args.engine else "`planwatch permu evaluate`"
    print(f"{what}, {args.n:,} enterprises, zhejiang, {args.runs} runs each")
    for name, t in times.items():
        listed = ", ".join(f"{x:.3f}" for x in sorted(t))
        peak = "" if args.engine else f"; peak {peaks[name]:,.0f} MB"
        print(f"  {name:10s} median {medians[name]:.3f} s ({listed}){peak}")
    print(f"  earlier / this tree: {medians['earlier'] / medians['this tree']:.2f}×")


if __name__ == "__main__":
    main()
