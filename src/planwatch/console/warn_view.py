"""Terminal tables of `planwatch warn`."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from rich.table import Table
from rich.text import Text

from planwatch.commands.common import stdout
from planwatch.models.warn import CHANGE_WORDS, LEVEL_WORDS, STATUSES
from planwatch.warn.engine import WarnRun
from planwatch.warn.report import change_table, counts, counts_by, list_table, reasons_text

STYLES = {"green": "green", "yellow": "yellow", "orange": "bold dark_orange", "red": "bold red",
          "missing": "dim"}  # fmt: skip
LISTED = 30  # enterprises shown at 橙/红 in the terminal; the .xlsx has them all


def _status(status: str) -> Text:
    return Text(LEVEL_WORDS[status], style=STYLES[status])


def _table(title: str, headers: list[str]) -> Table:
    t = Table(title=title, title_justify="left")
    for h in headers:
        t.add_column(h, overflow="fold")
    return t


def print_run(run: WarnRun, out: Path | None, kept: int | None) -> None:
    c = counts(run.frame)
    title = run.scheme.title or run.scheme.name
    stdout.print(f"{run.month} {title}：{run.frame.height:,} 家企业")
    stdout.print(Text("  ").join(Text(f"{LEVEL_WORDS[s]} {c[s]:,}", style=STYLES[s])
                                  for s in STATUSES))  # fmt: skip
    if run.scheme.example:
        stdout.print("方案为示例方案，不是官方规则。")
    if run.synthetic:
        stdout.print("数据为合成数据（示例）。")
    by_region = counts_by(run.frame, pl.col("region"))
    regions = _table("按地区", ["地区", *(LEVEL_WORDS[s] for s in STATUSES), "合计"])
    for key, n in by_region.items():
        regions.add_row(key, *(f"{n[s]:,}" for s in STATUSES), f"{sum(n.values()):,}")
    stdout.print(regions)
    rows = list_table(run)[1]
    t = _table(
        f"橙色、红色预警（{len(rows):,} 家）", ["等级", "企业名称", "地区", "起始", "变化", "原因"]
    )
    for r in rows[:LISTED]:
        t.add_row(Text(str(r[0]), style=STYLES[_key(str(r[0]))]), str(r[1]), str(r[3] or ""),
                  str(r[6]), str(r[7]), str(r[8]))  # fmt: skip
    stdout.print(t)
    if len(rows) > LISTED:
        stdout.print(f"… 另有 {len(rows) - LISTED:,} 家（完整名单见 -o 名单.xlsx 或 --json）")
    moved = change_table(run)[1]
    raised = sum(1 for r in moved if r[0] == CHANGE_WORDS["raised"])
    cleared = sum(1 for r in moved if r[0] == CHANGE_WORDS["cleared"])
    lowered = len(moved) - raised - cleared
    stdout.print(f"较上月：升级 {raised:,} 家，解除 {cleared:,} 家，降级 {lowered:,} 家")
    if out is not None:
        stdout.print(f"名单已写出：{out}")
    if kept is not None:
        stdout.print(f"已存入监测库：预警名单 {kept}")


def _key(word: str) -> str:
    return next(k for k, v in LEVEL_WORDS.items() if v == word)


def history_table(months: list) -> Table:  # type: ignore[type-arg]
    from planwatch.warn.report import scheme_labels

    names = scheme_labels(None)  # the presets' measures, and every column
    first = months[-1]
    t = _table(f"{first.name}（{first.region}）逐月预警", ["月份", "等级", "起始", "变化", "原因"])
    for m in months:
        t.add_row(m.month, _status(m.status), m.since, CHANGE_WORDS.get(m.change, m.change),
                  reasons_text(m.reasons, names, m.status))  # fmt: skip
    return t


def trend_table(months: list) -> Table:  # type: ignore[type-arg]
    t = _table("预警企业数逐月变化", ["月份", *(LEVEL_WORDS[s] for s in STATUSES), "合计"])
    for m in months:
        t.add_row(m.month, *(f"{m.counts.get(s, 0):,}" for s in STATUSES), f"{m.enterprises:,}")
    return t


def help_table(records: list) -> Table:  # type: ignore[type-arg]
    t = _table("帮扶记录", ["日期", "企业名称", "地区", "帮扶人", "措施", "是否解决"])
    for r in records:
        t.add_row(r.helped_on, r.name, r.region, r.helper, r.action, "是" if r.resolved else "否")
    return t
