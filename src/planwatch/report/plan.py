"""The evaluation report of a plan (规划中期评估 / 总结评估) as content.

Sections as Chinese plan evaluations have them: overall standing, the completion
table, an assessment per category, indicator paths, sub-regions, key projects and,
in an annex, the plan's own errors the audit found.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from itertools import groupby
from typing import Literal

from planwatch.models.report import (
    Block,
    Cell,
    Chart,
    Column,
    Paragraph,
    PlanReportInput,
    Report,
    Section,
    Series,
    Table,
)
from planwatch.monitor.path import planned_path
from planwatch.report.figures import DASH, int_cell, pct, text_cell
from planwatch.report.lang import chapters, pick
from planwatch.report.narrative import category_paragraph, overall_paragraph
from planwatch.report.plan_rows import Row, common_year, rows_of
from planwatch.report.projects import project_sections
from planwatch.report.statuses import LAGGING, TONES, UNASSESSED, label

Kind = Literal["midterm", "final"]
MAX_LISTED = 10  # rows in the "furthest behind" table


def default_kind(inp: PlanReportInput) -> Kind:
    """Final once the plan's last year is reached, mid-term before."""
    return "final" if inp.period_end is not None and inp.year >= inp.period_end else "midterm"


def completion_columns(base: int | None, target: int | None, year: int, lang: str) -> list[Column]:
    b = f"{base}年" if base and lang == "zh" else (f"{base} " if base else "")
    t = f"{target}年" if target and lang == "zh" else (f"{target} " if target else "")
    labels = [
        ("类别", "Category", "text", 8),
        ("序号", "No.", "text", 4),
        ("指标", "Indicator", "text", 24),
        ("单位", "Unit", "text", 7),
        ("属性", "Attribute", "text", 7),
        (f"{b}基期值", f"{b}base".strip(), "number", 11),
        (f"{t}目标值", f"{t}target".strip(), "number", 11),
        ("规划年均增速", "Planned growth a year", "percent", 11),
        (f"{year}年实际值", f"{year} actual", "number", 11),
        ("实际年均增速", "Actual growth a year", "percent", 11),
        ("时间进度", "Time progress", "percent", 10),
        ("任务进度", "Task progress", "percent", 10),
        ("需年均增速", "Growth still needed", "percent", 11),
        ("完成状态", "Status", "text", 10),
    ]
    return [Column(label=pick(lang, zh, en), kind=kind, width=w) for zh, en, kind, w in labels]  # type: ignore[arg-type]


