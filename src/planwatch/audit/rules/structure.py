"""Rule "structure": numbering and repetition mistakes a reader trips over.

Plans are assembled from pieces by several hands, and the seams show as structure:
a 序号 column that skips (11, 13) or repeats a number, a row copied twice into
one indicator table, an enterprise or project listed twice in one list, two
tables captioned 表1, and a row whose baseline is from another year than the rest of
its table. None changes a number, but each makes the reader doubt the table (is
row 12 missing? which of the two rows counts?), so they are warnings; a silent
baseline year is a notice.

Numbering is read the way plans write it: 1, 2, 3 / 一、二、 / （一） / （1） and
sub-numbers 1.1, 1.2, each scheme counted on its own, a higher level restarting the
ones below it. A category row (一、先进制造业, or a new value in a category column)
may restart the numbering at 1 or continue it; unnumbered rows (several enterprises
under one number) are no mistake, and a gap they could fill is not reported. The
first number of a table is never judged, so a table continued after a page break
may go on from its first part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from planwatch.audit.plan import AuditedPlan, TableView, indicator_evidence, indicator_location
from planwatch.audit.registry import rule
from planwatch.ingest.cn_numbers import cn_integer
from planwatch.ingest.extractors.row_align import TOTAL, BodyRow
from planwatch.ingest.names import normal_name
from planwatch.ingest.text import clean, norm
from planwatch.models import Caption, Indicator, ListEntry, Project, Table
from planwatch.models.audit import Finding, Location

RULE = "structure"
CN_DIGITS = "一二三四五六七八九十"
SEQ_LABEL = re.compile(r"(序号|编号|^序$|^no\.?$)", re.IGNORECASE)
CATEGORY_LABEL = re.compile(r"(类别|分类|类型|一级指标|领域|板块|门类|梯队|层级|级别|档次)")
MARKS = re.compile(r"^[★☆*＊▲△●◆※#]+")
SCHEMES: list[tuple[str, re.Pattern[str]]] = [
    ("dotted", re.compile(r"(\d{1,3}(?:\.\d{1,3})+)[.、]?")),
    ("arabic", re.compile(r"(\d{1,3})[.、]?")),
    ("arabic_paren", re.compile(r"\((\d{1,3})\)[.、]?")),
    ("cn", re.compile(rf"([{CN_DIGITS}]{{1,3}})[、.]?")),
    ("cn_paren", re.compile(rf"\(([{CN_DIGITS}]{{1,3}})\)[、.]?")),
]
HEADING_NUMBER = re.compile(rf"^(\(?[{CN_DIGITS}]{{1,3}}\)?|\d{{1,2}})(?=[、.)])")
# A caption's table number: 表1, 表 2-1, 附表三; a continued table says 续.
TABLE_NUMBER = re.compile(
    rf"^(附表|表)\s*(\d{{1,3}}(?:\s*[-—–.]\s*\d{{1,3}})*|[{CN_DIGITS}]{{1,3}})(?![\d{CN_DIGITS}])"
)
CONTINUED = re.compile(r"^续|[(（]续|续表|续$")
PLACEHOLDER = re.compile(r"^(待定|其他|其它|若干|新培育|新引进|新增|拟引进)|…|\.\.\.")
SHORT_NAME = 5  # a name this short (增加值) is qualified by its category


# --- numbering in a table ---------------------------------------------------------


@dataclass(frozen=True)
class Seq:
    """One printed number: its scheme (arabic, cn, dotted2 …) and its parts."""

    scheme: str
    parts: tuple[int, ...]

    def shown(self, last: int | None = None) -> str:
        parts = (*self.parts[:-1], self.parts[-1] if last is None else last)
        if self.scheme.startswith("dotted"):
            return ".".join(str(p) for p in parts)
        n = parts[-1]
        text = _cn(n) if self.scheme.startswith("cn") else str(n)
        return f"（{text}）" if self.scheme.endswith("paren") else text


def _cn(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n - 1] if n > 0 else "零"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens - 1]) + "十" + (CN_DIGITS[ones - 1] if ones else "")


def parse_seq(text: str) -> Seq | None:
    """The number a 序号 cell prints (★1, 2.3, （四）); None for text or a blank."""
    t = MARKS.sub("", norm(clean(text)))
    for scheme, rx in SCHEMES:
        m = rx.fullmatch(t)
        if not m:
            continue
        if scheme.startswith("cn"):
            n = cn_integer(m.group(1))
            return Seq(scheme, (n,)) if n else None
        parts = tuple(int(p) for p in m.group(1).split("."))
        name = f"dotted{len(parts)}" if scheme == "dotted" else scheme
        return Seq(name, parts)
    return None


@dataclass
class Gap:
    """A number that does not follow the one before it in its scheme."""

    kind: str  # skip | duplicate | back
    stated: Seq
    expected: str
    previous: str
    reused: bool = False  # the number was already used above, under the same parent


@dataclass
class Numbering:
    """The numbering state of one table, scheme by scheme."""

    last: dict[str, Seq] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    restart: set[str] = field(default_factory=set)
    unnumbered: dict[str, int] = field(default_factory=dict)
    used: dict[str, set[tuple[int, ...]]] = field(default_factory=dict)

    def section(self) -> None:
        """A category row: every scheme may start again at 1."""
        self.restart.update(self.order)

    def blank(self) -> None:
        for scheme in self.unnumbered:
            self.unnumbered[scheme] += 1

    def number(self, s: Seq) -> Gap | None:
        prev = self.last.get(s.scheme)
        gap = None if prev is None else self._compare(prev, s)
        self._advance(s)
        return gap

    def _compare(self, prev: Seq, s: Seq) -> Gap | None:
        if s.parts[:-1] != prev.parts[:-1]:
            return None  # a new parent (1.3 → 2.1)
        n, p = s.parts[-1], prev.parts[-1]
        if n == p + 1 or (s.scheme in self.restart and n == 1):
            return None
        expected, previous = s.shown(p + 1), prev.shown()
        if n == p:
            return Gap("duplicate", s, expected, previous, True)
        if n > p:
            filled = self.unnumbered.get(s.scheme, 0) >= n - p - 1
            return None if filled else Gap("skip", s, expected, previous)
        return Gap("back", s, expected, previous, s.parts in self.used.get(s.scheme, set()))

    def _advance(self, s: Seq) -> None:
        if s.scheme not in self.order:
            self.order.append(s.scheme)
        self.last[s.scheme] = s
        self.restart.discard(s.scheme)
        self.unnumbered[s.scheme] = 0
        self.used.setdefault(s.scheme, set()).add(s.parts)
        deeper = self.order[self.order.index(s.scheme) + 1 :]
        self.restart.update(deeper)
        for scheme in deeper:
            self.used.pop(scheme, None)


def _seq_col(tv: TableView) -> int | None:
    return next((c for c, lab in enumerate(tv.labels) if SEQ_LABEL.search(norm(lab))), None)


def _category_cols(tv: TableView, seq_col: int) -> list[int]:
    """Columns whose new value opens a section: text left of 序号, or labelled 类别."""
    return [
        c for c, lab in enumerate(tv.labels)
        if c != seq_col and (c < seq_col or CATEGORY_LABEL.search(norm(lab)))
    ]  # fmt: skip


def _name_col(tv: TableView, seq_col: int) -> int | None:
    """The column naming a row: the table's, unless that is a category column."""
    if tv.name_col is not None and tv.name_col > seq_col:
        return tv.name_col
    kinds = ("word", "long", "text")
    return next((c for c, k in enumerate(tv.kinds) if c > seq_col and k in kinds), None)


