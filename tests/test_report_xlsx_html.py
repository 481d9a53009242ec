"""The Excel and HTML writers, on a small report made by hand: the workbook keeps
numbers as numbers with the formats of their columns and draws native charts; the page
stands alone (no URL anywhere), escapes text and carries each chart's numbers."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from planwatch import office
from planwatch.models.report import (
    Bullets,
    Cell,
    Chart,
    Column,
    Paragraph,
    Report,
    Section,
    Series,
    Table,
)
from planwatch.report import html_writer, tones, xlsx_writer
from planwatch.report.html_writer import echarts_option
from planwatch.report.xlsx_writer import SheetNames, text_width


def _indicators() -> Table:
    """Text, number, integer and percent columns; status cells toned; a missing value."""
    rows = [
        ("规上工业增加值增速", 8.5, 12, 0.756, "基本同步", "on_track"),
        ("工业投资", 1234.5, 3, 0.402, "严重滞后", "seriously_behind"),
        ("高新技术企业数", None, 150, 1.05, "已完成", "achieved"),
    ]
    return Table(
        key="indicators",
        caption="主要指标完成情况",
        columns=[
            Column(label="指标名称", width=20),
            Column(label="2025年实际值", kind="number", width=12),
            Column(label="项目数", kind="integer", width=8),
            Column(label="任务进度", kind="percent", width=10),
            Column(label="完成状态", width=10),
        ],
        rows=[
            [
                Cell(value=name, text=name),
                Cell(value=value, text="—" if value is None else f"{value:,.2f}"),
                Cell(value=count, text=str(count)),
                Cell(value=progress, text=f"{progress:.1%}"),
                Cell(value=status, text=status, tone=tone),
            ]
            for name, value, count, progress, status, tone in rows
        ],
        notes=["注：任务进度为截至2025年的累计完成比例。", "数据来源：市统计局。"],
    )


def _regions() -> Table:
    return Table(
        key="regions",
        caption="分地区完成情况: 2025/年度",  # ':' and '/' are not allowed in a sheet name
        columns=[Column(label="地区"), Column(label="得分", kind="number")],
        rows=[[Cell(value="甲区", text="甲区"), Cell(value=91.25, text="91.25")]],
    )


def _charts() -> list[Chart]:
    lines = Chart(
        key="gdp",
        caption="工业增加值走势",
        kind="lines",
        categories=["2021", "2022", "2023", "2024", "2025"],
        series=[
            Series(name="实际值", values=[100.0, 108.0, None, 125.5, 133.0]),
            Series(name="规划路径", values=[100.0, 107.0, 114.5, 122.5, 131.1], style="dashed"),
            Series(name="目标值", values=[None, None, None, None, 131.1], style="point"),
        ],
        unit="亿元",
    )
    progress = Chart(
        key="progress",
        caption="各指标任务进度",
        kind="hbars",
        categories=["规上工业增加值增速", "工业投资", "高新技术企业数"],
        series=[Series(name="任务进度", values=[0.756, 0.402, 1.05], style="bar")],
        percent=True,
        marker=0.6,
        marker_label="时间进度",
        tones=["on_track", "seriously_behind", "achieved"],
    )
    statuses = Chart(
        key="statuses",
        caption="指标完成状态分布",
        kind="pie",
        categories=["已完成", "基本同步", "严重滞后"],
        series=[Series(name="指标数", values=[1, 1, 1])],
        tones=["achieved", "on_track", "seriously_behind"],
    )
    return [lines, progress, statuses]


def sample_report(charts: bool = True) -> Report:
    lines, progress, statuses = _charts()
    first = [
        Paragraph(text="本市“十四五”工业发展规划总体进展顺利。"),
        Bullets(items=["工业投资明显滞后", "高新技术企业数提前完成"]),
        _indicators(),
    ]
    second = [Paragraph(text="注意 <b>不是粗体</b> & 不是标签。"), _regions()]
    if charts:
        first += [lines, progress]
        second.append(statuses)
    return Report(
        title="某市“十四五”工业发展规划中期评估报告",
        subtitle="（征求意见稿）",
        facts=["规划：某市“十四五”工业发展规划", "数据截至：2025年"],
        sections=[
            Section(heading="一、总体进展", blocks=first),
            Section(heading="（一）分地区情况", level=2, blocks=second),
        ],
    )


# Excel --------------------------------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "report.xlsx"
    xlsx_writer.write(sample_report(), path)
    return openpyxl.load_workbook(path)


def test_sheets_overview_then_one_per_table_then_chart_data(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == [
        "概览",
        "主要指标完成情况",
        "分地区完成情况 2025 年度",
        "图表数据",
    ]


def test_overview_holds_title_facts_and_prose_in_order(workbook: openpyxl.Workbook) -> None:
    texts = [c.value for c in workbook["概览"]["A"] if c.value]
    assert texts[0] == "某市“十四五”工业发展规划中期评估报告"
    order = [
        "（征求意见稿）",
        "数据截至：2025年",
        "一、总体进展",
        "本市“十四五”工业发展规划总体进展顺利。",
        "• 工业投资明显滞后",
        "• 高新技术企业数提前完成",
        "（一）分地区情况",
        "注意 <b>不是粗体</b> & 不是标签。",
    ]
    assert [t for t in texts if t in order] == order
    link = next(c for c in workbook["概览"]["A"] if c.hyperlink)
    assert "表1 主要指标完成情况" in link.value


def test_table_sheet_has_caption_headers_and_typed_values(workbook: openpyxl.Workbook) -> None:
    ws = workbook["主要指标完成情况"]
    assert ws["A1"].value == "主要指标完成情况"
    assert ws["A1"].font.b
    headers = [c.value for c in ws[2]]
    assert headers == ["指标名称", "2025年实际值", "项目数", "任务进度", "完成状态"]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("D9D9D9") for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:E5"

    investment = [c.value for c in ws[4]]
    assert investment == ["工业投资", 1234.5, 3, 0.402, "严重滞后"]
    assert isinstance(ws["B4"].value, float) and isinstance(ws["C4"].value, int)
    assert ws["B4"].number_format == "#,##0.00"
    assert ws["C4"].number_format == "#,##0"
    assert ws["D4"].number_format == "0.0%"
    assert ws["B5"].value == "—"  # no value: the shown text, as a string


def test_toned_cells_are_filled_and_notes_follow(workbook: openpyxl.Workbook) -> None:
    ws = workbook["主要指标完成情况"]
    assert ws["E4"].fill.fgColor.rgb.endswith(tones.fill("seriously_behind").lstrip("#").upper())
    assert ws["E5"].fill.fgColor.rgb.endswith(tones.fill("achieved").lstrip("#").upper())
    assert ws["A4"].fill.fill_type is None
    below = [ws.cell(r, 1).value for r in range(6, ws.max_row + 1)]
    assert [t for t in below if t] == [
        "注：任务进度为截至2025年的累计完成比例。",
        "数据来源：市统计局。",
    ]


def test_columns_are_wide_enough_for_chinese(workbook: openpyxl.Workbook) -> None:
    ws = workbook["主要指标完成情况"]
    assert ws.column_dimensions["A"].width >= text_width("规上工业增加值增速")  # 18, model says 20
    assert ws.column_dimensions["E"].width >= 10


def test_chart_data_sheet_lists_numbers_and_draws_native_charts(
    workbook: openpyxl.Workbook,
) -> None:
    ws = workbook["图表数据"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in rows for v in row if v is not None]
    assert "图1 工业增加值走势" in flat and "图3 指标完成状态分布" in flat
    start = next(i for i, row in enumerate(rows) if row[0] == "图1 工业增加值走势")
    assert rows[start + 1][:4] == ["类别 (亿元)", "实际值", "规划路径", "目标值"]
    assert rows[start + 2][:4] == ["2021", 100, 100, None]
    assert rows[start + 4][:3] == ["2023", None, 114.5]  # the gap stays empty
    progress = next(i for i, row in enumerate(rows) if row[0] == "图2 各指标任务进度")
    assert rows[progress + 3][:2] == ["工业投资", 0.402]
    assert ws.cell(progress + 4, 2).number_format == "0.0%"
    assert ["时间进度", 0.6] in [row[:2] for row in rows]


def test_native_charts_are_drawn_from_the_chart_data(workbook: openpyxl.Workbook) -> None:
    ws = workbook["图表数据"]
    lines, progress, pie = ws._charts
    assert [type(c).__name__ for c in ws._charts] == ["LineChart", "BarChart", "PieChart"]
    assert progress.barDir == "bar"  # hbars: horizontal
    assert [s.tx.strRef.f.replace("$", "") for s in lines.series] == [
        "'图表数据'!B2",
        "'图表数据'!C2",
        "'图表数据'!D2",
    ]
    assert lines.series[0].val.numRef.f == "'图表数据'!$B$3:$B$7"
    assert lines.series[0].cat.strRef.f == "'图表数据'!$A$3:$A$7"
    assert lines.series[1].spPr.ln.prstDash == "dash"  # the planned path
    assert lines.series[2].spPr.ln.noFill  # targets: markers only
    fills = [p.spPr.solidFill.srgbClr for p in progress.series[0].dPt]
    assert fills == [
        tones.fill(t).lstrip("#").upper() for t in ("on_track", "seriously_behind", "achieved")
    ]
    assert len(pie.series[0].dPt) == 3


def test_sheet_names_are_valid_and_unique() -> None:
    names = SheetNames(["概览"])
    assert names.add("a/b:c*d?[e]\\f") == "a b c d e f"
    assert names.add("概览") == "概览 (2)"
    long = "很长的表名" * 10
    first, second = names.add(long), names.add(long)
    assert len(first) == len(second) == 31 and first != second and second.endswith(" (2)")
    assert names.add("=SUM(A1)") == "=SUM(A1)"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    report = sample_report(charts=False)
    report.sections[0].blocks.append(Paragraph(text="=1+1"))
    path = tmp_path / "r.xlsx"
    xlsx_writer.write(report, path)
    ws = openpyxl.load_workbook(path)["概览"]
    assert "=1+1" in [c.value for c in ws["A"]]
    assert all(c.data_type != "f" for c in ws["A"])


def test_english_sheet_names(tmp_path: Path) -> None:
    report = sample_report()
    report.lang = "en"
    path = tmp_path / "r.xlsx"
    xlsx_writer.write(report, path)
    names = openpyxl.load_workbook(path).sheetnames
    assert names[0] == "Overview" and names[-1] == "Chart data"


# HTML ---------------------------------------------------------------------------------------


class Collector(HTMLParser):
    """Headings, table cells, paragraphs, JSON scripts and inline scripts of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.cells: list[str] = []
        self.paragraphs: list[str] = []
        self.json: dict[str, str] = {}
        self.scripts: list[str] = []
        self.chart_divs: list[dict[str, str | None]] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "div" and "chart" in (a.get("class") or "").split():
            self.chart_divs.append(a)
        if tag in ("h1", "h2", "h3", "td", "th", "p", "script", "caption", "figcaption"):
            self._open, self._text = (tag, a), []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._open or tag != self._open[0]:
            return
        text, a = "".join(self._text), self._open[1]
        if tag in ("h1", "h2", "h3"):
            self.headings.append(text)
        elif tag in ("td", "th"):
            self.cells.append(text)
        elif tag in ("p", "caption", "figcaption"):
            self.paragraphs.append(text)
        elif a.get("type") == "application/json":
            self.json[a.get("id") or ""] = text
        else:
            self.scripts.append(text)
        self._open = None


