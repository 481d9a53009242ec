"""Enterprise cultivation lists and park/platform tables: one `ListEntry` per row.

Enterprise lists (重点企业培育清单, 企业梯队) group rows under tier rows such as
``百亿级企业（3家）`` and often give revenue as ranges (``60-80亿``).
Park and platform tables (园区名称, 平台名称, 园区类别) group rows by a category
column merged down its group. Target tables, project lists and completion
tables are left to their own extractors.
"""

from __future__ import annotations

import re
from typing import Literal

from planwatch.ingest.extractors.evaluations import is_evaluation_table
from planwatch.ingest.extractors.indicator_columns import label_year
from planwatch.ingest.extractors.projects import is_project_table, project_roles
from planwatch.ingest.extractors.row_align import (
    TEXT_KINDS,
    BodyRow,
    body_rows,
    cell_class,
    column_kinds,
    last_of_run,
)
from planwatch.ingest.extractors.table_context import TableContext, table_contexts
from planwatch.ingest.text import clean, norm
from planwatch.ingest.units import looks_like_unit
from planwatch.ingest.values import nfkc, parse_range
from planwatch.models import CellRef, Document, ListEntry, ValueRange

ENTERPRISE_CAPTION = re.compile(
    r"(培育清单|企业名单|企业清单|企业名录|梯队|培育企业|企业培育|重点企业|龙头企业|骨干企业)"
)
ENTERPRISE_LABEL = re.compile(
    r"(企业名称|^企业$|企业[(（]?单位[)）]?名称|公司名称|^(重点|龙头)企业$)"
)
PARK_WORD = re.compile(r"(园区|开发区|产业园|工业园|产业区|小镇|集聚区|产业基地)")
LIST_CAPTION = re.compile(r"(清单|名单|名录|一览|梯队)")
NOT_A_LIST = re.compile(r"(专栏|指标)")
SEQ = re.compile(r"^(序号|编号|序|No\.?)$", re.I)
CATEGORY = re.compile(r"(类别|类型|级别|层级|分类|等级|梯队|档次)")
NAME = [
    r"(企业|园区|平台|开发区|基地|载体|单位|公司)名称",
    r"名称",
    r"^(重点|重大|主要)?(企业|园区|平台|开发区|基地|载体)$",
    r"(企业|园区|平台|开发区|基地)",
]
MAX_NAME_CHARS = 40
OTHER_RANGE = re.compile(r"(\d+(?:\.\d+)?)(?:(?:-|~|～|至|—|－|–)(\d+(?:\.\d+)?))?([^\d\s]{1,5})")


ListKind = Literal["enterprise", "park", "platform", "other"]


def list_kind(ctx: TableContext) -> ListKind | None:
    """enterprise, platform, park or other, from the headers first, then the caption."""
    labels = [norm(lab) for lab in ctx.layout.labels]
    caption = norm(" ".join((ctx.caption, ctx.layout.title or "", ctx.lead)))
    described = caption or norm(ctx.heading)
    if any(ENTERPRISE_LABEL.search(lab) for lab in labels) or ENTERPRISE_CAPTION.search(described):
        return "enterprise"
    if any("平台" in lab for lab in labels):
        return "platform"
    if any(PARK_WORD.search(lab) for lab in labels):
        return "park"
    if "平台" in described:
        return "platform"
    if PARK_WORD.search(described):
        return "park"
    if LIST_CAPTION.search(caption):
        return "other"
    return None


def _seq_column(labels: list[str]) -> int | None:
    return next((i for i, lab in enumerate(labels) if SEQ.search(lab)), None)


def _category_column(labels: list[str], taken: set[int]) -> int | None:
    return next(
        (i for i, lab in enumerate(labels) if i not in taken and CATEGORY.search(lab)), None
    )


def _name_column(ctx: TableContext, taken: set[int]) -> int | None:
    labels = [norm(lab) for lab in ctx.layout.labels]
    for pat in NAME:
        for i, lab in enumerate(labels):
            if i not in taken and re.search(pat, lab):
                return last_of_run(labels, i)
    kinds = column_kinds(ctx.layout, {})
    return next((i for i, k in enumerate(kinds) if i not in taken and k in TEXT_KINDS), None)


def is_target_table(ctx: TableContext) -> bool:
    """Dated value columns (2020年 … 2025年) and no list wording: a target table."""
    years = {label_year(lab) for lab in ctx.layout.labels} - {None}
    return len(years) >= 2 and not LIST_CAPTION.search(ctx.description)


def is_other_table(ctx: TableContext) -> bool:
    named = norm(ctx.caption + (ctx.layout.title or ""))
    if ctx.layout.ncols < 2 or not ctx.layout.body or NOT_A_LIST.search(named):
        return True
    if is_evaluation_table(ctx) or is_target_table(ctx):
        return True
    return is_project_table(ctx, project_roles(ctx.layout.labels))


