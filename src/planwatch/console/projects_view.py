"""The terminal view of `planwatch projects`: completion per project and totals."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from planwatch.models.projects import ProjectStanding, ProjectTotal


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.0f}%"


def projects_view(rows: list[ProjectStanding], sums: list[ProjectTotal], year: int) -> Group:
    t = Table(title=f"重点项目投资完成情况（截至{year}年）", title_justify="left")
    for col in ("项目", "类型", "责任单位", "规划期投资", "已完成", "完成率", "时间进度", "状态"):
        t.add_column(col, overflow="fold")
    for r in rows:
        flag = Text("逾期未完成", "bold red") if r.behind_schedule else r.status
        planned = f"{r.planned:,.0f} {r.money_unit}" if r.planned is not None else ""
        t.add_row(
            r.name,
            r.type,
            r.responsible_unit,
            planned,
            f"{r.invested:,.0f}",
            _pct(r.completion),
            _pct(r.expected_completion),
            flag,
        )
    s = Table(title="合计（万元）", title_justify="left")
    for col in ("分组", "", "项目数", "规划期投资", "已完成", "完成率", "逾期"):
        s.add_column(col)
    for x in sums:
        label = "类型" if x.group == "type" else "责任单位"
        s.add_row(
            label,
            x.key,
            str(x.projects),
            f"{x.planned:,.0f}",
            f"{x.invested:,.0f}",
            _pct(x.completion),
            str(x.behind),
        )
    return Group(t, s)