def _page(tmp_path: Path, report: Report) -> tuple[str, Collector]:
    path = tmp_path / "report.html"
    html_writer.write(report, path)
    page = path.read_text("utf-8")
    parser = Collector()
    parser.feed(page)
    parser.close()
    return page, parser


@pytest.fixture
def page(tmp_path: Path) -> tuple[str, Collector]:
    return _page(tmp_path, sample_report())


def test_page_is_chinese_with_headings_in_order(page: tuple[str, Collector]) -> None:
    text, parsed = page
    assert text.startswith("<!doctype html>")
    assert '<html lang="zh-CN">' in text
    assert parsed.headings == [
        "某市“十四五”工业发展规划中期评估报告",
        "一、总体进展",
        "（一）分地区情况",
    ]
    assert "<h3>（一）分地区情况</h3>" in text
    assert "（征求意见稿）" in parsed.paragraphs
    assert 'href="#s1"' in text and 'href="#s2"' in text and {"s1", "s2"} <= set(parsed.ids)


def test_every_table_cell_is_on_the_page(page: tuple[str, Collector]) -> None:
    _, parsed = page
    report = sample_report()
    for table in report.tables():
        assert all(c.label in parsed.cells for c in table.columns)
        assert all(cell.text in parsed.cells for row in table.rows for cell in row)
    assert "表1 主要指标完成情况" in parsed.paragraphs
    assert "表2 分地区完成情况: 2025/年度" in parsed.paragraphs
    assert "注：任务进度为截至2025年的累计完成比例。" in parsed.paragraphs


