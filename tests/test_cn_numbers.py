"""Chinese numerals, full-width digits and the units plans write after numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.ingest.cn_numbers import (
    cn_integer,
    cn_year,
    fold_width,
    parse_amount,
    parse_number,
    parse_percent,
    read_unit,
)

DIGITS = "零一二三四五六七八九"


def _group(n: int, leading: bool, two: bool, short_ten: bool) -> str:
    """0 < n < 10000 written formally (一千零五, 三百二十, 十五 / 一十五)."""
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // size % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        word = "两" if two and d == 2 and size >= 100 else DIGITS[d]
        if short_ten and leading and not out and size == 10 and d == 1:
            word = ""
        out += word + unit
    return out


def to_cn(n: int, two: bool = False, short_ten: bool = True) -> str:
    """A tiny writer of Chinese numerals, for the round trip below."""
    if n == 0:
        return "零"
    groups = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    out, started = "", False
    for value, unit in groups:
        if value == 0:
            continue
        if started and value < 1000:
            out += "零"
        out += _group(value, not started, two, short_ten) + unit
        started = True
    return out.replace("零零", "零")


@given(st.integers(0, 10**8 - 1), st.booleans(), st.booleans())
def test_cn_numeral_round_trip(n: int, two: bool, short_ten: bool) -> None:
    text = to_cn(n, two, short_ten)
    assert cn_integer(text) == n, text
    assert parse_number(text) == float(n)


@given(st.integers(10**8, 10**12 - 1))
def test_yi_only_when_asked(n: int) -> None:
    text = to_cn(n)
    assert cn_integer(text, allow_yi=True) == n
    assert parse_number(text) is None
    assert parse_number(text, allow_yi=True) == float(n)


@given(st.integers(1900, 2099))
def test_years_digit_by_digit(year: int) -> None:
    text = "".join("〇一二三四五六七八九"[int(c)] for c in str(year))
    assert cn_year(text + "年") == year
    assert cn_year(str(year)) == year


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三十五", 35),
        ("一百二十", 120),
        ("两千", 2000),
        ("十", 10),
        ("〇", 0),
        ("零", 0),
        ("一百二", 120),
        ("两千五", 2500),
        ("三万五", 35000),
        ("一百零二", 102),
        ("一万零五十", 10050),
        ("1.5万", 15000),
        ("２０", 20),
        ("1,200", 1200),
    ],
)
def test_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_not_numbers() -> None:
    for text in ("", "万亩", "百亿", "三十五十", "十百", "abc"):
        assert parse_number(text) is None, text
    assert parse_number("3亿") is None
    assert parse_number("3亿", allow_yi=True) == 3e8


def test_percent_and_width() -> None:
    assert parse_percent("百分之十五") == 15
    assert parse_percent("１５％") == 15
    assert parse_percent("6.5%") == 6.5
    assert parse_percent("15") is None
    assert fold_width("２０２５年，增长６％") == "2025年,增长6%"
    assert len(fold_width("（全角）")) == 4


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("200亿元", 200, "亿元"),
        ("35万元/亩", 35, "万元/亩"),
        ("30万元/人·年", 30, "万元/人·年"),
        ("30万元/人▪年", 30, "万元/人·年"),
        ("30万元/人年", 30, "万元/人·年"),
        ("30万元/人", 30, "万元/人"),
        ("6%", 6, "%"),
        ("6％", 6, "%"),
        ("5个百分点", 5, "个百分点"),
        ("50家", 50, "家"),
        ("3个", 3, "个"),
        ("12项", 12, "项"),
        ("300户", 300, "户"),
        ("5000亩", 5000, "亩"),
        ("1.2万亩", 1.2, "万亩"),
        ("12.5平方公里", 12.5, "平方公里"),
        ("0.45吨标准煤/万元", 0.45, "吨标准煤/万元"),
        ("1.09亿千瓦时", 1.09, "亿千瓦时"),
        ("20万吨", 20, "万吨"),
        ("20件", 20, "件"),
        ("100亿", 100, "亿"),
        ("三百家", 300, "家"),
        ("三十五万元", 35, "万元"),
        ("百分之十五", 15, "%"),
        ("２００亿元", 200, "亿元"),
    ],
)
def test_amounts_keep_the_unit_as_written(text: str, value: float, unit: str) -> None:
    a = parse_amount(fold_width(text))
    assert a is not None, text
    assert (a.value, a.unit) == (value, unit)
    assert a.end == len(text)


def test_ranges_and_missing_units() -> None:
    a = parse_amount("5-8家")
    assert a is not None and (a.value, a.high, a.unit) == (5, 8, "家")
    a = parse_amount("0.5亿~4亿元")
    assert a is not None and (a.value, a.high, a.unit) == (0.5, 4, "亿元")
    assert parse_amount("2021-2025年") is None
    assert parse_amount("2025年") is None
    assert parse_amount("100") is None
    bare = parse_amount("100", need_unit=False)
    assert bare is not None and (bare.value, bare.unit) == (100, "")
    assert read_unit("亿元以上", 0) == ("亿元", 2)
    assert read_unit("级企业", 0) == ("", 0)
