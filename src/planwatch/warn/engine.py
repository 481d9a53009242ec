"""One month's warning list: every enterprise's status (绿/黄/橙/红, or 未报 when it did
not report), the rules and numbers behind it, since when, and the change from the
month before. Plain data in (the validated monthly panel, a scheme), plain data out.

The panel is laid out as a dense enterprise × month grid over the months the
measures and rules need (`measures`), the rules give each month a raw level, and
`levels` holds those levels with hysteresis over the scheme's history.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np
import polars as pl

from planwatch.errors import ArgumentError
from planwatch.models.warn import LEVELS, STATUSES, Reason, WarnScheme
from planwatch.permu.fields import DTYPES
from planwatch.permu.formula import compile_condition, parse
from planwatch.warn.fields import FIELDS
from planwatch.warn.levels import held, missing_since
from planwatch.warn.measures import (
    MONTH_INDEX,
    POS,
    SPAN,
    held_for,
    helpers,
    measure,
    month_index,
    month_index_expr,
    month_text,
)
from planwatch.warn.schemes import GRADE, names

RANK = {level: i for i, level in enumerate(LEVELS)}
MISSING = len(LEVELS)  # the status code of an enterprise that did not report
LOOKBACK = 24  # months before the history a year-to-date comparison reaches back
ATTRIBUTES = ("name", "region", "park", "industry_code")


@dataclass
class WarnRun:
    month: str
    scheme: WarnScheme
    frame: pl.DataFrame  # credit_code, name, region, park, industry_code, status, since,
    # change, previous: one row per enterprise reporting within the history
    reasons: dict[str, list[Reason]]  # by credit code, for every status but green
    synthetic: bool


def with_all_fields(panel: pl.DataFrame) -> pl.DataFrame:
    """The panel with every monthly field, those it lacks as missing values."""
    lacking = [f for f in FIELDS if f.name not in panel.columns]
    return panel.with_columns(pl.lit(None, DTYPES[f.kind]).alias(f.name) for f in lacking)


def _rule_names(text: str) -> list[str]:
    """The columns and measures a condition reads, in order, for the reasons."""
    found = [n.id for n in ast.walk(parse(text)) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(x for x in found if x != "missing"))


def _month(panel: pl.DataFrame, month: str | None) -> int:
    months = panel["month"].unique().sort().to_list()
    if not months:
        raise ArgumentError("the monthly data has no rows", zh="月度数据中没有数据行")
    if month is None:
        return month_index(months[-1])
    if month not in months:
        shown = f"{months[0]} … {months[-1]}" if len(months) > 3 else "、".join(months)
        raise ArgumentError(f"--month {month}: the monthly data has no rows for it ({shown})",
                            zh=f"月份{month}：月度数据中没有该月的数据（{shown}）")  # fmt: skip
    return month_index(month)


def _firms(data: pl.DataFrame, first: int) -> tuple[pl.DataFrame, pl.Series]:
    """Enterprises reporting within the history (sorted by credit code, numbered `fid`)
    with the attributes of their latest report; and each data row's `fid` (null for
    an enterprise that stopped reporting before the history)."""
    groups = (
        data.with_row_index("__r")
        .group_by("credit_code")
        .agg(
            pl.col("__r"),
            pl.col(MONTH_INDEX).max().alias("__last"),
            *(pl.col(a).get(pl.col(MONTH_INDEX).arg_max()) for a in ATTRIBUTES),
        )
        .filter(pl.col("__last") >= first)
        .sort("credit_code")
        .with_row_index("fid")
    )
    pairs = groups.select("fid", "__r").explode("__r")
    fid = pl.Series("fid", [None], dtype=pl.UInt32).extend_constant(None, data.height - 1)
    fid = fid.scatter(pairs["__r"], pairs["fid"])
    return groups.select("fid", "credit_code", *ATTRIBUTES), fid


def _grid(data: pl.DataFrame, fid: pl.Series, firms: int, start: int, span: int,
          columns: list[str]) -> pl.DataFrame:  # fmt: skip
    """Every enterprise × month of the span (enterprise-major), each value put in its
    place by position: no join or sort of millions of rows on text keys."""
    rows = data.select(fid, MONTH_INDEX, *columns).filter(pl.col("fid").is_not_null())
    where = rows["fid"].cast(pl.Int64) * span + (rows[MONTH_INDEX] - start)
    size = firms * span
    placed = [
        pl.Series(c, dtype=rows.schema[c]).extend_constant(None, size).scatter(where, rows[c])
        for c in columns
    ]
    reported = pl.Series("reported", [False], dtype=pl.Boolean).extend_constant(False, size - 1)
    key = pl.int_range(size, dtype=pl.Int64, eager=True)
    return pl.DataFrame([
        (key // span).alias("fid"),
        (key % span + start).alias(MONTH_INDEX),
        *placed,
        reported.scatter(where, True),
        (key % span).alias(POS),
    ]).with_columns(pl.lit(span).alias(SPAN))  # fmt: skip


def _with_grades(firms: pl.DataFrame, grades: pl.DataFrame | None) -> pl.DataFrame:
    if grades is None or "grade" not in grades.columns:
        return firms.with_columns(pl.lit(None, pl.String).alias(GRADE))
    last = grades.select("credit_code", pl.col("grade").cast(pl.String)).unique(
        "credit_code", keep="last"
    )
    return firms.join(last, on="credit_code", how="left", maintain_order="left")


def evaluate(
    panel: pl.DataFrame, scheme: WarnScheme, month: str | None = None,
    grades: pl.DataFrame | None = None,
) -> WarnRun:  # fmt: skip
    """The warning list of `month` (default: the latest in the panel)."""
    panel = with_all_fields(panel)
    m = _month(panel, month)
    history = scheme.history
    consecutive = max(r.months for r in scheme.rules)
    start = m - history - consecutive - LOOKBACK + 1
    span = m - start + 1
    data = panel.with_columns(month_index_expr().alias(MONTH_INDEX)).filter(
        pl.col(MONTH_INDEX).is_between(start, m)
    )
    first = m - history + 1
    firms, fid = _firms(data, first)
    firms = _with_grades(firms, grades)
    used = {n for r in scheme.rules for n in _rule_names(r.when)}
    columns = sorted(({x.of for x in scheme.measures.values()} | used) - set(scheme.measures)
                     - {GRADE})  # fmt: skip
    grid = _grid(data, fid, firms.height, start, span, columns)
    grid = grid.with_columns(firms[GRADE].gather(grid["fid"]).alias(GRADE))
    grid = grid.with_columns(helpers(list(scheme.measures.values())))
    grid = grid.with_columns(measure(x).alias(k) for k, x in scheme.measures.items())
    allowed = names(scheme)
    hits = [
        (held_for(compile_condition(r.when, allowed), r.months) & pl.col("reported")).alias(
            f"__rule{i}"
        )
        for i, r in enumerate(scheme.rules)
    ]
    grid = grid.with_columns(hits)
    raw = pl.max_horizontal(
        pl.when(pl.col(f"__rule{i}")).then(RANK[r.level]).otherwise(0)
        for i, r in enumerate(scheme.rules)
    ).cast(pl.Int8)
    recent = grid.filter(pl.col(POS) >= span - history)
    matrix = recent.select(raw.alias("raw"), "reported")
    shape = (firms.height, history)
    raw_levels = matrix["raw"].to_numpy().reshape(shape)
    reported = matrix["reported"].to_numpy().reshape(shape)
    levels = held(raw_levels, reported, scheme.hysteresis)
    frame = _statuses(firms, levels.level, levels.since, reported, first)
    at_month = grid.filter(pl.col(POS) == span - 1)
    reasons = _reasons(scheme, at_month, frame, levels.level[:, -1], raw_levels[:, -1],
                       levels.below)  # fmt: skip
    synthetic = "synthetic" in panel.columns and bool(panel["synthetic"].fill_null(False).any())
    return WarnRun(month=month_text(m), scheme=scheme, frame=frame, reasons=reasons,
                   synthetic=synthetic)  # fmt: skip


def _statuses(firms: pl.DataFrame, level: np.ndarray, since: np.ndarray,
              reported: np.ndarray, first: int) -> pl.DataFrame:  # fmt: skip
    """Status, since and change of each enterprise at the last month."""
    now = np.where(reported[:, -1], level[:, -1], MISSING)
    before = np.where(reported[:, -2], level[:, -2], MISSING)
    started = np.where(reported[:, -1], since[:, -1], missing_since(reported))
    new = ~reported[:, :-1].any(axis=1)
    change = np.select(
        [new, now == before, now == MISSING, before == MISSING,
         (now == 0), now > before],
        ["new", "same", "raised", np.where(now == 0, "cleared", "raised"), "cleared", "raised"],
        default="lowered",
    )  # fmt: skip
    words = np.array(STATUSES)
    return firms.select("credit_code", *ATTRIBUTES).with_columns(
        pl.Series("status", words[now]),
        pl.Series("since", [month_text(first + int(s)) for s in started]),
        pl.Series("change", change.astype(str)),
        pl.Series("previous", np.where(new, None, words[before]), dtype=pl.String),
    )


def _value(v: object) -> float | str | bool | None:
    if isinstance(v, float):
        return round(v, 4)
    return v  # type: ignore[return-value]


def _reasons(
    scheme: WarnScheme, at_month: pl.DataFrame, frame: pl.DataFrame, level: np.ndarray,
    raw: np.ndarray, below: np.ndarray,
) -> dict[str, list[Reason]]:  # fmt: skip
    """For every enterprise not green: each rule that holds at the month with the values
    it read, a level held by hysteresis, or since when it has not reported. Built only
    for those enterprises (at the month's rows, which are in the enterprises' order)."""
    status = frame["status"].to_numpy()
    idx = np.flatnonzero(status != "green")
    read = [_rule_names(r.when) for r in scheme.rules]
    columns = sorted({n for names_ in read for n in names_})
    rows = at_month[idx].select(*columns, *(f"__rule{i}" for i in range(len(read))))
    codes, since = frame["credit_code"].to_numpy(), frame["since"].to_numpy()
    out: dict[str, list[Reason]] = {}
    for k, row in enumerate(rows.iter_rows(named=True)):
        j = idx[k]
        if status[j] == "missing":
            out[codes[j]] = [Reason(rule="未报送", level="missing", values={"since": since[j]})]
            continue
        found = [
            Reason(rule=r.name, level=r.level, values={n: _value(row[n]) for n in read[i]})
            for i, r in enumerate(scheme.rules)
            if row[f"__rule{i}"]
        ]
        if level[j] > raw[j]:
            found.append(Reason(
                rule=f"保持：连续 {scheme.hysteresis} 个月低于该级别后回落", level=status[j],
                values={"months_below": int(below[j])},
            ))  # fmt: skip
        out[codes[j]] = found
    return out