def test_cells_carry_tone_and_numeric_classes(page: tuple[str, Collector]) -> None:
    text, _ = page
    assert '<td class="tone-seriously_behind">严重滞后</td>' in text
    assert '<td class="num">1,234.50</td>' in text
    assert '<th class="num">任务进度</th>' in text
    assert ".tone-seriously_behind { background: #e53935; color: #ffffff; }" in text


def test_charts_carry_their_numbers_as_json(page: tuple[str, Collector]) -> None:
    _, parsed = page
    assert len(parsed.chart_divs) == 3
    options = [json.loads(parsed.json[f"{d['id']}-option"]) for d in parsed.chart_divs]
    lines, progress, pie = options
    assert [s["name"] for s in lines["series"]] == ["实际值", "规划路径", "目标值"]
    assert [s["type"] for s in lines["series"]] == ["line", "line", "scatter"]
    assert lines["series"][0]["data"] == [100.0, 108.0, None, 125.5, 133.0]
    assert lines["series"][0]["connectNulls"] is False
    assert lines["series"][1]["lineStyle"] == {"type": "dashed"}
    assert lines["xAxis"]["data"] == ["2021", "2022", "2023", "2024", "2025"]
    assert "legend" in lines and "legend" not in progress
    values = [d["value"] for d in progress["series"][0]["data"]]
    assert values == [75.6, 40.2, 105.0]  # a percent chart plots ×100 …
    assert progress["xAxis"]["axisLabel"] == {"formatter": "{value}%"}  # … labelled %
    assert progress["yAxis"]["inverse"] is True
    assert progress["series"][0]["markLine"]["data"] == [{"xAxis": 60.0, "name": "时间进度 60%"}]
    assert [d["name"] for d in pie["series"][0]["data"]] == ["已完成", "基本同步", "严重滞后"]
    assert pie["series"][0]["data"][2]["itemStyle"] == {"color": tones.fill("seriously_behind")}
    assert parsed.chart_divs[1]["data-suffix"] == "%"
    assert "图1 工业增加值走势" in parsed.paragraphs