def _row_seq(tv: TableView, row: BodyRow, seq_col: int) -> Seq | None:
    """A row's number: its 序号 cell, or the numeral opening a category row."""
    s = parse_seq(row.value(seq_col, repeat=False))
    if s is not None:
        return s
    heading = row.heading(tv.name_col)
    m = HEADING_NUMBER.match(norm(heading)) if heading else None
    return parse_seq(m.group(1)) if m else None


def _is_total_or_label(row: BodyRow, seq_col: int) -> bool:
    texts = [norm(c.text) for c in row.filled()]
    if any(TOTAL.search(t) and len(t) <= 12 for t in texts):
        return True
    return bool(SEQ_LABEL.search(norm(row.value(seq_col, repeat=False))))


def _new_category(row: BodyRow, cols: list[int], seen: dict[int, str]) -> bool:
    """A category cell with a value other than the one above it."""
    new = False
    for c in cols:
        text = norm(row.value(c, repeat=False))
        if text and text != seen.get(c):
            seen[c] = text
            new = True
    return new


def _numbering_gaps(tv: TableView) -> Iterator[tuple[BodyRow, Gap]]:
    seq_col = _seq_col(tv)
    if seq_col is None:
        return
    state, seen = Numbering(), {}
    categories = _category_cols(tv, seq_col)
    for row in tv.rows:
        if row.is_blank() or _is_total_or_label(row, seq_col):
            continue
        if _new_category(row, categories, seen):
            state.section()
        s = _row_seq(tv, row, seq_col)
        if s is None:
            if row.heading(tv.name_col) is not None:
                state.section()
            else:
                state.blank()
            continue
        gap = state.number(s)
        if gap is not None:
            yield row, gap


