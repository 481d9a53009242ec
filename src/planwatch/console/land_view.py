"""The terminal table of `planwatch land forecast`."""

from __future__ import annotations

from rich.table import Table

from planwatch.models.land import LandForecast


def land_rows(f: LandForecast) -> tuple[list[str], list[list[object]]]:
    """Headers and rows as published tables lay them out (also used for .xlsx)."""
    spans = [
        f"{a + 1}—{b}年" for a, b in zip([f.base_year, *f.horizons[:-1]], f.horizons, strict=True)
    ]
    headers = ["产业", f"{f.base_year}年产值（{f.units.output}）"]
    for y, span in zip(f.horizons, spans, strict=True):
        headers += [
            f"{y}年目标（{f.units.output}）",
            f"{span}亩均产出要求（{f.units.per_mu}）",
            f"{span}新增用地（亩）",
        ]
    headers.append(f"{f.base_year + 1}—{f.horizons[-1]}年合计（亩）")
    rows: list[list[object]] = []
    for r in f.rows:
        row: list[object] = [r.industry, r.base_output]
        for y in map(str, f.horizons):
            row += [r.target[y], round(r.per_mu_required[y], 2), r.new_land[y]]
        rows.append([*row, r.total])
    total: list[object] = ["合计", sum(r.base_output for r in f.rows)]
    for y in map(str, f.horizons):
        total += [sum(r.target[y] for r in f.rows), f.overall_per_mu[y], f.totals[y]]
    rows.append([*total, f.totals["all"]])
    return headers, rows


def land_table(f: LandForecast) -> Table:
    headers, rows = land_rows(f)
    t = Table(title="产业用地需求预测", title_justify="left")
    for h in headers:
        t.add_column(h, justify="right" if h != "产业" else "left", overflow="fold")
    for row in rows:
        t.add_row(
            *("" if v is None else f"{v:,.4g}" if isinstance(v, float) else str(v) for v in row)
        )
    return t
