"""`planwatch permu evaluate` against the plain polars script an analyst would write
for the same evaluation, side by side (`./dev bench peers permu`).

The peer (`PEER`, run as its own process) reads the same Parquet of enterprises,
scores the zhejiang preset's indicators (value ÷ benchmark × weight, capped at 1.5×
the weight, negatives at 0, a missing emission score filled with the group's mean),
totals them, ranks overall, by industry and by region within each group (ties
share the better rank), grades by shares within each group, adds the D-grade
electricity surcharge and writes the same result columns to Parquet — with no
checks of the input, no regional aggregates and no kept copy of the results.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench_peers import PLANWATCH, side_by_side  # bench/, beside this script

N = 1_000_000

PEER = r"""
import sys
import polars as pl

src, out = sys.argv[1], sys.argv[2]
c = pl.col
ABOVE = {  # name: (formula, benchmark, weight)
    "tax_per_mu": (c("tax") / c("land_mu"), 26.01, 30),
    "va_per_mu": (c("value_added") / c("land_mu"), 132.27, 20),
    "va_per_energy": (c("value_added") / c("energy_tce"), 2.54, 20),
    "va_per_emission": (c("value_added") / (c("cod_t") + c("nh3n_t") + c("so2_t") + c("nox_t")),
                        4861.08, 10),
    "labour_productivity": (c("value_added") / c("employees"), 17.45, 10),
    "rd_intensity": (c("rd") / c("revenue"), 0.0305, 10),
}
BELOW = {
    "tax_per_mu": (c("tax") / c("land_mu"), 16.601058, 50),
    "tax_per_kwh": (c("tax") * 10000 / c("electricity_kwh"), 0.236565, 50),
}
SHARES = [("A", 0.20), ("B", 0.60), ("C", 0.95)]

df = pl.read_parquet(src)
ok = c("land_mu").is_not_null() & (c("land_mu") > 0)
above = c("above_scale").fill_null(False)
df = df.with_columns(
    pl.when(above).then(pl.lit("above_scale")).otherwise(pl.lit("below_scale")).alias("group"),
    pl.when(~ok).then(pl.lit("无用地面积或用地面积为0")).alias("not_evaluable"),
)
values, scores = [], []
for name in dict.fromkeys([*ABOVE, *BELOW]):
    a, b = ABOVE.get(name), BELOW.get(name)
    value = pl.lit(None, dtype=pl.Float64)
    score = pl.lit(None, dtype=pl.Float64)
    for spec, where in ((b, ~above), (a, above)):
        if spec is None:
            continue
        expr, bench, weight = spec
        value = pl.when(ok & where).then(expr).otherwise(value)
        s = (expr / bench * weight).clip(0, 1.5 * weight)
        score = pl.when(ok & where).then(s).otherwise(score)
    values.append(value.alias(f"value_{name}"))
    scores.append(score.alias(f"score_{name}"))
df = df.with_columns(values).with_columns(scores)
emission = c("score_va_per_emission")
df = df.with_columns(
    pl.when(ok & above).then(emission.fill_null(emission.mean().over("group")))
    .alias("score_va_per_emission")
)
parts = {"above_scale": list(ABOVE), "below_scale": list(BELOW)}
df = df.with_columns(
    pl.when(~ok).then(None)
    .when(above).then(pl.sum_horizontal([c(f"score_{n}") for n in parts["above_scale"]]))
    .otherwise(pl.sum_horizontal([c(f"score_{n}") for n in parts["below_scale"]]))
    .alias("score")
)
rank = lambda *by: c("score").rank("min", descending=True).over(list(by)).cast(pl.Int64)
df = df.with_columns(
    rank("group").alias("rank"),
    rank("group", "industry_code").alias("rank_industry"),
    rank("group", "region").alias("rank_region"),
    c("score").count().over("group").alias("_n"),
)
position = c("rank") / c("_n")
grade = pl.when(position <= SHARES[0][1]).then(pl.lit("A"))
for g, cum in SHARES[1:]:
    grade = grade.when(position <= cum).then(pl.lit(g))
df = df.with_columns(
    pl.when(c("score").is_not_null()).then(grade.otherwise(pl.lit("D"))).alias("grade"),
    pl.lit(None, dtype=pl.String).alias("override_rule"),
)
df = df.with_columns(
    (c("grade") == "D").cast(pl.Int64).fill_null(0).alias("consecutive_d"),
    pl.when(c("grade") == "D").then(0.1 * c("electricity_kwh").fill_null(0))
    .otherwise(0.0).alias("policy_electricity"),
)
keep = ["credit_code", "name", "year", "region", "park", "industry_code", "above_scale",
        "land_mu", "group", "not_evaluable", *(v.meta.output_name() for v in values),
        *(s.meta.output_name() for s in scores), "score", "rank", "rank_industry",
        "rank_region", "grade", "override_rule", "consecutive_d", "policy_electricity"]
df.select(keep).write_parquet(out, compression="snappy")
"""


def bench_permu(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        firms = folder / "firms.parquet"
        subprocess.run([str(PLANWATCH), "synth", "enterprises", "--n", str(N), "--seed", "1",
                        "-o", str(firms)], check=True, capture_output=True)  # fmt: skip
        peer = folder / "peer.py"
        peer.write_text(PEER, encoding="utf-8")
        results = folder / "ours.parquet"
        ours = ["env", f"PLANWATCH_HOME={folder}", str(PLANWATCH), "permu", "evaluate",
                str(firms), "--scheme", "zhejiang", "-o", str(results), "--json"]  # fmt: skip
        theirs = [sys.executable, str(peer), str(firms), str(folder / "peer.parquet")]
        side_by_side(f"permu evaluate, {N:,} enterprises", ours, theirs, runs)
