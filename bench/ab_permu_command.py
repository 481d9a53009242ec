"""The whole `planwatch permu evaluate` command, this tree against an earlier commit,
side by side in one run.

    .venv/bin/python bench/ab_permu_command.py d45e584          # 1,000,000 enterprises
    .venv/bin/python bench/ab_permu_command.py HEAD~3 --n 200000 --runs 7

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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(src: Path, firms: Path, home: Path) -> float:
    planwatch = Path(sys.executable).with_name("planwatch")
    cmd = [str(planwatch), "permu", "evaluate", str(firms), "--scheme", "zhejiang",
           "-o", str(home / "results.parquet"), "--json"]  # fmt: skip
    env = {"PYTHONPATH": str(src), "PLANWATCH_HOME": str(home), "PATH": "/usr/bin:/bin"}
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rev", help="earlier commit to compare against, e.g. HEAD~3")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        worktree = base / "earlier"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                        str(worktree), args.rev], check=True)  # fmt: skip
        try:
            firms = base / "firms.parquet"
            synth = [str(Path(sys.executable).with_name("planwatch")), "synth", "enterprises",
                     "--n", str(args.n), "--seed", "7", "-o", str(firms)]  # fmt: skip
            subprocess.run(synth, check=True, capture_output=True)
            sides = {"earlier": worktree / "src", "this tree": ROOT / "src"}
            times: dict[str, list[float]] = {name: [] for name in sides}
            peaks: dict[str, float] = {}
            for i in range(args.runs):
                order = list(sides) if i % 2 == 0 else list(reversed(sides))
                for name in order:
                    home = base / name.replace(" ", "_")
                    home.mkdir(exist_ok=True)
                    times[name].append(run_once(sides[name], firms, home))
            # peak memory from one more run of each, alone (RUSAGE_CHILDREN keeps a maximum)
            for name in sides:
                peaks[name] = _peak_alone(sides[name], firms, base)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(worktree)], check=True)  # fmt: skip
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(f"`planwatch permu evaluate`, {args.n:,} enterprises, zhejiang, {args.runs} runs each")
    for name, t in times.items():
        listed = ", ".join(f"{x:.2f}" for x in sorted(t))
        print(f"  {name:10s} median {medians[name]:.2f} s ({listed}); peak {peaks[name]:,.0f} MB")
    print(f"  earlier / this tree: {medians['earlier'] / medians['this tree']:.2f}×")


def _peak_alone(src: Path, firms: Path, base: Path) -> float:
    """Max RSS of one run in a fresh child (a grandchild, so earlier runs do not count)."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    planwatch = Path(sys.executable).with_name("planwatch")
    home = base / "peak"
    home.mkdir(exist_ok=True)
    cmd = [sys.executable, "-c", code, "env", f"PYTHONPATH={src}", f"PLANWATCH_HOME={home}",
           str(planwatch), "permu", "evaluate", str(firms), "--scheme", "zhejiang",
           "-o", str(home / "results.parquet"), "--json"]  # fmt: skip
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


if __name__ == "__main__":
    main()
