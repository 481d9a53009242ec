"""One indicator of a plan evaluation: its plan columns, its assessment and the
cells the completion table prints for it. Made once, read by the tables and the
narrative alike, so the text quotes the cells."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from planwatch.models.monitor import Assessment, Path, Status, Track
from planwatch.models.report import Cell, IndicatorInfo, PlanReportInput
from planwatch.report.figures import (
    DASH,
    bracket,
    bracket_cell,
    num,
    pct_cell,
    text_cell,
)
from planwatch.report.statuses import UNASSESSED, label, tone


@dataclass
class Row:
    info: IndicatorInfo
    track: Track
    assessment: Assessment
    tone: str
    lang: str

    @property
    def name(self) -> str:
        return self.track.indicator

    @property
    def level(self) -> bool:
        """A quantity that grows geometrically (产值, 增加值), reported by growth rates;
        the rest (shares, counts, sums) by increments."""
        return self.track.path == Path.GEOMETRIC and not self.track.cumulative

    @property
    def has_actual(self) -> bool:
        return self.assessment.actual is not None

    def status_text(self) -> str:
        return label(self.tone, self.lang)

    def actual_text(self) -> str:
        a = self.assessment
        if a.actual is None:
            return DASH
        text = bracket(a.actual) if self.track.cumulative else num(a.actual)
        return text if a.actual_year == a.year else f"{text}（{a.actual_year}）"

    def base_text(self, shown_year: int | None) -> str:
        t = self.track
        text = num(t.baseline)
        if t.baseline is not None and t.baseline_year not in (None, shown_year):
            text += f"（{t.baseline_year}）"
        return text

    def target_text(self, shown_year: int | None) -> str:
        t = self.track
        text = bracket(t.target) if t.cumulative else num(t.target)
        if t.target is not None and t.target_year not in (None, shown_year):
            text += f"（{t.target_year}）"
        return text

    def planned_growth(self) -> Cell:
        t, a = self.track, self.assessment
        if t.cumulative:
            return text_cell(DASH)
        if not self.level:
            change = None if t.target is None or t.baseline is None else t.target - t.baseline
            return bracket_cell(change)
        if self.info.annual_growth is not None:
            return pct_cell(self.info.annual_growth / 100)
        return pct_cell(a.planned_growth)

    def actual_growth(self) -> Cell:
        t, a = self.track, self.assessment
        if t.cumulative:
            return text_cell(DASH)
        if not self.level:
            change = None if a.actual is None or t.baseline is None else a.actual - t.baseline
            return bracket_cell(change)
        return pct_cell(a.actual_growth)

    def still_needed(self) -> Cell:
        """Growth a year still needed (levels), or the increase still to make (the rest)."""
        t, a = self.track, self.assessment
        if self.tone in ("achieved", UNASSESSED):
            return text_cell(DASH)
        if not self.level:
            change = None if a.actual is None or t.target is None else t.target - a.actual
            return bracket_cell(change)
        return pct_cell(a.required_growth)

    def cells(self, base_year: int | None, target_year: int | None) -> list[Cell]:
        """The completion table's cells, in `completion_columns` order."""
        a, info = self.assessment, self.info
        return [
            text_cell(info.category),
            text_cell(info.seq),
            text_cell(self.name),
            text_cell(self.track.unit),
            text_cell(info.attribute or ""),
            Cell(value=self.track.baseline, text=self.base_text(base_year)),
            Cell(
                value=None if self.track.cumulative else self.track.target,
                text=self.target_text(target_year),
            ),
            self.planned_growth(),
            Cell(value=None if self.track.cumulative else a.actual, text=self.actual_text()),
            self.actual_growth(),
            pct_cell(a.time_progress if self.tone != UNASSESSED else None),
            pct_cell(a.task_progress if self.tone != UNASSESSED else None),
            self.still_needed(),
            text_cell(self.status_text(), tone=self.tone),
        ]

    def reason(self, year: int) -> str:
        """Why the indicator cannot be assessed, in the words evaluation reports use."""
        t, a, en = self.track, self.assessment, self.lang == "en"
        if self.info.suspended:
            return (
                f"monitoring suspended: {self.info.suspended}"
                if en
                else f"暂停监测：{self.info.suspended}"
            )
        if not t.evaluated:
            attribute = self.info.attribute or ""
            return f"{attribute} indicator, not evaluated" if en else f"{attribute}指标，不纳入评估"
        if a.status == Status.AWAITING_TARGET:
            return "target to be assigned by the higher level" if en else "目标待上级下达"
        if t.target is None:
            return "no numeric target" if en else "无量化目标"
        if t.baseline is None and a.actual is not None:
            return "no base-year value" if en else "缺少基期值"
        return f"no data for {year} yet" if en else f"暂无{year}年数据"


def rows_of(inp: PlanReportInput, lang: str) -> tuple[list[Row], list[Row]]:
    """(plan-level rows, sub-region rows), each in the plan's order."""
    infos = {i.ref: i for i in inp.indicators}
    own, parts = [], []
    for track, a in zip(inp.tracks, inp.assessments, strict=True):
        info = infos.get(track.ref or -1) or IndicatorInfo(ref=-1, name=track.indicator)
        row = Row(info, track, a, tone(a.status), lang)
        (own if track.region in ("", inp.region) else parts).append(row)
    return own, parts


def common_year(years: list[int | None]) -> int | None:
    """The year most rows share (it goes into the column's label; the cells of other
    years say theirs)."""
    found = Counter(y for y in years if y is not None)
    return found.most_common(1)[0][0] if found else None
