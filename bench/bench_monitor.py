"""Time recomputing every status: 100 regions × 50 indicators × 5 evaluation years.

    ./dev bench monitor -n 20

Builds the plan and observation frames once (as the store would hand them over),
then times `with_actuals` + `assess_frame`, median of several runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import polars as pl

from planwatch.monitor import assess_frame, with_actuals


def frames(regions: int, indicators: int, seed: int = 1) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    plan, obs = [], []
    for r in range(regions):
        for i in range(indicators):
            base = rng.uniform(10, 1000)
            key = {"indicator": f"指标{i}", "region": f"地区{r}"}
            plan.append(
                key
                | {
                    "unit": "亿元", "baseline": base, "baseline_year": 2020,
                    "target": base * rng.uniform(1.1, 1.8), "target_year": 2025,
                    "bound": rng.choice(["exact", "at_least", "about"]), "stretch_target": None,
                    "direction": rng.choice(["higher", "lower"]),
                    "path": rng.choice(["geometric", "linear"]), "cumulative": i % 10 == 0,
                    "evaluated": i % 17 != 0, "textual_target": False,
                }
            )  # fmt: skip
            for y in range(2021, 2026):
                if rng.random() < 0.9:
                    obs.append(key | {"year": y, "value": base * rng.uniform(0.9, 1.5)})
    return pl.DataFrame(plan), pl.DataFrame(obs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--runs", type=int, default=20)
    ap.add_argument("--regions", type=int, default=100)
    ap.add_argument("--indicators", type=int, default=50)
    args = ap.parse_args()
    plan, obs = frames(args.regions, args.indicators)
    years = [2021, 2022, 2023, 2024, 2025]
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        out = assess_frame(with_actuals(plan, obs, years))
        times.append(time.perf_counter() - start)
    shape = f"{args.regions} regions × {args.indicators} indicators × 5 years"
    print(f"{out.height} assessments ({shape})")
    print(f"median {statistics.median(times) * 1e3:.1f} ms, min {min(times) * 1e3:.1f} ms "
          f"over {args.runs} runs (target < 100 ms)")  # fmt: skip
    print(out.group_by("status").len().sort("status"))


if __name__ == "__main__":
    main()