GAP_WORDS = {
    "skip": ("序号从{prev}跳到{n}，缺少{exp}",
             "numbering jumps from {prev} to {n}; {exp} is missing"),
    "duplicate": ("序号{n}重复出现", "number {n} is used twice"),
    "back": ("序号{n}出现在{prev}之后，编号倒退{reuse}（接续应为{exp}）",
             "number {n} follows {prev}: the numbering goes back{reuse} (next would be {exp})"),
}  # fmt: skip


def _gap_finding(tv: TableView, row: BodyRow, gap: Gap) -> Finding:
    seq_col = _seq_col(tv)
    name = row.text(_name_col(tv, seq_col or 0)) or tv.row_name(row)
    zh, en = GAP_WORDS[gap.kind]
    n = gap.stated.shown()
    args = {"n": n, "prev": gap.previous, "exp": gap.expected}
    where = tv.location(row, seq_col)
    return Finding(
        rule=RULE,
        severity="warning",
        location=where.model_copy(update={"row": name or where.row}),
        message_zh=f"“{tv.caption}”中“{name}”一行："
        + zh.format(**args, reuse="，与前面的序号重复" if gap.reused else "")
        + "。",
        message_en=f"'{tv.caption}', row '{name}': "
        + en.format(**args, reuse=", repeating an earlier number" if gap.reused else "")
        + ".",
        subjects=[x for x in (tv.caption, name) if x],
        values={"stated": n, "expected": gap.expected, "kind": gap.kind},
        evidence=tv.evidence(row),
    )


def _numbering(plan: AuditedPlan) -> Iterator[Finding]:
    for tv in plan.tables:
        for row, gap in _numbering_gaps(tv):
            yield _gap_finding(tv, row, gap)


# --- the same indicator, list item or project twice -------------------------------


def _per_category(indicators: list[Indicator]) -> set[str]:
    """Tables that repeat their indicators under each category (甲园区, 乙园区): two
    or more names listed under more than one category. A single name twice is a slip."""
    cats: dict[tuple[str, str], set[str]] = {}
    for ind in indicators:
        cats.setdefault((ind.table, normal_name(ind.name)), set()).add(ind.category)
    repeated: dict[str, int] = {}
    for (table, _name), seen in cats.items():
        repeated[table] = repeated.get(table, 0) + (len(seen) > 1)
    return {table for table, n in repeated.items() if n >= 2}


def _same_indicator(a: Indicator, b: Indicator, per_category: set[str]) -> bool:
    """Two rows of one table stating the same indicator for the same year."""
    if a.source.line is not None and a.source.line == b.source.line:
        return False  # one row, read twice (a stretch target, a second year)
    if a.category == b.category:
        return True
    generic = len(normal_name(a.name)) <= SHORT_NAME
    return not generic and a.table not in per_category


def _indicator_twins(plan: AuditedPlan) -> Iterator[tuple[Indicator, Indicator]]:
    per_category = _per_category(plan.extract.indicators)
    first: dict[tuple[str, str, str | None, int | None], Indicator] = {}
    reported: set[tuple[str, str, str | None, int | None]] = set()
    for ind in plan.extract.indicators:
        if ind.subject and TOTAL.search(ind.subject):
            continue  # each group's 小计 is its own row, not the same one twice
        key = (ind.table, normal_name(ind.name), ind.subject, ind.target_year)
        row = (ind.table, normal_name(ind.name), ind.subject, ind.source.line)
        earlier = first.setdefault(key, ind)
        twin = earlier is not ind and _same_indicator(earlier, ind, per_category)
        if twin and row not in reported:
            reported.add(row)
            yield earlier, ind


def _indicator_finding(first: Indicator, again: Indicator) -> Finding:
    who = f"“{again.name}”" + (f"（{again.subject}）" if again.subject else "")
    seqs = f"（序号{first.seq}与{again.seq}）" if first.seq and again.seq else ""
    return Finding(
        rule=RULE,
        severity="warning",
        location=indicator_location(again),
        message_zh=f"“{again.table}”中{who}出现两次{seqs}，同一指标、同一年份只应有一行。",
        message_en=f"'{again.table}' lists '{again.name}'"
        f"{(' (' + again.subject + ')') if again.subject else ''} twice "
        f"(lines {first.source.line} and {again.source.line}); one row is expected.",
        subjects=[x for x in (again.subject, again.name) if x],
        values={
            "stated": again.name,
            "expected": "一行",
            "kind": "duplicate_indicator",
            "first_line": first.source.line,
        },
        evidence=indicator_evidence(again),
    )


