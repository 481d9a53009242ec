"""Targets per industry, township or county (分行业/分乡镇/任务分解 tables).

Here each row is a subject and the indicator is named by the caption
(``…规上工业总产值分行业目标计划（亿元）``) or, in two-level headers, by the
sub-column (``2025年发展目标`` over ``规上工业总产值（亿元）``). Every dated value
of the row is kept; the earliest year is the baseline, the plan's target year
the target.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from planwatch.ingest.extractors.indicator_columns import (
    GROWTH_LABEL,
    SEQ_LABEL,
    label_year,
)
from planwatch.ingest.tables import Layout
from planwatch.ingest.text import clean, norm
from planwatch.ingest.units import split_name_unit
from planwatch.ingest.values import parse_value
from planwatch.models import Cell, CellRef, Indicator, YearValue

SUBJECT_LABEL = re.compile(
    r"(地区|区域|单位名称|行业|产业|乡镇|街道|县[(（]?市|县区|区县|园区|平台|板块|功能区|名称)"
)
SUBJECT_CAPTION = re.compile(
    r"(分行业|分产业|分地区|分区域|分乡镇|分县|分园区|任务分解|分解表|分解)"
)
_CAPTION_NOISE = [
    re.compile(r"^(附件|附表|表)\s*[0-9一二三四五六七八九十]+(?:[-－.]\d+)?\s*[:：]?\s*"),
    re.compile(r"^[^\s“”\"]{2,8}?[省市县区](?=[“\"]|十|分|规|工|制|[^\s]{2,})"),
    # 各镇（街道）/各县（市、区）/各产业: the rows name the subjects.
    re.compile(
        r"^各[\u4e00-\u9fff]{1,4}?(?:（[^）]*）)?"
        r"(?=规上|规模以上|工业|制造业|总产值|产值|营业收入|增加值|亩均)"
    ),
    re.compile(r"[“\"]?十[二三四五]五[”\"]?(时期|期间)?"),
    re.compile(r"分(行业|产业|地区|区域|乡镇|县|园区)(（[^）]*）)?"),
    re.compile(r"(规划)?(目标|计划|任务)+(表|计划|分解)*$"),
    # A group word before the measure (新兴产业/重点产业规上工业总产值): the rows name the groups.
    re.compile(r"^[\u4e00-\u9fff]{0,6}?产业(?=(规上|规模以上|工业|总产值|产值|营业收入|增加值))"),
]


def measure_from_caption(caption: str) -> tuple[str, str]:
    """(measure, unit) named by a caption such as ``表五 …总产值分行业目标计划（亿元）``."""
    text = re.sub(r"\s+", "", caption or "")
    text, unit = split_name_unit(text)
    for rx in _CAPTION_NOISE:
        text = rx.sub("", text)
    return text.strip("：:（）() "), unit


def subject_column(layout: Layout) -> int:
    for i, lab in enumerate(layout.labels):
        n = norm(lab)
        if SEQ_LABEL.search(n):
            continue
        if SUBJECT_LABEL.search(n) or not n:
            return i
    return 0


# Words in a header that say which value of a measure a column holds, not the measure.
SCENARIO = re.compile(
    r"^(现状|现状值|基期|基期值|基数|基础|目标|目标值|规划|规划值|规划目标|预期|预期值|预计|"
    r"实际|实际值|完成|完成值|计划|任务)$"
)


@dataclass
class Role:
    """What a value column of a per-subject table holds: a measure in a year."""

    measure: str  # as the header writes it, unit bracket included
    year: int | None
    growth: bool = False  # 年均增长 of the measure, not a value


def _names_a_measure(text: str) -> bool:
    n = norm(text)
    return label_year(text) is None and not SCENARIO.match(n) and not GROWTH_LABEL.search(n)


def column_roles(layout: Layout, subject: int) -> dict[int, Role]:
    """Each value column's measure and year, worked out from the words and years of
    its header cells at every level, whichever level holds which: 规上工业总产值（亿元）
    over 2020年 and 2025年, or 2025年目标 over 规上工业总产值（亿元）."""
    roles: dict[int, Role] = {}
    for c in range(layout.ncols):
        if c == subject or SEQ_LABEL.search(norm(layout.labels[c])):
            continue
        texts = list(
            dict.fromkeys(clean(level[c]) for level in layout.header_grid if c < len(level))
        )
        texts = [t for t in texts if t]
        year = next((y for t in texts if (y := label_year(t)) is not None), None)
        growth = any(GROWTH_LABEL.search(norm(t)) for t in texts)
        measures = [t for t in texts if _names_a_measure(t)]
        if measures:
            roles[c] = Role(measure=measures[-1], year=year, growth=growth)
    return roles


def _measure_groups(
    layout: Layout, subject: int
) -> tuple[dict[str, list[tuple[int, int]]], dict[str, int]]:
    """Measure → [(column, year)] when header cells name the measures, and measure →
    its growth column. Empty when the header names no measure per column."""
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    growth: dict[str, int] = {}
    if len(layout.header_grid) < 2:
        return groups, growth
    for c, role in column_roles(layout, subject).items():
        if role.growth:  # 年均增长 over 产值: the growth of 产值（亿元）
            growth[split_name_unit(role.measure)[0]] = c
        elif role.year is not None:
            groups[role.measure].append((c, role.year))
    return groups, growth


def unresolved(years: list[tuple[int, int]]) -> bool:
    """Value columns that share a year but name no measure of their own: the table's
    header could not be read as measure × year, and no row may be guessed."""
    counts: dict[int, int] = defaultdict(int)
    for _, y in years:
        counts[y] += 1
    return any(n > 1 for n in counts.values())


def _right_aligned(row: list[Cell], ncols: int) -> list[Cell]:
    """A short row (合计 spanning 序号 and 名称): values keep the right-hand columns.

    A full-grid row (.docx, .pdf) shows the same merge as a cell spanning columns:
    it stands in the columns it covers.
    """
    if len(row) >= ncols:
        return _spread_colspans(row)
    if not row:
        return row
    return [row[0]] * (ncols - len(row)) + row


def _spread_colspans(row: list[Cell]) -> list[Cell]:
    out = list(row)
    for i, c in enumerate(row):
        for k in range(1, c.colspan):
            if i + k < len(out) and row[i + k].merged:
                out[i + k] = c
    return out


def _mostly_numbers(body: list[list[Cell]], cols: list[int], ncols: int) -> bool:
    """Target values are numbers; ranges and prose (enterprise lists) are not."""
    texts = [
        row[c].text
        for raw in body
        for row in [_right_aligned(raw, ncols)]
        for c in cols
        if c < len(row)
    ]
    values = [parse_value(t) for t in texts]
    filled = [v for v in values if not v.missing]
    return bool(filled) and sum(v.number is not None for v in filled) / len(filled) >= 0.5


def _cell_value(row: list[Cell], col: int):  # type: ignore[no-untyped-def]
    return parse_value(row[col].text) if col < len(row) else parse_value("")


class SubjectTable:
    def __init__(self, layout: Layout, caption: str, table_name: str) -> None:
        self.layout = layout
        self.caption = caption
        self.table_name = table_name
        self.subject = subject_column(layout)
        self.growth = next(
            (i for i, lab in enumerate(layout.labels) if GROWTH_LABEL.search(norm(lab))), None
        )
        self.warnings: list[str] = []

    def read(self) -> list[Indicator]:
        groups, growth = _measure_groups(self.layout, self.subject)
        if groups:
            out = []
            for label, cols in groups.items():
                self.growth = growth.get(split_name_unit(label)[0])
                out += self._rows(*split_name_unit(label), cols)
            return out
        years = [
            (c, y)
            for c, lab in enumerate(self.layout.labels)
            if c != self.subject and c != self.growth and (y := label_year(lab))
        ]
        if unresolved(years):
            self.warnings.append(
                f"table '{self.table_name}': its header could not be read as measure × year "
                "(several columns for one year, none naming its measure); no rows taken from it"
            )
            return []
        measure, unit = measure_from_caption(self.caption)
        return self._rows(measure, unit, years)

    def _rows(self, measure: str, unit: str, cols: list[tuple[int, int]]) -> list[Indicator]:
        if len(cols) < 2 or not measure:
            return []
        cols = sorted(cols, key=lambda cy: cy[1])
        if not _mostly_numbers(self.layout.body, [c for c, _ in cols], self.layout.ncols):
            return []
        out = []
        for r, raw in enumerate(self.layout.body):
            row = _right_aligned(raw, self.layout.ncols)
            subject = clean(row[self.subject].text)
            if not subject:
                continue
            ref = CellRef(
                line=row[self.subject].line,
                page=row[self.subject].page,
                row=r + self.layout.header_rows,
                col=self.subject,
            )
            out.extend(self._indicators(row, subject, measure, unit, cols, ref))
        return out

    def _indicators(
        self, row, subject: str, measure: str, unit: str, cols, ref: CellRef
    ) -> list[Indicator]:
        """One row per target year: the earliest column is the baseline, each later one
        a target (the last column's row is always given, even with an empty cell)."""
        ind = Indicator(table=self.table_name, name=measure, unit=unit, subject=subject, source=ref)
        for c, year in cols:
            v = _cell_value(row, c)
            if not v.missing:
                ind.values.append(
                    YearValue(year=v.year or year, value=v.number, text=clean(v.text))
                )
        c0, y0 = cols[0]
        base = _cell_value(row, c0)
        ind.baseline, ind.baseline_text = base.number, "" if base.missing else clean(base.text)
        ind.baseline_year = (base.year or y0) if base.number is not None else None
        if self.growth is not None and self.growth < len(row):
            g = parse_value(row[self.growth].text)
            ind.annual_growth = g.number if not g.textual else None
        out = []
        for k, (c, year) in enumerate(cols[1:], start=1):
            target = _cell_value(row, c)
            if target.missing and k < len(cols) - 1:
                continue
            one = ind.model_copy(deep=True)
            one.target, one.target_text = (
                target.number,
                "" if target.missing else clean(target.text),
            )
            one.target_year, one.target_qualifier = target.year or year, target.qualifier
            one.textual_target = target.textual
            out.append(one)
        return out
