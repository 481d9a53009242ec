"""Key-project lists, read from flattened-text tables and full grids alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import extract_plan
from planwatch.ingest.extractors.projects import extract_projects, parse_period
from planwatch.models import Caption, ChartData, Heading, Note, Paragraph, Project
from tests.table_styles import STYLES, document
from tests.writers import docx, txt
from tests.writers.spec import LEFT, UP, P, Plan, T

# Every file format a user may bring, written from the same spec.
WRITE = {"txt": txt.write, "docx": docx.render}

HEADER = [
    "序号",
    "项目名称",
    "项目类型",
    "项目期限",
    "建设地点",
    "建设内容和规模",
    "总投资\n（万元）",
    "“十四五”计划投资\n（万元）",
    "建设\n单位",
    "项目\n来源",
]
MAIN_ROWS = [
    HEADER,
    ["★1", "东湖智能装备产业园", "实施类", "2021-\n2024", "东湖街道", "用地300亩", "82000", "80000",
     "东湖控股", "招商项目"],
    ["2", "北山科创总部项目", "前期类", "待定", "北山镇", "建筑面积12万平方米", "65000", "待定",
     "北山投资公司等", "谋划项目"],
    ["3", "新材料中试基地", "2022-2024", "储备类", "南溪镇", "建设中试线4条", "31000", "31000",
     "南溪新材料公司", "已落地项目"],
    ["4", "数字化改造项目", "实施类", "2021—2025年", "全区", "改造企业200家", "53500", "44500",
     "经信局", "谋划项目"],
    ["5", "仓储物流中心", "实施类", "2023年", "西岭乡", "新建仓库", "8200", "8200", "物流公司",
     "招商项目"],
    ["合计", LEFT, LEFT, LEFT, LEFT, LEFT, "239700", "163700", "", ""],
]  # fmt: skip


def projects(style: str, rows: list[list[str]], caption: str | None, *before: object) -> list:
    table = STYLES[style](rows, caption=caption)
    blocks = [*before, Caption(text=caption)] if caption else list(before)
    return extract_projects(document(*blocks, table))  # type: ignore[arg-type]


def by_name(items: list[Project]) -> dict[str, Project]:
    return {p.name: p for p in items}


@pytest.mark.parametrize("style", STYLES)
def test_key_project_table(style: str) -> None:
    caption = "附件2 东湖区“十四五”制造业重大项目清单"
    found = projects(style, MAIN_ROWS, caption)
    assert len(found) == 6
    ps = by_name(found)

    first = ps["东湖智能装备产业园"]
    assert (first.seq, first.flags, first.type) == ("1", ["★"], "实施类")
    assert (first.period_start, first.period_end, first.period_text) == (2021, 2024, "2021-2024")
    assert (first.total_investment, first.plan_investment, first.money_unit) == (
        82000,
        80000,
        "万元",
    )
    assert (first.location, first.content) == ("东湖街道", "用地300亩")
    assert (first.responsible_unit, first.origin, first.table) == ("东湖控股", "招商项目", caption)
    assert first.source.line is not None or first.source.page == 1
    assert first.source.row == 1 and first.source.col == 1

    pending = ps["北山科创总部项目"]
    assert (pending.period_start, pending.period_end, pending.period_text) == (None, None, "待定")
    assert (pending.plan_investment, pending.plan_investment_text) == (None, "待定")
    assert (pending.total_investment, pending.investment_text) == (65000, "65000")

    swapped = ps["新材料中试基地"]
    assert (swapped.type, swapped.period_start, swapped.period_end) == ("储备类", 2022, 2024)
    assert swapped.period_text == "2022-2024"

    dash = ps["数字化改造项目"]
    assert (dash.period_start, dash.period_end) == (2021, 2025)
    one_year = ps["仓储物流中心"]
    assert (one_year.period_start, one_year.period_end) == (2023, 2023)

    total = ps["合计"]
    assert total.is_total and not any(p.is_total for p in found if p is not total)
    assert (total.total_investment, total.plan_investment, total.type) == (239700, 163700, "")


@pytest.mark.parametrize("style", STYLES)
def test_group_rows_give_the_type_and_caption_gives_the_unit(style: str) -> None:
    rows = [
        ["序号", "项目名称", "建设规模及主要内容", "建设年限", "总投资", "十四五期间投资",
         "项目主要责任单位"],
        ["一、先进制造业项目", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["1", "高端轴承项目", "年产轴承500万套", "2021-2023", "12.5", "12", "经信局"],
        ["2", "智能家居产业园", "标准厂房20万平方米", "2022-2025", "待定", LEFT, "西城街道"],
        ["小计", LEFT, LEFT, LEFT, "12.5", "12", ""],
        ["二、现代服务业项目", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["3", "物流园二期", "仓储用地80亩", "2021-2022", "3", "3", "商务局"],
    ]  # fmt: skip
    found = projects(style, rows, "表6 示例县重点项目表（单位：亿元）")
    ps = by_name(found)
    assert [p.name for p in found] == ["高端轴承项目", "智能家居产业园", "小计", "物流园二期"]
    assert ps["高端轴承项目"].type == "一、先进制造业项目"
    assert ps["物流园二期"].type == "二、现代服务业项目"
    assert {p.money_unit for p in found} == {"亿元"}
    bearing = ps["高端轴承项目"]
    assert (bearing.total_investment, bearing.plan_investment) == (12.5, 12)
    assert (bearing.content, bearing.responsible_unit) == ("年产轴承500万套", "经信局")
    home = ps["智能家居产业园"]
    assert (home.total_investment, home.investment_text) == (None, "待定")
    assert (home.plan_investment, home.plan_investment_text) == (None, "待定")
    assert home.responsible_unit == "西城街道"
    assert (home.period_start, home.period_end) == (2022, 2025)
    sub = ps["小计"]
    assert sub.is_total and (sub.total_investment, sub.plan_investment) == (12.5, 12)


@pytest.mark.parametrize("style", STYLES)
def test_merged_cells_in_a_row_keep_numbers_in_number_columns(style: str) -> None:
    """A name spanning the content column: the shorter text row still aligns."""
    rows = [
        ["序号", "项目名称", "建设内容", "建设地点", "总投资（万元）", "计划投资（万元）",
         "建设单位"],
        ["1", "城南供热管网工程", LEFT, "城南片区", "6000", "5500", "热力公司"],
        ["2", "园区污水处理厂", "日处理2万吨", "工业园区", "9000", "9000", "水务集团"],
    ]  # fmt: skip
    ps = by_name(projects(style, rows, "表3 重大项目表"))
    heat = ps["城南供热管网工程"]
    assert (heat.location, heat.total_investment, heat.plan_investment) == ("城南片区", 6000, 5500)
    assert heat.responsible_unit == "热力公司"
    assert ps["园区污水处理厂"].content == "日处理2万吨"


@pytest.mark.parametrize("style", STYLES)
def test_merged_type_column_carries_down(style: str) -> None:
    rows = [
        ["序号", "项目类型", "项目名称", "总投资（万元）", "责任单位"],
        ["1", "实施类", "甲项目", "100", "甲局"],
        ["2", UP, "乙项目", "200", "乙局"],
        ["3", "前期类", "丙项目", "300", "丙局"],
    ]
    ps = by_name(projects(style, rows, None, Heading(text="重点项目", level=2, numbering="（二）")))
    assert [ps[n].type for n in ("甲项目", "乙项目", "丙项目")] == ["实施类", "实施类", "前期类"]
    assert ps["乙项目"].table == "（二）重点项目"


@pytest.mark.parametrize("style", STYLES)
def test_other_columns_go_to_extra_and_flags_after_names(style: str) -> None:
    rows = [
        ["序号", "项目名称", "总投资（万元）", "2021年计划投资", "开工时间", "竣工时间", "备注"],
        ["1", "东区标准厂房（★）", "4000", "1000", "2021年3月", "2023年12月", "续建"],
    ]
    (p,) = projects(style, rows, "重点建设项目计划表")
    assert (p.name, p.flags) == ("东区标准厂房", ["★"])
    assert p.extra == {"2021年计划投资": "1000", "备注": "续建"}
    assert (p.total_investment, p.plan_investment) == (4000, None)
    assert (p.period_start, p.period_end) == (2021, 2023)


@pytest.mark.parametrize("style", STYLES)
def test_two_level_investment_header_and_unit_line_above(style: str) -> None:
    rows = [
        ["序号", "类别", "项目名称", "投资", LEFT, "责任单位"],
        [UP, UP, UP, "总投资", "规划期投资", UP],
        ["1", "工业", "甲项目", "1.2", "0.8", "甲局"],
        ["2", UP, "乙项目", "2", "1.5", "乙局"],
    ]
    table = STYLES[style](rows)
    above = [Paragraph(text="附表1 示例县重点项目表"), Paragraph(text="单位：亿元")]
    found = extract_projects(document(*above, table))
    assert [(p.name, p.type, p.money_unit) for p in found] == [
        ("甲项目", "工业", "亿元"),
        ("乙项目", "工业", "亿元"),
    ]
    assert (found[1].total_investment, found[1].plan_investment) == (2, 1.5)


@pytest.mark.parametrize("style", STYLES)
def test_caption_and_project_name_column_are_enough(style: str) -> None:
    rows = [["序号", "项目名称", "主要建设内容"], ["1", "东湖大道拓宽工程", "拓宽至六车道"]]
    (p,) = projects(style, rows, "附件 东湖区重点项目清单")
    assert (p.seq, p.name, p.content, p.total_investment) == (
        "1",
        "东湖大道拓宽工程",
        "拓宽至六车道",
        None,
    )


@pytest.mark.parametrize("style", STYLES)
def test_tables_that_are_not_project_lists(style: str) -> None:
    targets = STYLES[style](
        [
            ["序号", "指标名称", "单位", "2020年", "2025年"],
            ["1", "重大项目投资", "亿元", "50", "80"],
            ["2", "亿元以上项目数", "个", "20", "35"],
        ],
        caption="表1 重大项目建设主要指标",
    )
    reforms = STYLES[style](
        [
            ["序号", "改革名称", "主要举措", "牵头单位"],
            ["1", "亩均效益改革", "完善评价办法", "经信局"],
        ],
        caption="附件3 重大改革清单",
    )
    project_targets = STYLES[style](
        [["项目", "2020年", "2025年"], ["亿元以上项目数", "20", "35"]],
        caption="表2 重大项目建设目标",
    )
    chart = ChartData(name="Chart 1", rows=[["项目名称", "总投资"], ["甲", "5"]])
    doc = document(
        Caption(text="表1"),
        targets,
        Paragraph(text="正文。"),
        reforms,
        Paragraph(text="正文。"),
        project_targets,
        chart,
    )
    assert extract_projects(doc) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2020-2024", 2020, 2024),
        ("2020-\n2024", 2020, 2024),
        ("2021—2025年", 2021, 2025),
        ("2021年-2025年", 2021, 2025),
        ("2021.3-2023.12", 2021, 2023),
        ("2022-25", 2022, 2025),
        ("2023年", 2023, 2023),
        ("待定", None, None),
        ("", None, None),
    ],
)
def test_parse_period(text: str, start: int | None, end: int | None) -> None:
    assert parse_period(text) == (start, end)


def test_notes_under_the_table_do_not_become_projects() -> None:
    table = STYLES["flat"](MAIN_ROWS[:3], caption="重大项目清单")
    doc = document(Caption(text="重大项目清单"), table, Note(text="备注：标★的项目为省重点项目。"))
    assert [p.name for p in extract_projects(doc)] == ["东湖智能装备产业园", "北山科创总部项目"]


@pytest.mark.parametrize("fmt", WRITE)
def test_project_table_read_from_a_file(tmp_path: Path, fmt: str) -> None:
    plan = Plan([P("正文。"), T(caption="附件2 东湖区重大项目清单", rows=MAIN_ROWS)])
    path = WRITE[fmt](plan, tmp_path / f"plan.{fmt}")
    found = by_name(extract_plan(path).projects)
    assert found["东湖智能装备产业园"].period_end == 2024
    assert found["新材料中试基地"].type == "储备类"
    assert found["合计"].is_total and found["合计"].total_investment == 239700


@pytest.mark.parametrize("fmt", WRITE)
def test_plan_period_share_and_construction_type_headers(tmp_path: Path, fmt: str) -> None:
    """其中“十四五” beside 总投资 is the plan-period investment; 建设性质 is the type."""
    rows = [
        [
            "序号",
            "项目名称",
            "建设性质",
            "建设内容",
            "建设年限",
            "总投资",
            "其中“十四五”",
            "实施主体",
        ],
        [
            "1",
            "丙电子元器件扩产项目",
            "续建",
            "新增产线5条",
            "2020-2023年",
            "12.5",
            "10",
            "丙电子公司",
        ],
        ["2", "丁医药研发中心", "新建", "研发楼3万平方米", "2022-2025年", "8", "8", "丁医药公司"],
        ["合计（2个）", LEFT, LEFT, LEFT, LEFT, "20.5", "18", ""],
    ]
    plan = Plan([P("正文。"), T(caption="附表1 “十四五”工业重点项目（单位：亿元）", rows=rows)])
    found = by_name(extract_plan(WRITE[fmt](plan, tmp_path / f"plan.{fmt}")).projects)
    first = found["丙电子元器件扩产项目"]
    assert (first.total_investment, first.plan_investment, first.money_unit) == (12.5, 10, "亿元")
    assert (first.type, first.period_start, first.period_end) == ("续建", 2020, 2023)
    assert found["合计（2个）"].is_total and found["合计（2个）"].plan_investment == 18
