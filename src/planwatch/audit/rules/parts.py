"""Rule 2 in running text: parts that add up to more than the whole they are part of.

"专利2241件（其中外观专利1191件、实用新型专利847件…）", "新增工业用地1600亩，其中已出让
846亩，拟出让252亩…": the parts after 其中 are in the unit of the whole before it. A
list after 其中 need not be complete (企业2942家，其中规上企业157家), so parts adding up to
less than the whole are no finding; adding up to more is, beyond the rounding of
the printed digits. Only parts in the whole's own unit count, and a second 其中
(parts of a part) ends the list. Parts that are cross-sector groupings (高新技术产业 and
战略性新兴产业 of one 增加值) overlap by definition and are not added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planwatch.audit.plan import AuditedPlan
from planwatch.audit.precision import Printed, fmt, sum_of
from planwatch.audit.registry import rule
from planwatch.catalog.traits import CROSS_CUTTING
from planwatch.models.audit import Finding, Location

UNIT = r"(?:万亿元|亿元|万元|元|亿|万|家|个|项|件|亩|公顷|平方公里|万平方米|平方米|人|万人|吨|万吨)"
NUMBER = r"\d+(?:\.\d+)?"
# the whole: a number and its unit, then (before the sentence ends) 其中
WHOLE = re.compile(rf"(?P<n>{NUMBER})\s*(?P<u>{UNIT})(?P<gap>[^。；;其]{{0,12}}?)[（(]?其中")
PART = re.compile(rf"(?P<n>{NUMBER})\s*(?P<u>{UNIT})")
EXCESS = 0.02  # beyond this share of the whole, parts too large are an error


def _parts(text: str, start: int, unit: str, bracketed: bool) -> list[tuple[str, str]]:
    """(number, phrase) of each part in `unit` after 其中, up to the sentence's end, the
    bracket that closes a list opened by （其中, or a second 其中."""
    end = len(text)
    for stop in ("。", "；", ";", "其中", *(("）", ")") if bracketed else ())):
        k = text.find(stop, start)
        if k != -1:
            end = min(end, k)
    segment = text[start:end]
    out = []
    for m in PART.finditer(segment):
        if m.group("u") == unit:
            phrase_start = max(segment.rfind(x, 0, m.start()) for x in "、，,（(：:") + 1
            out.append((m.group("n"), segment[phrase_start : m.end()].strip("）) ")))
    return out


def _overlaying(found: list[tuple[str, str]]) -> bool:
    """Parts of which two or more are cross-sector groupings (高新技术产业, 战略性新兴产业):
    they overlap, and need not add up to less than the whole."""
    return sum(1 for _, phrase in found if CROSS_CUTTING.search(phrase)) >= 2


@rule("parts", "分项之和超过总数", "parts adding up to more than the whole")
def parts(plan: AuditedPlan) -> Iterator[Finding]:
    for text, line, page in plan.paragraphs():
        for m in WHOLE.finditer(text):
            unit = m.group("u")
            found = _parts(text, m.end(), unit, m.group(0).endswith(("（其中", "(其中")))
            if len(found) < 2 or _overlaying(found):
                continue
            whole = Printed.of(float(m.group("n")), m.group("n"))
            total = sum_of([Printed.of(float(n), n) for n, _ in found])
            if total.low <= whole.high:
                continue
            excess = (total.value - whole.value) / whole.value if whole.value else 1.0
            yield Finding(
                rule="parts",
                severity="error" if excess > EXCESS else "warning",
                location=Location(line=line, page=page),
                message_zh=(
                    f"总数{m.group('n')}{unit}，其中各分项（{'、'.join(p for _, p in found)}）"
                    f"合计{fmt(total.value)}{unit}，超过总数。"
                ),
                message_en=(
                    f"a whole of {m.group('n')} {unit} whose parts add up to "
                    f"{fmt(total.value)} {unit}, more than the whole."
                ),
                subjects=[p for _, p in found],
                values={"stated": whole.value, "expected": total.value, "unit": unit},
                evidence=text,
            )
