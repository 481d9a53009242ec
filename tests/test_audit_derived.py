"""Rule 3: a column the table computes from two others (a ratio, a product, a sum or
a difference) against the rows that break the computation."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.models.audit import Finding
from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import T

PARKS = ["序号", "园区名称", "规上工业产值（亿元）", "用地面积（亩）", "亩均产值（万元/亩）"]


def derived(blocks: list[T], tmp_path: Path, fmt: str = "txt") -> list[Finding]:
    return of(audit(blocks, tmp_path, fmt), "derived")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_per_mu_value_its_sources_do_not_give_is_found(tmp_path: Path, fmt: str) -> None:
    """亿元 ÷ 亩 × 10⁴ gives 万元/亩; the last park states 150.0 where 134.0 follows."""
    table = T(caption="表6 园区亩均产值", rows=[PARKS,
        ["1", "甲园区", "12.5", "1000", "125.0"],
        ["2", "乙园区", "30.8", "2200", "140.0"],
        ["3", "丙园区", "8.64", "900", "96.0"],
        ["4", "丁园区", "45.2", "3100", "145.8"],
        ["5", "戊园区", "20.1", "1500", "150.0"],
    ])  # fmt: skip
    found = derived([table], tmp_path, fmt)
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert f.values["stated"] == 150.0
    assert f.values["expected"] == pytest.approx(134.0, abs=0.1)
    assert (f.location.table, f.location.row, f.location.column) == (
        "表6 园区亩均产值", "戊园区", "亩均产值（万元/亩）",
    )  # fmt: skip
    assert "÷" in f.message_zh and "10000" in f.message_zh and "20.1" in f.evidence


def test_rounded_results_are_no_mistake_and_a_small_miss_is_a_warning(tmp_path: Path) -> None:
    """Shares rounded to one decimal and increases that are right raise nothing; an
    increase of 520 where 2025 − 2020 gives 500 is off by 4 %: a warning."""
    table = T(caption="表2 分镇目标", rows=[
        ["乡镇", "2020年（家）", "2025年（家）", "新增（家）", "高企（家）", "高企占比（%）"],
        ["甲镇", "1200", "1800", "600", "450", "25.0"],
        ["乙镇", "2000", "2600", "600", "910", "35.0"],
        ["丙镇", "1500", "2100", "600", "630", "30.0"],
        ["丁镇", "950", "1300", "350", "260", "20.0"],
        ["戊镇", "1300", "1800", "520", "490", "27.2"],  # 500; 490 ÷ 1800 = 27.22 %
    ])  # fmt: skip
    found = derived([table], tmp_path)
    assert [(f.location.row, f.location.column, f.severity) for f in found] == [
        ("戊镇", "新增（家）", "warning")
    ]
    assert found[0].values == {
        "stated": 520,
        "expected": 500,
        "relation": "“2025年（家）”－“2020年（家）”",
    }


def test_a_product_is_found(tmp_path: Path) -> None:
    """产量 (万吨) × 单价 (元/吨) × 10⁻⁴ gives 产值 (亿元)."""
    table = T(caption="表3 主要产品", rows=[
        ["序号", "产品", "产量（万吨）", "单价（元/吨）", "产值（亿元）"],
        ["1", "甲产品", "2.40", "5000", "1.20"],
        ["2", "乙产品", "8.25", "3200", "2.64"],
        ["3", "丙产品", "15.60", "1800", "2.81"],
        ["4", "丁产品", "4.75", "6400", "3.04"],
        ["5", "戊产品", "10.00", "4500", "5.40"],  # 4.50
    ])  # fmt: skip
    found = derived([table], tmp_path)
    assert [(f.location.row, f.location.column) for f in found] == [("戊产品", "产值（亿元）")]
    assert found[0].values["expected"] == pytest.approx(4.5)
    assert found[0].severity == "error"


def test_a_relation_needs_three_rows_that_show_it(tmp_path: Path) -> None:
    table = T(caption="表6 园区亩均产值", rows=[PARKS,
        ["1", "甲园区", "12.5", "1000", "125.0"],
        ["2", "乙园区", "30.8", "2200", "140.0"],
        ["3", "丙园区", "20.1", "1500", "150.0"],
    ])  # fmt: skip
    assert derived([table], tmp_path) == []


def test_a_relation_that_holds_in_too_few_rows_is_no_relation(tmp_path: Path) -> None:
    """Three rows of six fit 亩均 = 产值 ÷ 面积: that is chance or another formula."""
    table = T(caption="表6 园区亩均产值", rows=[PARKS,
        ["1", "甲园区", "12.5", "1000", "125.0"],
        ["2", "乙园区", "30.8", "2200", "140.0"],
        ["3", "丙园区", "8.64", "900", "96.0"],
        ["4", "丁园区", "45.2", "3100", "160.5"],
        ["5", "戊园区", "20.1", "1500", "150.0"],
        ["6", "己园区", "11.0", "1200", "70.2"],
    ])  # fmt: skip
    assert derived([table], tmp_path) == []


def test_trivial_relations_are_ignored(tmp_path: Path) -> None:
    """A column equal to another one times a column of ones, or plus a column of
    zeros, is no computation; nor are columns of zeros."""
    table = T(caption="表4 产值调整", rows=[
        ["序号", "企业", "产值（亿元）", "系数", "调整后产值（亿元）", "调减（亿元）", "备用"],
        ["1", "甲公司", "12.5", "1.0", "12.5", "0", "0"],
        ["2", "乙公司", "30.8", "1.0", "30.8", "0", "0"],
        ["3", "丙公司", "8.6", "1.0", "8.6", "0", "0"],
        ["4", "丁公司", "45.2", "1.0", "45.2", "0", "0"],
        ["5", "戊公司", "20.1", "1.0", "21.0", "0", "0"],
    ])  # fmt: skip
    assert derived([table], tmp_path) == []


def test_columns_that_merely_grow_alike_are_not_related(tmp_path: Path) -> None:
    """Year columns of towns growing at similar rates, and a rate column, hide no
    computation (no column is the sum, difference, product or ratio of two others)."""
    table = T(caption="表5 分乡镇产值目标（亿元）", rows=[
        ["乡镇", "2020年", "2021年", "2022年", "2025年", "年均增长（%）"],
        ["甲镇", "40.2", "45", "50", "66", "10.4"],
        ["乙镇", "11.7", "13.5", "15.0", "20", "11.3"],
        ["丙镇", "63.4", "70", "78", "104", "10.4"],
        ["丁镇", "27.5", "30.5", "33", "44", "9.9"],
        ["戊镇", "18.3", "21", "23", "31", "11.1"],
        ["己镇", "35.6", "40", "44.5", "59", "10.6"],
    ])  # fmt: skip
    assert derived([table], tmp_path) == []
