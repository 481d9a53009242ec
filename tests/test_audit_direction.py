"""Rule 6: targets on the wrong side of their baseline, "raised" to a smaller number,
bracketed increases that do not join the endpoints."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import P, T

HEADER = ["序号", "指标名称", "单位", "2020年", "2025年", "属性"]


def targets(*rows: list[str]) -> T:
    return T(caption="表1 主要指标", rows=[HEADER, *rows])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_target_on_the_wrong_side(tmp_path: Path, fmt: str) -> None:
    report = audit([targets(
        ["1", "规上工业增加值", "亿元", "150", "140", "预期性"],  # higher is better
        ["2", "单位工业增加值能耗", "吨标准煤/万元", "0.50", "0.60", "约束性"],  # lower
        ["3", "规上工业亩均税收", "万元/亩", "25", "30", "预期性"],  # right
    )], tmp_path, fmt)  # fmt: skip
    found = of(report, "direction")
    assert [(f.subjects[-1], f.severity) for f in found] == [
        ("规上工业增加值", "error"),
        ("单位工业增加值能耗", "error"),
    ]
    assert found[0].values["stated"] == 140 and "低于" in found[0].message_zh


def test_declines_caps_and_rounding_are_fine(tmp_path: Path) -> None:
    report = audit([targets(
        ["1", "单位工业增加值能耗下降", "%", "18", "14", "约束性"],  # the value is a decline
        ["2", "工业用水量", "万吨", "100", "120以下", "约束性"],
        ["3", "规上工业增加值", "亿元", "149.96", "150", "预期性"],  # up, if barely
        ["4", "淘汰落后产能企业", "家", "30", "10", "预期性"],
    )], tmp_path)  # fmt: skip
    assert of(report, "direction") == []


def test_raised_to_a_smaller_number(tmp_path: Path) -> None:
    report = audit([
        P("研发经费投入强度由2.5%提高到2.1%，工业用地亩均税收由20万元提高至30万元，"
          "单位产值能耗由0.6降低到0.8，工业增加值占比从“十二五”末的41.8%提高到42.7%。"),
    ], tmp_path)  # fmt: skip
    found = of(report, "direction")
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [
        (2.1, ">2.5"),
        (0.8, "<0.6"),
    ]


def test_a_bracketed_increase_that_does_not_join_the_endpoints(tmp_path: Path) -> None:
    header = ["序号", "指标名称", "单位", "2020年", "2025年", "“十四五”增量", "属性"]
    report = audit([T(caption="表1 主要指标", rows=[header,
        ["1", "规上企业数", "家", "300", "400", "[100]", "预期性"],
        ["2", "高新技术企业数", "家", "50", "80", "[20]", "预期性"],
    ])], tmp_path)  # fmt: skip
    found = [f for f in of(report, "direction") if "[" in f.message_zh]
    assert [(f.subjects[0], f.values["stated"], f.values["expected"]) for f in found] == [
        ("高新技术企业数", 20, 30)
    ]


def test_only_the_last_target_year_counts(tmp_path: Path) -> None:
    header = ["序号", "指标名称", "单位", "2020年", "2022年", "2025年", "属性"]
    report = audit([T(caption="表1 主要指标", rows=[header,
        ["1", "规上工业增加值", "亿元", "150", "140", "180", "预期性"],  # dips, ends above
        ["2", "规上工业总产值", "亿元", "500", "520", "480", "预期性"],  # ends below
    ])], tmp_path)  # fmt: skip
    found = of(report, "direction")
    assert [(f.subjects[-1], f.values["stated"]) for f in found] == [("规上工业总产值", 480)]
