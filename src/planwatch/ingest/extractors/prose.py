"""Targets stated in sentences: ``到2025年，规上工业增加值突破200亿元，年均增速6%左右``.

Plans give many targets only in prose — in 发展目标, in each industry's section,
in park and enterprise-cultivation paragraphs. A target is a value with a unit,
anchored by a verb (达到, 突破, 控制在, 新增, 培育 …) to the indicator before or
after it, in a sentence that looks forward (see `prose_context`). Sentences are
split at 。；, then read left to right; each value becomes at most one target:

- ``X达到200亿元``: X is the indicator (the noun phrase before the verb);
- ``新增/培育X 50家``: X after the verb; ``打造3个X``: the count before X;
- ``、Y 20家`` / ``其中Y 70家``: items listed after a verb share it;
- ``A、B分别达到1万亩和1.2万亩``: one target per item (subject or indicator);
- ``确保800亿元、力争1000亿元``: the second value is the stretch of the first;
- ``年均增长6%``: a growth rate, attached to the target before it when it has no
  indicator of its own.

Precision matters more than recall: a value whose indicator cannot be read
cleanly is skipped, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from planwatch.ingest.cn_numbers import (
    AMOUNT_RE,
    COUNT_UNITS,
    Amount,
    cn_integer,
    fold_width,
    parse_amount,
)
from planwatch.ingest.extractors.metadata import find_period, find_title, opening_paragraphs
from planwatch.ingest.extractors.prose_context import (
    STRONG_MODALS,
    Section,
    YearPhrase,
    base_year,
    is_history,
    section_of,
    year_phrases,
)
from planwatch.models import CellRef, Document, Heading, Paragraph, ProseTarget

Kind = Literal["level", "increment", "relative", "share", "growth", "annual_task"]

# ------------------------------------------------------------------ vocabulary

LEVEL_VERBS = (
    "达到或超过", "提高到", "提高至", "提升到", "提升至", "增长到", "增长至", "增加到", "增加至",
    "扩大到", "扩大至", "下降到", "下降至", "降低到", "降低至", "减少到", "减少至", "保持在",
    "稳定在", "维持在", "控制在", "达到", "突破", "超过", "增至", "降至", "实现", "完成", "保持",
    "达", "超", "为",
)  # fmt: skip
UP_VERBS = ("增长", "提高", "提升", "增加", "新增", "扩大")
DOWN_VERBS = ("下降", "降低", "减少", "压减", "削减", "压降")
# Verbs that take what they count after them: 培育X 5家 (and 培育5家X). Words that
# also start nouns (建设用地, 开发区, 集聚区) are only taken right before a count.
ACTION_VERBS = (
    "培育形成", "累计培育", "培育引进", "培育", "新增", "引进", "招引", "打造", "建成",
    "创建", "新建", "形成", "完成", "实现", "认定", "拥有", "创成", "争创", "引育", "盘活",
    "新认定", "新开工", "开工", "签约", "落地", "投产", "竣工",
)  # fmt: skip
COUNT_VERBS = (*ACTION_VERBS, "建设", "实施", "服务", "带动", "储备", "集聚", "推动", "开发")
# Verbs that qualify the value they govern, reported as written.
VERB_QUALIFIERS = {"突破": "突破", "超过": "超过", "超": "超", "达到或超过": "达到或超过"}
PREFIX_QUALIFIERS = (
    ("不低于", "不低于"), ("不少于", "不少于"), ("不高于", "不高于"), ("不超过", "不超过"),
    ("至少", "至少"), (">=", "≥"), ("<=", "≤"), ("≥", "≥"), ("≤", "≤"), ("约", "约"),
)  # fmt: skip
SUFFIX_QUALIFIER = re.compile(r"(及以上|以上|左右|以下|以内|上下)")

_alt = "|".join
VERB_TAIL = re.compile(
    rf"(?P<modal>力争|确保|争取|努力)?(?P<verb>{_alt(LEVEL_VERBS + UP_VERBS + DOWN_VERBS)})"
    rf"(?P<pq>{_alt(re.escape(w) for w, _ in PREFIX_QUALIFIERS)})?$"
)
PREFIX_TAIL = re.compile(
    rf"(?P<modal>力争|确保|争取|努力)?(?P<pq>{_alt(re.escape(w) for w, _ in PREFIX_QUALIFIERS)})$"
)
ACTION_HEAD = re.compile(rf"^(?:{_alt(ACTION_VERBS)})(?:[、和及与]?(?:{_alt(ACTION_VERBS)}))*")
ACTION_TAIL = re.compile(rf"(?:{_alt(COUNT_VERBS)})$")
COUNT_HEAD = re.compile(rf"^(?:{_alt(COUNT_VERBS)})(?:[、和及与]?(?:{_alt(COUNT_VERBS)}))*")
GROWTH = re.compile(
    r"^(?P<noun>.*?)(?:年均|年平均|每年平均|平均每年)(?:增长率?|增速|增幅|递增|提高|提升)(?:速度)?"
    r"(?:为|达到|达|保持在|保持|在|超过|突破)?$"
)
RESPECTIVELY = re.compile(
    rf"(?P<modal>力争|确保)?分别(?P<verb>{_alt(LEVEL_VERBS + UP_VERBS + DOWN_VERBS)})?"
    r"(?P<noun>[^、，,]*)$"
)
BRACKET_STRETCH = re.compile(r"[（(]\s*力争(?:达到|实现|突破|超过)?\s*")
RESP_BEFORE = re.compile(rf"分别(?:{_alt(LEVEL_VERBS + UP_VERBS + DOWN_VERBS)})?$")
MODAL_ONLY = re.compile(r"^(?P<modal>力争|确保|争取|争创|冲刺|努力)(?:达到|实现|突破|超过|完成)?$")
# 翻一番 (×2), 翻两番 (×4), 翻番, with the base year where given.
DOUBLING = re.compile(
    r"(?:(?:比|较)(?:\d{4}|[二][〇○零][〇○零一二三四五六七八九]{2})年(?:底|末)?)?"
    r"(?:实现|要|力争|基本)?(?:再)?翻(?P<n>一|两|二|三)?番"
)
# Verbs that aim at something: under a 重点任务 heading a sentence with one of them
# and no year looks forward to the plan's end (培育二十家…, 普及率达到70%).
AIMING_VERBS = frozenset((*LEVEL_VERBS, *UP_VERBS, *DOWN_VERBS, *ACTION_VERBS, "翻番")) - {
    "为",
    "保持",
    "实现",
    "完成",
    "拥有",
    "形成",
}
# 打造千亿级产业集群: a class of size as the target.
CLASS_SIZES = {"万亿": (1.0, "万亿元"), "千亿": (1000.0, "亿元"), "百亿": (100.0, "亿元"),
               "亿": (1.0, "亿元")}  # fmt: skip
CLASS = re.compile(
    r"(?P<verb>打造|培育|形成|建成|建设|发展|壮大|做强|做大)(?:成为?|一批|一个|若干)?"
    r"(?P<size>万亿|千亿|百亿|亿)级(?P<noun>[\u4e00-\u9fff]{2,12}?)(?=[，,。；;、和及与]|$)"
)
# What may come right before a scale written without a numeral (突破万亿元, 新增百家).
BARE_BEFORE = re.compile(rf"(?:{_alt(LEVEL_VERBS + UP_VERBS + ACTION_VERBS)}|以上|近|约|超|逾)$")
# A value that must be passed before the one aimed at: 突破800亿元、达到900亿元.
FLOOR_VERBS = ("突破", "超过", "超")
# 年均提高0.3个百分点: the change is per year.
PER_YEAR = re.compile(r"(?:年均|每年|平均每年|年平均)$")

LEADING = re.compile(
    r"^(?:[—\-、，,：:；;\s·]+|其中|同时|并且|并|且|以及|及|和|与|另外|此外|"
    r"全(?:县|市|区|省|镇|乡|域)|(?:我|本)(?:县|市|区|省)|力争|确保|争取|努力|预计|计划|"
    r"基本|届时|使|每年|今年|明年|当年|累计|规划期(?:内|末)?|期末|期间)"
)
TRAILING_BASE = re.compile(
    r"(?:比|较|与)(?:\d{4}|[二][〇○零][〇○零一二三四五六七八九]{2})年(?:底|末)?(?:相比)?$|"
    r"(?:比|较)(?:上年|基期)$|"
    r"(?:从|由)(?:(?:\d{4}|[二][〇○零][〇○零一二三四五六七八九]{2})年(?:底|末)?的?)?"
    r"[\d.,]+(?:%|个百分点|[万亿]?元(?:/亩|/人)?|[万亿])?$"
)
# 预计将实现, 可达: hedges between the indicator and its verb.
TRAILING_HEDGE = re.compile(r"(?:预计将|预计|有望|可望|能够|将|可)$")
INNER_VERB = re.compile(r"(?:实现|完成|形成)")
BAD_WORDS = re.compile(
    r"推进|加快|实施|推动|促进|加强|深化|支持|鼓励|围绕|依托|坚持|聚焦|积极|大力|着力|通过|按照|"
    r"力争|确保|争取|成为|一批|进一步|不断|持续|显著|明显|大幅|有效|全面|逐步|位列|位居|"
    r"排名|连续|以上的|左右的|同比|累计完成|分别|共有|首次|目前|现有|截至|截止|"
    r"给予|奖励|补助|补贴|资助|扶持|最高|一次性|安排|设立"
)
# Attributes of a project or a site, not targets of the plan.
NOT_TARGETS = re.compile(r"^(?:项目)?(?:计划)?总投资(?:额)?$|^占地(?:面积)?$|^建筑面积$|^用地面积$")
FUNCTION_END = re.compile(r"[的在和及与将了是为从由比较上，、]$")
BOUNDARY = "、，,。；;）)和及与等或"
COLLECTIVE = re.compile(r"(?:等)?(?:[两二三四五六七八九十\d]+大)?(?:产业|行业|领域)$")
INDICATOR_HEAD = re.compile(
    r"规上|规模以上|工业|总产值|产值|增加值|营业收入|主营业务收入|销售收入|税收|亩均|用地|面积|"
    r"企业数|数量|投资|出口|利润|营收"
)
PAREN_PAIRS = {"（": "）", "(": ")", "“": "”", "‘": "’", "《": "》", "【": "】", "[": "]"}
MIN_INDICATOR, MAX_INDICATOR = 2, 30
START_YEAR_DEFAULT, END_YEAR_DEFAULT = 2021, 2025


# ------------------------------------------------------------------ small helpers


def bracket_mask(text: str) -> list[int]:
    """Depth inside （）“”《》 at each character: values there are notes or names."""
    depth, mask = 0, []
    closers = set(PAREN_PAIRS.values())
    for c in text:
        if c in PAREN_PAIRS:
            depth += 1
            mask.append(depth)
            continue
        if c in closers and depth:
            mask.append(depth)
            depth -= 1
            continue
        mask.append(depth)
    return mask


def last_clause(text: str, mask: list[int], offset: int) -> tuple[str, bool]:
    """The part of `text` after its last comma, colon or semicolon outside brackets."""
    cut = 0
    for i, c in enumerate(text):
        if c in "，,：:；;" and mask[offset + i] == 0:
            cut = i + 1
    return text[cut:], cut > 0


def clean_indicator(text: str) -> tuple[str, bool]:
    """Trim connectives and year phrases from a noun phrase; (text, cumulative)."""
    cumulative = "累计" in text
    prev = None
    t = text.strip()
    while t != prev:
        prev = t
        t = LEADING.sub("", t).strip()
        for p in year_phrases(t):
            if p.start == 0:
                t = t[p.end :].strip()
                break
            if p.end == len(t) and p.year is not None:  # …率到2025年: the year is no name
                t = t[: p.start].strip()
                break
    t = TRAILING_BASE.sub("", t).strip()
    t = TRAILING_HEDGE.sub("", t).strip()
    return t.rstrip("的，,、 "), cumulative


def valid_indicator(text: str) -> bool:
    """A noun phrase that can name an indicator: short, no clause, no action words."""
    mask = bracket_mask(text)
    outside = "".join(c for c, d in zip(text, mask, strict=True) if d == 0)
    if not MIN_INDICATOR <= len(text) <= MAX_INDICATOR:
        return False
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < 2 or re.search(r"[，,。；;：:、]", outside):
        return False
    ends_in_function = FUNCTION_END.search(text) and not text.endswith(("占比", "之比"))
    if ends_in_function or re.match(r"^[的在了是为从由比较等后可将能要]", text):
        return False
    if BAD_WORDS.search(outside) or NOT_TARGETS.search(text):
        return False
    return not ACTION_HEAD.match(text)


def qualifier_after(text: str, pos: int) -> tuple[str | None, int]:
    m = SUFFIX_QUALIFIER.match(text, pos)
    if not m:
        return None, pos
    return ("以上" if m.group(1) == "及以上" else m.group(1)), m.end()


def prefix_qualifier(word: str | None) -> str | None:
    return dict(PREFIX_QUALIFIERS).get(word) if word else None


def kind_of(verb: str, unit: str) -> tuple[Kind, Literal["up", "down"] | None]:
    """(kind, change): 增长50% is relative to a base, 新增50家 and 提高5个百分点 add an
    amount; anything else states the level."""
    if verb not in UP_VERBS and verb not in DOWN_VERBS:
        return "level", None
    change: Literal["up", "down"] = "up" if verb in UP_VERBS else "down"
    return ("relative" if unit in ("%", "％") else "increment"), change


# ------------------------------------------------------------------ one value


@dataclass
class Value:
    """A value found in a sentence, with what surrounds it."""

    amount: Amount
    qualifier: str | None
    end: int  # after the suffix qualifier
    boundary: bool  # followed by a clause or list boundary, not by a noun


@dataclass
class _Sentence:
    """Reads the targets of one sentence left to right."""

    orig: str
    t: str
    years: list[YearPhrase]
    context: YearPhrase | None
    section: Section
    start_year: int
    line: int | None
    mask: list[int] = field(default_factory=list)
    found: list[ProseTarget] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # where each found target's value is
    seg: int = 0
    last_verb: str = ""
    last_form: str = ""
    last_subjects: list[str] = field(default_factory=list)
    # The year of a year-less sentence under a 发展目标 heading: the plan's last year.
    context_year: int | None = None

    def __post_init__(self) -> None:
        self.mask = bracket_mask(self.t)

    # ---- reading values

    def value_at(self, pos: int, need_unit: bool = True) -> Value | None:
        if pos >= len(self.t) or self.mask[pos]:
            return None
        if pos and re.match(r"[\dA-Za-z.第前近]", self.t[pos - 1]):
            return None
        a = parse_amount(self.t, pos, need_unit=need_unit)
        if a is None or (not a.text[:1].isdigit() and a.value == 1 and not a.bare):
            return None  # 一个, 一家: an article, not a count
        if a.bare and not self.bare_is_amount(pos):
            return None  # 百亿产业, 万元/亩: words, unless a verb says they are amounts
        q, end = qualifier_after(self.t, a.end)
        rest = self.t[end:]
        boundary = not rest or rest[0] in BOUNDARY or rest.startswith(("年均", "（", "("))
        return Value(amount=a, qualifier=q, end=end, boundary=boundary)

    def is_annual_task(self, phrase: YearPhrase | None) -> bool:
        """A year named plainly (2024年，…), inside the plan period before its last year."""
        if phrase is None or phrase.future or phrase.annual or phrase.year is None:
            return False
        end = self.context_year or END_YEAR_DEFAULT
        return self.start_year <= phrase.year < end

    def bare_is_amount(self, pos: int) -> bool:
        """A scale without a numeral (万亿元, 百家) is an amount right after a verb or
        qualifier, or where its clause opens with a verb of counting (新增X百家)."""
        if BARE_BEFORE.search(self.t, 0, pos):
            return True
        start = max(self.t.rfind(c, 0, pos) for c in "，,；;：:") + 1
        return bool(ACTION_HEAD.match(clean_indicator(self.t[start:pos])[0] or "-"))

    def values(self) -> list[Value]:
        out: list[Value] = []
        for m in AMOUNT_RE.finditer(self.t):
            # After 分别达到 the unit may be written on the last value only (150、600亿元).
            listed = bool(RESP_BEFORE.search(self.t, 0, m.start()))
            v = self.value_at(m.start(), need_unit=not listed)
            if v is not None and (not out or m.start() >= out[-1].end):
                out.append(v)
        return out

    # ---- context

    def year_for(self, pos: int) -> YearPhrase | None:
        before = [p for p in self.years if p.end <= pos]
        return before[-1] if before else self.context

    def future(self, pos: int) -> bool:
        p = self.year_for(pos)
        return self.section.targets or (p is not None and (p.future or p.modal is not None))

    def modal_before(self, pos: int, pre: str, phrase: YearPhrase | None) -> str | None:
        """力争/确保 of the value's own clause, else of its year phrase: 力争 in one clause
        does not govern the next (A力争达到X，B下降Y%: Y is no 力争)."""
        found = list(STRONG_MODAL_RE.finditer(pre))
        if found:
            return found[-1].group(0)
        return phrase.modal if phrase else None

    # ---- building targets

    def accept(
        self, v: Value, pre: str, verb: str = ""
    ) -> tuple[YearPhrase | None, str | None] | None:
        """(year phrase, modal) when the value's sentence looks forward, else None.

        Without a year phrase, a sentence looks forward with 力争/确保, under a 发展目标
        heading, or under a 重点任务 heading with a verb that aims (培育, 达到 …)."""
        phrase = self.year_for(v.amount.start)
        clause_start = max(self.t.rfind(c, 0, v.amount.start) for c in "，,；;：:") + 1
        clause = self.t[clause_start : v.end]
        if is_history(phrase, self.t, clause, self.start_year, self.section):
            return None
        modal = self.modal_before(v.amount.start, pre, phrase)
        aims = self.section.tasks and verb in AIMING_VERBS
        if phrase is None and not (self.section.targets or aims) and modal not in STRONG_MODALS:
            return None
        return phrase, modal

    def inferred_year(self, phrase: YearPhrase | None, verb: str) -> int | None:
        """The plan's last year for a sentence that names none, where its section is
        about the plan period."""
        if phrase is not None:
            return None
        if self.section.targets or (self.section.tasks and verb in AIMING_VERBS):
            return self.context_year
        return None

    def add(self, v: Value, indicator: str, verb: str, pre: str, **extra: object) -> None:
        accepted = self.accept(v, pre, verb)
        if accepted is None:
            return
        phrase, modal = accepted
        prefix_q = extra.pop("prefix_q", None)
        kind, change = kind_of(verb, v.amount.unit)
        if v.amount.share:
            kind = "share"
        inferred = self.inferred_year(phrase, verb)
        year = phrase.year if phrase else inferred
        if self.is_annual_task(phrase):
            kind = "annual_task"  # 2024年，新增…: what that year of the plan must do
        target = ProseTarget(
            indicator=indicator,
            value=v.amount.value,
            value_high=v.amount.high,
            value_text=self.orig[v.amount.start : v.end],
            unit=v.amount.unit,
            year=year,
            year_text=phrase.text if phrase else "",
            year_inferred=inferred is not None,
            qualifier=v.qualifier or prefix_q or VERB_QUALIFIERS.get(verb) or modal,
            modal=modal,
            verb=verb,
            kind=kind,
            change=change,
            cumulative=bool(extra.pop("cumulative", False)) or "累计" in pre,
            base_year=base_year(pre),
            section=self.section.title,
            evidence=self.orig.strip(),
            source=CellRef(line=self.line),
            **extra,  # type: ignore[arg-type]
        )
        self.found.append(target)
        self.starts.append(v.amount.start)
        self.bracketed_stretch(target, v.end)

    def bracketed_stretch(self, target: ProseTarget, pos: int) -> None:
        """``800亿元（力争1000亿元）``: a stretch written in brackets after the value."""
        m = BRACKET_STRETCH.match(self.t, pos)
        if not m:
            return
        a = parse_amount(self.t, m.end(), need_unit=False)
        if a is None or a.unit not in (target.unit, ""):
            return
        _, end = qualifier_after(self.t, a.end)
        if re.match(r"[）)]", self.t[end:]):
            target.stretch = a.value

    # ---- forms

    def read(self) -> list[ProseTarget]:
        self.classes()
        self.doublings()
        vals = self.values()
        i = 0
        while i < len(vals):
            i = self.one(vals, i)
        order = sorted(range(len(self.found)), key=lambda k: self.starts[k])
        return [self.found[k] for k in order]

    def before(self, pos: int) -> ProseTarget | None:
        """The target found last before `pos` in the sentence."""
        earlier = [k for k, start in enumerate(self.starts) if start < pos]
        return self.found[max(earlier, key=lambda k: self.starts[k])] if earlier else None

    def doublings(self) -> None:
        """``工业总产值比2020年翻一番``: a relative target with no number, a factor."""
        for m in DOUBLING.finditer(self.t):
            if self.mask[m.start()]:
                continue
            start = max(self.t.rfind(c, 0, m.start()) for c in "，,；;：:") + 1
            noun, _ = clean_indicator(self.t[start : m.start()])
            noun = PER_YEAR.sub("", noun)
            if not valid_indicator(noun):
                continue
            amount = Amount(value=0.0, text=m.group(0), start=m.start(), end=m.end())
            before = len(self.found)
            self.add(Value(amount=amount, qualifier=None, end=m.end(), boundary=True), noun,
                     "翻番", self.t[start : m.start()])  # fmt: skip
            if len(self.found) > before:
                t = self.found[-1]
                t.kind, t.change, t.value = "relative", "up", None
                t.factor = float(2 ** (cn_integer(m.group("n") or "一") or 1))
                t.base_year = t.base_year or base_year(m.group(0))

    def classes(self) -> None:
        """``打造千亿级产业集群``: a size class as the target (1000亿元, qualifier 级) where
        nothing is counted (``培育百亿级企业2家`` counts firms of that class)."""
        for m in CLASS.finditer(self.t):
            rest = self.t[m.end() :]
            if self.mask[m.start()] or re.match(r"[^，,。；;]*?\d", rest):
                continue
            noun = m.group("noun")
            if not valid_indicator(noun):
                continue
            value, unit = CLASS_SIZES[m.group("size")]
            amount = Amount(value=value, unit=unit, text=m.group("size") + "级",
                            start=m.start("size"), end=m.end("size") + 1)  # fmt: skip
            v = Value(amount=amount, qualifier="级", end=m.end("size") + 1, boundary=True)
            self.add(v, noun, m.group("verb"), self.t[: m.start("size")])

    def one(self, vals: list[Value], i: int) -> int:
        v = vals[i]
        pre_full = self.t[self.seg : v.amount.start]
        pre, broken = last_clause(pre_full, self.mask, self.seg)
        if re.search(r"(?:从|由|比|较)$", pre):
            return i + 1  # a baseline: 从2.1%提高到3%
        resp = RESPECTIVELY.search(pre)
        if resp:
            return self.respectively(vals, i, pre, resp)
        growth = GROWTH.match(pre)
        if growth and v.amount.unit == "%" and v.boundary:
            self.growth(v, growth.group("noun"), pre)
            self.seg = v.end
            return i + 1
        tail = VERB_TAIL.search(pre) or PREFIX_TAIL.search(pre)
        if not v.boundary:
            self.count_before_noun(v, pre, tail)
            return i + 1
        if tail:
            self.verb_form(v, pre, tail)
        else:
            self.noun_form(v, pre, broken)
        self.seg = max(self.seg, v.end)
        return i + 1

    def verb_form(self, v: Value, pre: str, tail: re.Match[str]) -> None:
        verb = tail.groupdict().get("verb") or ""
        prefix_q = prefix_qualifier(tail.group("pq"))
        noun, cumulative = clean_indicator(pre[: tail.start()])
        if not noun:
            self.stretch_or_skip(v, pre, verb)
            return
        if noun.startswith("占") and (prev := self.before(v.amount.start)) is not None:
            noun = prev.indicator + noun  # X达到…，占GDP比重达到…
        head = ACTION_HEAD.match(noun)
        if head and len(noun) > head.end():
            # 新增规上企业达到50家: the count verb leads, 达到 only links it to the value.
            verb_b, noun = head.group(0), noun[head.end() :]
            if valid_indicator(noun):
                prefix_q = prefix_q or VERB_QUALIFIERS.get(verb)
                self.add(v, noun, verb_b, pre, cumulative=cumulative, prefix_q=prefix_q)
                self.last_verb, self.last_form = verb_b, "B"
            return
        per_year = bool(PER_YEAR.search(noun))  # 年均提高0.3个百分点
        noun = PER_YEAR.sub("", noun)
        subject, noun, _ = split_inner_verb(noun)
        if not valid_indicator(noun):
            return
        self.add(v, noun, verb, pre, cumulative=cumulative, prefix_q=prefix_q, subject=subject,
                 per_year=per_year)  # fmt: skip
        self.last_verb, self.last_form = verb, "A"

    def noun_form(self, v: Value, pre: str, broken: bool) -> None:
        noun, cumulative = clean_indicator(pre)
        if not noun or MODAL_ONLY.match(clean_stretch(pre)):  # 争创1000亿元: a stretch
            self.stretch_or_skip(v, pre)
            return
        # 建设X 5家: words that also start nouns (建设用地) are verbs only before a count.
        head = ACTION_HEAD.match(noun) or (
            COUNT_HEAD.match(noun) if v.amount.unit in COUNT_UNITS else None
        )
        if head:
            verb, noun = head.group(0).replace("累计", ""), noun[head.end() :].lstrip("、和及与")
            if valid_indicator(noun):
                self.add(v, noun, verb, pre, cumulative=cumulative)
                self.last_verb, self.last_form = verb, "B"
            return
        # 、Y 20家 after a listed target, or 其中Y 70家: items that share the verb.
        listed = not broken and self.found and re.match(r"^[、和及与]", pre.strip())
        if (listed or pre.strip().startswith("其中")) and valid_indicator(noun):
            self.add(v, noun, self.last_verb, pre, cumulative=cumulative)
            return
        # A bare "noun value" is a target only where the text looks forward.
        subject, noun, verb = split_inner_verb(noun)
        if self.future(v.amount.start) and valid_indicator(noun):
            self.add(v, noun, verb, pre, cumulative=cumulative, subject=subject)
            self.last_form = "bare"

    def count_before_noun(self, v: Value, pre: str, tail: re.Match[str] | None) -> None:
        """``打造3个百亿产业`` / ``新增30家…机构``: the count comes before what it counts."""
        if v.amount.unit not in COUNT_UNITS:
            return
        verb_m = ACTION_TAIL.search(pre)
        verb = verb_m.group(0) if verb_m else ""
        if not verb and tail is not None and tail.groupdict().get("verb") in UP_VERBS:
            verb = tail.group("verb")
        if not verb and not (clean_indicator(pre)[0] == "" and self.last_form == "C"):
            return
        verb = verb or self.last_verb
        m = re.match(r"[^、，,。；;（(等和及]+", self.t[v.end :])
        if not m:
            return
        noun = m.group(0).strip()
        if not valid_indicator(noun):
            return
        self.add(v, noun, verb, pre)
        self.last_verb, self.last_form = verb, "C"
        self.seg = v.end + m.end()

    def growth(self, v: Value, noun_raw: str, pre: str) -> None:
        noun, _ = clean_indicator(noun_raw)
        rate = v.amount.value
        text = self.orig[v.amount.start : v.end]
        if not noun:
            prev = self.before(v.amount.start)
            if prev is not None and not prev.growth_text:
                prev.annual_growth, prev.growth_text = rate, text
                prev.growth_qualifier, prev.growth_high = v.qualifier, v.amount.high
            return
        if not valid_indicator(noun):
            return
        before = len(self.found)
        self.add(v, noun, "", pre)
        if len(self.found) > before:
            t = self.found[-1]
            t.kind, t.value, t.value_high, t.unit, t.value_text = "growth", None, None, "", ""
            t.annual_growth, t.growth_text, t.growth_qualifier = rate, text, v.qualifier
            t.growth_high = v.amount.high
            t.qualifier = t.modal

    def stretch_or_skip(self, v: Value, pre: str, verb: str = "") -> None:
        """A value with no indicator of its own continues the target before it.

        ``确保800亿元、力争1000亿元``: a second value with only 力争 is a stretch;
        ``突破800亿元、达到900亿元``: the first value was the floor, the second the target;
        ``年均提高0.3个百分点，达到2.8%``: a level after a change, same indicator;
        ``新增10家，累计达到30家``: a cumulative level of the same indicator;
        ``到2022年达到150亿元，到2025年达到200亿元``: the same indicator, another year.
        """
        prev = self.before(v.amount.start)
        if prev is None:
            return
        same_unit = prev.unit in (v.amount.unit, "")
        if MODAL_ONLY.match(clean_stretch(pre)) and same_unit:
            if prev.stretch is None:
                prev.stretch = v.amount.value
                prev.qualifier = prev.qualifier or prev.modal
                self.seg = v.end
            return
        if verb not in LEVEL_VERBS:
            return
        phrase = self.year_for(v.amount.start)
        new_year = phrase is not None and phrase.year not in (None, prev.year)
        if "累计" in pre or new_year or (prev.kind != "level" and prev.kind != "annual_task"):
            self.add(v, prev.indicator, verb, pre, subject=prev.subject)
        elif (
            same_unit
            and prev.verb in FLOOR_VERBS
            and verb not in FLOOR_VERBS
            and (prev.value is not None and v.amount.value > prev.value)
        ):
            prev.floor, prev.value = prev.value, v.amount.value
            prev.value_text = self.orig[v.amount.start : v.end]
            prev.verb, prev.qualifier = verb, v.qualifier or (prev.modal if prev.modal else None)
            self.seg = v.end

    def respectively(self, vals: list[Value], i: int, pre: str, resp: re.Match[str]) -> int:
        """``A、B分别达到1万亩和1.2万亩`` → one target per item."""
        items_text, _ = clean_indicator(pre[: resp.start()])
        verb = resp.group("verb") or ""
        noun_after, _ = clean_indicator(resp.group("noun") or "")
        run = self.value_run(vals, i)
        if not run:
            return i + 1
        items = split_items(items_text)
        subjects, indicators = self.assign(items, noun_after, len(run))
        if subjects is None and indicators is None:
            return self.after(vals, run[-1].end)
        for k, v in enumerate(run):
            ind = indicators[k] if indicators else noun_after
            if not valid_indicator(ind):
                continue
            before = len(self.found)
            self.add(v, ind, verb, pre, subject=subjects[k] if subjects else None)
            if len(self.found) > before and not v.amount.unit:
                self.found[-1].unit = run[-1].amount.unit
        self.last_subjects = subjects or []
        self.seg = run[-1].end
        return self.after(vals, run[-1].end)

    @staticmethod
    def after(vals: list[Value], pos: int) -> int:
        """Index of the first value starting at or after `pos`."""
        return next((k for k, v in enumerate(vals) if v.amount.start >= pos), len(vals))

    def value_run(self, vals: list[Value], i: int) -> list[Value]:
        """Values joined only by 、和及与 (the unit may be written on the last one only)."""
        run = [vals[i]]
        pos = vals[i].end
        while True:
            m = re.match(r"\s*[、和及与]\s*", self.t[pos:])
            if not m:
                break
            nxt = self.value_at(pos + m.end(), need_unit=False)
            if nxt is None:
                break
            run.append(nxt)
            pos = nxt.end
        if run and not run[0].amount.unit:
            unit = run[-1].amount.unit
            if not unit:
                return []
            for v in run:
                v.amount.unit = v.amount.unit or unit
        return run

    def assign(
        self, items: list[str], noun_after: str, n: int
    ) -> tuple[list[str] | None, list[str] | None]:
        """Which items are subjects and which is the indicator, for n values."""
        if noun_after:
            if len(items) == n:
                return strip_collective(items), None
            if len(items) <= 1 and len(self.last_subjects) == n:
                return self.last_subjects, None
            return None, None
        if len(items) == 1 and len(self.last_subjects) == n:
            return self.last_subjects, [items[0]] * n
        if len(items) != n or n < 2:
            return None, None
        head = INDICATOR_HEAD.search(items[-1])
        parallel = any(INDICATOR_HEAD.search(x) for x in items[:-1])
        if head and head.start() > 0 and not parallel:
            subject, indicator = items[-1][: head.start()], items[-1][head.start() :]
            return strip_collective([*items[:-1], subject]), [indicator] * n
        return None, items


def split_inner_verb(noun: str) -> tuple[str | None, str, str]:
    """``X主营业务实现规上工业总产值`` → (subject X主营业务, 规上工业总产值, 实现)."""
    for m in INNER_VERB.finditer(noun):
        subject, _ = clean_indicator(noun[: m.start()])
        indicator = noun[m.end() :]
        if m.start() > 0 and valid_indicator(indicator) and valid_indicator(subject):
            return subject, indicator, m.group(0)
    return None, noun, ""


def clean_stretch(text: str) -> str:
    return re.sub(r"^[、，,\s]+", "", text).strip()


def split_items(text: str) -> list[str]:
    mask = bracket_mask(text)
    items, cur = [], ""
    for c, d in zip(text, mask, strict=True):
        if c in "、和及与" and d == 0:
            items.append(cur)
            cur = ""
        else:
            cur += c
    items.append(cur)
    return [x.strip() for x in items if x.strip()]


def strip_collective(items: list[str]) -> list[str]:
    """``A、B、C产业`` → A, B, C (unless every item carries the word)."""
    last = COLLECTIVE.sub("", items[-1])
    if last and not all(COLLECTIVE.search(x) for x in items[:-1]):
        return [*items[:-1], last]
    return items


STRONG_MODAL_RE = re.compile("|".join(STRONG_MODALS))


# ------------------------------------------------------------------ the document


SENTENCE_END = re.compile(r"[。！？!?；;]")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences, split at 。！？；."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def paragraph_targets(
    text: str,
    line: int | None,
    section: Section,
    period: tuple[int, int],
    context: YearPhrase | None = None,
    original: str | None = None,
) -> list[ProseTarget]:
    """The targets of one paragraph; `context` is a year a lead sentence before it gave,
    `original` the paragraph as written where `text` is converted (the evidence)."""
    folded = fold_width(text)
    if original is None or len(original) != len(text):
        original = text
    out: list[ProseTarget] = []
    for a, b in sentences(folded):
        pieces = [(a, b), *asides(folded, a, b)]  # the sentence, then targets in its brackets
        for x, y in pieces:
            t = folded[x:y]
            s = _Sentence(
                orig=original[x:y],
                t=t,
                years=year_phrases(t),
                context=context,
                section=section,
                start_year=period[0],
                line=line,
                context_year=period[1],
            )
            out.extend(s.read())
        dated = [p for p in year_phrases(folded[a:b]) if p.year is not None]
        if dated:
            context = dated[-1]
    return out


ASIDE = re.compile(r"[（(]([^（）()]{6,})[)）]")


def asides(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans inside brackets that state targets of their own (（到2025年建成标准厂房12个，
    新增入驻企业350家）): a year or a verb of aiming before a number. Values in other
    brackets are notes and stay out."""
    out = []
    for m in ASIDE.finditer(text, a, b):
        inner = m.group(1)
        if re.search(r"\d", inner) and (year_phrases(inner) or ACTION_HEAD.search(inner)
                                          or VERB_TAIL.search(inner[:10])):  # fmt: skip
            out.append((m.start(1), m.end(1)))
    return out


