"""When a sentence in a plan states a target, and for which year.

A number in prose is a target only when the sentence looks forward: ``到2025年``,
``力争``, ``“十四五”期末``, or a heading such as 发展目标 above it. The same plan
also reviews the past (``2020年，全市实现…``, ``“十三五”期间累计…``, ``比2015年
增长…``), usually under headings such as 发展基础 or 主要成就. This module reads
year phrases, remembers the year a paragraph is talking about, and tells history
from targets, so that the clause parser in `prose` only sees forward-looking text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.ingest.cn_numbers import cn_integer, cn_year

_CN_Y = "[〇○零一二三四五六七八九]"
YEAR = rf"((?:19|20)\d{{2}}|[二][〇○零]{_CN_Y}{{2}})"
STRONG_MODALS = ("力争", "确保", "争取")

# 到2025年 / 力争到2025年底 / 2025年 / 展望2035年; not 2021年10月, not 比2020年.
TARGET_YEAR = re.compile(
    rf"(?P<modal>力争|确保|争取|努力|预计|计划)?\s*(?P<prep>到|至|在|截至|截止到?|于|展望|展望到)?\s*"
    rf"{YEAR}\s*年(?P<tail>底前|底|末|前|年底)?(?!\s*[\d一二三四五六七八九十\-—~～至、]+\s*月)"
    rf"(?!\s*[-—–~～至]\s*(?:19|20)\d\d)"
)
# Words before a year that make it a base or one of a list of years, not a target year;
# 、 only after another year (2020、2025年), not after a value (18%、2027年达到26%).
BASE_BEFORE = re.compile(
    r"(比|较|与|同|从|由|相比|相较|对比|和|-|—|–|~|～|是|为|占|(?:19|20)\d{2}年?\s*、)\s*$"
)
FIVE_YEAR = re.compile(
    r"(?P<modal>力争|确保|争取)?\s*(?P<prep>到|至|在)?\s*[“\"]?十(?P<n>[一二三四五六七八九])五[”\"]?"
    r"(?P<tail>期末|末|时期末|期间末|规划期末|期间|时期|以来)?"
)
EVERY_YEAR = re.compile(r"每年|年均每年")
BASE_YEAR = re.compile(rf"(?:比|较|与|相比|同比|从|由)\s*{YEAR}\s*年(?:底|末)?")
# Statistics of a past period: 同比, 2021年上半年, 2021年1-9月 …
PAST_SENTENCE = re.compile(
    r"同比|比上年|较上年|上年同期|以来|(?:19|20)\d{2}\s*年\s*(?:上半年|下半年|前三季度|"
    r"第?[一二三四]季度|[\d一二三四五六七八九十\-—~～至、]+\s*月)"
)
PAST_CLAUSE = re.compile(r"已经|已|[成现到长高升加得]了")
HISTORY_HEADING = re.compile(
    r"(基础|现状|成就|成效|回顾|十[一二三]五|形势|机遇|挑战|问题|不足|短板|发展环境|背景|评估|进展|总结)"
)
TARGET_HEADING = re.compile(r"(目标|指标)")
# A section about the work of the plan period: what it says it will do is for the
# plan's end year even without a year (with less certainty).
TASK_HEADING = re.compile(r"(任务|举措|工程|行动|专项|重点|计划)")


def five_year_end(n: str) -> int:
    """The last year of the N-th five-year plan: 十四五 → 2025."""
    return 1955 + 5 * (10 + (cn_integer(n) or 0))


@dataclass
class YearPhrase:
    """A year a sentence is about, where it was said, and how."""

    year: int | None
    text: str
    start: int
    end: int
    modal: str | None = None
    future: bool = False  # said with 到/力争/… or a five-year plan's end
    annual: bool = False  # 每年
    as_of: bool = False  # 截至2023年底: a state reached, not an aim


def _target_years(text: str) -> list[YearPhrase]:
    out: list[YearPhrase] = []
    for m in TARGET_YEAR.finditer(text):
        if not m.group("prep") and not m.group("modal") and BASE_BEFORE.search(text[: m.start()]):
            continue
        if text[m.end() : m.end() + 1] == "的":
            continue
        year = cn_year(m.group(3))
        if year is None:
            continue
        out.append(
            YearPhrase(
                year=year,
                text=m.group(0).strip(),
                start=m.start(),
                end=m.end(),
                modal=m.group("modal"),
                future=bool(m.group("prep") or m.group("modal")),
                as_of=(m.group("prep") or "").startswith(("截至", "截止")),
            )
        )
    return out


def _five_year_phrases(text: str) -> list[YearPhrase]:
    out: list[YearPhrase] = []
    for m in FIVE_YEAR.finditer(text):
        tail = m.group("tail")
        if not tail and not m.group("prep"):
            continue  # “十四五”时期是…: a name, not a time
        out.append(
            YearPhrase(
                year=five_year_end(m.group("n")),
                text=m.group(0).strip(),
                start=m.start(),
                end=m.end(),
                modal=m.group("modal"),
                future=tail != "以来",
            )
        )
    return out


def year_phrases(text: str) -> list[YearPhrase]:
    """Every target-year phrase of a (width-folded) sentence, in order."""
    found = _target_years(text) + _five_year_phrases(text)
    found += [
        YearPhrase(year=None, text=m.group(0), start=m.start(), end=m.end(), annual=True)
        for m in EVERY_YEAR.finditer(text)
    ]
    found.sort(key=lambda p: p.start)
    kept: list[YearPhrase] = []
    for p in found:
        if kept and p.start < kept[-1].end:
            continue
        kept.append(p)
    return kept


def base_year(text: str) -> int | None:
    """``比2020年增长50%`` → 2020."""
    m = BASE_YEAR.search(text)
    return cn_year(m.group(1)) if m else None


@dataclass
class Section:
    """What the headings above a paragraph say about it."""

    title: str = ""
    history: bool = False
    targets: bool = False
    tasks: bool = False


def section_of(stack: list[str]) -> Section:
    """`stack` holds the heading texts from the top level down to the nearest one."""
    history = any(HISTORY_HEADING.search(h) for h in stack)
    targets = any(TARGET_HEADING.search(h) and "远景" not in h for h in stack)
    tasks = not history and any(TASK_HEADING.search(h) for h in stack)
    return Section(title=stack[-1] if stack else "", history=history, targets=targets, tasks=tasks)


def is_history(
    phrase: YearPhrase | None, sentence: str, clause: str, start_year: int, section: Section
) -> bool:
    """A review of the past rather than a target.

    Years before the plan period are history unless said with 力争/确保/争取
    (``到2020年底，全市共有…`` reports, it does not aim); so are sentences that
    compare with last year, clauses in the past tense (已, 完成了), year-less
    sentences that measure against an earlier base year, and anything under a
    review heading (发展基础, 主要成就) that does not name a future year.
    """
    if PAST_CLAUSE.search(clause):
        return True
    if phrase is not None and phrase.as_of and "累计" in sentence:
        return True  # 截至2023年底，累计建成…: what has been done, whatever the verb
    if section.history and not (
        phrase is not None and phrase.future and (phrase.year or 0) >= start_year
    ):
        return True
    if phrase is not None and phrase.year is not None and phrase.year < start_year:
        return phrase.modal not in STRONG_MODALS
    if PAST_SENTENCE.search(sentence) and (phrase is None or not phrase.future):
        return True
    if phrase is None:
        base = base_year(sentence)
        return base is not None and base < start_year - 1
    return False
