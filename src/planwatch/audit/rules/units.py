"""Rule "units": a unit that cannot belong to its indicator.

A plan's unit column is typed by hand and copied from row to row, so a share printed
in 家, a 亩均 value in %, or a 产值 with no unit at all slips through proof-reading,
and the reader can no longer tell what the number means. The check is by dimension
(`planwatch.catalog.units`): what an indicator must be measured in comes from its
catalogue entry when the name is a known indicator (exact name or synonym), and
from the ending of its name otherwise (…率/比重 a share, 亩均… an amount per mu,
…产值/投资 money, 园区面积 land).

Precision comes before recall. Only a dimension that cannot hold the quantity is an
error (a share in 亿元, a 亩均 value in %, a 产值 in 家). A per-mu or productivity
value in plain 万元 (its denominator left out), a money amount with no unit, and a
land area in 平方米 too small to be land are warnings. Every legitimate variant has
the expected dimension and passes: 万元/人 and 万元/人·年, 吨标准煤/万元, 亿千瓦时,
个百分点 for a change in a share, 件 for patents. Prose is looser than a unit column:
亩均税收达到30万元 is ordinary Chinese, so a prose target is never faulted for a
missing denominator, and only levels are checked (提高20% is a change, not a unit).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from planwatch.audit.plan import AuditedPlan, indicator_evidence, indicator_location
from planwatch.audit.precision import fmt
from planwatch.audit.registry import rule
from planwatch.catalog import named
from planwatch.catalog.units import canonical_unit, dimension
from planwatch.ingest.names import normal_name
from planwatch.models import Indicator, ProseTarget
from planwatch.models.audit import Finding, Location

RULE = "units"
AREA_FLOOR = 1000.0  # 平方米: 1.5 亩; no park or land total is smaller (ours)


@dataclass(frozen=True)
class Expected:
    """What an indicator must be measured in: a kind, a unit to suggest, its words."""

    kind: str  # share | per_mu | productivity | per_resource | money | area
    unit: str
    zh: str
    en: str


SHARE = Expected("share", "%", "比率或比重（%）", "a share or rate (%)")
PER_MU = Expected("per_mu", "万元/亩", "每亩的金额（万元/亩）", "an amount per mu (万元/亩)")
PRODUCTIVITY = Expected(
    "productivity", "万元/人·年", "每人每年的金额（万元/人·年）", "an amount per worker a year"
)
PER_RESOURCE = Expected(
    "per_resource",
    "万元/单位资源消耗",
    "每单位资源消耗的金额（如万元/吨标准煤）",
    "an amount per unit of a resource used (e.g. 万元/吨标准煤)",
)
MONEY = Expected("money", "亿元或万元", "金额（亿元、万元）", "an amount of money (亿元, 万元)")
AREA = Expected("area", "平方公里或亩", "土地面积（平方公里或亩）", "a land area (km² or mu)")
BY_DIMENSION = {"share": SHARE, "money_per_mu": PER_MU, "productivity": PRODUCTIVITY,
                "money": MONEY}  # fmt: skip

# Dimensions of units the catalogue does not list (it has no plain 吨, 台, 千元 …).
FALLBACK_DIMENSIONS = [
    ("money", re.compile(r"[千万亿]*(?:元|美元)")),
    ("energy", re.compile(r"[万亿]*吨标准?煤")),
    ("mass", re.compile(r"[千万亿]*吨|千克|公斤")),
    ("count", re.compile(r"[万亿]?(?:家|个|项|户|件|所|座|条|台|套|辆|张|只|批|部|架|艘|栋|处)")),
    ("people", re.compile(r"万?人")),
    ("area", re.compile(r"万?(?:平方米|平方千米|平方公里|亩|公顷|㎡)")),
    ("share", re.compile(r"%|‰|个?百分点")),
]
AMOUNTS = {"money", "money_usd", "count", "mass", "energy", "people", "electricity", "area"}
MONEY_DIMENSIONS = {"money", "money_usd"}
DIMENSION_ZH = {"money": "金额", "money_usd": "金额", "count": "个数", "mass": "重量",
                "energy": "能源量", "people": "人数", "electricity": "电量", "area": "面积",
                "share": "百分比"}  # fmt: skip

# Name endings, for indicators the catalogue does not know.
CHANGE = re.compile(r"(增长|增速|增幅|提高|提升|下降|降低|降幅|减少|压减|翻番|翻一番)")
SHARE_END = re.compile(r"(率|比重|占比|比例|增速|增幅|降幅)$")
NOT_A_SHARE = re.compile(r"(生产率|产出率|功率|容积率|频率|汇率|效率|周转率)$")
SHARE_INTENSITY = re.compile(r"(研发|R&D|科技|经费).*强度$", re.IGNORECASE)
PRODUCTIVITY_NAME = re.compile(r"劳动生产率$")
PER_MU_NAME = re.compile(r"亩均|每亩|亩产|单位(?:建设|工业)?(?:土地|用地|面积)")
# 单位能耗增加值, 单位COD排放工业增加值, 单位电耗税收: value per unit of a resource used
# (not 单位工业增加值能耗, which ends in the resource and is an intensity).
PER_RESOURCE_NAME = re.compile(
    r"单位[A-Za-z]*(?:能耗|电耗|用电量?|耗电量?|能源消耗|排放|用水量?|水耗)"
    r"(?:工业)?(?:增加值|产值|税收|产出|收入|销售收入)$"
)
PER_AMOUNT = ("per_mu", "productivity", "per_resource")
MONEY_END = re.compile(
    r"(产值|增加值|收入|营收|投资|投资额|投资总额|税收|利润|利润总额|销售额|出口额|交货值)$"
)
NOT_MONEY = re.compile(r"(亩均|人均|单位|每|率|比重|占比|比例|增速|指数|强度)")
AREA_NAME = re.compile(
    r"((?:园区|开发区|产业园|平台|小镇|规划|占地|建成区|核心区|土地|用地).*面积|用地(?:规模)?)$"
)
NOT_AREA = re.compile(r"(人均|每|建筑面积|厂房|住房|绿地|率|比重|占比)")
MONEY_IN_TEXT = re.compile(r"元")
UNIT_IN_CELL = re.compile(r"[%％元万亿]")


def stated_dimension(unit: str) -> str | None:
    """The dimension of a unit as written; None when blank or not known."""
    key = canonical_unit(unit)
    if not key:
        return None
    known = dimension(key)
    if known is not None:
        return known
    return next((d for d, rx in FALLBACK_DIMENSIONS if rx.fullmatch(key)), None)


def _catalogued(name: str, unit: str) -> tuple[bool, Expected | None]:
    """(known, expected): a catalogue entry matched by name or synonym, and what its
    unit's dimension asks for (None for dimensions this rule does not judge)."""
    found = named(name)
    if found is None:
        return False, None
    canonical = found.unit
    expected = BY_DIMENSION.get(dimension(canonical) or "")
    if expected is MONEY:
        expected = replace(MONEY, unit=canonical)
    return True, expected


