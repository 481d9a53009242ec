"""Rule 1: a stated annual growth against the one the baseline and target imply."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import T

HEADER = ["序号", "指标名称", "单位", "2020年", "2025年", "年均增长（%）", "属性"]


def table(*rows: list[str]) -> T:
    return T(caption="表1 主要指标", rows=[HEADER, *rows])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_growth_the_endpoints_do_not_give_is_found(tmp_path: Path, fmt: str) -> None:
    report = audit([table(
        ["1", "规上工业总产值", "亿元", "76.64", "150", "4", "预期性"],  # implies 14.4 %
        ["2", "规上工业增加值", "亿元", "100", "146.9", "8", "预期性"],  # 8.0 %: right
    )], tmp_path, fmt)  # fmt: skip
    found = of(report, "growth")
    assert [f.subjects[-1] for f in found] == ["规上工业总产值"]
    f = found[0]
    assert f.severity == "error"
    assert f.values["stated"] == 4 and f.values["expected"] == pytest.approx(14.4, abs=0.05)
    assert f.location.table == "表1 主要指标" and f.location.row == "规上工业总产值"
    assert "14.4%" in f.message_zh and "76.64" in f.evidence


def test_rounding_of_the_printed_digits_is_no_mistake(tmp_path: Path) -> None:
    """88.39 → 100 over five years is 2.50 %; a stated 3 (printed as a whole number,
    so anything from 2.5 to 3.5) is consistent."""
    row = ["1", "规上工业总产值", "亿元", "88.39", "100", "3", "预期性"]
    report = audit([table(row)], tmp_path)
    assert of(report, "growth") == []


def test_a_small_miss_is_a_warning_and_qualifiers_bound_one_side(tmp_path: Path) -> None:
    report = audit([table(
        ["1", "规上工业总产值", "亿元", "491.2", "800", "9", "预期性"],  # 10.2 %: warning
        ["2", "工业投资", "亿元", "100", "180", "10以上", "预期性"],  # 12.5 % ≥ 10: fine
        ["3", "规上企业数", "家", "300", "350以上", "8", "预期性"],  # 3.1 %, but a floor
    )], tmp_path)  # fmt: skip
    found = of(report, "growth")
    assert [(f.subjects[-1], f.severity) for f in found] == [("规上工业总产值", "warning")]


def test_percentage_point_growth_is_linear(tmp_path: Path) -> None:
    header = ["序号", "指标名称", "单位", "2020年", "2025年", "年均增长", "属性"]
    report = audit([T(caption="表1 主要指标", rows=[header,
        ["1", "研发经费投入强度", "%", "2.0", "3.0", "0.2个百分点", "预期性"],  # right
        ["2", "数字经济增加值占比", "%", "5.0", "10.0", "0.5个百分点", "预期性"],  # 1.0 a year
    ])], tmp_path)  # fmt: skip
    found = of(report, "growth")
    assert [f.subjects[-1] for f in found] == ["数字经济增加值占比"]
    assert found[0].values["expected"] == pytest.approx(1.0, abs=0.02)


def test_declines_caps_and_words_are_not_checked(tmp_path: Path) -> None:
    report = audit([table(
        ["1", "单位工业增加值能耗下降", "%", "100", "80", "5", "约束性"],
        ["2", "工业用水量", "万吨", "100", "120以下", "1", "约束性"],
        ["3", "规上工业总产值", "亿元", "100", "完成上级下达任务", "8", "预期性"],
    )], tmp_path)  # fmt: skip
    assert of(report, "growth") == []