def _range(text: str) -> ValueRange | None:
    """``60-80亿`` and ``8-12家``; a year span (2021-2023) is not a value range."""
    low, high, unit = parse_range(text)
    if low is None or high is None:
        m = OTHER_RANGE.fullmatch(nfkc(clean(text)).replace(" ", ""))
        if m is None or not looks_like_unit(m.group(3)):
            return None
        low, unit = float(m.group(1)), m.group(3)
        high = float(m.group(2)) if m.group(2) else low
    if not unit and all(x.is_integer() and 1900 <= x <= 2100 for x in (low, high)):
        return None
    return ValueRange(low=low, high=high, unit=unit, text=clean(text))


# Words that make a caption, lead line or heading name an enterprise tier.
TIER_WORDS = re.compile(
    r"(亿级|亿元级|梯队|小巨人|专精特新|隐形冠军|单项冠军|领军|骨干|雏鹰|瞪羚|独角兽)"
)
_TIER_NOISE = [
    re.compile(r"^(附件|附表|表)\s*[0-9一二三四五六七八九十]*(?:[-－.]\d+)?\s*[:：]?\s*"),
    re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.]\s*"),
    re.compile(r"(重点)?(培育)?(清单|名单|名录|一览表|表)$"),
]


def tier_from_context(ctx: TableContext) -> str:
    """百亿级企业培育清单 above a list without tier rows → the tier 百亿级企业."""
    for text in (ctx.caption, ctx.lead, ctx.layout.title or "", ctx.heading):
        t = clean(text or "")
        if t and TIER_WORDS.search(t):
            for rx in _TIER_NOISE:
                t = rx.sub("", t)
            return t.strip()
    return ""


class ListReader:
    """Reads one list table, carrying tier rows and the category column down."""

    def __init__(self, ctx: TableContext, kind: ListKind) -> None:
        self.ctx = ctx
        self.kind = kind
        labels = [norm(lab) for lab in ctx.layout.labels]
        self.seq = _seq_column(labels)
        taken = {self.seq} if self.seq is not None else set()
        self.category = _category_column(labels, taken)
        if self.category is not None:
            taken.add(self.category)
        self.name = _name_column(ctx, taken)
        self.tier = ""
        self.group = ""
        self.context_tier = tier_from_context(ctx)

    def read(self) -> list[ListEntry]:
        if self.name is None:
            return []
        lay = self.ctx.layout
        fixed = {c: "seq" for c in (self.seq,) if c is not None} | {self.name: "text"}
        rows = body_rows(lay, column_kinds(lay, fixed))
        out: list[ListEntry] = []
        for row in rows:
            if row.is_blank():
                continue
            head = row.heading(self.name)
            if head is not None:
                self.tier, self.group = head, ""
                continue
            group = row.text(self.category)
            if group:
                self.group = group
            name = row.text(self.name)
            if cell_class(name) == "total" or cell_class(row.text(self.seq)) == "total":
                continue
            if not name:
                if out and not row.text(self.seq):
                    self._continue(out[-1], row)
                continue
            out.append(self._entry(row, name))
        self._ranges(out)
        return out

    def _entry(self, row: BodyRow, text: str) -> ListEntry:
        labels = self.ctx.layout.labels
        name = _short_name(text)
        entry = ListEntry(
            list_kind=self.kind,
            table=self.ctx.name,
            tier=self.tier or self.group or self.context_tier,
            seq=row.text(self.seq),
            name=name,
            source=self._ref(row),
        )
        for c, label in enumerate(labels):
            if c == self.seq or (c == self.name and name == text):
                continue
            value = self.group if c == self.category else row.value(c)
            if value:
                entry.fields[clean(label) or f"column{c + 1}"] = value
        return entry

    def _continue(self, prev: ListEntry, row: BodyRow) -> None:
        """A row without number or name carries on the entry above."""
        for c, label in enumerate(self.ctx.layout.labels):
            text = row.value(c)
            if text and c not in (self.seq, self.category):
                key = clean(label) or f"column{c + 1}"
                prev.fields[key] = prev.fields.get(key, "") + text

    @staticmethod
    def _ranges(entries: list[ListEntry]) -> None:
        """Range cells (60-80亿); single values too in a column that has ranges."""
        ranged = {
            k
            for e in entries
            for k, v in e.fields.items()
            if (r := _range(v)) is not None and r.low != r.high
        }
        for e in entries:
            for k, v in e.fields.items():
                r = _range(v) if k in ranged else None
                if r is not None:
                    e.ranges[k] = r

    def _ref(self, row: BodyRow) -> CellRef:
        cell = row.cell(self.name)
        return CellRef(
            line=cell.line if cell else None,
            page=cell.page if cell else None,
            row=row.index,
            col=self.name,
        )


def _short_name(text: str) -> str:
    """A cell that describes (东湖科技小镇。3.2平方公里，东至…) is named by its first phrase."""
    stops = r"[。；;]" if len(text) <= MAX_NAME_CHARS else r"[。；;，,：:（(]"
    first = re.split(stops, text, maxsplit=1)[0].strip()
    return first if 0 < len(first) <= MAX_NAME_CHARS else text


def extract_lists(doc: Document) -> list[ListEntry]:
    out: list[ListEntry] = []
    for ctx in table_contexts(doc):
        kind = list_kind(ctx)
        if kind is None or is_other_table(ctx):
            continue
        out.extend(ListReader(ctx, kind).read())
    return out