def test_echarts_is_inline_and_nothing_is_fetched(page: tuple[str, Collector]) -> None:
    text, parsed = page
    assert "echarts" in text
    assert any("echarts" in s and len(s) > 500_000 for s in parsed.scripts)
    assert any("echarts.init" in s for s in parsed.scripts)
    lowered = text.lower()
    for attr in ("src=", "href="):
        assert f'{attr}"http' not in lowered and f"{attr}'http" not in lowered
        assert f'{attr}"//' not in lowered
    assert "<link" not in lowered and "@import" not in lowered
    assert sum(1 for t in parsed.tags if t == "script") == 2 + 3  # echarts, init, 3 options


def test_text_is_escaped(page: tuple[str, Collector]) -> None:
    text, parsed = page
    assert "注意 <b>不是粗体</b> & 不是标签。" in parsed.paragraphs
    assert "&lt;b&gt;不是粗体&lt;/b&gt;" in text
    assert "b" not in parsed.tags


def test_json_in_a_script_cannot_close_it() -> None:
    chart = _charts()[0]
    chart.series[0].name = "</script><script>alert(1)</script>"
    markup = html_writer.json_script(echarts_option(chart))
    assert "</" not in markup
    assert json.loads(str(markup))["series"][0]["name"] == chart.series[0].name


