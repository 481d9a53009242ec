"""Cell values: numbers, qualifiers, stretch targets, years, brackets, ranges."""

from __future__ import annotations

import pytest

from planwatch.ingest.units import split_name_unit
from planwatch.ingest.values import parse_range, parse_value


@pytest.mark.parametrize(
    ("text", "number", "qualifier"),
    [
        ("35左右", 35, "左右"),
        ("7000以上", 7000, "以上"),
        ("≥73", 73, "≥"),
        (">=73", 73, "≥"),
        ("不低于50", 50, "不低于"),
        ("力争1000", 1000, "力争"),
        ("8%", 8, None),
        ("1,200.5", 1200.5, None),
        ("１２０．５", 120.5, None),
        ("-3.4", -3.4, None),
        ("120亿元", 120, None),
    ],
)
def test_number_and_qualifier(text: str, number: float, qualifier: str | None) -> None:
    v = parse_value(text)
    assert (v.number, v.qualifier) == (number, qualifier)
    assert v.text == text


@pytest.mark.parametrize("text", ["", "—", "-", "——", "/", " ", "－"])
def test_missing_markers(text: str) -> None:
    v = parse_value(text)
    assert v.missing and v.number is None


def test_year_beside_value() -> None:
    v = parse_value("91.5（2019）")
    assert (v.number, v.year) == (91.5, 2019)


def test_bracket_is_an_increase_over_the_period() -> None:
    for text in ("[16]", "〔16〕", "【16】"):
        v = parse_value(text)
        assert (v.number, v.is_increase) == (16, True)


def test_cumulative_and_percent() -> None:
    v = parse_value("110（累计）")
    assert (v.number, v.cumulative) == (110, True)
    assert parse_value("100%").percent


def test_stretch_target_on_second_line_or_in_brackets() -> None:
    v = parse_value("3.0以上\n力争3.5以上")
    assert (v.number, v.qualifier, v.stretch) == (3.0, "以上", 3.5)
    assert parse_value("80（力争90）").stretch == 90


def test_textual_targets_keep_their_text() -> None:
    v = parse_value("完成省下达任务")
    assert v.textual and v.number is None and v.text == "完成省下达任务"
    assert parse_value("所有规上企业").textual


def test_ranges() -> None:
    assert parse_range("40-50亿") == (40, 50, "亿")
    assert parse_range("0.5-1亿元") == (0.5, 1, "亿元")
    assert parse_range("5亿") == (5, 5, "亿")
    assert parse_range("若干") == (None, None, "")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("规上工业总产值（亿元）", ("规上工业总产值", "亿元")),
        ("全员劳动生产率（万元/人·年）", ("全员劳动生产率", "万元/人·年")),
        ("研发经费占比(%)", ("研发经费占比", "%")),
        ("累计培育百亿级企业（集团）", ("累计培育百亿级企业（集团）", "")),
        ("主板上市企业（含境外）", ("主板上市企业（含境外）", "")),
        ("两化融合指数（2019）", ("两化融合指数（2019）", "")),
    ],
)
def test_unit_in_name_brackets(name: str, expected: tuple[str, str]) -> None:
    assert split_name_unit(name) == expected
