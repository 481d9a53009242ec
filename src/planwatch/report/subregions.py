"""Sub-regions of a plan whose targets are decomposed (任务分解): each indicator's
regions ranked by task progress, with a chart against the time progress."""

from __future__ import annotations

from planwatch.catalog import normal_name
from planwatch.models.report import Block, Chart, Column, Paragraph, Series, Table
from planwatch.report.figures import DASH, int_cell, num, pct_cell, text_cell
from planwatch.report.lang import pick
from planwatch.report.plan_rows import Row, common_year
from planwatch.report.statuses import UNASSESSED


def _by_indicator(parts: list[Row]) -> list[list[Row]]:
    """Sub-region rows by indicator name: a decomposition table stores one plan
    indicator per region row, all of the same name."""
    groups: dict[str, list[Row]] = {}
    for r in parts:
        groups.setdefault(normal_name(r.info.name), []).append(r)
    return [v for v in groups.values() if len(v) >= 2]


def _ranked(rows: list[Row]) -> list[Row]:
    """By task progress, fastest first; regions without one at the end."""
    return sorted(
        rows,
        key=lambda r: (r.assessment.task_progress is None, -(r.assessment.task_progress or 0.0)),
    )


def _table(k: int, name: str, rows: list[Row], lang: str) -> Table:
    year = rows[0].assessment.year
    base = common_year([r.track.baseline_year for r in rows])
    target = common_year([r.track.target_year for r in rows])
    cols = [
        ("排名", "Rank", "integer", 5),
        ("地区", "Region", "text", 14),
        (f"{base or ''}年基期值".lstrip("年"), f"{base or ''} base".strip(), "number", 10),
        (f"{target or ''}年目标值".lstrip("年"), f"{target or ''} target".strip(), "number", 10),
        (f"{year}年实际值", f"{year} actual", "number", 10),
        ("任务进度", "Task progress", "percent", 10),
        ("时间进度", "Time progress", "percent", 10),
        ("完成状态", "Status", "text", 10),
    ]
    body = []
    for rank, r in enumerate(rows, 1):
        a, cells = r.assessment, r.cells(base, target)
        body.append(
            [
                int_cell(rank),
                text_cell(r.track.region),
                cells[5],
                cells[6],
                cells[8],
                pct_cell(a.task_progress if r.tone != UNASSESSED else None),
                pct_cell(a.time_progress if r.tone != UNASSESSED else None),
                text_cell(r.status_text(), tone=r.tone),
            ]
        )
    return Table(
        key=f"subregion_{k}",
        caption=pick(
            lang,
            f"{name}分解目标完成情况（按任务进度排序）",
            f"{name}: sub-regions by task progress",
        ),
        columns=[Column(label=pick(lang, zh, en), kind=kind, width=w) for zh, en, kind, w in cols],  # type: ignore[arg-type]
        rows=body,
    )


def _chart(k: int, name: str, rows: list[Row], lang: str) -> Chart | None:
    shown = [r for r in rows if r.assessment.task_progress is not None]
    if not shown:
        return None
    times = [r.assessment.time_progress for r in shown if r.assessment.time_progress is not None]
    return Chart(
        key=f"subregion_chart_{k}",
        caption=pick(lang, f"{name}：各地区任务进度", f"{name}: task progress by sub-region"),
        kind="hbars",
        categories=[r.track.region for r in shown],
        series=[
            Series(
                name=pick(lang, "任务进度", "Task progress"),
                values=[r.assessment.task_progress for r in shown],
                style="bar",
            )
        ],
        percent=True,
        marker=times[0] if times else None,
        marker_label=pick(lang, "时间进度", "Time progress"),
    )


def _paragraph(name: str, table: Table, lang: str) -> Paragraph | None:
    ranked = [row for row in table.rows if row[5].text != DASH]
    if len(ranked) < 2:
        return None
    first, last = ranked[0], ranked[-1]
    n = num(len(table.rows))
    if lang == "en":
        text = (
            f"{name} is decomposed to {n} sub-regions; task progress is highest in "
            f"{first[1].text} ({first[5].text}) and lowest in {last[1].text} ({last[5].text})."
        )
    else:
        text = (
            f"{name}目标分解到{n}个地区，任务进度最快的是{first[1].text}（{first[5].text}），"
            f"最慢的是{last[1].text}（{last[5].text}）。"
        )
    return Paragraph(text=text)


def subregion_blocks(parts: list[Row], lang: str) -> list[Block]:
    blocks: list[Block] = []
    for k, rows in enumerate(_by_indicator(parts)):
        name = rows[0].info.name
        ranked = _ranked(rows)
        table = _table(k, name, ranked, lang)
        para = _paragraph(name, table, lang)
        chart = _chart(k, name, ranked, lang)
        blocks += [b for b in (para, table, chart) if b is not None]
    return blocks
