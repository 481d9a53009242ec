"""Rule 2 in running text: parts after 其中 that add up to more than their whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import P


@pytest.mark.parametrize("fmt", FORMATS)
def test_parts_larger_than_the_whole(tmp_path: Path, fmt: str) -> None:
    report = audit([
        P("全县工业企业拥有专利1200件（其中发明专利300件、实用新型专利800件、外观专利400件），"
          "商标注册达900件。"),
        P("园区规划新增工业用地1000亩，其中已出让600亩，拟出让300亩，正在开发110亩。"),
    ], tmp_path, fmt)  # fmt: skip
    found = of(report, "parts")
    assert [(f.values["stated"], f.values["expected"], f.severity) for f in found] == [
        (1200, 1500, "error"),
        (1000, 1010, "warning"),
    ]
    assert "发明专利300件" in found[0].message_zh and "商标" not in found[0].message_zh


def test_incomplete_or_other_unit_parts_are_fine(tmp_path: Path) -> None:
    report = audit([
        P("全县制造业企业2900家，其中规模以上企业160家、占比5.5%。"),
        P("完成工业投资120亿元，其中技改投资60亿元，增长12%，其中设备投资30亿元。"),
        P("新增用地1000亩，其中已出让600亩，拟出让400亩。"),  # exactly the whole
        P("实现产值50.5亿元，其中新材料20.3亿元、生物医药30.2亿元。"),  # within rounding
    ], tmp_path)  # fmt: skip
    assert of(report, "parts") == []
