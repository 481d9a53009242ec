"""Key-project lists (重点项目/重大项目清单): one `Project` per row.

A project table is told by its caption or by a 项目名称 column beside investment,
content or period columns. Columns are found by header wording; values that a
plan put under the wrong header (a period under 项目类型, 实施类 under 项目期限)
are moved back by what they look like. Group rows (一、先进制造业项目) give the
project type when the table has no type column, and 合计/小计 rows are kept as
totals.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from planwatch.ingest.extractors.row_align import (
    PERIOD,
    TYPE_WORD,
    BodyRow,
    body_rows,
    cell_class,
    column_kinds,
    last_of_run,
)
from planwatch.ingest.extractors.table_context import TableContext, money_unit, table_contexts
from planwatch.ingest.text import clean, norm
from planwatch.ingest.values import parse_value, year_of
from planwatch.models import CellRef, Document, Project

PROJECT_CAPTION = re.compile(
    r"(重点项目|重大项目|项目清单|项目表|项目库|项目一览|项目计划|建设项目|项目汇总|项目名单)"
)
PLAN_SPAN = re.compile(
    r"(十[二三四五]五|规划期|期间|计划期|(?:19|20)\d{2}[-—–~～至到]+(?:19|20)?\d{2})"
)
FLAGS = "★☆▲△●○◆◇◎※*＊√✓✔#＃"
_BRACKETED_FLAG = re.compile(rf"[（(]\s*([{re.escape(FLAGS)}])\s*[）)]")

# (role, label patterns tried in order, label patterns that rule a column out)
ROLES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("seq", (r"^(序号|编号|序|No\.?)$",), ()),
    ("name", (r"项目名称",), ()),
    ("total", (r"总投资", r"投资总额", r"投资额", r"^(计划)?投资"), (r"完成", r"(19|20)\d{2}年")),
    (
        "period",
        (
            r"起止年限|建设年限|项目期限|建设期限|建设周期|起止年份|起止时间|建设起止|实施期限|实施年限",
            r"年限|期限|工期|建设期|起止|年份",
        ),
        (),
    ),
    ("start", (r"开工(时间|年份|年度|日期)|开始时间|起始年",), ()),
    ("end", (r"(竣工|完工|建成|投产)(时间|年份|年度|日期)|结束时间",), ()),
    ("type", (r"项目类型|项目类别|项目分类|项目性质|建设性质|项目属性", r"类型|类别|分类"), ()),
    ("origin", (r"来源",), ()),
    (
        "responsible",
        (
            r"责任单位|建设单位|实施主体|业主单位|项目单位|实施单位|牵头单位|承建单位|建设主体"
            r"|责任主体|项目业主|申报单位",
            r"业主|主体|单位$",
        ),
        (r"计量",),
    ),
    ("location", (r"建设地点|建设地址|实施地点|项目地点|项目选址|所在地|地点|选址|位置|地址",), ()),
    (
        "content",
        (r"建设内容|建设规模|主要内容|项目内容|项目概况|项目简介", r"内容|规模|概况|简介"),
        (),
    ),
    ("name", (r"^(重点|重大)?项目$", r"名称"), (r"单位|企业|地点",)),
]
_KINDS = {
    "seq": "seq",
    "total": "number",
    "plan": "number",
    "period": "period",
    "type": "type",
    "name": "text",
    "content": "long",
    "location": "word",
    "responsible": "word",
    "origin": "word",
}
# Short fields whose values plans sometimes write under a neighbour's header.
MOVABLE = ("type", "period", "location", "origin", "responsible")


def is_plan_investment(label: str) -> bool:
    """“十四五”计划投资, 规划期投资, 2021-2025年投资, 其中“十四五” — not a single
    year's plan."""
    n = norm(label)
    # 其中“十四五” (beside 总投资): the share of the investment within the plan period
    if n.startswith("其中") and PLAN_SPAN.search(n):
        return True
    if "投资" not in n:
        return False
    if PLAN_SPAN.search(n):
        return True
    return "计划投资" in n and year_of(n) is None


