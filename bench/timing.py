"""Shared by the bench scripts: the median wall time of a function over several runs,
and the time and peak memory of a command."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Runs in a small fresh interpreter: a child forked from a bench script that holds
# a million rows would count the script's memory as its own peak (fork copies the
# resident pages before exec) and pay for copying its page tables.
_WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_command(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak memory (max RSS, MB) of one command run in a clean child."""
    wrapped = [sys.executable, "-c", _WRAPPER, *cmd]
    out = subprocess.run(wrapped, check=True, capture_output=True, text=True, env=env).stdout
    seconds, peak_kb = out.split()
    return float(seconds), int(peak_kb) / 1024


def permu_evaluate(firms: Path, home: Path, src: Path | None = None) -> tuple[float, float]:
    """`planwatch permu evaluate FIRMS --scheme zhejiang`, as the permu benches time it:
    results and kept results under `home`; `src` first on PYTHONPATH runs another checkout."""
    planwatch = Path(sys.executable).with_name("planwatch")
    cmd = [str(planwatch), "permu", "evaluate", str(firms), "--scheme", "zhejiang",
           "-o", str(home / "results.parquet"), "--json"]  # fmt: skip
    env = {"PLANWATCH_HOME": str(home), "PATH": "/usr/bin:/bin"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return run_command(cmd, env)


@contextmanager
def earlier_tree(rev: str, folder: Path) -> Iterator[Path]:
    """`rev` checked out into a git worktree under `folder` (removed afterwards), for
    the A/B scripts that run an earlier commit beside this tree."""
    worktree = folder / "earlier"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                    str(worktree), rev], check=True)  # fmt: skip
    try:
        yield worktree
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                        str(worktree)], check=True)  # fmt: skip