def _key_name(name: str) -> str:
    return re.sub(r"[\s“”\"'‘’「」《》]", "", norm(name))


def _list_twins(plan: AuditedPlan) -> Iterator[tuple[ListEntry, ListEntry]]:
    first: dict[tuple[str, str], ListEntry] = {}
    for e in plan.extract.lists:
        name = _key_name(e.name)
        if not name or PLACEHOLDER.search(name):
            continue
        earlier = first.setdefault((e.table, name), e)
        if earlier is not e:
            yield earlier, e


def _distinct_projects(a: Project, b: Project) -> bool:
    """Two projects under one name that differ in place, content, owner or investment:
    a generic name (标准厂房项目 in two towns), no mistake. A copied row differs in none."""
    pairs = [(a.location, b.location), (a.content, b.content),
             (a.responsible_unit, b.responsible_unit)]  # fmt: skip
    if any(x and y and norm(x) != norm(y) for x, y in pairs):
        return True
    money = (a.total_investment, b.total_investment)
    return None not in money and money[0] != money[1]


def _project_twins(plan: AuditedPlan) -> Iterator[tuple[Project, Project]]:
    first: dict[tuple[str, str], Project] = {}
    for p in plan.extract.projects:
        name = _key_name(p.name)
        if p.is_total or not name or PLACEHOLDER.search(name):
            continue
        earlier = first.setdefault((p.table, name), p)
        if earlier is not p and not _distinct_projects(earlier, p):
            yield earlier, p


def _item_finding(kind: str, first: ListEntry | Project, again: ListEntry | Project) -> Finding:
    what_zh, what_en = ("项目", "project") if kind == "project" else ("条目", "entry")
    table = again.table or "清单"
    return Finding(
        rule=RULE,
        severity="warning",
        location=Location(
            table=again.table or None,
            row=again.name,
            line=again.source.line,
            page=again.source.page,
        ),
        message_zh=f"“{table}”中{what_zh}“{again.name}”出现两次"
        f"（第{first.source.line}行与第{again.source.line}行）。",
        message_en=f"'{table}' lists the {what_en} '{again.name}' twice "
        f"(lines {first.source.line} and {again.source.line}).",
        subjects=[again.name],
        values={
            "stated": again.name,
            "expected": "一次",
            "kind": f"duplicate_{kind}",
            "first_line": first.source.line,
        },
        evidence=again.name,
    )


def _duplicates(plan: AuditedPlan) -> Iterator[Finding]:
    for first, again in _indicator_twins(plan):
        yield _indicator_finding(first, again)
    for e1, e2 in _list_twins(plan):
        yield _item_finding("item", e1, e2)
    for p1, p2 in _project_twins(plan):
        yield _item_finding("project", p1, p2)


# --- table numbers ----------------------------------------------------------------


@dataclass(frozen=True)
class Captioned:
    text: str
    line: int | None
    page: int | None


def _caption_of(block: object) -> str:
    if isinstance(block, Caption):
        return clean(block.text)
    if isinstance(block, Table):
        return clean(block.caption or "")
    return ""


def _captions(plan: AuditedPlan) -> list[Captioned]:
    """Every caption once, in document order (a table repeats its caption block)."""
    out: list[Captioned] = []
    for b in plan.document.blocks:
        text = _caption_of(b)
        if text and not (isinstance(b, Table) and out and out[-1].text == text):
            out.append(Captioned(text, b.source.line, b.source.page))
    return out


def table_number(caption: str) -> tuple[str, tuple[int, ...]] | None:
    """(series, number) of a caption: (表, (2, 1)) for 表2-1; None for 续表 or none."""
    t = norm(caption)
    m = TABLE_NUMBER.match(t)
    if not m or CONTINUED.search(t):
        return None
    raw = m.group(2)
    if raw[0] in CN_DIGITS:
        n = cn_integer(raw)
        return (m.group(1), (n,)) if n else None
    return m.group(1), tuple(int(x) for x in re.split(r"[-—–.]", raw))


def _shown_number(series: str, number: tuple[int, ...]) -> str:
    return series + "-".join(str(n) for n in number)


def _next_number(prev: tuple[int, ...], stated: tuple[int, ...]) -> tuple[int, ...]:
    """The number after `prev`, at the depth of `stated` (表2-1 → 表3 for a 表1)."""
    depth = len(stated)
    if len(prev) < depth:
        return (*prev, *([1] * (depth - len(prev))))
    base = prev[:depth]
    return (*base[:-1], base[-1] + 1)


