"""Completion tables of the previous plan (“十三五”主要指标完成情况, 中期/期末评估).

Such a table puts each indicator's planned value beside its actual value, often
with planned and actual growth and a verdict (完成/未完成/超额完成). It is told
from a target table by its headers: a verdict column, or planned and actual
values of one year (a target table has an actual base year *before* its target
year). Notes under it often say which indicators could not be evaluated and
why; those rows get `not_evaluable`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.ingest.extractors.indicator_columns import ATTR_LABEL, ATTRIBUTES, label_year
from planwatch.ingest.extractors.projects import is_project_table, project_roles
from planwatch.ingest.extractors.row_align import (
    BodyRow,
    body_rows,
    cell_class,
    column_kinds,
    last_of_run,
)
from planwatch.ingest.extractors.table_context import TableContext, table_contexts
from planwatch.ingest.tables import Layout
from planwatch.ingest.text import clean, norm
from planwatch.ingest.units import split_name_unit, strip_brackets
from planwatch.ingest.values import Value, is_missing, parse_value
from planwatch.models import CellRef, Document, EvaluationRow

PLANNED = re.compile(r"(规划|目标|预期|计划)")
ACTUAL = re.compile(r"(实际|完成值|完成数|实现值|实绩|完成(?!情况|率|进度|程度)|实现(?!程度|情况))")
VERDICT = re.compile(
    r"(完成情况|完成率|完成进度|是否完成|评估结果|评估情况|实现程度|实现情况|评价|达标情况|进展情况)"
)
GROWTH = re.compile(r"(年均|增长|增速|递增)")
SEQ = re.compile(r"^(序号|编号|序|No\.?)$", re.I)
UNIT = re.compile(r"^(计量)?单位$|^单位[(（]")
NOTE = re.compile(r"^(备注|说明|注|附注)$")
NAME = [r"指标名称|二级指标|具体指标|主要指标", r"^指标$|名称", r"指标|项目|内容"]
CATEGORY = re.compile(r"(类别|分类|一级指标|领域|方面|维度|板块|类型)")
EVAL_CONTEXT = re.compile(
    r"(完成情况|评估|实施情况|实现情况|十[一二三]五.{0,12}指标|指标.{0,6}完成)"
)
VERDICT_WORD = re.compile(r"(完成|实现|达到|达标|滞后|超额|符合|取消|无法)")
REASON = re.compile(
    r"(统计制度(?:调整|改革|变化|变更|改变)|统计口径(?:改变|调整|变化|变更|不一致|不同)"
    r"|口径(?:调整|变化|改变)|缺少(?:统计)?数据|缺乏(?:统计)?数据|数据缺失|(?:暂)?无(?:统计)?数据"
    r"|数据无法获取|无法获取(?:数据)?|不再统计|停止统计|(?:已|拟|被|予以|将)?(?:取消|废止|撤销)"
    r"|不再(?:考核|发布))"
)
# A reason followed by how the indicator was still evaluated: not a gap.
STILL_EVALUATED = re.compile(r"(可比口径|按.{0,6}口径(?:计算|评估|测算|比较)|折算后|换算后)")
_CLAUSE_SPLIT = re.compile(r"[；;]|(?<=\S)(?=[（(]?\d{1,2}[.．、)）](?!\d))")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")


@dataclass
class EvalColumns:
    seq: int | None = None
    category: int | None = None
    name: int | None = None
    unit: int | None = None
    attribute: int | None = None
    planned: int | None = None
    planned_growth: int | None = None
    actual: int | None = None
    actual_growth: int | None = None
    completion: int | None = None
    note: int | None = None

    def taken(self) -> set[int]:
        return {c for c in vars(self).values() if c is not None}


def _first(labels: list[str], rx: re.Pattern[str], taken: set[int]) -> int | None:
    return next((i for i, lab in enumerate(labels) if i not in taken and rx.search(lab)), None)


def _value_columns(labels: list[str], cols: EvalColumns) -> None:
    """Planned and actual values and growths, by wording; a bare growth column
    (年均增长) belongs to the value column just before it."""
    planned: list[int] = []
    actual: list[int] = []
    growth: dict[int, str | None] = {}
    for i, lab in enumerate(labels):
        if i in cols.taken() or not lab:
            continue
        side = "actual" if ACTUAL.search(lab) else "planned" if PLANNED.search(lab) else None
        if GROWTH.search(lab):
            growth[i] = side
        elif side == "actual":
            actual.append(i)
        elif side == "planned":
            planned.append(i)
    cols.planned, cols.actual = _pick(labels, planned, actual)
    for i, side in growth.items():
        if side is None:
            before = [c for c in (cols.planned, cols.actual) if c is not None and c < i]
            side = "actual" if before and max(before) == cols.actual else "planned"
        attr = f"{side}_growth"
        if getattr(cols, attr) is None:
            setattr(cols, attr, i)


def _pick(
    labels: list[str], planned: list[int], actual: list[int]
) -> tuple[int | None, int | None]:
    """The planned and actual columns of one year when several are offered."""
    year = {c: label_year(labels[c]) for c in planned + actual}
    years_a = {year[c] for c in actual} - {None}
    p = next((c for c in planned if year[c] in years_a), None)
    if p is None:
        p = next((c for c in planned if year[c] is None), None)
    if p is None and planned:
        p = min(planned, key=lambda c: year[c] or 0)
    a = next((c for c in actual if p is not None and year[c] == year[p]), None)
    if a is None and actual:
        a = actual[0]
    return p, a


def attribute_column(lay: Layout, labels: list[str]) -> int | None:
    """The column of 预期性/约束性 words, by its values in rows that have every cell
    (a short flattened row does not say which column its cells are in), else by label."""
    full = [r for r in lay.body if len(r) >= lay.ncols]
    for c in range(lay.ncols):
        vals = [clean(r[c].text) for r in full if clean(r[c].text)]
        if len(vals) >= 2 and sum(bool(ATTRIBUTES.match(v)) for v in vals) * 2 >= len(vals):
            return c
    return _first(labels, ATTR_LABEL, set())


def eval_columns(ctx: TableContext) -> EvalColumns:
    lay = ctx.layout
    labels = [norm(lab) for lab in lay.labels]
    cols = EvalColumns(attribute=attribute_column(lay, labels))
    cols.seq = _first(labels, SEQ, cols.taken())
    cols.unit = _first(labels, UNIT, cols.taken())
    cols.note = _first(labels, NOTE, cols.taken())
    cols.completion = _first(labels, VERDICT, cols.taken())
    _value_columns(labels, cols)
    for pat in NAME:
        name = _first(labels, re.compile(pat), cols.taken())
        if name is not None:
            cols.name = last_of_run(labels, name)
            break
    if cols.name is not None:
        cols.category = next(
            (
                i
                for i in range(cols.name)
                if i not in cols.taken()
                and (CATEGORY.search(labels[i]) or not labels[i] or labels[i] == labels[cols.name])
            ),
            None,
        )
    return cols


def is_evaluation_table(ctx: TableContext, cols: EvalColumns | None = None) -> bool:
    cols = cols or eval_columns(ctx)
    if cols.name is None or not ctx.layout.body:
        return False
    if cols.planned is None and cols.actual is None:
        return False
    labels = ctx.layout.labels
    if is_project_table(ctx, project_roles(labels)):
        return False  # 计划投资 beside 完成投资 is a project's progress, not a plan's
    if cols.completion is not None:
        return True
    if cols.planned is None or cols.actual is None:
        return False
    py, ay = label_year(labels[cols.planned]), label_year(labels[cols.actual])
    if py is not None and ay is not None:
        return py <= ay
    return cols.planned < cols.actual or bool(EVAL_CONTEXT.search(ctx.description))


def _text(v: Value) -> str:
    return "" if v.missing else clean(v.text)


class EvaluationReader:
    """Reads one completion table, carrying the category down merged cells."""

    def __init__(self, ctx: TableContext, cols: EvalColumns) -> None:
        self.ctx = ctx
        self.cols = cols
        self.category = ""

    def read(self) -> list[EvaluationRow]:
        lay = self.ctx.layout
        fixed = {c: kind for c, kind in self._kinds() if c is not None}
        out: list[EvaluationRow] = []
        for row in body_rows(lay, column_kinds(lay, fixed)):
            head = row.heading(self.cols.name)
            if head is not None:
                self.category = head
                continue
            cat = row.value(self.cols.category)
            if cat and row.cell(self.cols.category) is not row.cell(self.cols.name):
                self.category = cat
            ev = self._row(row)
            if ev is not None:
                out.append(ev)
        for ev in out:
            ev.notes = [*self.ctx.notes, *ev.notes]
        mark_not_evaluable(out, self.ctx.notes)
        return out

    def _kinds(self) -> list[tuple[int | None, str]]:
        c = self.cols
        values = (c.planned, c.planned_growth, c.actual, c.actual_growth)
        return [
            (c.seq, "seq"),
            (c.name, "text"),
            (c.category, "word"),
            (c.unit, "unit"),
            (c.attribute, "word"),
            (c.completion, "verdict"),
            (c.note, "text"),
            *((v, "number") for v in values),
        ]

    def _row(self, row: BodyRow) -> EvaluationRow | None:
        cols = self.cols
        name_text = row.value(cols.name)
        if not name_text or cell_class(name_text) == "total":
            return None
        name, unit_in_name = split_name_unit(name_text)
        ev = EvaluationRow(
            table=self.ctx.name,
            category=self.category,
            seq=row.value(cols.seq),
            name=name,
            unit=strip_brackets(row.value(cols.unit)) or unit_in_name,
            attribute=row.value(cols.attribute) or None,
            source=self._ref(row),
        )
        self._planned(ev, row)
        self._actual(ev, row)
        self._completion(ev, row)
        note = row.value(cols.note)
        if note:
            ev.notes.append(note)
            mark_not_evaluable([ev], [note], by_name=False)
        return ev

    def _planned(self, ev: EvaluationRow, row: BodyRow) -> None:
        v = parse_value(row.value(self.cols.planned))
        g = parse_value(row.value(self.cols.planned_growth, repeat=False))
        if v.missing and g.is_increase:
            v = g
        ev.planned_text, ev.planned_value = _text(v), v.number
        ev.planned_qualifier, ev.planned_is_increase = v.qualifier, v.is_increase
        ev.planned_growth_text = _text(g)
        ev.planned_growth = None if g.is_increase or g.textual else g.number

    def _actual(self, ev: EvaluationRow, row: BodyRow) -> None:
        v = parse_value(row.value(self.cols.actual))
        g = parse_value(row.value(self.cols.actual_growth, repeat=False))
        if v.missing and g.is_increase:
            v = g
        ev.actual_text, ev.actual_value, ev.actual_is_increase = _text(v), v.number, v.is_increase
        ev.actual_growth_text = _text(g)
        ev.actual_growth = None if g.is_increase or g.textual else g.number

    def _completion(self, ev: EvaluationRow, row: BodyRow) -> None:
        """The verdict; a number in the verdict column of a table without an
        actual column is the actual value."""
        text = row.value(self.cols.completion)
        if self.cols.actual is None and text and not VERDICT_WORD.search(text):
            v = parse_value(text)
            if v.number is not None and not v.textual:
                ev.actual_text, ev.actual_value = clean(v.text), v.number
                ev.actual_is_increase = v.is_increase
                return
        ev.completion = "" if is_missing(text) else text

    def _ref(self, row: BodyRow) -> CellRef:
        cell = row.cell(self.cols.name)
        return CellRef(
            line=cell.line if cell else None,
            page=cell.page if cell else None,
            row=row.index,
            col=self.cols.name,
        )


def _short_form(text: str) -> str:
    """Matching form that also equates 规模以上 with its usual short form 规上."""
    return norm(text).replace("规模以上", "规上")


def _mentions(text: str, name: str) -> bool:
    n, target = _short_form(text), _short_form(name)
    if len(target) >= 2 and target in n:
        return True
    return any(
        len(q) >= 3 and (_short_form(q) in target or target in _short_form(q))
        for q in _QUOTED.findall(text)
    )


def _clauses(note: str) -> list[tuple[str, str]]:
    """(clause, sentence) pairs: a reason applies to the indicators of its clause."""
    out = []
    for sentence in re.split(r"[。]", note):
        for clause in _CLAUSE_SPLIT.split(sentence):
            if clause.strip():
                out.append((clause, sentence))
    return out


def _most_specific(hits: list[EvaluationRow], text: str) -> list[EvaluationRow]:
    """Drop a hit whose name is only found inside a longer hit's name."""
    n = norm(text)
    keep = []
    for h in hits:
        inner = [
            g
            for g in hits
            if g is not h and norm(h.name) in norm(g.name) and norm(h.name) != norm(g.name)
        ]
        if not any(n.count(norm(h.name)) <= n.count(norm(g.name)) for g in inner):
            keep.append(h)
    return keep


def mark_not_evaluable(rows: list[EvaluationRow], notes: list[str], by_name: bool = True) -> None:
    """Rows a note names beside a reason (统计制度调整, 缺少数据 …) get that reason."""
    for note in notes:
        for clause, sentence in _clauses(note):
            reason = REASON.search(clause)
            if reason is None or STILL_EVALUATED.search(sentence):
                continue
            if not by_name:
                hits = rows
            else:
                hits = [r for r in rows if _mentions(clause, r.name)]
                where = clause
                if not hits:
                    hits = [r for r in rows if _mentions(sentence, r.name)]
                    where = sentence
                hits = _most_specific(hits, where)
            for r in hits:
                r.not_evaluable = r.not_evaluable or reason.group(0)


def extract_evaluations(doc: Document) -> list[EvaluationRow]:
    out: list[EvaluationRow] = []
    for ctx in table_contexts(doc):
        cols = eval_columns(ctx)
        if is_evaluation_table(ctx, cols):
            out.extend(EvaluationReader(ctx, cols).read())
    return out
