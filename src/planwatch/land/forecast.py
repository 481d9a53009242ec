"""New land per industry and horizon: new output ÷ required output per mu.

For the first horizon the new output is the target minus the base year's output;
for a later horizon it is counted from the earlier target, and the requirement is
the earlier one raised by the stated uplift (e.g. +50 %). Output in 亿元 and per-mu
output in 万元/亩 give mu after multiplying by 10,000 (`catalog.units` converts).

Published tables round each industry's land to whole mu and add the rounded
figures; the totals and the overall per-mu output here follow that convention,
so a published table is reproduced cell for cell. Exact values stay in
`new_land_exact`.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from planwatch.catalog import convert
from planwatch.errors import PlanwatchError
from planwatch.models.land import IndustryInput, LandForecast, LandInput, LandRow


class LandInputError(PlanwatchError):
    """Land figures the forecast cannot divide or add (shown on the land page, so each
    raise gives its Chinese `zh` too)."""


# Room for every digit of the largest float, so rounding never runs out of precision.
WIDE = Context(prec=400)


def whole_mu(x: float) -> int:
    return int(Decimal(repr(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP, context=WIDE))


def _requirements(ind: IndustryInput, horizons: list[int], uplift: dict[int, float]) -> list[float]:
    out: list[float] = []
    for year in horizons:
        if year in ind.per_mu_required:
            out.append(ind.per_mu_required[year])
        elif out:
            raise_by = ind.uplift.get(year, uplift.get(year, 0.0))
            out.append(out[-1] * (1 + raise_by))
        else:
            raise LandInputError(f"industry '{ind.name}': no per_mu_required for {year}",
                                 zh=f"行业“{ind.name}”：缺少{year}年亩均产出要求")  # fmt: skip
    return out


def _new_output(ind: IndustryInput, start: int, year: int, factor: float) -> float:
    """Output to come from new land between `start` and `year`, after intensification."""
    if year not in ind.output:
        raise LandInputError(f"industry '{ind.name}': no output target for {year}",
                             zh=f"行业“{ind.name}”：缺少{year}年产值目标")  # fmt: skip
    earlier = ind.output[start]
    if ind.land is not None and year in ind.per_mu_existing:
        # existing land at its expected per-mu output (converted to the output unit)
        earlier = max(earlier, ind.land * ind.per_mu_existing[year] / factor)
    return max(0.0, ind.output[year] - earlier)


def _row(ind: IndustryInput, base: int, horizons: list[int], data: LandInput) -> LandRow:
    # 万元/亩 × 亩 → 亿元: factor = mu per (output unit ÷ per-mu unit)
    factor = convert(1.0, data.units.output, "万元") / convert(1.0, data.units.per_mu, "万元/亩")
    required = _requirements(ind, horizons, data.uplift)
    starts = [base, *horizons[:-1]]
    new_output = {y: _new_output(ind, s, y, factor) for s, y in zip(starts, horizons, strict=True)}
    exact = {y: new_output[y] * factor / r for y, r in zip(horizons, required, strict=True)}
    for y, mu in exact.items():
        if not math.isfinite(mu):  # finite inputs can still overflow (1e308 ÷ 1e-5)
            raise LandInputError(
                f"industry '{ind.name}': the new land for {y} is too large to compute "
                f"({new_output[y]:g} {data.units.output} at {required[horizons.index(y)]:g} "
                f"{data.units.per_mu}); check the figures",
                zh=f"行业“{ind.name}”：{y}年新增用地过大，无法计算（新增产值{new_output[y]:g}"
                f"{data.units.output}，亩均产出要求{required[horizons.index(y)]:g}"
                f"{data.units.per_mu}），请检查数据",
            )
    rounded = {str(y): whole_mu(v) for y, v in exact.items()}
    return LandRow(
        industry=ind.name,
        base_output=ind.output[base],
        target={str(y): ind.output[y] for y in horizons},
        new_output={str(y): v for y, v in new_output.items()},
        per_mu_required={str(y): r for y, r in zip(horizons, required, strict=True)},
        new_land_exact={str(y): v for y, v in exact.items()},
        new_land=rounded,
        total=sum(rounded.values()),
    )


def forecast(data: LandInput) -> LandForecast:
    horizons = data.horizons()
    if not horizons:
        raise LandInputError("no output target after the base year",
                             zh="基期年之后没有产值目标")  # fmt: skip
    rows = [_row(ind, data.base_year, horizons, data) for ind in data.industries]
    factor = convert(1.0, data.units.output, "万元") / convert(1.0, data.units.per_mu, "万元/亩")
    totals: dict[str, int] = {}
    overall: dict[str, float] = {}
    for y in map(str, horizons):
        totals[y] = sum(r.new_land[y] for r in rows)
        output = sum(r.new_output[y] for r in rows)
        try:  # each row fits a float; their sum may not (two of 1.5e304 亿元 …)
            overall[y] = round(output * factor / totals[y], 1) if totals[y] else 0.0
        except OverflowError:
            overall[y] = math.inf
        if not math.isfinite(overall[y]):
            raise LandInputError(f"the totals for {y} are too large to compute; check the figures",
                                 zh=f"{y}年合计过大，无法计算，请检查数据")  # fmt: skip
    totals["all"] = sum(totals[str(y)] for y in horizons)
    stock = data.stock.total if data.stock else 0.0
    try:
        net = max(0, whole_mu(totals["all"] - stock)) if data.stock else None
    except OverflowError:
        raise LandInputError(
            "the total new land is too large to compute; check the figures",
            zh="新增用地合计过大，无法计算，请检查数据",
        ) from None
    return LandForecast(
        base_year=data.base_year,
        units=data.units,
        horizons=horizons,
        rows=rows,
        totals=totals,
        overall_per_mu=overall,
        stock=stock,
        net_demand=net,
    )
