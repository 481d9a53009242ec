"""`planwatch synth enterprises|monthly`: synthetic enterprise files for demos and tests.

Real enterprise data (tax, land, energy of named firms) cannot be shipped or
shared, so demos, tests and benchmarks of the per-mu evaluation run on
synthetic rows; the summary says so every time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planwatch.commands.common import DebugOpt, labelled, stderr, stdout
from planwatch.console.errors import user_errors
from planwatch.errors import InputError

synth_app = typer.Typer(help="Synthetic data for demos and tests (合成数据).")
FORMATS = (".csv", ".xlsx", ".parquet")
MAX_ROWS = 10_000_000  # ten times a province's enterprises; more would only exhaust memory


def _check_target(out: Path, n: int) -> None:
    """Refuse a file we cannot write before spending time generating it."""
    from planwatch.files import output_target
    from planwatch.permu.data import XLSX_MAX_ROWS

    ext = output_target(out).suffix.lower()
    if ext not in FORMATS:
        raise InputError(out, f"unknown file type '{ext or '(none)'}'; use .csv, .xlsx or .parquet")
    if ext == ".xlsx" and n > XLSX_MAX_ROWS:
        raise InputError(out, f"{n:,} rows do not fit in Excel; use .csv or .parquet")


@synth_app.command("enterprises")
def enterprises_command(
    n: Annotated[
        int,
        typer.Option(
            "--n", min=1, max=MAX_ROWS, help="Number of enterprises (rows), at most ten million."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output .csv, .xlsx or .parquet.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same file.")] = 0,
    year: Annotated[int, typer.Option(help="Evaluation year of every row.")] = 2023,
    debug: DebugOpt = False,
) -> None:
    """Write N synthetic enterprise-year rows (合成企业000001 …) for `planwatch permu`."""
    from planwatch.permu.data import write_enterprises
    from planwatch.permu.synth import synth_enterprises

    with user_errors(debug):
        _check_target(out, n)
        with stderr.status(f"生成 {n:,} 家合成企业…"):
            frame = synth_enterprises(n, seed, year)
        with stderr.status(f"写入 {out}…"):
            write_enterprises(frame, out)
    above = frame["above_scale"].sum() / frame.height
    stdout.print(f"{frame.height:,} 行（{year} 年，种子 {seed}）→ {out}")
    stdout.print(f"规上企业占比 {above:.1%}")
    stdout.print(
        labelled("合成数据，仅供演示/测试", "bold yellow", "(synthetic, for demos and tests only)")
    )


@synth_app.command("monthly")
def monthly_command(
    n: Annotated[int, typer.Option("--n", min=1, max=MAX_ROWS, help="Number of enterprises.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output .csv, .xlsx or .parquet.")],
    months: Annotated[int, typer.Option(min=1, max=120, help="Months of data.")] = 24,
    end: Annotated[str, typer.Option(help="The last month (YYYY-MM).")] = "2024-12",
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same file.")] = 0,
    debug: DebugOpt = False,
) -> None:
    """Write a synthetic monthly panel (seasons, the Spring Festival dip, a minority in
    decline) for `planwatch warn`."""
    from planwatch.errors import ArgumentError
    from planwatch.models.warn import MONTH
    from planwatch.permu.data import write_enterprises
    from planwatch.warn.synth import synth_monthly

    with user_errors(debug):
        if not MONTH.match(end):
            raise ArgumentError(f"--end {end}: a month is written 2024-12")
        _check_target(out, n * months)
        with stderr.status(f"生成 {n:,} 家合成企业 × {months} 个月…"):
            frame = synth_monthly(n, months, seed, end)
        with stderr.status(f"写入 {out}…"):
            write_enterprises(frame, out)
    stdout.print(
        f"{frame.height:,} 行（{n:,} 家企业，截至 {end} 的 {months} 个月，种子 {seed}）→ {out}"
    )
    stdout.print(
        labelled("合成数据，仅供演示/测试", "bold yellow", "(synthetic, for demos and tests only)")
    )


def register(app: typer.Typer) -> None:
    app.add_typer(synth_app, name="synth")