def _per_amount(name: str) -> Expected | None:
    """A value per unit of land or of a resource, unless the name is about its change."""
    if CHANGE.search(name) or SHARE_END.search(name):
        return None
    if PER_RESOURCE_NAME.search(name):
        return PER_RESOURCE
    return PER_MU if PER_MU_NAME.search(name) else None


def _by_name(name: str) -> Expected | None:
    """What the ending of a name asks for; productivity before shares (…生产率)."""
    if PRODUCTIVITY_NAME.search(name):
        return PRODUCTIVITY
    per = _per_amount(name)
    if per is not None:
        return per
    share = SHARE_END.search(name) and not NOT_A_SHARE.search(name)
    if share or SHARE_INTENSITY.search(name):
        return SHARE
    if AREA_NAME.search(name) and not NOT_AREA.search(name):
        return AREA
    if MONEY_END.search(name) and not NOT_MONEY.search(name):
        return MONEY
    return None


def expected_of(name: str, unit: str) -> Expected | None:
    """What `name` must be measured in, if this rule can tell."""
    known, expected = _catalogued(name, unit)
    return expected if known else _by_name(normal_name(name))


def severity_of(exp: Expected, unit: str, sizes: list[float]) -> str | None:
    """error (impossible), warning (suspicious) or None (fine, or cannot tell)."""
    dim = stated_dimension(unit)
    if exp.kind == "share":
        return "error" if dim in AMOUNTS else None
    if exp.kind in PER_AMOUNT:
        if dim in MONEY_DIMENSIONS:
            return "warning"
        return "error" if dim == "share" or dim in AMOUNTS else None
    if exp.kind == "money":
        if not canonical_unit(unit):
            return "warning"
        return "error" if dim in AMOUNTS - MONEY_DIMENSIONS else None
    small = bool(sizes) and max(sizes) < AREA_FLOOR
    return "warning" if exp.kind == "area" and canonical_unit(unit) == "平方米" and small else None