def test_page_without_charts_has_no_script(tmp_path: Path) -> None:
    text, parsed = _page(tmp_path, sample_report(charts=False))
    assert "<script" not in text and "echarts" not in text
    assert len(text.encode("utf-8")) < 30_000
    assert "表2 分地区完成情况: 2025/年度" in parsed.paragraphs


def test_english_page(tmp_path: Path) -> None:
    report = sample_report()
    report.lang = "en"
    text, parsed = _page(tmp_path, report)
    assert '<html lang="en">' in text
    assert "Table 1 主要指标完成情况" in parsed.paragraphs
    assert "Figure 3 指标完成状态分布" in parsed.paragraphs


def test_bars_and_lines_options() -> None:
    bars = Chart(
        key="b",
        caption="c",
        kind="bars",
        categories=["甲", "乙"],
        series=[Series(name="x", values=[1.0, 2.0])],
        marker=1.5,
    )
    option = echarts_option(bars)
    assert option["xAxis"]["type"] == "category" and option["yAxis"]["type"] == "value"
    assert option["series"] == [
        {
            "type": "bar",
            "name": "x",
            "data": [1.0, 2.0],
            "markLine": option["series"][0]["markLine"],
        }
    ]
    assert option["series"][0]["markLine"]["data"][0]["yAxis"] == 1.5
    assert option["tooltip"]["trigger"] == "axis"


NODE = shutil.which("node")
SSR = """
const fs = require("fs");
const m = { exports: {} };
new Function("module", "exports", fs.readFileSync(process.argv[2], "utf8"))(m, m.exports);
const options = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = options.map((option) => {
  const chart = m.exports.init(null, null, { renderer: "svg", ssr: true, width: 640, height: 360 });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="needs node to run ECharts")
def test_the_inlined_echarts_draws_every_option(
    page: tuple[str, Collector], tmp_path: Path
) -> None:
    """The page's own ECharts draws each option (server-side, as SVG) with its labels."""
    _, parsed = page
    library = next(s for s in parsed.scripts if len(s) > 500_000)
    options = [json.loads(parsed.json[f"{d['id']}-option"]) for d in parsed.chart_divs]
    (tmp_path / "echarts.js").write_text(library, "utf-8")
    (tmp_path / "options.json").write_text(json.dumps(options), "utf-8")
    (tmp_path / "ssr.js").write_text(SSR, "utf-8")
    run = subprocess.run(
        [NODE, "ssr.js", "echarts.js", "options.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines, progress, pie = json.loads(run.stdout)
    assert all(x in lines for x in ("实际值", "规划路径", "目标值", "2025", "亿元"))
    assert 'stroke-dasharray="8,4"' in lines  # the dashed planned path
    assert all(x in progress for x in ("工业投资", "时间进度 60%", "40%"))
    assert tones.fill("seriously_behind") in progress
    assert all(x in pie for x in ("已完成", "严重滞后", tones.fill("achieved")))


@pytest.mark.skipif(
    not office.has_module("libsclo"),
    reason="LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)",
)
def test_libreoffice_calc_opens_the_workbook(tmp_path: Path) -> None:
    """LibreOffice opens the workbook without repair: converted to CSV, the first
    sheet comes back with the report's title."""
    report = sample_report()
    path = tmp_path / "report.xlsx"
    xlsx_writer.write(report, path)
    csv = office.convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)  # UTF-8
    assert report.title in csv.read_text(encoding="utf-8", errors="replace")
