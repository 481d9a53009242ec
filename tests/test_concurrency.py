"""Several users on one store: parallel imports all succeed (or say why), never an
internal error; a writer that waits too long is told the store is busy."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "planwatch" / "samples" / "sample_plan.txt"


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "planwatch.cli", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _all(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    return [(p.wait(timeout=120), p.stdout.read() if p.stdout else "") for p in procs]


def test_parallel_imports_of_plans_and_overlapping_actuals(db_url: str, tmp_path: Path) -> None:
    env = {"PLANWATCH_DATABASE_URL": db_url}
    plan = ["import-plan", str(SAMPLE), "--region", "示例省/示例市/示例县"]
    results = _all([_start(plan, env) for _ in range(4)])
    # the whole output of each, untruncated: a failure here has been seen once under load
    assert [code for code, _ in results] == [0] * 4, "\n---\n".join(out for _, out in results)
    outputs = [out for _, out in results]
    assert sum("10 indicators" in out for out in outputs) == 1  # one stores it
    assert sum("unchanged" in out for out in outputs) == 3  # the others find it stored
    files = []
    for i in range(4):  # every file touches the same two values
        path = tmp_path / f"a{i}.csv"
        path.write_text(
            "地区,指标,年份,数值,单位\n"
            f"示例县,规上工业增加值,2023,9{i},亿元\n示例县,规上工业企业数,2022,35{i},家\n"
        )
        files.append(path)
    results = _all([_start(["import-actuals", str(f)], env) for f in files])
    assert [code for code, _ in results] == [0] * 4, results
    assert all("2 values stored" in out for _, out in results)
    history = subprocess.run(
        [sys.executable, "-m", "planwatch.cli", "history", "示例县", "规上工业增加值", "--json"],
        env={**os.environ, **env}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = json.loads(history.stdout)
    assert sorted(r["revision"] for r in rows) == [1, 2, 3, 4]  # one revision per import
    assert sorted(r["value"] for r in rows) == [90.0, 91.0, 92.0, 93.0]


def _hold_write_lock(
    db: Path, seconds: float, locked: threading.Event, release: threading.Event | None = None
) -> None:
    """Another writer: holds SQLite's write lock for `seconds` (or until `release`)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    locked.set()
    if release is not None:
        release.wait(seconds)
    else:
        time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def _sqlite_store(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "store.db"
    env = {"PLANWATCH_DATABASE_URL": f"sqlite:///{db}"}
    done = subprocess.run(
        [sys.executable, "-m", "planwatch.cli", "import-plan", str(SAMPLE)],
        env={**os.environ, **env}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return db, env


def _import_while_locked(tmp_path: Path, seconds: float, busy_timeout: str) -> tuple[int, str]:
    """`import-actuals` of one value while another writer holds the lock for `seconds`."""
    db, env = _sqlite_store(tmp_path)
    csv = tmp_path / "a.csv"
    csv.write_text("地区,指标,年份,数值\n示例县,规上工业增加值,2023,98\n")
    locked = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db, seconds, locked))
    holder.start()
    locked.wait()
    proc = _start(["import-actuals", str(csv)], {**env, "PLANWATCH_BUSY_TIMEOUT": busy_timeout})
    result = _all([proc])[0]
    holder.join()
    return result


def test_a_small_import_waits_for_a_long_one_on_sqlite(tmp_path: Path) -> None:
    code, out = _import_while_locked(tmp_path, 1.5, busy_timeout="30")  # waits, then writes
    assert code == 0 and "1 values stored" in out, out


def test_a_writer_kept_waiting_too_long_is_told_the_store_is_busy(tmp_path: Path) -> None:
    code, out = _import_while_locked(tmp_path, 4.0, busy_timeout="0.3")
    assert code == 2 and "the store is busy" in out and "try again" in out, out


def test_readers_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    db, env = _sqlite_store(tmp_path)
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db, 60.0, locked, release))
    holder.start()
    locked.wait()
    try:  # the lock is held until the reader is done: a reader that waited would time out
        proc = _start(["status", "sample_plan", "--year", "2023", "--json"],
                      {**env, "PLANWATCH_BUSY_TIMEOUT": "5"})  # fmt: skip
        code, out = _all([proc])[0]
    finally:
        release.set()
        holder.join()
    assert code == 0 and json.loads(out), out  # WAL: it read the last committed state
