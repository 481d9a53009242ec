"""The readable terminal view of a `PlanExtract` (what `planwatch extract` shows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from planwatch.ingest.batch import FileResult
from planwatch.models import PlanExtract


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:g}"


def _with_year(v: float | None, text: str, year: int | None) -> str:
    shown = _num(v) if v is not None else text
    return f"{shown} ({year})" if year and shown else shown


def _table(title: str, columns: Sequence[str], rows: list[list[str]]) -> Table:
    t = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*r)
    return t


CONFIDENCE = {"high": "可信度高", "low": "可信度低：版面重建", "ocr": "可信度低：OCR识别"}


def _metadata(ex: PlanExtract) -> Panel:
    m = ex.metadata
    period = f"{m.period_start}–{m.period_end}" if m.period_start and m.period_end else ""
    if m.vision_year:
        period += f"，远景 {m.vision_year}"
    lines = [
        ("标题", m.title),
        ("地区", f"{m.region}（{m.region_level}）" if m.region_level else m.region),
        ("规划期", period),
        ("发布", " ".join(x for x in (m.issuer, m.issue_date) if x)),
        ("稿本", "征求意见稿/草案" if m.draft else ""),
        ("格式", f"{ex.format}（{CONFIDENCE[ex.confidence]}）"),
    ]
    body = Text()
    for label, value in lines:
        if value:
            body.append(f"{label}：", style="bold")
            body.append(f"{value}\n")
    return Panel(body, title=ex.document, title_align="left")


def _indicator_rows(ex: PlanExtract) -> list[list[str]]:
    return [
        [
            i.subject or i.category,
            i.seq,
            i.name,
            i.unit,
            _with_year(i.baseline, i.baseline_text, i.baseline_year),
            _with_year(i.target, i.target_text, i.target_year),
            i.target_qualifier or "",
            _num(i.stretch_target),
            i.attribute or "",
            _num(i.annual_growth) or i.growth_text,
        ]
        for i in ex.indicators
    ]


def _prose_rows(ex: PlanExtract) -> list[list[str]]:
    return [
        [
            p.subject or "",
            p.indicator,
            _num(p.value),
            p.unit,
            str(p.year or ""),
            p.qualifier or "",
            _num(p.annual_growth),
            str(p.source.line or p.source.page or ""),
        ]
        for p in ex.prose_targets
    ]


def _project_rows(ex: PlanExtract) -> list[list[str]]:
    return [
        [
            p.seq,
            ("合计：" if p.is_total else "") + p.name,
            p.location,
            p.period_text or "–".join(str(y) for y in (p.period_start, p.period_end) if y),
            _num(p.total_investment) or p.investment_text,
            _num(p.plan_investment) or p.plan_investment_text,
            p.money_unit,
            p.type,
            p.responsible_unit,
        ]
        for p in ex.projects
    ]


def _list_rows(ex: PlanExtract) -> list[list[str]]:
    rows = []
    for e in ex.lists:
        ranges = "；".join(f"{k} {r.text}" for k, r in e.ranges.items())
        rows.append([e.list_kind, e.tier, e.seq, e.name, ranges])
    return rows


def _evaluation_rows(ex: PlanExtract) -> list[list[str]]:
    return [
        [
            e.name,
            e.unit,
            e.planned_text or _num(e.planned_value),
            e.planned_growth_text,
            e.actual_text or _num(e.actual_value),
            e.actual_growth_text,
            e.not_evaluable or e.completion,
        ]
        for e in ex.evaluations
    ]


SECTIONS: list[tuple[str, Sequence[str], Callable[[PlanExtract], list[list[str]]]]] = [
    (
        "指标（表格）",
        ["类别/对象", "序号", "指标", "单位", "基期", "目标", "限定", "力争", "属性", "年均增长"],
        _indicator_rows,
    ),
    (
        "文字目标",
        ["对象", "指标", "数值", "单位", "年份", "限定", "年均增长", "行/页"],
        _prose_rows,
    ),
    (
        "重点项目",
        ["序号", "项目", "地点", "建设期", "总投资", "规划期投资", "单位", "类型", "责任单位"],
        _project_rows,
    ),
    ("清单", ["类型", "梯队", "序号", "名称", "数值"], _list_rows),
    (
        "上一轮规划完成情况",
        ["指标", "单位", "规划目标", "规划增速", "实际", "实际增速", "说明"],
        _evaluation_rows,
    ),
]


def extract_view(ex: PlanExtract) -> RenderableType:
    parts: list[RenderableType] = [_metadata(ex)]
    for title, columns, rows_of in SECTIONS:
        rows = rows_of(ex)
        if rows:
            parts.append(_table(f"{title}（{len(rows)}）", columns, rows))
    for w in ex.warnings:
        parts.append(Text(f"注意：{w}", style="yellow"))
    return Group(*parts)


def summary_table(results: list[FileResult]) -> Table:
    """One row per file of a folder run: counts, or the error that stopped it."""
    t = Table(title="提取结果", title_justify="left")
    for c in ("文件", "格式", "指标", "文字目标", "项目", "清单", "评估", "耗时 s"):
        t.add_column(c)
    for r in results:
        ex = r.extract
        if ex is None:
            t.add_row(r.path.name, Text(r.error or "", style="red"))
            continue
        counts = (ex.indicators, ex.prose_targets, ex.projects, ex.lists, ex.evaluations)
        t.add_row(r.path.name, ex.format, *(str(len(c)) for c in counts), f"{r.seconds:.3f}")
    return t


def print_extract(console: Console, ex: PlanExtract) -> None:
    console.print(extract_view(ex))
