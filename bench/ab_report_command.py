"""`planwatch report` (as .docx, .xlsx and .html) and `planwatch status --json` of the
benchmark plan, this tree against an earlier commit, side by side in one run.

    .venv/bin/python bench/ab_report_command.py dfec8d1
    .venv/bin/python bench/ab_report_command.py HEAD~3 --runs 7

The plan is `bench_report.py`'s (40 indicators, 10 towns, 20 projects, three years of
actuals). The earlier commit is checked out into a temporary git worktree; each side
imports the plan into its own SQLite store (their migrations may differ) and runs
with the same interpreter and packages, its own `src` first on PYTHONPATH. Runs
alternate between the sides, so a noisy machine slows both alike; each line gives
both medians and how many times faster this tree is.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_report import actuals_csv, plan_text  # bench/, beside this script
from timing import ROOT, earlier_tree

RUN = "import sys; sys.argv[0] = 'planwatch'; from planwatch.cli import run; run()"
COMMANDS = {
    "report .docx": ["report", "benchplan", "--year", "2023", "-o", "{out}.docx"],
    "report .xlsx": ["report", "benchplan", "--year", "2023", "-o", "{out}.xlsx"],
    "report .html": ["report", "benchplan", "--year", "2023", "-o", "{out}.html"],
    "status --json": ["status", "benchplan", "--year", "2023", "--json"],
}


def planwatch(src: Path, store: Path, args: list[str]) -> float:
    """Seconds for one whole command run from `src`."""
    env = {**os.environ, "PYTHONPATH": str(src), "PLANWATCH_DATABASE_URL": f"sqlite:///{store}"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", RUN, *args], check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rev", help="earlier commit to compare against, e.g. HEAD~3")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with earlier_tree(args.rev, base) as worktree:
            rng = random.Random(15)
            text, made = plan_text(rng)
            (base / "benchplan.txt").write_text(text, encoding="utf-8")
            (base / "actuals.csv").write_text(actuals_csv(rng, made), encoding="utf-8")
            sides = {"earlier": worktree / "src", "this tree": ROOT / "src"}
            for name, src in sides.items():
                store = base / f"{name.replace(' ', '_')}.db"
                planwatch(src, store, ["import-plan", str(base / "benchplan.txt"),
                                       "--region", "某省/某市/某县"])  # fmt: skip
                planwatch(src, store, ["import-actuals", str(base / "actuals.csv")])
            print(f"this tree against {args.rev}, {args.runs} runs each, medians")
            for label, command in COMMANDS.items():
                times: dict[str, list[float]] = {name: [] for name in sides}
                for i in range(args.runs):
                    order = list(sides) if i % 2 == 0 else list(reversed(sides))
                    for name in order:
                        slug = name.replace(" ", "_")
                        argv = [a.format(out=base / slug) for a in command]
                        times[name].append(planwatch(sides[name], base / f"{slug}.db", argv))
                before, now = (statistics.median(times[n]) for n in sides)
                print(f"  {label:14s} earlier {before:.2f} s   this tree {now:.2f} s   "
                      f"({before / now:.2f}× faster)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
