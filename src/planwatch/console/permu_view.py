"""Terminal tables of the per-mu commands."""

from __future__ import annotations

import polars as pl
from rich.table import Table
from rich.text import Text

from planwatch.permu.aggregate import grade_shares


def grade_table(results: pl.DataFrame) -> Table:
    t = Table(title="等级分布", title_justify="left")
    for col in ("等级", "企业数", "占比"):
        t.add_column(col)
    for r in grade_shares(results).to_dicts():
        t.add_row(str(r["grade"]), f"{r['enterprises']:,}", f"{r['share'] * 100:.1f}%")
    missing = int(results["not_evaluable"].is_not_null().sum())
    if missing:
        t.add_row("不参评", f"{missing:,}", "", style="dim")
    return t


def region_table(regional: pl.DataFrame) -> Table:
    t = Table(title="分地区（合计÷合计）", title_justify="left")
    for col in ("地区", "企业数", "用地（亩）", "亩均税收（万元/亩）", "亩均增加值（万元/亩）"):
        t.add_column(col, justify="right")
    for r in regional.to_dicts():
        t.add_row(
            str(r["region"] or "（未填）"),
            f"{r['enterprises']:,}",
            f"{r['land_mu']:,.0f}",
            f"{r.get('tax_per_mu') or 0:,.2f}",
            f"{r.get('va_per_mu') or 0:,.2f}",
        )
    return t


def transition_table(matrix: pl.DataFrame, before: str, after: str) -> Table:
    t = Table(title=f"等级变化（{before} → {after}）", title_justify="left")
    if matrix.is_empty():
        t.add_column("两年都参评的企业为 0")
        return t
    for col in matrix.columns:
        t.add_column(f"{before}＼{after}" if col == "from" else col, justify="right")
    for row in matrix.iter_rows():
        t.add_row(*(str(v) for v in row))
    return t


def tiers_table(counts: dict[str, int], targets: list[dict]) -> Table:
    goal = {r["tier"]: r for r in targets}
    t = Table(title="企业梯队", title_justify="left")
    for col in ("梯队", "企业数", "规划目标", "是否达到"):
        t.add_column(col)
    for tier, n in counts.items():
        g = goal.get(tier)
        met = "" if g is None else Text("已达到", "green") if g["met"] else Text("未达到", "red")
        t.add_row(tier, f"{n:,}", "" if g is None else f"{g['target']:g}", met)
    return t
