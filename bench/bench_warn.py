"""Early warning at scale: 100,000 enterprises × 36 months, one month evaluated.

    ./dev bench warn                  # 100,000 enterprises × 36 months
    ./dev bench warn --n 20000

Times, in one run, median of 3:
- planwatch's `evaluate` with the default scheme: the grid, the measures, the rules
  over consecutive months, 12 months of levels with hysteresis, statuses, reasons;
  the aim is under 3 s;
- a plain polars script of the same rules for the one month only (year-on-year by
  a shift of 12 within each enterprise, no January–February rule, no history, no
  hysteresis, no reasons), what an analyst would write;
- the whole `planwatch warn evaluate FILE --json --no-store` in a child process
  (start-up, reading and checking 3.6 million rows, the JSON of every enterprise),
  with its peak memory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import polars as pl
from timing import median_seconds, run_command  # bench/timing.py, beside this script

from planwatch.warn.engine import evaluate
from planwatch.warn.schemes import load_scheme
from planwatch.warn.synth import synth_monthly


def plain_polars(panel: pl.DataFrame, month: str) -> pl.DataFrame:
    """The default scheme's rules for `month`, as a short polars script."""
    c = pl.col
    m = c("month").str.slice(0, 4).cast(pl.Int32) * 12 + c("month").str.slice(5, 2).cast(pl.Int32)
    year = int(month[:4])
    frame = (
        panel.lazy()
        .with_columns(m.alias("m"), c("month").str.slice(0, 4).cast(pl.Int32).alias("year"))
        .sort("credit_code", "m")
        .with_columns(
            (c("electricity_kwh") / c("electricity_kwh").shift(12).over("credit_code") - 1).alias(
                "e_yoy"
            )
        )
        .with_columns(c("e_yoy").shift(1).over("credit_code").alias("e_yoy_before"))
    )
    this_year = frame.filter((c("year") == year) & (c("month") <= month))
    last_year = frame.filter((c("year") == year - 1) & (c("month") <= f"{year - 1}{month[4:]}"))
    ytd = this_year.group_by("credit_code").agg(c("output").sum(), c("tax").sum()).join(
        last_year.group_by("credit_code").agg(c("output").sum().alias("o0"),
                                             c("tax").sum().alias("t0")),
        on="credit_code", how="left",
    )  # fmt: skip
    now = frame.filter(c("month") == month).join(ytd, on="credit_code", how="left")
    both = (c("e_yoy") <= -0.4) & (c("e_yoy_before") <= -0.4)
    either = (c("e_yoy") <= -0.2) & (c("e_yoy_before") <= -0.2)
    fall = ((c("output_right") / c("o0") - 1) <= -0.3) & ((c("tax_right") / c("t0") - 1) <= -0.3)
    arrears = c("wage_arrears").fill_null(False) | c("tax_arrears").fill_null(False)
    level = pl.when(arrears).then(3).when(both | fall).then(2).when(either).then(1).otherwise(0)
    return now.select("credit_code", level.alias("level")).collect()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=36)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    panel = synth_monthly(args.n, args.months, seed=1)
    scheme = load_scheme("default")
    month = panel["month"].max()
    ours = median_seconds(lambda: evaluate(panel, scheme, month), args.runs)
    theirs = median_seconds(lambda: plain_polars(panel, month), args.runs)
    run = evaluate(panel, scheme, month)
    plain = plain_polars(panel, month)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "monthly.parquet"
        panel.write_parquet(path)
        planwatch = str(Path(sys.executable).with_name("planwatch"))
        cmd = [planwatch, "warn", "evaluate", str(path), "--json", "--no-store"]
        timed = sorted(run_command(cmd, {"PATH": "/usr/bin:/bin"}) for _ in range(args.runs))
        seconds, peak = timed[len(timed) // 2]
    flagged = run.frame.filter(pl.col("status").is_in(["orange", "red"])).height
    print(f"{args.n:,} enterprises × {args.months} months ({panel.height:,} rows), month {month}")
    print(f"planwatch evaluate (12 months of history)  {ours:6.2f} s   (aim: under 3 s)")
    print(
        f"plain polars, the month only               {theirs:6.2f} s   ratio {ours / theirs:.2f}×"
    )
    print(f"`planwatch warn evaluate --json --no-store` {seconds:5.2f} s   peak {peak:,.0f} MB")
    print(
        f"橙/红: planwatch {flagged:,}, plain script {plain.filter(pl.col('level') >= 2).height:,}"
        " (the plain script has no January–February rule and no hysteresis)"
    )


if __name__ == "__main__":
    main()