def _reused_numbers(plan: AuditedPlan) -> Iterator[tuple[Captioned, Captioned, str]]:
    first: dict[tuple[str, tuple[int, ...]], Captioned] = {}
    previous: dict[str, tuple[int, ...]] = {}
    last_text = ""
    for cap in _captions(plan):
        key = table_number(cap.text)
        if key is None:
            continue
        series, number = key
        earlier = first.setdefault(key, cap)
        repeated = earlier is not cap and cap.text == last_text  # a caption repeated on a new page
        if earlier is not cap and not repeated:
            yield earlier, cap, _shown_number(series, _next_number(previous[series], number))
        previous[series] = number
        last_text = cap.text


def _reuse_finding(first: Captioned, again: Captioned, expected: str) -> Finding:
    key = table_number(again.text)
    assert key is not None
    stated = _shown_number(*key)
    return Finding(
        rule=RULE,
        severity="warning",
        location=Location(table=again.text, line=again.line, page=again.page),
        message_zh=f"表号“{stated}”用了两次：“{first.text}”与“{again.text}”"
        f"（按顺序后者应为“{expected}”）。",
        message_en=f"table number '{stated}' is used twice: '{first.text}' and "
        f"'{again.text}' (the second would be '{expected}').",
        subjects=[first.text, again.text],
        values={
            "stated": stated,
            "expected": expected,
            "kind": "table_number",
            "first_line": first.line,
        },
        evidence=again.text,
    )


def _table_numbers(plan: AuditedPlan) -> Iterator[Finding]:
    for first, again, expected in _reused_numbers(plan):
        yield _reuse_finding(first, again, expected)


# --- baseline years ---------------------------------------------------------------


def _baseline_year(ind: Indicator, base_year: int) -> int | None:
    """The year a row's baseline is for: the plan's base year when the row gives a
    value for it, else the year its baseline was read for."""
    if any(v.year == base_year and v.value is not None for v in ind.values):
        return base_year
    return ind.baseline_year


def _says_so(ind: Indicator, year: int) -> bool:
    """The row itself names the year: 88.6（2019）, a name or a note with the year."""
    texts = [ind.baseline_text, ind.name, ind.remarks, *ind.notes]
    texts += [v.text for v in ind.values if v.year == year]
    return any(str(year) in t for t in texts)


def _rows_by_table(plan: AuditedPlan) -> dict[str, list[Indicator]]:
    """Each table's indicator rows, once per row (not once per target year)."""
    out: dict[str, list[Indicator]] = {}
    seen: set[tuple[str, str, str | None, int | None]] = set()
    for ind in plan.extract.indicators:
        key = (ind.table, ind.name, ind.subject, ind.source.line)
        if key not in seen:
            seen.add(key)
            out.setdefault(ind.table, []).append(ind)
    return out


def _silent_years(plan: AuditedPlan) -> Iterator[tuple[Indicator, int, int]]:
    """(row, its year, the plan's) for the few rows of a table whose baseline is for
    another year without saying so; a table whose rows mostly do is left alone."""
    base = plan.base_year
    if base is None:
        return
    for rows in _rows_by_table(plan).values():
        dated = [(r, y) for r in rows if (y := _baseline_year(r, base)) is not None]
        other = [(r, y) for r, y in dated if y != base]
        if len(dated) < 3 or 2 * len(other) >= len(dated):
            continue
        for r, y in other:
            if not _says_so(r, y):
                yield r, y, base


def _year_finding(ind: Indicator, year: int, base: int) -> Finding:
    return Finding(
        rule=RULE,
        severity="notice",
        location=indicator_location(ind),
        message_zh=f"“{ind.table}”中“{ind.name}”的基期值是{year}年的，而表中其他指标和规划"
        f"基期均为{base}年，表中未加说明。",
        message_en=f"'{ind.table}': the baseline of '{ind.name}' is for {year}, while the "
        f"other rows and the plan's base year are {base}; the table does not say so.",
        subjects=[x for x in (ind.subject, ind.name) if x],
        values={"stated": str(year), "expected": str(base), "kind": "baseline_year"},
        evidence=indicator_evidence(ind),
    )


def _baseline_years(plan: AuditedPlan) -> Iterator[Finding]:
    for ind, year, base in _silent_years(plan):
        yield _year_finding(ind, year, base)


@rule(RULE, "结构与编号问题", "structure and numbering")
def structure(plan: AuditedPlan) -> Iterator[Finding]:
    yield from _numbering(plan)
    yield from _duplicates(plan)
    yield from _table_numbers(plan)
    yield from _baseline_years(plan)