def _problem(exp: Expected, unit: str, sizes: list[float]) -> tuple[str, str]:
    """What is wrong with the unit, in Chinese and English (after “应以…计量，”)."""
    dim = stated_dimension(unit)
    if not canonical_unit(unit):
        return "却没有写单位", "has no unit"
    if exp.kind == "area":
        size = fmt(max(sizes))
        return (
            f"却写作{size}平方米，不足{fmt(AREA_FLOOR)}平方米，作为园区或用地面积过小",
            f"is {size} m², under {fmt(AREA_FLOOR)} m², too small for a park or land",
        )
    if exp.kind in PER_AMOUNT and dim in MONEY_DIMENSIONS:
        return (
            f"单位写作“{unit}”，缺少分母（应为{exp.unit}）",
            f"is given in '{unit}', without the denominator ({exp.unit})",
        )
    what = DIMENSION_ZH.get(dim or "", "其他量")
    return f"单位却写作“{unit}”（{what}的单位）", f"is given in '{unit}' (a unit of {dim})"


def _finding(
    name: str, unit: str, exp: Expected, severity: str, sizes: list[float], where: Location,
    evidence: str, subjects: list[str],
) -> Finding:  # fmt: skip
    zh, en = _problem(exp, unit, sizes)
    return Finding(
        rule=RULE,
        severity=severity,  # type: ignore[arg-type]
        location=where,
        message_zh=f"“{name}”应以{exp.zh}计量，{zh}。",
        message_en=f"'{name}' should be measured as {exp.en}, but {en}.",
        subjects=subjects,
        values={"unit": unit, "expected": exp.unit},
        evidence=evidence,
    )


def _table_text(plan: AuditedPlan) -> dict[str, str]:
    """Caption → the caption and column labels, where a table may state its unit."""
    return {t.caption: t.caption + " ".join(t.labels) for t in plan.tables}


def _unit_elsewhere(ind: Indicator, tables: dict[str, str]) -> bool:
    """A unit stated outside the unit column: money in the caption or header, or any
    unit in the cells (8%, 120亿元)."""
    cells = " ".join([ind.baseline_text, ind.target_text, ind.growth_text])
    return bool(MONEY_IN_TEXT.search(tables.get(ind.table, "")) or UNIT_IN_CELL.search(cells))


def _indicator_findings(plan: AuditedPlan) -> Iterator[Finding]:
    tables = _table_text(plan)
    groups: dict[tuple[str, str, str], list[Indicator]] = {}
    for ind in plan.extract.indicators:
        key = (ind.table, normal_name(ind.name), canonical_unit(ind.unit))
        groups.setdefault(key, []).append(ind)
    for group in groups.values():
        ind = group[0]
        exp = expected_of(ind.name, ind.unit)
        if exp is None:
            continue
        sizes = [x for i in group for x in (i.baseline, i.target) if x is not None]
        severity = severity_of(exp, ind.unit, sizes)
        if severity is None or (not ind.unit and (not sizes or _unit_elsewhere(ind, tables))):
            continue
        subjects = sorted({i.subject for i in group if i.subject})
        where = indicator_location(ind)
        yield _finding(ind.name, ind.unit, exp, severity, sizes, where,
                       indicator_evidence(ind), [*subjects, ind.name])  # fmt: skip


def _stated_in_text(t: ProseTarget) -> bool:
    """The unit is written in the sentence's value, not supplied by context."""
    text = unicodedata.normalize("NFKC", t.value_text)
    return bool(t.unit) and t.unit[:1] in text


def _prose_findings(plan: AuditedPlan) -> Iterator[Finding]:
    seen: set[tuple[int | None, str, str]] = set()
    for t in plan.extract.prose_targets:
        key = (t.source.line, normal_name(t.indicator), t.unit)
        if t.kind != "level" or t.value is None or not _stated_in_text(t) or key in seen:
            continue
        seen.add(key)
        exp = expected_of(t.indicator, t.unit)
        if exp is None:
            continue
        severity = severity_of(exp, t.unit, [t.value])
        lacks_denominator = exp.kind in PER_AMOUNT and severity == "warning"
        if severity is None or lacks_denominator:
            continue
        where = Location(row=t.indicator, line=t.source.line, page=t.source.page)
        yield _finding(t.indicator, t.unit, exp, severity, [t.value], where, t.evidence,
                       [x for x in (t.subject, t.indicator) if x])  # fmt: skip


@rule(RULE, "单位与指标不符", "unit that cannot belong to the indicator")
def units(plan: AuditedPlan) -> Iterator[Finding]:
    yield from _indicator_findings(plan)
    yield from _prose_findings(plan)
