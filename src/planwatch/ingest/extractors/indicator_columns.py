"""Which column of a target table holds what: by header wording, then by content.

Plans word headers freely (2025年, 2025年目标, 目标值（2025年）, “十四五”末,
规划值), so roles are found by patterns on the normalised labels; the attribute
column is recognised by its values (预期性/约束性…) because its header is
sometimes just 指标 or 属性 or missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.ingest.tables import Layout
from planwatch.ingest.text import clean, norm
from planwatch.ingest.values import year_of

ATTRIBUTES = re.compile(r"^(预期性|约束性|奋进性|指导性|引导性|预期型|约束型|导向性|激励性)$")
KNOWN_ATTRIBUTES = ("预期性", "约束性", "奋进性", "指导性", "引导性", "导向性", "激励性")
FIVE_YEAR_END = {"十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
SEQ_LABEL = re.compile(r"^(序号|编号|序|No\.?)$", re.I)
CATEGORY_LABEL = re.compile(r"(类别|分类|一级指标|领域|方面|维度|板块|类型|指标类型)")
NAME_LABEL = [
    re.compile(p) for p in (r"指标名称", r"二级指标", r"具体指标", r"^指标$", r"名称", r"指标")
]
UNIT_LABEL = re.compile(r"^(计量)?单位$|^单位[（(]")
GROWTH_LABEL = re.compile(r"(年均|增长|增速|递增)")
ATTR_LABEL = re.compile(r"(属性|性质)")
REMARKS_LABEL = re.compile(r"^(备注|说明|注释|备注说明|附注)$")
BASE_WORDS = re.compile(r"(基期|基数|现状|基础|基准|实际)")
TARGET_WORDS = re.compile(r"(目标|规划|预期|预计|计划)")
VISION_WORDS = re.compile(r"(远景|展望)")
EVALUATION_LABEL = re.compile(r"(完成情况|完成率|完成进度|是否完成|评估结果|实现程度)")


def attribute_word(text: str) -> str | None:
    """The attribute a cell holds, as written; a cell that lost a character (约性 read
    from a scan, 约束 typed without 性) becomes the one known attribute whose
    characters it keeps in order. Several candidates (性 alone) leave it as written."""
    text = clean(text)
    if not text or ATTRIBUTES.match(text) or len(text) > 3:
        return text or None
    candidates = [a for a in KNOWN_ATTRIBUTES if len(text) >= 2 and _keeps(a, text)]
    return candidates[0] if len(candidates) == 1 else text


def _keeps(word: str, part: str) -> bool:
    """Are `part`'s characters in `word`, in order?"""
    rest = iter(word)
    return all(ch in rest for ch in part)


def label_year(label: str) -> int | None:
    """The year a header names, including “十四五”末 forms."""
    n = norm(label)
    for token, year in FIVE_YEAR_END.items():
        if token in n and ("末" in n or "期末" in n):
            return year
    return year_of(n)


@dataclass
class Columns:
    seq: int | None = None
    category: int | None = None
    name: int | None = None
    unit: int | None = None
    attribute: int | None = None
    growth: int | None = None
    remarks: int | None = None  # 备注/说明: kept with the row, read for what cells lack
    base: int | None = None
    target: int | None = None
    years: dict[int, int] = field(default_factory=dict)  # column → year
    # Further target columns (2022 and 2023 beside 2025, a 2035 vision column): each
    # gives the row's indicator another target year.
    more_targets: list[int] = field(default_factory=list)

    @property
    def value_cols(self) -> list[int]:
        cols = set(self.years) | {c for c in (self.base, self.target, self.growth) if c is not None}
        return sorted(cols)


def attribute_column(layout: Layout) -> int | None:
    """The column whose filled cells are mostly 预期性/约束性 words."""
    best, best_share = None, 0.0
    for c in range(layout.ncols):
        vals = [clean(r[c].text) for r in layout.body if c < len(r) and clean(r[c].text)]
        if len(vals) < 2:
            continue
        share = sum(bool(ATTRIBUTES.match(v)) for v in vals) / len(vals)
        if share > best_share:
            best, best_share = c, share
    if best is not None and best_share >= 0.5:
        return best
    return _first(layout, ATTR_LABEL, set())


