"""Key projects in an evaluation report: plan-period investment against completed,
by type and in total, and the projects behind schedule."""

from __future__ import annotations

from planwatch.models.projects import ProjectStanding, ProjectTotal
from planwatch.models.report import Block, Column, Paragraph, PlanReportInput, Table
from planwatch.monitor.projects import TOTAL_UNIT
from planwatch.report.figures import int_cell, pct_cell, text_cell, value_cell
from planwatch.report.lang import pick


def _progress(p: ProjectStanding, lang: str) -> tuple[str, str]:
    """(words, tone) of a project's progress."""
    if p.behind_schedule:
        return pick(lang, "超期未完成", "overdue"), "seriously_behind"
    if (
        p.completion is not None
        and p.expected_completion is not None
        and p.completion < p.expected_completion
    ):
        return pick(lang, "慢于时间进度", "behind time"), "behind"
    if p.completion is not None and p.completion >= 1:
        return pick(lang, "已完成投资", "invested"), "achieved"
    return pick(lang, "正常推进", "on schedule"), "on_track"


def _list_table(projects: list[ProjectStanding], year: int, lang: str) -> Table:
    cols = [
        ("项目名称", "Project", "text", 30),
        ("类型", "Type", "text", 10),
        ("单位", "Unit", "text", 6),
        ("计划投资", "Planned", "number", 12),
        (f"截至{year}年完成", f"Invested to {year}", "number", 12),
        ("投资完成率", "Completion", "percent", 10),
        ("时间进度", "Time elapsed", "percent", 10),
        ("推进情况", "Progress", "text", 12),
    ]
    rows = []
    for p in projects:
        words, tone = _progress(p, lang)
        rows.append(
            [
                text_cell(p.name),
                text_cell(p.type),
                text_cell(p.money_unit),
                value_cell(p.planned),
                value_cell(p.invested),
                pct_cell(p.completion),
                pct_cell(p.expected_completion),
                text_cell(words, tone=tone),
            ]
        )
    return Table(
        key="projects",
        caption=pick(lang, "重点项目投资完成情况", "Key projects: investment completed"),
        columns=[Column(label=pick(lang, zh, en), kind=kind, width=w) for zh, en, kind, w in cols],  # type: ignore[arg-type]
        rows=rows,
    )


def _totals_table(totals: list[ProjectTotal], lang: str) -> Table:
    cols = [
        ("类型", "Type", "text", 14),
        ("项目数", "Projects", "integer", 8),
        (f"计划投资（{TOTAL_UNIT}）", f"Planned ({TOTAL_UNIT})", "number", 14),
        (f"累计完成（{TOTAL_UNIT}）", f"Invested ({TOTAL_UNIT})", "number", 14),
        ("完成率", "Completion", "percent", 10),
        ("超期未完成", "Overdue", "integer", 10),
    ]
    all_ = ProjectTotal(
        group="type",
        key=pick(lang, "合计", "Total"),
        projects=sum(t.projects for t in totals),
        planned=sum(t.planned for t in totals),
        invested=sum(t.invested for t in totals),
        behind=sum(t.behind for t in totals),
    )
    all_.completion = all_.invested / all_.planned if all_.planned else None
    rows = [
        [
            text_cell(t.key),
            int_cell(t.projects),
            value_cell(t.planned),
            value_cell(t.invested),
            pct_cell(t.completion),
            int_cell(t.behind),
        ]
        for t in [*totals, all_]
    ]
    return Table(
        key="project_totals",
        caption=pick(lang, "重点项目投资完成情况（按类型汇总）", "Key projects by type"),
        columns=[Column(label=pick(lang, zh, en), kind=kind, width=w) for zh, en, kind, w in cols],  # type: ignore[arg-type]
        rows=rows,
    )


def _paragraph(totals: Table, year: int, lang: str) -> Paragraph:
    total = totals.rows[-1]
    n, planned, invested, share, overdue = (total[i].text for i in (1, 2, 3, 4, 5))
    if lang == "en":
        text = (
            f"{n} key projects plan {planned} {TOTAL_UNIT} of investment; {invested} "
            f"{TOTAL_UNIT} ({share}) was invested by {year}."
        )
        if total[5].value:
            text += f" {overdue} projects are past their end year with investment incomplete."
        return Paragraph(text=text)
    text = (
        f"规划确定的{n}个重点项目计划投资{planned}{TOTAL_UNIT}，截至{year}年累计完成"
        f"{invested}{TOTAL_UNIT}，投资完成率{share}。"
    )
    if total[5].value:
        text += f"其中{overdue}个项目已超过计划建设期但投资尚未完成，需督促推进。"
    return Paragraph(text=text)


def project_sections(inp: PlanReportInput, lang: str) -> list[Block]:
    if not inp.projects:
        return []
    totals = _totals_table(inp.project_totals, lang)
    listing = _list_table(inp.projects, inp.year, lang)
    return [_paragraph(totals, inp.year, lang), totals, listing]
