"""The terminal table of `planwatch status`: one row per indicator and region."""

from __future__ import annotations

from rich.table import Table

from planwatch.models.monitor import STATUS_LABELS, Assessment, Status

STATUS_STYLES: dict[Status, str] = {
    Status.ACHIEVED: "bold green",
    Status.ON_TRACK: "green",
    Status.BEHIND: "yellow",
    Status.SERIOUSLY_BEHIND: "bold red",
    Status.REGRESSING: "bold magenta",
    Status.NO_DATA: "dim",
    Status.NOT_EVALUATED: "dim",
    Status.AWAITING_TARGET: "cyan",
}


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.1f}%"


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:,.4g}"


NO_WRAP = {"状态", "时间", "任务"}
# 时间/任务: time and task progress; 需增速: annual growth still needed; 实增速: achieved so far.
COLUMNS = ("指标", "地区", "实际", "时间", "任务", "需增速", "实增速", "状态")


def status_table(rows: list[Assessment], title: str) -> Table:
    t = Table(title=title, title_justify="left")
    for col in COLUMNS:
        wide = 12 if col == "指标" else None
        t.add_column(col, no_wrap=col in NO_WRAP, overflow="fold", min_width=wide)
    for a in rows:
        actual = _num(a.actual)
        if a.actual is not None and a.actual_year != a.year:
            actual += f"（{a.actual_year}）"
        style = STATUS_STYLES[a.status]
        t.add_row(
            a.indicator,
            a.region,
            actual,
            _pct(a.time_progress),
            _pct(a.task_progress),
            _pct(a.required_growth),
            _pct(a.actual_growth),
            f"[{style}]{STATUS_LABELS[a.status]}[/]",
        )
    return t


def status_counts(rows: list[Assessment]) -> str:
    counts: dict[Status, int] = {}
    for a in rows:
        counts[a.status] = counts.get(a.status, 0) + 1
    return "  ".join(f"[{STATUS_STYLES[s]}]{STATUS_LABELS[s]} {n}[/]" for s, n in counts.items())
