"""The indicator catalogue: its data, unit conversion and name matching."""

from __future__ import annotations

import pytest

from planwatch.catalog import (
    UnitError,
    canonical_unit,
    convert,
    load_catalog,
    match_indicator,
    normal_name,
    unit_of,
)
from planwatch.models.monitor import Direction


def test_catalogue_is_consistent() -> None:
    entries = load_catalog()
    assert len({e.id for e in entries}) == len(entries)
    seen: dict[str, str] = {}
    for e in entries:
        unit_of(e.unit)  # every canonical unit is known
        for n in [e.name, *e.synonyms]:
            key = normal_name(n)
            assert seen.setdefault(key, e.id) == e.id, f"{n} names two entries"


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (12000, "万元", "亿元", 1.2),
        (1.5, "亿元", "万元", 15000),
        (30, "万元/亩", "元/亩", 300000),
        (25, "万元/人.年", "万元/人·年", 25),
        (0.5, "吨标煤/万元", "吨标准煤/亿元", 5000),
        (2, "公顷", "亩", 30),
        (3, "项", "家", 3),
        (1.5, "个百分点", "%", 1.5),
    ],
)
def test_conversions(value: float, src: str, dst: str, expected: float) -> None:
    assert convert(value, src, dst) == pytest.approx(expected)


def test_units_that_cannot_be_converted_are_reported() -> None:
    with pytest.raises(UnitError, match=r"cannot convert '家' .* to '亿元'"):
        convert(5, "家", "亿元")
    with pytest.raises(UnitError, match="unknown unit '吨公里'"):
        convert(5, "吨公里", "亿元")


def test_unit_spellings() -> None:
    assert canonical_unit("（单位：万元/人年）") == "万元/人·年"
    assert canonical_unit("％") == "%"
    assert canonical_unit("kWh") == "千瓦时"


@pytest.mark.parametrize(
    ("name", "unit", "entry_id", "how"),
    [
        ("规上工业增加值", "亿元", "industrial_va_above_scale", "exact"),
        ("全县规模以上工业增加值（亿元）", "", "industrial_va_above_scale", "exact"),
        ("规模以上工业 亩均税收", "万元/亩", "tax_per_mu", "exact"),
        ("亩均税收", "万元/亩", "tax_per_mu", "synonym"),
        ("“专精特新”小巨人企业", "家", "little_giants", "synonym"),
        ("规上工业研发经费支出占营业收入比重", "%", "rd_intensity", "similar"),
    ],
)
def test_matching(name: str, unit: str, entry_id: str, how: str) -> None:
    m = match_indicator(name, unit)
    assert m is not None and (m.entry_id, m.how) == (entry_id, how)
    assert 0.75 <= m.confidence <= 1.0


def test_misprinted_unit_still_matches_by_name_with_lower_confidence() -> None:
    m = match_indicator("规上工业亩均增加值", "万元")
    assert m is not None and m.entry_id == "va_per_mu"
    assert m.confidence < 0.7 and "cannot be converted" in m.note


def test_unrelated_names_do_not_match() -> None:
    assert match_indicator("累计培育百亿级企业（集团）", "家") is None
    assert match_indicator("规上工业企业数字化水平", "%") is None


def test_decline_rates_are_higher_is_better() -> None:
    m = match_indicator("单位工业增加值能耗下降", "%")
    assert m is not None
    entry = {e.id: e for e in load_catalog()}[m.entry_id]
    assert entry.direction is Direction.HIGHER
