"""Enterprise cultivation lists and park/platform tables, in both table shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import extract_plan
from planwatch.ingest.extractors.lists import extract_lists
from planwatch.models import Caption, ChartData, ListEntry, Paragraph, ValueRange
from tests.table_styles import STYLES, document
from tests.writers import docx, txt
from tests.writers.spec import LEFT, UP, P, Plan, T

# Every file format a user may bring, written from the same spec.
WRITE = {"txt": txt.write, "docx": docx.render}

ENTERPRISES = [
    ["序号", "企业名称", "2020年\n实际", "奋斗目标", LEFT, "培育基础"],
    [UP, UP, UP, "2023年", "2025年", UP],
    ["百亿级企业（1家）", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["1", "东湖特钢集团有限公司", "60-70亿", "80-90亿", "100-120亿", "新建产线两条"],
    ["", "东湖特钢管业有限公司", "6-9亿", "11-14亿", "15-20亿", ""],
    ["", "东湖气体有限公司", "0.3-0.6亿", "0.6-0.9亿", "0.6-0.9亿", ""],
    ["（一）单项冠军企业", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["1", "北山精工股份有限公司", "3-6亿", "待定", LEFT, "国家级单项冠军"],
    ["2", "南溪阀门有限公司", "2-4亿", "6-12亿元", "8亿", "扩建厂房"],
]


def entries(style: str, rows: list[list[str]], caption: str | None) -> list[ListEntry]:
    table = STYLES[style](rows, caption=caption)
    blocks = [Caption(text=caption), table] if caption else [table]
    return extract_lists(document(*blocks))  # type: ignore[arg-type]


def by_name(items: list[ListEntry]) -> dict[str, ListEntry]:
    return {e.name: e for e in items}


@pytest.mark.parametrize("style", STYLES)
def test_enterprise_cultivation_list(style: str) -> None:
    caption = "附件二：东湖区重点企业培育清单"
    found = entries(style, ENTERPRISES, caption)
    assert [e.name for e in found] == [
        "东湖特钢集团有限公司",
        "东湖特钢管业有限公司",
        "东湖气体有限公司",
        "北山精工股份有限公司",
        "南溪阀门有限公司",
    ]
    es = by_name(found)
    assert {e.list_kind for e in found} == {"enterprise"}
    steel = es["东湖特钢集团有限公司"]
    assert (steel.tier, steel.seq, steel.table) == ("百亿级企业（1家）", "1", caption)
    assert steel.fields == {
        "2020年实际": "60-70亿",
        "奋斗目标/2023年": "80-90亿",
        "奋斗目标/2025年": "100-120亿",
        "培育基础": "新建产线两条",
    }
    assert steel.ranges["奋斗目标/2025年"] == ValueRange(
        low=100, high=120, unit="亿", text="100-120亿"
    )
    pipes = es["东湖特钢管业有限公司"]
    assert (pipes.tier, pipes.seq) == ("百亿级企业（1家）", "")
    gas = es["东湖气体有限公司"]
    assert (gas.ranges["奋斗目标/2023年"].low, gas.ranges["奋斗目标/2023年"].high) == (0.6, 0.9)
    assert gas.ranges["2020年实际"].low == 0.3

    champion = es["北山精工股份有限公司"]
    assert champion.tier == "（一）单项冠军企业"
    assert champion.fields["奋斗目标/2023年"] == champion.fields["奋斗目标/2025年"] == "待定"
    assert champion.fields["培育基础"] == "国家级单项冠军"
    assert "奋斗目标/2023年" not in champion.ranges
    valve = es["南溪阀门有限公司"]
    assert valve.ranges["奋斗目标/2023年"] == ValueRange(
        low=6, high=12, unit="亿元", text="6-12亿元"
    )
    assert (valve.ranges["奋斗目标/2025年"].low, valve.ranges["奋斗目标/2025年"].high) == (8, 8)
    assert valve.source.row == 8


@pytest.mark.parametrize("style", STYLES)
def test_park_table_fills_the_category_down(style: str) -> None:
    rows = [
        ["园区类别", "园区名称", "产业导向"],
        ["国家级开发区", "东湖经济技术开发区", "装备制造、新材料"],
        [UP, "北山高新技术产业园区", "电子信息"],
        ["省级开发区", "南溪经济开发区", "生物医药"],
        [UP, "西岭工业园区", "五金"],
    ]
    found = entries(style, rows, "表2 示例市重点产业平台发展导向")
    es = by_name(found)
    assert {e.list_kind for e in found} == {"park"}
    assert [es[n].fields["园区类别"] for n in es] == ["国家级开发区"] * 2 + ["省级开发区"] * 2
    assert es["北山高新技术产业园区"].tier == "国家级开发区"
    assert es["西岭工业园区"].fields == {"园区类别": "省级开发区", "产业导向": "五金"}


@pytest.mark.parametrize("style", STYLES)
def test_platform_table_and_long_name_cells(style: str) -> None:
    rows = [
        ["序号", "区域位置和范围", "发展方向", "牵头单位"],
        ["1", "东湖科技小镇。3.2平方公里，东至环城路，西至江滨路，南至工业大道，北至山脚", "研发",
         "科技局"],
        ["2", "北山数字产业园", "数字经济", "经信局"],
    ]  # fmt: skip
    found = entries(style, rows, "附件5 东湖区重大平台清单")
    assert [e.name for e in found] == ["东湖科技小镇", "北山数字产业园"]
    assert {e.list_kind for e in found} == {"platform"}
    assert found[0].fields["区域位置和范围"].startswith("东湖科技小镇。3.2平方公里")
    assert found[1].fields == {"发展方向": "数字经济", "牵头单位": "经信局"}


@pytest.mark.parametrize("style", STYLES)
def test_enterprise_list_told_by_its_header_with_continuation_row(style: str) -> None:
    rows = [
        ["序号", "企业名称", "所在乡镇", "主导产品"],
        ["1", "东湖电机有限公司", "东湖街道", "微电机"],
        ["", "", "", "及控制器"],
        ["2", "北山泵业有限公司", "北山镇", "水泵"],
    ]
    found = entries(style, rows, None)
    assert [e.name for e in found] == ["东湖电机有限公司", "北山泵业有限公司"]
    assert found[0].fields["主导产品"] == "微电机及控制器"
    assert found[0].list_kind == "enterprise" and found[0].tier == ""


@pytest.mark.parametrize("style", STYLES)
def test_first_row_with_an_empty_cell_is_not_a_second_header_row(style: str) -> None:
    rows = [
        ["企业名称", "所在乡镇", "主导产品"],
        ["东湖电机有限公司", "", "微电机"],
        ["北山泵业有限公司", "北山镇", "水泵"],
    ]
    found = entries(style, rows, None)
    assert [e.name for e in found] == ["东湖电机有限公司", "北山泵业有限公司"]
    assert found[0].fields == {"主导产品": "微电机"}


@pytest.mark.parametrize("style", STYLES)
def test_range_cells_with_other_units_and_year_spans(style: str) -> None:
    rows = [
        ["序号", "企业名称", "员工人数", "培育期", "产值"],
        ["1", "东湖电机有限公司", "300-500人", "2021-2023", "4-7亿元"],
        ["2", "北山泵业有限公司", "200人", "2022-2025", "1亿元"],
    ]
    found = entries(style, rows, "示例县专精特新企业培育名单")
    motor, pump = found
    assert motor.ranges["员工人数"] == ValueRange(low=300, high=500, unit="人", text="300-500人")
    assert "培育期" not in motor.ranges and "培育期" not in pump.ranges
    assert (pump.ranges["产值"].low, pump.ranges["产值"].high, pump.ranges["产值"].unit) == (
        1,
        1,
        "亿元",
    )
    assert pump.ranges["员工人数"].low == pump.ranges["员工人数"].high == 200


@pytest.mark.parametrize("style", STYLES)
def test_platform_by_header(style: str) -> None:
    rows = [["序号", "平台名称", "依托单位"], ["1", "东湖新材料研究院", "东湖大学"]]
    (entry,) = entries(style, rows, "表二 示例县部分重点创新平台情况")
    assert (entry.list_kind, entry.name, entry.fields) == (
        "platform",
        "东湖新材料研究院",
        {"依托单位": "东湖大学"},
    )


@pytest.mark.parametrize("style", STYLES)
def test_targets_projects_evaluations_and_charts_are_not_lists(style: str) -> None:
    make = STYLES[style]
    targets = make(
        [
            ["序号", "指标名称", "单位", "2020年", "2025年"],
            ["1", "规上工业企业数", "家", "300", "450"],
        ],
        caption="表1 示例县工业发展主要指标",
    )
    firm_targets = make(
        [["企业名称", "2020年产值", "2025年目标"], ["东湖电机有限公司", "5", "12"]],
        caption="表3 重点企业产值目标",
    )
    park_targets = make(
        [["园区名称", "2020年产值（亿元）", "2025年产值（亿元）"], ["东湖园区", "50", "90"]],
        caption="表4 分园区发展目标",
    )
    projects = make(
        [
            ["序号", "项目名称", "建设地点", "总投资（万元）"],
            ["1", "东湖产业园", "东湖街道", "5000"],
        ],
        caption="重大项目清单",
    )
    evaluation = make(
        [
            ["指标", "单位", "2020年规划目标", "2020年实际完成", "完成情况"],
            ["规上工业企业数", "家", "300", "320", "超额完成"],
        ],
        caption="表1 “十三五”主要指标完成情况",
    )
    chart = ChartData(name="Chart 1", rows=[["企业名称", "产值"], ["甲", "5"]])
    blocks = [targets, firm_targets, park_targets, projects, evaluation]
    doc = document(*[x for t in blocks for x in (Paragraph(text="正文。"), t)], chart)
    assert extract_lists(doc) == []


@pytest.mark.parametrize("fmt", WRITE)
def test_enterprise_list_read_from_a_file(tmp_path: Path, fmt: str) -> None:
    plan = Plan([P("正文。"), T(caption="附件二：东湖区重点企业培育清单", rows=ENTERPRISES)])
    found = by_name(extract_plan(WRITE[fmt](plan, tmp_path / f"plan.{fmt}")).lists)
    assert len(found) == 5
    assert found["东湖气体有限公司"].tier == "百亿级企业（1家）"
    assert found["南溪阀门有限公司"].ranges["2020年实际"].high == 4


@pytest.mark.parametrize("fmt", WRITE)
def test_tier_from_the_line_above_each_list(tmp_path: Path, fmt: str) -> None:
    """Lists without tier rows, each under a short line naming its tier; the text
    form must not glue that line into the previous table's last cell."""
    header = ["序号", "企业名称", "2025年营业收入目标"]
    plan = Plan(
        [
            P("正文。"),
            P("百亿级企业培育清单"),
            T(rows=[header, ["1", "甲集团", "100-120亿"]]),
            P("十亿级企业培育清单"),
            T(rows=[header, ["1", "乙股份", "10-15亿"], ["2", "丙科技", "12亿"]]),
        ]
    )
    found = by_name(extract_plan(WRITE[fmt](plan, tmp_path / f"plan.{fmt}")).lists)
    assert {n: e.tier for n, e in found.items()} == {
        "甲集团": "百亿级企业",
        "乙股份": "十亿级企业",
        "丙科技": "十亿级企业",
    }
    assert found["甲集团"].ranges["2025年营业收入目标"].high == 120