class _Builder:
    def __init__(self, inp: PlanReportInput, lang: str) -> None:
        self.inp, self.lang = inp, lang
        self.rows, self.parts = rows_of(inp, lang)
        self.base = common_year([r.track.baseline_year for r in self.rows])
        self.target = common_year([r.track.target_year for r in self.rows])
        self.cells = [r.cells(self.base, self.target) for r in self.rows]
        self.columns = completion_columns(self.base, self.target, inp.year, lang)
        self.categories = [k for k, _ in groupby(self.rows, key=self._category)]

    def t(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    def _category(self, row: Row) -> str:
        return row.info.category or self.t("主要指标", "Main indicators")

    # -- counts -------------------------------------------------------------
    def _counts(self, rows: list[Row]) -> dict[str, Cell]:
        counts = {t: sum(r.tone == t for r in rows) for t in TONES}
        # coloured where there is something to count: a row of zeros stays quiet
        out = {t: int_cell(n, tone=t if n else "") for t, n in counts.items()}
        out["total"] = int_cell(len(rows))
        return out

    @cached_property
    def counts_table(self) -> tuple[Table, dict[str, dict[str, Cell]]]:
        """The status counts table and its cells by category (the overview shows the table,
        the paragraphs quote the cells)."""
        by_category: dict[str, dict[str, Cell]] = {}
        for cat in self.categories:
            by_category[cat] = self._counts([r for r in self.rows if self._category(r) == cat])
        total = self.t("合计", "Total")
        by_category[total] = self._counts(self.rows)
        columns = [
            Column(label=self.t("类别", "Category"), width=14),
            Column(label=self.t("指标数", "Indicators"), kind="integer", width=8),
        ]
        columns += [Column(label=label(t, self.lang), kind="integer", width=9) for t in TONES]
        rows = [[text_cell(k), v["total"], *(v[t] for t in TONES)] for k, v in by_category.items()]
        caption = self.t("指标完成状态统计", "Indicators by status")
        return Table(key="status_counts", caption=caption, columns=columns, rows=rows), by_category

    # -- tables ------------------------------------------------------------
    def completion_table(self) -> Table:
        unassessed = [r for r in self.rows if r.tone == UNASSESSED]
        notes = []
        if unassessed:
            notes.append(self.t("无法评估的指标及原因：", "Indicators that cannot be assessed:"))
            notes += [
                f"{r.name}：{r.reason(self.inp.year)}"
                if self.lang == "zh"
                else f"{r.name}: {r.reason(self.inp.year)}"
                for r in unassessed
            ]
        notes.append(
            self.t(
                "注：方括号内为比基期的累计增加值（百分比指标为百分点）；时间进度=(评估年−基期年)÷(目标年−基期年)，"
                "任务进度=(实际值−基期值)÷(目标值−基期值)。",
                "Brackets: increase over the base year (percentage points for % indicators); "
                "time progress = elapsed ÷ plan years; "
                "task progress = (actual − base) ÷ (target − base).",
            )
        )
        return Table(
            key="completion",
            caption=self.t("规划主要指标完成情况", "Completion of the plan's main indicators"),
            columns=self.columns,
            rows=self.cells,
            notes=notes,
        )

    def behind_table(self) -> Table | None:
        lagging = [k for k, r in enumerate(self.rows) if r.tone in LAGGING]
        if not lagging:
            return None
        lagging.sort(
            key=lambda k: (
                self.rows[k].assessment.pace is None,
                self.rows[k].assessment.pace or 0.0,
            )
        )
        picked = [0, 2, 3, 8, 6, 11, 10, 12, 13]  # columns of the completion table
        cols = self.columns
        return Table(
            key="behind",
            caption=self.t(
                "进度滞后的指标（按进度由慢到快）", "Indicators behind schedule, slowest first"
            ),
            columns=[cols[i] for i in picked],
            rows=[[self.cells[k][i] for i in picked] for k in lagging[:MAX_LISTED]],
        )

    def achieved_table(self) -> Table | None:
        early = [
            k
            for k, r in enumerate(self.rows)
            if r.tone == "achieved"
            and (r.track.target_year is None or self.inp.year < r.track.target_year)
        ]
        if not early:
            return None
        picked = [0, 2, 3, 8, 6, 13]
        cols = self.columns
        return Table(
            key="achieved",
            caption=self.t("提前完成目标的指标", "Indicators that reached their target early"),
            columns=[cols[i] for i in picked],
            rows=[[self.cells[k][i] for i in picked] for k in early],
        )

    # -- charts ------------------------------------------------------------
    def status_chart(self, counts: dict[str, Cell]) -> Chart:
        shown = [t for t in TONES if counts[t].value]
        return Chart(
            key="status_overview",
            caption=self.t("指标完成状态分布", "Indicators by status"),
            kind="pie",
            categories=[label(t, self.lang) for t in shown],
            series=[
                Series(
                    name=self.t("指标数", "Indicators"),
                    values=[float(counts[t].value or 0) for t in shown],
                )
            ],
            tones=shown,
        )

    def path_chart(self, k: int, row: Row) -> Chart | None:
        t = row.track
        if not (
            row.level
            and t.actuals
            and t.target is not None
            and t.baseline_year
            and t.target_year
            and t.baseline is not None
        ):
            return None
        last = max([t.target_year, *t.actuals])
        years = list(range(t.baseline_year, last + 1))
        actual = [t.baseline if y == t.baseline_year else t.actuals.get(y) for y in years]
        target = [t.target if y == t.target_year else None for y in years]
        series = [
            Series(name=self.t("实际值", "Actual"), values=actual, style="line"),
            Series(
                name=self.t("规划路径", "Planned path"),
                values=planned_path(t, years),
                style="dashed",
            ),
            Series(name=self.t("目标值", "Target"), values=target, style="point"),
        ]
        if t.stretch_target is not None:
            stretch = [t.stretch_target if y == t.target_year else None for y in years]
            series.append(
                Series(name=self.t("力争目标", "Stretch target"), values=stretch, style="point")
            )
        return Chart(
            key=f"path_{k}",
            caption=self.t(f"{row.name}：实际值与规划路径", f"{row.name}: actual and planned path"),
            kind="lines",
            categories=[str(y) for y in years],
            series=series,
            unit=t.unit,
            group=self.t("主要指标实际值与规划路径", "Indicator paths: actual and planned"),
            title=f"{row.name}（{t.unit}）" if t.unit else row.name,
        )

    # -- sections ----------------------------------------------------------
    def overall(self) -> list[Block]:
        table, counts = self.counts_table
        totals = counts[self.t("合计", "Total")]
        times = [
            r.assessment.time_progress for r in self.rows if r.track.target_year == self.target
        ]
        time_text = pct(times[0]) if times and self.target else DASH
        blocks: list[Block] = [
            Paragraph(text=overall_paragraph(self.inp.year, time_text, totals, self.lang))
        ]
        if not any(r.has_actual for r in self.rows):
            blocks.append(
                Paragraph(
                    text=self.t(
                        f"{self.inp.year}年尚无实际值数据，下表仅列出规划目标。",
                        f"No actual values are recorded for {self.inp.year} yet: "
                        "the tables show the targets only.",
                    )
                )
            )
        blocks += [table, self.status_chart(totals)]
        blocks += [b for b in (self.behind_table(), self.achieved_table()) if b is not None]
        return blocks

    def by_category(self) -> list[Block]:
        _, counts = self.counts_table
        blocks: list[Block] = []
        for cat in self.categories:
            ks = [k for k, r in enumerate(self.rows) if self._category(r) == cat]
            text = category_paragraph(
                cat, [self.rows[k] for k in ks], [self.cells[k] for k in ks], counts[cat], self.lang
            )
            blocks.append(Paragraph(text=text))
        return blocks

    def paths(self) -> list[Block]:
        charts = [self.path_chart(k, r) for k, r in enumerate(self.rows)]
        return [c for c in charts if c is not None]

    def report(self, kind: Kind) -> Report:
        from planwatch.report.subregions import subregion_blocks

        inp = self.inp
        sections = [
            (self.t("总体评价", "Overall"), self.overall()),
            (
                self.t("主要指标完成情况", "Completion of the main indicators"),
                [self.completion_table()],
            ),
            (self.t("分领域评估", "Assessment by category"), self.by_category()),
            (self.t("主要指标走势", "Indicator paths"), self.paths()),
            (self.t("分地区完成情况", "Sub-regions"), subregion_blocks(self.parts, self.lang)),
            (self.t("重点项目推进情况", "Key projects"), project_sections(inp, self.lang)),
        ]
        numbered = chapters(sections, self.lang)
        annex = self.audit_annex()
        return Report(
            title=self._title(kind),
            subtitle=self.t(f"（{inp.year}年）", f"({inp.year})"),
            lang=self.lang,  # type: ignore[arg-type]
            facts=self._facts(),
            sections=numbered + ([annex] if annex else []),
        )

    def _title(self, kind: Kind) -> str:
        name = self.inp.title or self.inp.document
        if self.lang == "en":
            return f"{'Mid-term' if kind == 'midterm' else 'Final'} evaluation: {name}"
        return f"《{name}》{'中期评估报告' if kind == 'midterm' else '实施情况总结评估报告'}"

    def _facts(self) -> list[str]:
        inp = self.inp
        period = f"{inp.period_start}—{inp.period_end}" if inp.period_start else ""
        from planwatch import __version__

        if self.lang == "en":
            return [
                f"Plan: {inp.title or inp.document} {period}".strip(),
                f"Region: {inp.region}" if inp.region else "",
                f"Evaluation year: {inp.year}",
                f"Made by planwatch {__version__} on {date.today().isoformat()}",
            ]
        return [
            f"规划：{inp.title or inp.document}（{period}年）"
            if period
            else f"规划：{inp.title or inp.document}",
            f"地区：{inp.region}" if inp.region else "",
            f"评估年度：{inp.year}年",
            f"生成：planwatch {__version__}，{date.today().isoformat()}",
        ]

    def audit_annex(self) -> Section | None:
        audit = self.inp.audit
        errors = [f for f in audit.findings if f.severity == "error"] if audit else []
        if not errors:
            return None
        cols = [
            Column(label=self.t("规则", "Rule"), width=14),
            Column(label=self.t("位置", "Where"), width=30),
            Column(label=self.t("问题", "Problem"), width=60),
        ]
        titles = {r.name: (r.title_en if self.lang == "en" else r.title_zh) for r in audit.rules}  # type: ignore[union-attr]
        rows = [
            [
                text_cell(titles.get(f.rule, f.rule)),
                text_cell(_where(f.location)),
                text_cell(f.message_en if self.lang == "en" else f.message_zh),
            ]
            for f in errors
        ]
        table = Table(
            key="audit",
            caption=self.t("规划文本体检发现的错误", "Errors the plan audit found"),
            columns=cols,
            rows=rows,
        )
        return Section(
            heading=self.t("附件：规划体检发现的问题", "Annex: errors in the plan"), blocks=[table]
        )


def _where(loc) -> str:  # type: ignore[no-untyped-def]
    parts = [loc.table, loc.row, loc.column]
    if loc.page:
        parts.append(f"p.{loc.page}")
    elif loc.line:
        parts.append(f"line {loc.line}")
    return " / ".join(p for p in parts if p)


def plan_report(inp: PlanReportInput, kind: Kind | None = None, lang: str = "zh") -> Report:
    """The evaluation report of a plan for `inp.year`."""
    return _Builder(inp, lang).report(kind or default_kind(inp))
