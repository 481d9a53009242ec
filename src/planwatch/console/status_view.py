"""The terminal table of `planwatch status`: one row per indicator and region."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

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


# 时间/任务: time and task progress; 需增速: annual growth still needed; 实增速: achieved so far.
# In the order columns are given up when the terminal is too narrow for all of them
# (the last ones go first); 指标 and 状态 always stay.
COLUMNS = ("指标", "状态", "地区", "任务", "时间", "实际", "需增速", "实增速")
SHOWN_ORDER = ("指标", "地区", "实际", "时间", "任务", "需增速", "实增速", "状态")
WRAPS = {"指标": 8, "地区": 4}  # columns that wrap, and the narrowest they may become
PER_COLUMN = 3  # a column's padding and its border


def _cells(a: Assessment) -> dict[str, str]:
    actual = _num(a.actual)
    if a.actual is not None and a.actual_year != a.year:
        actual += f"（{a.actual_year}）"
    return {
        "指标": a.indicator,
        "地区": a.region,
        "实际": actual,
        "时间": _pct(a.time_progress),
        "任务": _pct(a.task_progress),
        "需增速": _pct(a.required_growth),
        "实增速": _pct(a.actual_growth),
        "状态": STATUS_LABELS[a.status],
    }


def _natural(col: str, rows: list[dict[str, str]]) -> int:
    return max([cell_len(col), *(cell_len(r[col]) for r in rows)])


def _layout(rows: list[dict[str, str]], width: int | None) -> dict[str, int | None]:
    """{column: width} of the columns that fit in `width` without squeezing any: the
    others whole (a status or a percentage is never cut), wrapping ones (names) at
    least at their narrowest and given what room is left."""
    if width is None:
        return dict.fromkeys(SHOWN_ORDER)
    natural = {col: _natural(col, rows) for col in COLUMNS}
    narrowest = {col: min(natural[col], WRAPS.get(col, natural[col])) for col in COLUMNS}
    kept: list[str] = []
    used = 1
    for col in COLUMNS:
        if used + narrowest[col] + PER_COLUMN <= width or col in ("指标", "状态"):
            kept.append(col)
            used += narrowest[col] + PER_COLUMN
    room = max(0, width - used)
    widths: dict[str, int | None] = {}
    # wrapping columns take the room, the one that needs least to be whole first
    for col in sorted(kept, key=lambda c: (c not in WRAPS, natural[c] - narrowest[c])):
        extra = min(room, natural[col] - narrowest[col]) if col in WRAPS else 0
        widths[col] = narrowest[col] + extra
        room -= extra
    return {col: widths[col] for col in SHOWN_ORDER if col in widths}


def status_table(rows: list[Assessment], title: str, width: int | None = None) -> Table:
    """The monitoring table; with `width`, only the columns that fit it whole."""
    cells = [_cells(a) for a in rows]
    layout = _layout(cells, width)
    t = Table(title=title, title_justify="left")
    for col, w in layout.items():
        if col in WRAPS:
            t.add_column(col, overflow="fold", width=w, min_width=None if w else WRAPS[col])
        else:
            t.add_column(col, no_wrap=True)
    for a, row in zip(rows, cells, strict=True):
        # Text, not markup: an indicator named "投入[R&D]" must print as written
        style = {"状态": STATUS_STYLES[a.status]}
        t.add_row(*(Text(row[col], style=style.get(col, "")) for col in layout))
    return t


def status_counts(rows: list[Assessment]) -> Text:
    counts: dict[Status, int] = {}
    for a in rows:
        counts[a.status] = counts.get(a.status, 0) + 1
    parts = [(f"{STATUS_LABELS[s]} {n}", STATUS_STYLES[s]) for s, n in counts.items()]
    return Text("  ").join(Text(label, style) for label, style in parts)
