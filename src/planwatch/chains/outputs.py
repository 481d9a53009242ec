"""A chain map or a project check written out: a self-contained HTML page (ECharts
inlined, opens offline) or an .xlsx with every table, by the file's extension."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from planwatch.chains.chart import GAP_COLOURS, chain_option, chart_height
from planwatch.chains.tables import (
    GAP_WORDS,
    Table,
    chain_table,
    check_table,
    link_table,
    target_table,
)
from planwatch.errors import InputError
from planwatch.files import output_file, output_target
from planwatch.models.chains import ChainFile, CheckReport, MapReport
from planwatch.sheets import write_xlsx

MAP_TYPES = (".html", ".xlsx")
CHECK_TYPES = (".xlsx",)


def target(path: Path, types: tuple[str, ...]) -> Path:
    """`path` if the output can be written there, said before any work."""
    ext = output_target(path).suffix.lower()
    if ext not in types:
        shown_zh = f"“{ext}”" if ext else "（无扩展名）"
        raise InputError(path, f"unknown file type '{ext or '(none)'}'; use {' or '.join(types)}",
                         zh=f"不支持的文件类型{shown_zh}，请使用 {' 或 '.join(types)}")  # fmt: skip
    return path


def map_tables(report: MapReport) -> list[tuple[str, Table]]:
    return [("产业链", chain_table(report)), ("环节", link_table(report)),
            ("招商方向", target_table(report))]  # fmt: skip


def facts(report: MapReport) -> str:
    year = f"{report.year} 年，" if report.year else ""
    return (f"{year}{report.enterprises:,} 家企业，全部工业产值 {report.county_output:,.0f} 万元；"
            f"{len(report.chains)} 条产业链，{sum(len(c.links) for c in report.chains)} 个环节，"
            f"{report.assignments:,} 个企业—环节对应")  # fmt: skip


def notice(report: MapReport) -> str:
    parts = []
    if report.synthetic:
        parts.append("企业数据为合成数据（示例），不代表任何地区。")
    if report.example:
        parts.append("产业链为 planwatch 自带的示例，请按本地实际修改环节、行业代码和关键词。")
    return "".join(parts)


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("planwatch", "chains/templates"), autoescape=True)


def map_html(report: MapReport, chains: ChainFile | None = None) -> str:
    from planwatch.report.html_writer import echarts_js, json_script, script_safe

    specs = {c.name: c for c in chains.chains} if chains else {}
    options = [chain_option(c, specs.get(c.name)) for c in report.chains]
    tables = [{"title": title, "headers": h, "rows": rows, "note": ""}
              for title, (h, rows) in map_tables(report)]  # fmt: skip
    tables[2]["note"] = ("全链距目标产值为该链现有产值与规划目标之差，由该链各待补环节共同承担；"
                         "最低指标取自准入标准文件。")  # fmt: skip
    return _environment().get_template("chain_map.html.j2").render(
        title=f"产业链图谱{f'（{report.year} 年）' if report.year else ''}",
        facts=facts(report), notice=notice(report), gap_words=GAP_WORDS, colours=GAP_COLOURS,
        gap_classes={w: f"gap-{g}" for g, w in GAP_WORDS.items() if g != "none"},
        charts=[{"height": chart_height(c)} for c in report.chains], tables=tables,
        echarts=Markup(script_safe(echarts_js())), options=json_script(options),
    )  # fmt: skip


def write_map(report: MapReport, path: Path, chains: ChainFile | None = None) -> Path:
    if target(path, MAP_TYPES).suffix.lower() == ".html":
        with output_file(path) as tmp:
            tmp.write_text(map_html(report, chains), encoding="utf-8")
        return path
    return write_xlsx(path, dict(map_tables(report)))


def write_check(report: CheckReport, path: Path) -> Path:
    target(path, CHECK_TYPES)
    land = report.land
    headers = ["已准入用地（亩）", "有条件准入用地（亩）", "规划预测新增用地（亩）", "剩余（亩）"]
    values: list[object] = [land.admitted_land, land.conditional_land, land.forecast_land,
                            land.remaining]  # fmt: skip
    balance = (headers, [values])
    return write_xlsx(path, {"项目准入": check_table(report), "用地": balance})
