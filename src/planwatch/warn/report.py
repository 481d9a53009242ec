"""A month's warning run as the report users get: counts by status, by region and by
industry (GB/T 4754 division), changes since last month, and every enterprise with
its reasons; and the tables the console, the .xlsx and the web show."""

from __future__ import annotations

import polars as pl

from planwatch.catalog.industries import division_label
from planwatch.models.warn import (
    CHANGE_WORDS,
    LEVEL_WORDS,
    STATUSES,
    Flag,
    Reason,
    WarnReport,
    WarnScheme,
)
from planwatch.warn.engine import WarnRun
from planwatch.warn.fields import FIELDS

Table = tuple[list[str], list[list[object]]]


def counts(frame: pl.DataFrame) -> dict[str, int]:
    found = dict(frame["status"].value_counts().iter_rows())
    return {s: int(found.get(s, 0)) for s in STATUSES}


def counts_by(frame: pl.DataFrame, column: pl.Expr) -> dict[str, dict[str, int]]:
    """{group: {status: n}} for a grouping of the enterprises."""
    grouped = frame.group_by(column.alias("__by"), "status").agg(pl.len().alias("n"))
    out: dict[str, dict[str, int]] = {}
    for key, status, n in grouped.sort("__by", "status").iter_rows():
        out.setdefault(key or "（未填）", dict.fromkeys(STATUSES, 0))[status] = n
    return dict(sorted(out.items()))


def industry(frame: pl.DataFrame) -> pl.Expr:
    """Each enterprise's GB/T 4754 division with its name (a few hundred codes, each
    looked up once)."""
    codes = frame["industry_code"].drop_nulls().unique().to_list()
    return pl.col("industry_code").replace_strict(
        {c: division_label(c) for c in codes}, default=None, return_dtype=pl.String
    )


def warn_report(run: WarnRun) -> WarnReport:
    frame = run.frame
    flags = [
        Flag(**row, reasons=run.reasons.get(row["credit_code"], []))
        for row in frame.rename({"status": "level"}).iter_rows(named=True)
    ]
    return WarnReport(
        month=run.month, scheme=run.scheme.name, counts=counts(frame),
        by_region=counts_by(frame, pl.col("region")),
        by_industry=counts_by(frame, industry(frame)),
        changes=dict(sorted(frame["change"].value_counts().iter_rows())),
        enterprises=flags, synthetic=run.synthetic, example=run.scheme.example,
    )  # fmt: skip


def labels(scheme: WarnScheme) -> dict[str, str]:
    """What lists call each column and measure: the field's Chinese name, the measure's
    label."""
    names = {f.name: f.chinese for f in FIELDS} | {
        "grade": "亩均评价等级",
        "months_below": "已低于该级别月数",
        "since": "自",
    }
    return names | {k: m.label or k for k, m in scheme.measures.items()}


def scheme_labels(scheme: str | None) -> dict[str, str]:
    """What reasons call each column and measure for a list made with `scheme`: the
    preset's labels, or (a scheme file, or months of several lists) those of every
    preset."""
    from planwatch.warn import PRESETS
    from planwatch.warn.schemes import preset

    if scheme in PRESETS:
        return labels(preset(scheme))
    names: dict[str, str] = {}
    for p in PRESETS:
        names |= labels(preset(p))
    return names


def reasons_text(reasons: list[Reason], names: dict[str, str] | None = None,
                 level: str | None = None) -> str:  # fmt: skip
    """'用电量同比下降40%以上（连续2个月）（用电量同比 −62.2%）；…': the reasons at `level`
    (all if None), with the values that held (a false flag or a blank is left out)."""
    names = names or {}
    parts = []
    for r in reasons:
        if level is not None and r.level != level:
            continue
        shown = [f"{names.get(k, k)} {_shown(k, v)}" for k, v in r.values.items()
                 if v is not None and v is not False]  # fmt: skip
        parts.append(f"{r.rule}（{'，'.join(shown)}）" if shown else r.rule)
    return "；".join(parts)


def _shown(key: str, value: object) -> str:
    if value is True:
        return "是"
    if isinstance(value, float) and not key.startswith("months"):
        return f"{value:+.1%}" if abs(value) < 10 else f"{value:,.2f}"
    return str(value)


def list_table(run: WarnRun, statuses: tuple[str, ...] = ("red", "orange")) -> Table:
    """The enterprises at the given statuses, highest first, with reasons."""
    headers = [
        "等级",
        "企业名称",
        "统一社会信用代码",
        "地区",
        "园区",
        "行业",
        "起始月份",
        "变化",
        "原因",
    ]
    order = {s: i for i, s in enumerate(reversed(STATUSES))}
    names = labels(run.scheme)
    shown = run.frame.filter(pl.col("status").is_in(statuses)).sort(
        pl.col("status").replace_strict(order, return_dtype=pl.Int32), "region", "credit_code"
    )
    rows: list[list[object]] = [
        [LEVEL_WORDS[r["status"]], r["name"], r["credit_code"], r["region"], r["park"],
         division_label(r["industry_code"]), r["since"], CHANGE_WORDS[r["change"]],
         reasons_text(run.reasons.get(r["credit_code"], []), names, r["status"])]
        for r in shown.iter_rows(named=True)
    ]  # fmt: skip
    return headers, rows


def count_table(by: dict[str, dict[str, int]], label: str) -> Table:
    headers = [label, *(LEVEL_WORDS[s] for s in STATUSES), "合计"]
    rows: list[list[object]] = [
        [key, *(c[s] for s in STATUSES), sum(c.values())] for key, c in by.items()
    ]
    return headers, rows


def change_table(run: WarnRun) -> Table:
    """Enterprises whose status changed since last month (raised, lowered, cleared)."""
    moved = run.frame.filter(pl.col("change").is_in(["raised", "lowered", "cleared"]))
    names = labels(run.scheme)
    headers = ["变化", "企业名称", "统一社会信用代码", "地区", "上月", "本月", "原因"]
    rows: list[list[object]] = [
        [CHANGE_WORDS[r["change"]], r["name"], r["credit_code"], r["region"],
         LEVEL_WORDS.get(r["previous"] or "", ""), LEVEL_WORDS[r["status"]],
         reasons_text(run.reasons.get(r["credit_code"], []), names, r["status"])]
        for r in moved.sort("change", "credit_code").iter_rows(named=True)
    ]  # fmt: skip
    return headers, rows