def project_roles(labels: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    plan = next((i for i, lab in enumerate(labels) if is_plan_investment(lab)), None)
    if plan is not None:
        roles["plan"] = plan
    for role, patterns, excludes in ROLES:
        if role in roles:
            continue
        col = _find(labels, patterns, excludes, set(roles.values()))
        if col is not None:
            roles[role] = last_of_run(labels, col) if role == "name" else col
    return roles


def _find(
    labels: list[str], patterns: tuple[str, ...], excludes: tuple[str, ...], taken: set[int]
) -> int | None:
    for pat in patterns:
        for i, lab in enumerate(labels):
            n = norm(lab)
            if i in taken or not n or any(re.search(x, n) for x in excludes):
                continue
            if re.search(pat, n):
                return i
    return None


def is_project_table(ctx: TableContext, roles: dict[str, int]) -> bool:
    name = roles.get("name")
    if name is None or not ctx.layout.body:
        return False
    label = norm(ctx.layout.labels[name])
    if "指标" in label:
        return False
    invest = "total" in roles or "plan" in roles
    others = sum(r in roles for r in ("content", "period", "location", "responsible", "type"))
    years = {year_of(lab) for lab in ctx.layout.labels} - {None}
    if not invest and not others and len(years) >= 2:
        return False  # 2020年 … 2025年 columns and nothing about projects: a target table
    if "项目" in label and (invest or others >= 2):
        return True
    caption = norm(" ".join((ctx.caption, ctx.layout.title or "", ctx.lead)))
    return bool(PROJECT_CAPTION.search(caption)) and ("项目" in label or invest or others >= 2)


def parse_period(text: str) -> tuple[int | None, int | None]:
    """``2021—2025年`` → (2021, 2025); ``2023年`` → (2023, 2023); ``待定`` → (None, None)."""
    t = norm(text)
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", t)]
    if not years:
        return None, None
    if len(years) >= 2:
        return years[0], years[-1]
    short_end = re.search(r"(?:19|20)\d{2}年?(?:\d{1,2}月)?[-—–~～至到]+(\d{2})(?!\d)", t)
    if short_end:
        return years[0], years[0] // 100 * 100 + int(short_end.group(1))
    return years[0], years[0]


def is_period(text: str) -> bool:
    return bool(PERIOD.fullmatch(norm(text)))


def is_type_word(text: str) -> bool:
    return bool(TYPE_WORD.fullmatch(norm(text)))


_TESTS: dict[str, Callable[[str], bool]] = {"period": is_period, "type": is_type_word}


def fix_misplaced(values: dict[str, str]) -> None:
    """Move a period or a type word written under another header to its own field."""
    for role, test in _TESTS.items():
        if test(values.get(role, "")):
            continue
        for other in MOVABLE:
            if other == role or not test(values.get(other, "")):
                continue
            current = values.get(role, "")
            other_test = _TESTS.get(other)
            if not current or (other_test is not None and other_test(current)):
                values[role], values[other] = values[other], current
                break


def split_flags(text: str) -> tuple[str, list[str]]:
    """``★12`` → (``12``, [``★``]); marks before, after or bracketed after a name."""
    flags = [m.group(1) for m in _BRACKETED_FLAG.finditer(text)]
    text = _BRACKETED_FLAG.sub("", text).strip()
    while text and text[0] in FLAGS:
        flags.append(text[0])
        text = text[1:].strip()
    while text and text[-1] in FLAGS:
        flags.append(text[-1])
        text = text[:-1].strip()
    return text, list(dict.fromkeys(flags))


def _money(text: str) -> tuple[float | None, str]:
    v = parse_value(text)
    if v.missing:
        return None, ""
    return (None if v.textual else v.number), clean(text)


class ProjectReader:
    """Reads one project table, carrying group rows and the type column down."""

    def __init__(self, ctx: TableContext, roles: dict[str, int]) -> None:
        self.ctx = ctx
        self.roles = roles
        lay = ctx.layout
        self.extra_cols = [i for i in range(lay.ncols) if i not in roles.values()]
        self.unit = money_unit(
            *(lay.labels[roles[r]] for r in ("total", "plan") if r in roles),
            ctx.caption,
            lay.title or "",
            ctx.lead,
        )
        self.group = ""
        self.last_type = ""

    def read(self) -> list[Project]:
        lay = self.ctx.layout
        kinds = column_kinds(lay, {c: _KINDS[r] for r, c in self.roles.items() if r in _KINDS})
        out: list[Project] = []
        for row in body_rows(lay, kinds):
            if row.is_blank():
                continue
            if self._is_total(row):
                out.append(self._project(row, total=True))
                continue
            head = row.heading(self.roles.get("name"))
            if head is not None:
                self.group, self.last_type = head, ""
                continue
            if not row.text(self.roles.get("name")):
                if out and not row.text(self.roles.get("seq")):
                    self._continue(out[-1], row)
                continue
            out.append(self._project(row, total=False))
        return out

    def _is_total(self, row: BodyRow) -> bool:
        cols = [self.roles.get("seq"), self.roles.get("name")]
        first = row.filled()[0] if row.filled() else None
        texts = [row.text(c) for c in cols] + ([first.text] if first is not None else [])
        return any(cell_class(t) == "total" for t in texts if t)

    def _values(self, row: BodyRow) -> dict[str, str]:
        values = {role: row.value(col) for role, col in self.roles.items()}
        fix_misplaced(values)
        return values

    def _project(self, row: BodyRow, total: bool) -> Project:
        v = self._values(row)
        seq, flags = split_flags(v.get("seq", ""))
        name, name_flags = split_flags(v.get("name", ""))
        if total:
            name = name or clean(row.filled()[0].text)
            seq = "" if cell_class(seq) == "total" else seq
        p = Project(
            table=self.ctx.name,
            seq=seq,
            name=name,
            content=v.get("content", ""),
            location=v.get("location", ""),
            responsible_unit=v.get("responsible", ""),
            origin=v.get("origin", ""),
            money_unit=self.unit,
            flags=list(dict.fromkeys(flags + name_flags)),
            is_total=total,
            source=self._ref(row),
        )
        p.total_investment, p.investment_text = _money(v.get("total", ""))
        p.plan_investment, p.plan_investment_text = _money(v.get("plan", ""))
        self._period(p, v)
        if not total:
            p.type = self._type(v.get("type", ""))
        self._extra(p, row)
        return p

    def _period(self, p: Project, v: dict[str, str]) -> None:
        if v.get("period"):
            p.period_text = v["period"]
            p.period_start, p.period_end = parse_period(v["period"])
        elif v.get("start") or v.get("end"):
            p.period_start = year_of(v.get("start", ""))
            p.period_end = year_of(v.get("end", ""))
            p.period_text = "-".join(t for t in (v.get("start", ""), v.get("end", "")) if t)

    def _type(self, text: str) -> str:
        """The row's type; a merged type cell (empty) keeps the one above."""
        if "type" not in self.roles and not text:
            return self.group
        if text:
            self.last_type = text
        return self.last_type

    def _extra(self, p: Project, row: BodyRow) -> None:
        labels = self.ctx.layout.labels
        for c in self.extra_cols:
            text = row.value(c)
            if text:
                p.extra[clean(labels[c]) or f"column{c + 1}"] = text
        if self.group and "type" in self.roles and not p.is_total:
            p.extra["category"] = self.group

    def _continue(self, prev: Project, row: BodyRow) -> None:
        """A row with neither number nor name carries on the project above."""
        text = row.value(self.roles.get("content"))
        if text:
            prev.content = f"{prev.content}{text}"

    def _ref(self, row: BodyRow) -> CellRef:
        col = self.roles.get("name")
        cell = row.cell(col) or (row.filled()[0] if row.filled() else None)
        return CellRef(
            line=cell.line if cell else None,
            page=cell.page if cell else None,
            row=row.index,
            col=col,
        )


def extract_projects(doc: Document) -> list[Project]:
    out: list[Project] = []
    for ctx in table_contexts(doc):
        roles = project_roles(ctx.layout.labels)
        if is_project_table(ctx, roles):
            out.extend(ProjectReader(ctx, roles).read())
    return out
