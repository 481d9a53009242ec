"""The web app under load (issue 16: 50 concurrent clients reading plan and overview
pages for 30 s against 100 regions × 50 indicators × 5 years, p95 under 200 ms, no
errors; cold start of `planwatch serve` under 2 s).

    ./dev bench web                       # SQLite, then PostgreSQL if the server answers
    ./dev bench web --seconds 10 --clients 20 --db sqlite --workers 2

The store: one county plan of 50 indicators whose targets are decomposed to 99 towns
(100 regions), and five years of approved values for every region and indicator
(25,000 values). `planwatch serve` runs in its own process(es) on loopback; the
clients are asyncio tasks (httpx) in this one. Each signs in first, then asks in
turn for the plan page and the overview: without a pause (the worst case: every
client asks again the moment an answer comes) and with a second between pages
(closer to a person reading). A first untimed round lets each server process compute
the statuses it then keeps until the data changes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PLANWATCH = str(Path(sys.executable).with_name("planwatch"))
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
PASSWORD = "bench-password"


def build_store(url: str, tmp: Path) -> int:
    """The plan, its towns' targets and five years of values; the plan's id."""
    from sqlalchemy import select

    from planwatch import accounts, operations
    from planwatch.models.access import Role
    from planwatch.models.store import ObservationIn
    from planwatch.store.db import make_engine, write
    from planwatch.store.migrate import upgrade
    from planwatch.store.observations import record_many
    from planwatch.store.regions import child_region
    from planwatch.store.schema import Plan, Target

    engine = make_engine(url)
    upgrade(engine)
    rows = "".join(f"\t指标{k:02d}产值\n\t亿元\n\t{100 + k}\n\t{150 + k}\n\n" for k in range(50))
    text = (
        "基准县“十四五”工业发展规划\n\n表1 主要指标\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n" + rows
    )
    path = tmp / "bench_plan.txt"
    path.write_text(text, encoding="utf-8")
    plan_id = operations.import_plan_file(engine, path, "基准省/基准市/基准县").plan_id
    rng = random.Random(16)

    def towns(session) -> None:  # type: ignore[no-untyped-def]
        plan = session.scalars(select(Plan).where(Plan.id == plan_id)).one()
        values = []
        names = {}
        for t in range(99):
            town = child_region(session, plan.region, f"第{t:02d}镇")
            names[town.name] = town.id
            for ind in plan.indicators:
                session.add(Target(indicator_id=ind.id, region_id=town.id, year=2025,
                                   value=50.0, kind="assigned"))  # fmt: skip
                ind_key = ind.indicator_key
                values += [ObservationIn(region=town.name, indicator=ind_key, year=y,
                                         value=30 + rng.random() * 20, unit="亿元")
                           for y in range(2020, 2025)]  # fmt: skip
        names[plan.region.name] = plan.region.id
        for ind in plan.indicators:
            values += [ObservationIn(region=plan.region.name, indicator=ind.indicator_key,
                                     year=y, value=100 + rng.random() * 40, unit="亿元")
                       for y in range(2020, 2025)]  # fmt: skip
        record_many(session, values, names, "bench")

    write(engine, towns)
    accounts.add_user(engine, "bench", Role.VIEWER, "基准省/基准市/基准县", PASSWORD)
    engine.dispose()
    return plan_id


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, home: Path, workers: int) -> tuple[subprocess.Popen[bytes], str, float]:
    """`planwatch serve` on a free port; (process, base URL, seconds until it answered)."""
    port = _port()
    env = {**os.environ, "PLANWATCH_DATABASE_URL": url, "PLANWATCH_HOME": str(home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    command = [PLANWATCH, "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                return proc, base, time.perf_counter() - start
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.perf_counter() - start > 60:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)


async def signed_in(base: str) -> httpx.AsyncClient:
    # idle connections are dropped before the server's keep-alive (5 s) would drop them
    limits = httpx.Limits(keepalive_expiry=4)
    c = httpx.AsyncClient(base_url=base, timeout=60, limits=limits)
    r = await c.post("/login", data={"username": "bench", "password": PASSWORD})
    if r.status_code != 303:
        raise RuntimeError(f"login answered {r.status_code}")
    return c


async def client(c: httpx.AsyncClient, paths: list[str], until: float, think: float,
                 times: list[float], errors: list[str]) -> None:  # fmt: skip
    k = 0
    while time.perf_counter() < until:
        path = paths[k % len(paths)]
        k += 1
        start = time.perf_counter()
        try:
            r = await c.get(path)
            if r.status_code != 200:
                errors.append(str(r.status_code))
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
        times.append(time.perf_counter() - start)
        if think:
            await asyncio.sleep(think)


async def load(base: str, plan_id: int, clients: int, seconds: float,
               think: float) -> tuple[list[float], list[str]]:  # fmt: skip
    """Every client signs in first (argon2 is slow on purpose; not part of the reading),
    then reads for `seconds`, pausing `think` seconds between pages."""
    times: list[float] = []
    errors: list[str] = []
    paths = [f"/plans/{plan_id}?year=2024", "/?year=2024"]
    sessions = [await signed_in(base) for _ in range(clients)]
    # a first round, untimed: every worker computes the plan's statuses once (0.5 s for
    # this store) and keeps them until the data changes
    await asyncio.gather(*(c.get(p) for c in sessions for p in paths))
    until = time.perf_counter() + seconds
    await asyncio.gather(*(client(c, paths[k % 2:] + paths[: k % 2], until, think, times, errors)
                           for k, c in enumerate(sessions)))  # fmt: skip
    for c in sessions:
        await c.aclose()
    return times, errors


def _pg_database() -> str | None:
    from sqlalchemy import create_engine, text

    try:
        admin = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS planwatch_bench"))
            conn.execute(text("CREATE DATABASE planwatch_bench"))
        admin.dispose()
    except Exception as exc:  # any failure means: no PostgreSQL here
        print(f"PostgreSQL skipped: {type(exc).__name__}")
        return None
    return PG_SERVER + "planwatch_bench"


def run(db: str, clients: int, seconds: float, thinks: list[float], workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}" if db == "sqlite" else _pg_database()
        if url is None:
            return
        plan_id = build_store(url, Path(tmp))
        proc, base, cold = start_server(url, Path(tmp) / "home", workers)
        print(f"{db}: cold start of `planwatch serve --workers {workers}` {cold:.2f} s (aim 2 s)")
        try:
            for think in thinks:
                times, errors = asyncio.run(load(base, plan_id, clients, seconds, think))
                report(db, clients, seconds, think, times, errors)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def report(db: str, clients: int, seconds: float, think: float, times: list[float],
           errors: list[str]) -> None:  # fmt: skip
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(0.95 * (len(ms) - 1))] if ms else float("nan")
    pause = f"{think:g} s between pages" if think else "no pause"
    print(f"{db}: {clients} clients × {seconds:.0f} s, {pause}: {len(ms)} pages "
          f"({len(ms) / seconds:.1f}/s), p50 {statistics.median(ms):.0f} ms, "
          f"p95 {p95:.0f} ms (aim 200 ms), errors {len(errors)}"
          + (f" ({', '.join(sorted(set(errors)))})" if errors else ""))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--think", type=float, action="append",
                        help="seconds a client pauses between pages (repeat for several runs; "
                             "default: 0 and 1)")  # fmt: skip
    args = parser.parse_args()
    for db in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        run(db, args.clients, args.seconds, args.think or [0.0, 1.0], args.workers)


if __name__ == "__main__":
    main()
