"""Time `import-actuals` from 1,000 to 100,000 rows, on SQLite and PostgreSQL.

    ./dev bench import                       # SQLite; PostgreSQL too when
    PLANWATCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test ./dev bench import

Each size gets a fresh store holding one synthetic plan (50 indicators) and 200
regions, and a CSV of distinct region × indicator × year rows. The import is
timed in-process (`operations.import_actuals_file`: read, validate, store), once
into the empty store and once more with every value changed (100,000 new
revisions). Aims (issue 11): 100,000 rows under 10 s on both databases, and the
time per row flat from 1,000 to 100,000 rows: the script prints the ratio of the
per-row times.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

from planwatch.models import Indicator, PlanExtract
from planwatch.models.extract import PlanMetadata
from planwatch.operations import import_actuals_file
from planwatch.store.db import make_engine, write
from planwatch.store.migrate import upgrade
from planwatch.store.plans import import_extract
from planwatch.store.regions import region_at

INDICATORS = 50
REGIONS = 200
YEARS = range(2020, 2030)  # the plan's years: base 2020, target 2025, five after


def synthetic_plan() -> PlanExtract:
    indicators = [
        Indicator(
            name=f"合成指标{i:02d}",
            unit="亿元",
            baseline=100.0 + i,
            baseline_year=2020,
            target=150.0 + i,
            target_year=2025,
        )
        for i in range(INDICATORS)
    ]
    meta = PlanMetadata(title="合成规划", region="合成省", period_start=2021, period_end=2025)
    return PlanExtract(
        document="合成规划", source_file="synthetic", format="txt", metadata=meta,
        indicators=indicators,
    )  # fmt: skip


def fresh_store(url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    upgrade(engine)

    def fill(session):  # type: ignore[no-untyped-def]
        import_extract(session, synthetic_plan(), "synthetic", "合成省")
        for r in range(REGIONS):
            region_at(session, f"合成省/合成县{r:03d}")

    write(engine, fill)
    return engine


def write_rows(path: Path, n: int, bump: float = 0.0) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["地区", "指标", "年份", "数值", "单位"])
        k = 0
        for r in range(REGIONS):
            for i in range(INDICATORS):
                for y in YEARS:
                    if k == n:
                        return path
                    out.writerow(
                        [f"合成县{r:03d}", f"合成指标{i:02d}", y, 100 + k % 97 + bump, "亿元"]
                    )
                    k += 1
    if k == n:
        return path
    raise SystemExit(f"at most {REGIONS * INDICATORS * len(YEARS):,} distinct rows")


def pg_database(server: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def run(label: str, url_for, sizes: list[int], folder: Path) -> None:  # type: ignore[no-untyped-def]
    per_row: dict[int, float] = {}
    for n in sizes:
        engine = fresh_store(url_for(n))
        first = write_rows(folder / f"rows_{n}.csv", n)
        start = time.perf_counter()
        counts = import_actuals_file(engine, first)
        took = time.perf_counter() - start
        assert counts.stored == n, counts
        again = write_rows(folder / f"rows_{n}_revised.csv", n, bump=0.5)
        start = time.perf_counter()
        revised = import_actuals_file(engine, again)
        took_revised = time.perf_counter() - start
        assert revised.stored == n, revised
        engine.dispose()
        per_row[n] = took / n
        print(
            f"{label:10} {n:>8,} rows: {took:6.2f} s new ({took / n * 1e6:5.1f} µs/row), "
            f"{took_revised:6.2f} s as revisions ({took_revised / n * 1e6:5.1f} µs/row)"
        )
    if len(per_row) > 1:
        small, large = min(per_row), max(per_row)
        ratio = per_row[large] / per_row[small]
        print(f"{label:10} time per row at {large:,} ÷ at {small:,} rows: {ratio:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--pg", default=os.environ.get("PLANWATCH_DATABASE_URL", ""))
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run("sqlite", lambda n: f"sqlite:///{folder / f'store_{n}.db'}", sizes, folder)
        if args.pg.startswith("postgresql"):
            run("postgresql", lambda n: pg_database(args.pg, f"planwatch_bench_{n}"), sizes, folder)
        else:
            print("postgresql: skipped (set PLANWATCH_DATABASE_URL or --pg)")


if __name__ == "__main__":
    main()
