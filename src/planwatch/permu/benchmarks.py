"""Benchmark values per enterprise row: fixed, or computed from the population.

A population benchmark is computed over the enterprises of the same group that
are scored (evaluable, not exempt), optionally per industry or region, with
window expressions so one pass serves every row.
"""

from __future__ import annotations

import ast

import polars as pl

from planwatch.models.permu import IndicatorSpec
from planwatch.permu.formula import compile_expr

BY_COLUMN = {"industry": "industry_code", "region": "region"}


def ratio_parts(formula: str) -> tuple[pl.Expr, pl.Expr] | None:
    """(numerator, denominator) of a formula that is a division at its top."""
    tree = ast.parse(formula, mode="eval").body
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div):
        return compile_expr(ast.unparse(tree.left)), compile_expr(ast.unparse(tree.right))
    return None


def benchmark_expr(ind: IndicatorSpec, value: pl.Expr, in_scope: pl.Expr) -> pl.Expr:
    """The benchmark each row is scored against; `in_scope` marks the population."""
    b = ind.benchmark
    if b.value is not None:
        return pl.lit(b.value)

    def per_scope(stat: pl.Expr) -> pl.Expr:
        # the rows outside the population are null, so one value per industry or
        # region (or one for all) is the population's
        return stat.over(BY_COLUMN[b.by]) if b.by else stat

    if b.stat == "aggregate" and (parts := ratio_parts(ind.formula)) is not None:
        num, den = parts
        ok = in_scope & value.is_not_null()
        total_num = per_scope(pl.when(ok).then(num).sum())
        total_den = per_scope(pl.when(ok).then(den).sum())
        return pl.when(total_den > 0).then(total_num / total_den)
    kept = pl.when(in_scope).then(value)
    if b.stat == "median":
        return per_scope(kept.median())
    if b.stat == "percentile":
        return per_scope(kept.quantile(b.p or 0.5, interpolation="linear"))
    return per_scope(kept.mean())  # mean, and aggregate of a formula that is not a ratio
