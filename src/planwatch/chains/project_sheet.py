"""Proposed projects as a sheet: investment promotion offices keep their pipeline
(招商项目库) in Excel, one project a row. Headers in Chinese or English; every bad
cell is told by row and column (in English and in Chinese, for the pages), and
nothing is checked until all rows read."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from planwatch.catalog.industries import code_name
from planwatch.errors import InputError
from planwatch.models.chains import ProjectIn, ProjectsFile
from planwatch.numbers import parse_number
from planwatch.sheets import read_sheet
from planwatch.yamlfile import validation_zh

# Field → headers a sheet may use for it.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "项目名称", "项目"),
    "industry_code": ("industry_code", "行业代码", "国民经济行业代码"),
    "land_mu": ("land_mu", "用地面积", "用地（亩）", "用地面积（亩）", "用地"),
    "investment": ("investment", "总投资", "总投资（万元）", "计划总投资"),
    "output": ("output", "达产产值", "产值", "达产产值（万元）"),
    "tax": ("tax", "达产税收", "税收", "达产税收（万元）"),
    "value_added": ("value_added", "增加值", "达产增加值"),
    "energy_tce": ("energy_tce", "综合能耗", "能耗", "综合能耗（吨标煤）"),
    "floor_area_ratio": ("floor_area_ratio", "容积率"),
    "year": ("year", "达产年份", "达产年度"),
}
NUMBERS = ("land_mu", "investment", "output", "tax", "value_added", "energy_tce",
           "floor_area_ratio")  # fmt: skip


def _columns(headers: list[str], path: Path) -> dict[str, int]:
    where: dict[str, int] = {}
    for i, header in enumerate(headers):
        for field, names in HEADERS.items():
            if header in names and field not in where:
                where[field] = i
    missing = [HEADERS[f][1] for f in ("name", "industry_code", "land_mu", "investment")
               if f not in where]  # fmt: skip
    if missing:
        absent, written = "、".join(missing), "、".join(headers)
        raise InputError(path, f"no column {absent} (headers: {written})",
                         zh=f"缺少列：{absent}（表头为：{written}）")  # fmt: skip
    return where


# A problem of a row: (English, Chinese)
Said = tuple[str, str]


def _said(n: int, column: str, reason: str, zh: str) -> Said:
    """A row's problem in both languages: `row 3, 用地面积: …` and `第3行，用地面积列：…`."""
    return f"row {n}, {column}: {reason}", f"第{n}行，{column}列：{zh}"


def _row(cells: list[str], where: dict[str, int], n: int) -> tuple[dict[str, object], list[Said]]:
    values: dict[str, object] = {}
    problems: list[Said] = []
    for field, i in where.items():
        text = cells[i].strip() if i < len(cells) else ""
        if not text:
            continue
        if field in NUMBERS or field == "year":
            try:
                number = parse_number(text).value
            except ValueError as exc:
                zh = getattr(exc, "zh", None) or f"“{text}”不是数字"
                problems.append(_said(n, HEADERS[field][1], str(exc), zh))
                continue
            if field == "year" and number != int(number):  # 2025.5 is no year
                problems.append(_said(n, HEADERS[field][1], f"'{text}' is not a year",
                                      f"“{text}”不是年份"))  # fmt: skip
                continue
            values[field] = int(number) if field == "year" else number
        else:
            values[field] = text
    return values, problems


def read_project_sheet(path: Path) -> ProjectsFile:
    sheet = read_sheet(path)
    where = _columns(sheet.headers, path)
    projects: list[ProjectIn] = []
    problems: list[Said] = []
    for n, cells in sheet.rows:
        values, bad = _row(cells, where, n)
        problems += bad
        if bad:
            continue
        try:
            project = ProjectIn.model_validate(values)
        except ValidationError as exc:
            for e in exc.errors():
                field = str(e["loc"][0]) if e["loc"] else ""
                label = HEADERS[field][1] if field in HEADERS else field
                reason = e["msg"].removeprefix("Value error, ")
                problems.append(_said(n, label, reason, validation_zh(e)))
            continue
        if code_name(project.industry_code) is None:
            code = project.industry_code
            problems.append(_said(n, "行业代码", f"unknown industry code '{code}'",
                                  f"未知的行业代码“{code}”"))  # fmt: skip
        projects.append(project)
    if problems:
        (first, first_zh), rest = problems[0], problems[1:]
        raise InputError(path, first, [en for en, _ in rest], zh=first_zh,
                         details_zh=[zh for _, zh in rest])  # fmt: skip
    if not projects:
        raise InputError(path, "no projects (only a header row)", zh="没有项目（只有表头行）")
    return ProjectsFile(projects=projects)