def _key(t: ProseTarget) -> tuple[object, ...]:
    return (t.indicator, t.subject, t.value, t.unit, t.year, t.kind, t.annual_growth)


def dedupe(targets: list[ProseTarget]) -> list[ProseTarget]:
    seen: set[tuple[object, ...]] = set()
    out: list[ProseTarget] = []
    for t in targets:
        if _key(t) not in seen:
            seen.add(_key(t))
            out.append(t)
    return out


def plan_period(doc: Document) -> tuple[int, int]:
    start, end = find_period(find_title(doc), opening_paragraphs(doc))
    return start or START_YEAR_DEFAULT, end or END_YEAR_DEFAULT


# A lead sentence ends in a colon (到2025年，主要目标是：); the items after it are
# bullets (——, 1., （一）, 一是) that take its year until the list ends.
LEAD_END = re.compile(r"[：:]\s*$")
BULLET = re.compile(
    r"^\s*(?:—+|－+|-|•|·|●|▪|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．)）]"
    r"|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、)"
)


def lead_year(text: str) -> YearPhrase | None:
    """The future year a lead sentence gives its list (到2025年，主要目标是：)."""
    folded = fold_width(text)
    if not LEAD_END.search(folded):
        return None
    dated = [p for p in year_phrases(folded) if p.year is not None and p.future]
    return dated[-1] if dated else None


def extract_prose_targets(doc: Document) -> list[ProseTarget]:
    period = plan_period(doc)
    stack: list[tuple[int, str]] = []
    found: list[ProseTarget] = []
    carry: YearPhrase | None = None
    for block in doc.blocks:
        if isinstance(block, Heading):
            stack = [(lvl, txt) for lvl, txt in stack if lvl < block.level]
            stack.append((block.level, block.text))
            carry = None
        if isinstance(block, Paragraph | Heading):
            section = section_of([txt for _, txt in stack])
            context = carry if carry is not None and BULLET.match(block.text) else None
            found.extend(
                paragraph_targets(
                    block.text, block.source.line, section, period, context, block.original
                )
            )
            if context is None:
                carry = lead_year(block.text)
    return dedupe(found)
