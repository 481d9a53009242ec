"""Rule 7 for the outline: a mistyped heading number."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.audit.rules.outline import number_of
from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import H, P


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_number_typed_twice_is_found(tmp_path: Path, fmt: str) -> None:
    report = audit([
        H("二、发展重点"),
        H("（一）新材料产业", 2), P("做大做强。"),
        H("（二）装备制造产业", 2), P("做大做强。"),
        H("（二）生物医药产业", 2), P("做大做强。"),
        H("（四）数字经济", 2), P("做大做强。"),
    ], tmp_path, fmt)  # fmt: skip
    found = of(report, "outline")
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [("（二）", 3)]
    assert "生物医药产业" in found[0].message_zh


def test_restarts_gaps_and_lost_parents_are_no_finding(tmp_path: Path) -> None:
    report = audit([
        H("二、发展重点"),
        H("（一）新材料产业", 2), H("1、目标", 3), H("2、路径", 3),
        H("（二）装备制造产业", 2), H("1、目标", 3), H("2、路径", 3),  # restart per parent
        H("（四）数字经济", 2),  # a gap: perhaps a heading lost in conversion
        H("三、保障措施"), H("（一）加强组织领导", 2), H("（二）强化要素保障", 2),
    ], tmp_path)  # fmt: skip
    assert of(report, "outline") == []


def test_numbers_of_every_style() -> None:
    assert [number_of(x) for x in ("一、", "（十二）", "3、", "（4）", "第五章", "11.")] == [
        1,
        12,
        3,
        4,
        5,
        11,
    ]
