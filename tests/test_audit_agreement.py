"""Rule 4: one fact given two values (prose and table, two tables), and a count stated
against the items listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import H, P, T

HEADER = ["序号", "指标名称", "单位", "2020年", "2025年", "属性"]


def targets(*rows: list[str], caption: str = "表1 主要指标") -> T:
    return T(caption=caption, rows=[HEADER, *rows])


@pytest.mark.parametrize("fmt", FORMATS)
def test_prose_and_table_disagree(tmp_path: Path, fmt: str) -> None:
    report = audit([
        P("到2025年，全县规模以上工业增加值达到220亿元，工业投资达到6000000万元。"),
        targets(["1", "规上工业增加值", "亿元", "150", "200", "预期性"],
                ["2", "工业投资", "亿元", "40", "60", "预期性"]),  # 6000000万元 = 600亿元
    ], tmp_path, fmt)  # fmt: skip
    found = of(report, "agreement")
    assert sorted((f.subjects[0], f.values["stated"], f.values["expected"]) for f in found) == [
        ("工业投资", 600, 60),
        ("规上工业增加值", 220, 200),
    ]
    assert all(f.severity == "error" for f in found)


def test_values_that_agree_in_other_words_or_units_are_fine(tmp_path: Path) -> None:
    report = audit([
        P("到2025年，全县规上工业增加值确保实现200亿元、力争达到250亿元，"
          "工业投资达到600000万元，规上企业达到400家以上。"),
        targets(["1", "规上工业增加值", "亿元", "150", "200", "预期性"],
                ["2", "工业投资", "亿元", "40", "60.0", "预期性"],
                ["3", "规上企业数", "家", "300", "400以上", "预期性"]),
    ], tmp_path)  # fmt: skip
    assert of(report, "agreement") == []


def test_an_industry_section_speaks_of_that_industry(tmp_path: Path) -> None:
    """规上工业总产值 in the section of one industry is that industry's output; a measure
    that names its domain is the plan's wherever it is written."""
    report = audit([
        targets(["1", "规上工业总产值", "亿元", "400", "800", "预期性"],
                ["2", "新材料产业增加值", "亿元", "20", "40", "预期性"]),
        H("二、做强新材料产业"),
        P("到2025年，规上工业总产值达到150亿元，新材料产业增加值达到45亿元。"),
    ], tmp_path)  # fmt: skip
    found = of(report, "agreement")
    assert [(f.subjects[0], f.values["stated"]) for f in found] == [("新材料产业增加值", 45)]


def test_two_tables_disagree(tmp_path: Path) -> None:
    report = audit([
        targets(["1", "规上工业增加值", "亿元", "150", "200", "预期性"]),
        targets(["1", "规模以上工业增加值", "亿元", "150", "210", "预期性"],
                caption="表2 工业发展指标"),
    ], tmp_path)  # fmt: skip
    found = of(report, "agreement")
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [(210, 200)]
    assert "表1 主要指标" in found[0].message_zh and "表2 工业发展指标" in found[0].message_zh


def test_a_count_stated_above_a_list(tmp_path: Path) -> None:
    rows = [["序号", "项目名称", "总投资（亿元）"]] + [[str(k), f"示例{k}号项目", "1.5"]
                                                     for k in range(1, 5)]  # fmt: skip
    report = audit([
        P("“十四五”期间，重点推进以下5个项目："),
        T(caption="表3 重点项目", rows=rows),
        P("其中续建项目4个。"),
        T(caption="表4 重点项目（4项）", rows=rows),
    ], tmp_path)  # fmt: skip
    found = of(report, "agreement")
    assert [(f.location.table, f.values["stated"], f.values["expected"]) for f in found] == [
        ("表3 重点项目", 5, 4)
    ]
