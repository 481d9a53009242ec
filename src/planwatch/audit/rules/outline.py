"""Rule 7 for the outline: a heading numbered like the one before it where the next
goes on as if it were right (（一）（二）（二）（四）): a mistyped number.

Siblings are the headings of one level between two headings of a higher level; each
is numbered by its own style (一、, （一）, 1、, （1）, 第一章). Other irregularities
(a number skipped, a run restarting at 1, numbers out of order) are not reported:
headings the conversion lost, or a parent heading it did not recognise, look the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planwatch.audit.plan import AuditedPlan
from planwatch.audit.registry import rule
from planwatch.ingest.cn_numbers import cn_integer
from planwatch.ingest.headings import numbering_of
from planwatch.models import OutlineItem
from planwatch.models.audit import Finding, Location

_DIGITS = re.compile(r"\d+")
_CN = re.compile(r"[一二三四五六七八九十百零〇]+")


def number_of(numbering: str) -> int | None:
    """1 for 一、, （一）, 1、, （1）, 第一章."""
    m = _DIGITS.search(numbering)
    if m:
        return int(m.group(0))
    m = _CN.search(numbering)
    return cn_integer(m.group(0)) if m else None


def _style(item: OutlineItem) -> str:
    found = numbering_of(item.numbering + "题")
    return found[0] if found else ""


def _families(outline: list[OutlineItem]) -> list[list[OutlineItem]]:
    """Runs of sibling headings: one level and style, between headings above them."""
    families: dict[tuple[int, ...], list[OutlineItem]] = {}
    path: list[int] = []  # index of the open heading at each level above
    for k, item in enumerate(outline):
        if not item.numbering:
            continue
        path = [p for p in path if outline[p].level < item.level]
        key = (*path, item.level, hash(_style(item)))
        families.setdefault(key, []).append(item)
        path.append(k)
    return list(families.values())


def _typos(numbers: list[int | None]) -> Iterator[int]:
    """Positions where a number repeats the one before and the next one goes on as if
    it had been right (一 二 二 四): the mark of a mistyped number. Anything else (a
    run restarting, numbers out of order) may be headings the conversion lost."""
    for k in range(1, len(numbers)):
        a, b = numbers[k - 1], numbers[k]
        after = numbers[k + 1] if k + 1 < len(numbers) else None
        if a is not None and a == b and (after is None or after == a + 2):
            yield k


@rule("outline", "标题编号重复", "headings numbered twice")
def outline(plan: AuditedPlan) -> Iterator[Finding]:
    for family in _families(plan.extract.metadata.outline):
        numbers = [number_of(i.numbering) for i in family]
        for k in _typos(numbers):
            skipped = (numbers[k] or 0) + 1
            yield _twice(family[k - 1], family[k], skipped)


def _twice(first: OutlineItem, again: OutlineItem, skipped: int) -> Finding:
    return Finding(
        rule="outline",
        severity="warning",
        location=Location(line=again.line, page=again.page, row=again.text),
        message_zh=(
            f"标题编号“{again.numbering}”连用两次（“{first.numbering}{first.text}”与"
            f"“{again.numbering}{again.text}”），第{skipped}号缺失，后一个应为第{skipped}号。"
        ),
        message_en=(
            f"the heading number '{again.numbering}' is used twice ('{first.text}' and "
            f"'{again.text}'); number {skipped} is missing and the second should be it."
        ),
        subjects=[first.text, again.text],
        values={"stated": again.numbering, "expected": skipped},
        evidence=f"{first.numbering}{first.text} … {again.numbering}{again.text}",
    )
