"""Rule "structure": numbering, repeated rows and items, reused table numbers and
baselines from another year."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.audit.rules.structure import parse_seq, table_number
from planwatch.models.audit import Finding
from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import H, P, T

HEADER = ["序号", "指标名称", "单位", "2020年", "2025年"]


def indicators(caption: str, *rows: list[str]) -> T:
    return T(caption=caption, rows=[HEADER, *rows])


def row(seq: str, name: str, base: str = "10", target: str = "20") -> list[str]:
    return [seq, name, "亿元", base, target]


def kinds(found: list[Finding]) -> list[tuple[str | None, str | None, object, object, object]]:
    return [
        (f.location.table, f.location.row, f.values.get("kind"), f.values.get("stated"),
         f.values.get("expected"))
        for f in found
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbering_that_skips_repeats_or_goes_back(tmp_path: Path, fmt: str) -> None:
    report = audit([
        indicators("表1 规模指标", row("1", "工业总产值"), row("2", "工业增加值"),
                   row("4", "工业投资")),
        indicators("表2 质效指标", row("1", "工业税收"), row("2", "工业利润"),
                   row("2", "工业营业收入"), row("3", "工业出口交货值")),
        indicators("表3 创新指标", row("1", "研发经费支出"), row("2", "技改投资"),
                   row("3", "新产品产值"), row("2", "数字经济核心产业增加值")),
    ], tmp_path, fmt)  # fmt: skip
    found = of(report, "structure")
    assert kinds(found) == [
        ("表1 规模指标", "工业投资", "skip", "4", "3"),
        ("表2 质效指标", "工业营业收入", "duplicate", "2", "3"),
        ("表3 创新指标", "数字经济核心产业增加值", "back", "2", "4"),
    ]
    assert all(f.severity == "warning" and f.location.line for f in found)
    assert "缺少3" in found[0].message_zh and "工业投资" in found[0].evidence


WITH_CATEGORY = ["类别", "序号", "指标名称", "单位", "2020年", "2025年"]


def sectioned(third: str, second_section: str, star: str, sub: str, paren: str, last: str
              ) -> list[T]:  # fmt: skip
    """Tables numbered by sections, headings, sub-numbers and blanks; the arguments
    are the numbers that a correct plan prints as 3, 二, 2, 1.2, （二） and 3."""
    return [
        T(caption="表1 主要指标", rows=[WITH_CATEGORY,
            ["规模", "1", "工业总产值", "亿元", "100", "150"],
            ["^", "2", "工业增加值", "亿元", "30", "45"],
            ["创新", "1", "研发经费支出", "亿元", "3", "5"],  # restarts
            ["^", "2", "技改投资", "亿元", "10", "15"],
            ["绿色", third, "环保投资", "亿元", "2", "4"],  # continues
        ]),
        T(caption="表2 重点项目", rows=[["序号", "项目名称", "建设内容", "总投资（万元）"],
            ["一、先进制造业项目", "<", "<", "<"],
            ["1", "甲公司智能工厂项目", "新建厂房", "5000"],
            ["2", "乙公司新材料项目", "新建生产线", "8000"],
            [f"{second_section}、数字经济项目", "<", "<", "<"],
            ["1", "丙公司数据中心项目", "新建机房", "6000"],
            [f"★{star}", "丁公司软件园项目", "新建研发楼", "9000"],
            ["合计", "<", "<", "28000"],
        ]),
        T(caption="表3 重点任务", rows=[["序号", "任务", "责任单位"],
            ["1", "实施强链工程", "经信局"], ["1.1", "培育龙头企业", "经信局"],
            [sub, "招引配套项目", "商务局"], ["2", "实施创新工程", "科技局"],
            ["2.1", "建设创新平台", "科技局"], ["（一）", "完善服务体系", "发改局"],
            [paren, "优化营商环境", "发改局"],
        ]),
        T(caption="附表1 重点企业培育名单", rows=[["序号", "企业名称", "主导产品"],
            ["1", "甲科技有限公司", "电机"], ["", "甲科技控股有限公司", "电机"],
            ["2", "乙材料有限公司", "薄膜"], [last, "丙装备有限公司", "阀门"],
        ]),
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_sections_sub_numbers_blanks_and_marks_are_no_mistake(tmp_path: Path, fmt: str) -> None:
    report = audit(sectioned("3", "二", "2", "1.2", "（二）", "3"), tmp_path, fmt)
    assert of(report, "structure") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_skips_inside_sections_sub_numbers_and_blanks_are_found(tmp_path: Path, fmt: str) -> None:
    report = audit(sectioned("5", "三", "3", "1.3", "（三）", "4"), tmp_path, fmt)
    assert [(f.location.table, f.location.row, f.values["stated"], f.values["expected"])
            for f in of(report, "structure")] == [
        ("表1 主要指标", "环保投资", "5", "3"),
        ("表2 重点项目", "三、数字经济项目", "三", "二"),
        ("表2 重点项目", "丁公司软件园项目", "3", "2"),
        ("表3 重点任务", "招引配套项目", "1.3", "1.2"),
        ("表3 重点任务", "优化营商环境", "（三）", "（二）"),
        ("附表1 重点企业培育名单", "丙装备有限公司", "4", "3"),
    ]  # fmt: skip


def test_a_gap_unnumbered_rows_could_fill_is_not_reported(tmp_path: Path) -> None:
    report = audit([T(caption="表1 重点任务", rows=[["序号", "任务", "责任单位"],
        ["1", "实施强链工程", "经信局"], ["", "实施补链工程", "经信局"],
        ["3", "实施延链工程", "商务局"],
    ])], tmp_path)  # fmt: skip
    assert of(report, "structure") == []


def test_the_same_indicator_twice_in_one_table(tmp_path: Path) -> None:
    by_industry = ["序号", "行业名称", "2020年", "2025年"]
    report = audit([
        indicators("表1 主要指标", row("1", "规上工业增加值"), row("2", "工业投资"),
                   row("3", "规上工业增加值", "12", "22")),
        indicators("表2 其他指标", row("1", "工业投资")),  # another table: fine
        T(caption="表3 分行业规上工业总产值（亿元）", rows=[by_industry,
            ["1", "化工", "100", "150"], ["2", "建材", "80", "100"]]),
    ], tmp_path)  # fmt: skip
    found = of(report, "structure")
    assert kinds(found) == [("表1 主要指标", "规上工业增加值", "duplicate_indicator",
                             "规上工业增加值", "一行")]  # fmt: skip
    assert "序号1与3" in found[0].message_zh


def test_a_row_repeated_under_another_category_unless_categories_are_places(
    tmp_path: Path,
) -> None:
    report = audit([
        T(caption="表1 主要指标", rows=[WITH_CATEGORY,
            ["规模", "1", "规上工业总产值", "亿元", "100", "150"],
            ["^", "2", "工业投资", "亿元", "20", "30"],
            ["创新", "3", "研发经费支出占营业收入比重", "%", "2", "3"],
            ["^", "4", "高新技术企业数", "家", "15", "25"],
            ["绿色", "5", "研发经费支出占营业收入比重", "%", "2", "3"]]),
        T(caption="表2 分片区指标", rows=[WITH_CATEGORY,  # each area has the same rows
            ["东片", "1", "规上工业总产值", "亿元", "100", "150"],
            ["^", "2", "工业投资", "亿元", "20", "30"],
            ["西片", "3", "规上工业总产值", "亿元", "80", "120"],
            ["^", "4", "工业投资", "亿元", "15", "25"]]),
    ], tmp_path)  # fmt: skip
    found = of(report, "structure")
    assert [(f.location.table, f.location.row) for f in found] == [
        ("表1 主要指标", "研发经费支出占营业收入比重")
    ]


def test_the_same_enterprise_or_project_twice_in_one_list(tmp_path: Path) -> None:
    projects = ["序号", "项目名称", "建设地点", "建设内容", "总投资（万元）"]
    report = audit([
        T(caption="附表1 重点企业培育名单", rows=[["序号", "企业名称", "主导产品"],
            ["1", "甲科技有限公司", "电机"], ["2", "乙材料有限公司", "薄膜"],
            ["3", "甲科技有限公司", "电机"]]),
        T(caption="附表2 重点项目清单", rows=[projects,
            ["1", "智能工厂项目", "甲镇", "新建厂房", "5000"],
            ["2", "标准厂房项目", "乙镇", "新建厂房", "3000"],
            ["3", "标准厂房项目", "丙镇", "新建厂房", "3000"],  # another place: fine
            ["4", "智能工厂项目", "甲镇", "新建厂房", "5000"]]),
    ], tmp_path)  # fmt: skip
    found = of(report, "structure")
    assert kinds(found) == [
        ("附表1 重点企业培育名单", "甲科技有限公司", "duplicate_item", "甲科技有限公司", "一次"),
        ("附表2 重点项目清单", "智能工厂项目", "duplicate_project", "智能工厂项目", "一次"),
    ]
    assert found[1].location.line and found[1].values["first_line"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_table_number_used_twice(tmp_path: Path, fmt: str) -> None:
    report = audit([
        indicators("表1 规模指标", row("1", "工业总产值")),
        P("产业发展目标见上表。"),
        indicators("表2-1 质效指标", row("1", "工业税收")),
        P("分行业目标如下。"),
        indicators("表2-1 创新指标", row("1", "研发经费支出")),
        P("创新目标如下。"),
        indicators("表1 绿色指标", row("1", "环保投资")),
    ], tmp_path, fmt)  # fmt: skip
    found = of(report, "structure")
    assert kinds(found) == [
        ("表2-1 创新指标", None, "table_number", "表2-1", "表2-2"),
        ("表1 绿色指标", None, "table_number", "表1", "表3"),
    ]
    assert all(f.severity == "warning" for f in found)
    if fmt != "docx":  # a .docx caption has neither line nor page
        assert all(f.location.line or f.location.page for f in found)


def test_continued_tables_repeated_captions_and_other_series_reuse_no_number(
    tmp_path: Path,
) -> None:
    report = audit([
        indicators("表1 规模指标", row("1", "工业总产值"), row("2", "工业增加值")),
        P("（转下页）"),
        indicators("续表1", row("3", "工业投资")),
        P("表1所列指标的口径见附件。"),
        T(caption="表1 规模指标（续）", rows=[[*HEADER, "属性"], [*row("4", "税收"), "预期性"]]),
        indicators("表2 质效指标", row("1", "工业税收"), row("2", "工业利润")),
        T(caption="表2 质效指标", rows=[[*HEADER, "属性"], [*row("3", "工业营收"), "预期性"]]),
        H("附件", level=2),
        indicators("附表1 分行业指标", row("1", "化工产值")),
    ], tmp_path)  # fmt: skip
    assert of(report, "structure") == []


def test_a_row_whose_baseline_is_from_another_year_without_saying_so(tmp_path: Path) -> None:
    header = ["序号", "指标名称", "单位", "2019年", "2020年", "2025年"]
    report = audit([T(caption="表1 主要指标", rows=[header,
        ["1", "工业总产值", "亿元", "90", "100", "150"],
        ["2", "工业增加值", "亿元", "27", "30", "45"],
        ["3", "工业投资", "亿元", "18", "20", "30"],
        ["4", "工业税收", "亿元", "5", "—", "8"],  # 2019 only, silently
    ])], tmp_path)  # fmt: skip
    found = of(report, "structure")
    assert kinds(found) == [("表1 主要指标", "工业税收", "baseline_year", "2019", "2020")]
    assert found[0].severity == "notice"


def test_baselines_that_say_their_year_or_a_whole_table_are_fine(tmp_path: Path) -> None:
    report = audit([
        indicators("表1 主要指标", row("1", "工业总产值", "100"), row("2", "工业增加值", "30"),
                   row("3", "两化融合发展指数", "88.6（2019）")),
        T(caption="表2 分项指标", rows=[["序号", "指标名称", "单位", "2019年", "2025年"],
            row("1", "工业投资", "18", "30"), row("2", "工业税收", "5", "8"),
            row("3", "工业利润", "6", "9")]),
    ], tmp_path)  # fmt: skip
    assert of(report, "structure") == []


def test_table_numbers_and_row_numbers_are_read_in_every_scheme() -> None:
    assert table_number("表2-1 主要指标") == ("表", (2, 1))
    assert table_number("附表三 重点项目") == ("附表", (3,))
    assert table_number("表 4：分行业目标") == ("表", (4,))
    assert table_number("续表2") is None and table_number("表2（续）") is None
    assert table_number("表格说明") is None
    shown = [parse_seq(t) for t in ("★12", "3.2", "（四）", "十一、", "(7)", "合计", "")]
    assert [s.shown() if s else None for s in shown] == [
        "12", "3.2", "（四）", "十一", "（7）", None, None
    ]  # fmt: skip
