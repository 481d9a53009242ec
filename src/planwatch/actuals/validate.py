"""Check every row of an actuals file before anything is stored.

The long format is `region,indicator,year,value,unit` or the Chinese headers
`地区,指标,年份,数值,单位` (optional `来源`/`source`, `备注`/`note`); the template
planwatch writes is that format with reference columns beside it. Each row is
resolved against what the store knows (indicator names as plans write them, or
catalogue synonyms; regions) and every problem is listed with its row number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from planwatch.actuals.cells import RowError, cell_getter, conflicts, map_columns, year
from planwatch.catalog import UnitError, canonical_unit, convert, match_indicator, normal_name
from planwatch.catalog.units import convertible, dimension
from planwatch.models.store import ObservationIn
from planwatch.numbers import NumberError, parse_number
from planwatch.sheets import Sheet

COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("region", "地区", "区域"),
    "indicator": ("indicator", "指标", "指标名称"),
    "year": ("year", "年份", "年度"),
    "value": ("value", "数值", "实际值", "完成值"),
    "unit": ("unit", "单位"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "备注", "说明"),
}
REQUIRED = ("region", "indicator", "year", "value")
MIN_CONFIDENCE = 0.75


@dataclass
class KnownIndicator:
    key: str
    unit: str


@dataclass
class Known:
    """What the store knows, as plain data: indicators by normal name, regions, years."""

    indicators: dict[str, KnownIndicator] = field(default_factory=dict)
    regions: set[str] = field(default_factory=set)
    first_year: int = 2000
    last_year: int = 2100


def resolve_indicator(name: str, known: Known) -> KnownIndicator | None:
    hit = known.indicators.get(normal_name(name))
    if hit is not None:
        return hit
    m = _catalogue_match(name)
    if m is None:
        return None
    return next((k for k in known.indicators.values() if k.key == m), None)


@lru_cache(maxsize=4096)
def _catalogue_match(name: str) -> str | None:
    """The catalogue id `name` surely means (a file repeats each name on many rows)."""
    m = match_indicator(name)
    if m is None or m.confidence < MIN_CONFIDENCE or m.how == "similar":
        return None
    return m.entry_id


def _value(text: str, unit: str, ind: KnownIndicator) -> tuple[float | None, str, str]:
    """(value in the indicator's unit, error message or "", the message in Chinese)."""
    try:
        parsed = parse_number(text)
    except NumberError as exc:
        return None, str(exc), exc.text("zh")
    amount = parsed.value
    given = canonical_unit(unit) if unit else ind.unit
    if parsed.percent:  # 2.4% (typed, or a percent-formatted Excel cell): a value in %
        if unit and dimension(given) != "share":
            return (None, f"'{text}' is a percentage, but the unit is '{unit}'",
                    f"“{text}”是百分数，但单位为{unit}")  # fmt: skip
        given = given if unit else "%"
    if given == canonical_unit(ind.unit):
        return amount, "", ""
    if not convertible(given, ind.unit):
        if parsed.percent and not unit:
            return (None, f"'{text}' is a percentage, but the indicator is in '{ind.unit}'",
                    f"“{text}”是百分数，但该指标的单位为{ind.unit}")  # fmt: skip
        return (None, f"unit '{unit}' does not fit the indicator's unit '{ind.unit}'",
                f"单位不符：应为{ind.unit}，收到{unit}")  # fmt: skip
    try:
        return convert(amount, given, ind.unit), "", ""
    except UnitError as exc:
        return None, str(exc), exc.text("zh") if exc.zh else f"单位{unit}无法换算为{ind.unit}"


def _row(
    cells: list[str], cols: dict[str, int], rownum: int, known: Known, errors: list[RowError]
) -> ObservationIn | None:
    get = cell_getter(cols, cells)

    region, name, year_text, unit = get("region"), get("indicator"), get("year"), get("unit")
    if not get("value"):
        return None  # a template row left blank: nothing reported yet
    before = len(errors)
    if region not in known.regions:
        errors.append(
            RowError(rownum, "region", f"unknown region '{region}'", f"未知地区“{region}”")
        )
    ind = resolve_indicator(name, known)
    if ind is None:
        errors.append(
            RowError(rownum, "indicator", f"unknown indicator '{name}'", f"未知指标“{name}”")
        )
    when = year(year_text)
    if when is None:
        errors.append(
            RowError(rownum, "year", f"'{year_text}' is not a year", f"“{year_text}”不是有效年份")
        )
    elif not known.first_year <= when <= known.last_year:
        span = f"{known.first_year}–{known.last_year}"
        errors.append(RowError(rownum, "year", f"year {when} is outside the plan ({span})",
                               f"{when}年超出规划年份范围（{span}）"))  # fmt: skip
    value = None
    if ind is not None:
        value, problem, problem_zh = _value(get("value"), unit, ind)
        if problem:
            column = "value" if problem.startswith("'") else "unit"
            errors.append(RowError(rownum, column, problem, problem_zh))
    if len(errors) > before or ind is None or when is None or value is None:
        return None
    return ObservationIn(
        region=region,
        indicator=ind.key,
        year=when,
        value=value,
        unit=ind.unit,
        source=get("source"),
        note=get("note"),
        row=rownum,
    )


def validate_rows(sheet: Sheet, known: Known) -> tuple[list[ObservationIn], list[RowError]]:
    """Every valid row as an observation (indicator = its store key), and every error."""
    cols, errors = map_columns(sheet.headers, COLUMNS, REQUIRED)
    if errors:
        return [], errors
    rows = []
    written: dict[int, str] = {}  # the indicator as each row names it, for messages
    for rownum, cells in sheet.rows:
        obs = _row(cells, cols, rownum, known, errors)
        if obs is not None:
            rows.append(obs)
            written[rownum] = cell_getter(cols, cells)("indicator")
    errors += conflicts(
        rows,
        key=lambda o: (o.region, o.indicator, o.year),
        value=lambda o: o.value,
        line=lambda o: o.row or 0,
        describe=lambda o: f"{o.region} · {written[o.row or 0]} · {o.year}",
    )
    return rows, sorted(errors, key=lambda e: e.row)
