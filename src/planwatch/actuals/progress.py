"""Check a project-progress file: 项目名称, 年份, 完成投资 (单位, 状态, 备注 optional).

Projects are found by name among a plan's key projects; amounts in another money
unit than the project's (亿元 vs 万元) are converted.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.actuals.cells import RowError, cell_getter, conflicts, map_columns, year
from planwatch.catalog import UnitError, canonical_unit, convert, normal_name
from planwatch.numbers import NumberError, parse_number
from planwatch.sheets import Sheet

COLUMNS: dict[str, tuple[str, ...]] = {
    "project": ("project", "项目名称", "项目"),
    "year": ("year", "年份", "年度"),
    "invested": ("invested", "完成投资", "完成投资额", "年度完成投资"),
    "unit": ("unit", "单位"),
    "status": ("status", "状态", "进展", "项目状态"),
    "note": ("note", "备注", "说明"),
}
REQUIRED = ("project", "year", "invested")


@dataclass
class ProgressIn:
    project: int  # the stored project's id
    year: int
    invested: float
    status: str
    note: str
    row: int
    name: str = ""  # as the file writes it, for messages


def _amount(text: str) -> tuple[float | None, str, str]:
    """(the amount, error message or "", the message in Chinese)."""
    try:
        number = parse_number(text)
    except NumberError as exc:
        return None, str(exc), exc.text("zh")
    if number.percent:  # a share of the plan-period investment is not an amount invested
        return (None, f"'{text}' is a percentage, not an amount of money",
                f"“{text}”是百分数，不是金额")  # fmt: skip
    if number.value < 0:
        return None, f"{text} is negative", f"{text}为负数"
    return number.value, "", ""


def validate_progress(
    sheet: Sheet, projects: dict[str, tuple[int, str]], years: tuple[int, int]
) -> tuple[list[ProgressIn], list[RowError]]:
    """`projects` maps normal names to (id, money unit); `years` is the span of years
    the plan's projects can report."""
    cols, errors = map_columns(sheet.headers, COLUMNS, REQUIRED)
    if errors:
        return [], errors
    out = []
    for rownum, cells in sheet.rows:
        get = cell_getter(cols, cells)
        before = len(errors)
        hit = projects.get(normal_name(get("project")))
        if hit is None:
            errors.append(RowError(rownum, "project", f"unknown project '{get('project')}'",
                                   f"未知项目“{get('project')}”"))  # fmt: skip
        when = year(get("year"))
        if when is None:
            errors.append(RowError(rownum, "year", f"'{get('year')}' is not a year",
                                   f"“{get('year')}”不是有效年份"))  # fmt: skip
        elif not years[0] <= when <= years[1]:
            span = f"{years[0]}–{years[1]}"
            errors.append(RowError(rownum, "year", f"year {when} is outside the plan ({span})",
                                   f"{when}年超出规划年份范围（{span}）"))  # fmt: skip
        amount, problem, problem_zh = _amount(get("invested"))
        if problem:
            errors.append(RowError(rownum, "invested", problem, problem_zh))
        if len(errors) > before or hit is None or when is None or amount is None:
            continue
        pid, unit = hit
        try:
            amount = convert(amount, canonical_unit(get("unit")) or unit, unit or "万元")
        except UnitError as exc:
            source = get("unit") or unit
            errors.append(RowError(rownum, "unit", str(exc), exc.zh
                                   or f"单位{source}无法换算为{unit or '万元'}"))  # fmt: skip
            continue
        out.append(
            ProgressIn(pid, when, amount, get("status"), get("note"), rownum, get("project"))
        )
    errors += conflicts(
        out,
        key=lambda p: (p.project, p.year),
        value=lambda p: p.invested,
        line=lambda p: p.row,
        describe=lambda p: f"{p.name} · {p.year}",
        detail=lambda p: p.status,
    )
    return out, sorted(errors, key=lambda e: e.row)