def _first(layout: Layout, rx: re.Pattern[str], taken: set[int]) -> int | None:
    for i, lab in enumerate(layout.labels):
        if i not in taken and rx.search(norm(lab)):
            return i
    return None


def _year_columns(layout: Layout, taken: set[int]) -> dict[int, int]:
    years = {}
    for i, lab in enumerate(layout.labels):
        if i in taken or GROWTH_LABEL.search(norm(lab)):
            continue
        y = label_year(lab)
        if y is not None and 1990 <= y <= 2060:
            years[i] = y
    return years


def _base_and_target(layout: Layout, years: dict[int, int]) -> tuple[int | None, int | None]:
    if not years:
        return None, None
    labels = {c: norm(layout.labels[c]) for c in years}
    base_cands = [c for c in years if BASE_WORDS.search(labels[c])] or list(years)
    base = min(base_cands, key=lambda c: (years[c], c))
    later = [c for c in years if years[c] > years[base] and not VISION_WORDS.search(labels[c])]
    if not later:
        later = [c for c in years if years[c] > years[base]]
    if not later:
        return base, None
    five = [c for c in later if years[c] == years[base] + 5]
    target = five[0] if five else max(later, key=lambda c: (years[c], -c))
    return base, target


YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s*(?:年)?\s*[-—–~～至到]+\s*(?:(?:19|20)?\d{2})")


def _more_targets(layout: Layout, cols: Columns) -> list[int]:
    """Year columns after the base year besides the main target, in year order. A
    column over a span of years (2021—2025年累计) is a sum over the period, not a
    target for its first year, and is left out."""
    if cols.base is None or cols.target is None:
        return []
    base_year = cols.years[cols.base]
    return sorted(
        (
            c
            for c, y in cols.years.items()
            if y > base_year and c != cols.target and not YEAR_SPAN.search(norm(layout.labels[c]))
        ),
        key=lambda c: (cols.years[c], c),
    )


def _unyeared_base_and_target(
    layout: Layout, taken: set[int], years: tuple[int, int] | None
) -> dict[int, int]:
    """基期值 / 目标值 columns without a year: dated by the plan period when known."""
    base = _first(layout, BASE_WORDS, taken)
    target = _first(layout, TARGET_WORDS, taken | ({base} if base is not None else set()))
    if base is None or target is None or years is None:
        return {}
    return {base: years[0], target: years[1]}


def find_columns(layout: Layout, plan_years: tuple[int, int] | None = None) -> Columns:
    cols = Columns()
    taken: set[int] = set()
    cols.attribute = attribute_column(layout)
    if cols.attribute is not None:
        taken.add(cols.attribute)
    cols.seq = _first(layout, SEQ_LABEL, taken)
    if cols.seq is not None:
        taken.add(cols.seq)
    cols.remarks = _first(layout, REMARKS_LABEL, taken)
    if cols.remarks is not None:
        taken.add(cols.remarks)
    cols.unit = _first(layout, UNIT_LABEL, taken)
    if cols.unit is not None:
        taken.add(cols.unit)
    cols.growth = _first(layout, GROWTH_LABEL, taken)
    if cols.growth is not None:
        taken.add(cols.growth)
    cols.years = _year_columns(layout, taken)
    if not cols.years:
        cols.years = _unyeared_base_and_target(layout, taken, plan_years)
    cols.base, cols.target = _base_and_target(layout, cols.years)
    cols.more_targets = _more_targets(layout, cols)
    taken |= set(cols.years)
    cols.name = _name_column(layout, taken)
    if cols.name is not None:
        taken.add(cols.name)
        cols.category = _category_column(layout, cols.name, taken)
    return cols


def _name_column(layout: Layout, taken: set[int]) -> int | None:
    for rx in NAME_LABEL:
        hits = [i for i, lab in enumerate(layout.labels) if i not in taken and rx.search(norm(lab))]
        if hits:
            same = [i for i in hits if layout.labels[i] == layout.labels[hits[0]]]
            # A label repeated over several columns (a merged header): the last is the name.
            return same[-1]
    return None


def _category_column(layout: Layout, name: int, taken: set[int]) -> int | None:
    for i in range(name):
        if i in taken:
            continue
        lab = norm(layout.labels[i])
        if CATEGORY_LABEL.search(lab) or lab == norm(layout.labels[name]) or not lab:
            return i
    return None
