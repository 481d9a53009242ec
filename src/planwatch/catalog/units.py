"""Units as plans write them, their dimension, and conversion between them.

Each unit is (dimension, factor to the dimension's base). Conversion only ever
happens within one dimension: 万元 → 亿元 is arithmetic, 家 → 亿元 is an error the
caller must report, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from planwatch.errors import PlanwatchError


class UnitError(PlanwatchError):
    """A unit planwatch does not know, or two units that cannot be converted; said in
    English and in Chinese (a page shows it to readers of Chinese)."""


@dataclass(frozen=True)
class Unit:
    dimension: str
    factor: float  # multiply a value in this unit by factor to get the dimension's base


# Base units: money 元; money per mu 元/亩; productivity 元/人·年; energy intensity
# 吨标准煤/元; area 亩; share %; count 1; index 1.
UNITS: dict[str, Unit] = {
    "元": Unit("money", 1.0),
    "万元": Unit("money", 1e4),
    "亿元": Unit("money", 1e8),
    "亿美元": Unit("money_usd", 1e8),
    "万美元": Unit("money_usd", 1e4),
    "美元": Unit("money_usd", 1.0),
    "元/亩": Unit("money_per_mu", 1.0),
    "万元/亩": Unit("money_per_mu", 1e4),
    "亿元/亩": Unit("money_per_mu", 1e8),
    "元/人·年": Unit("productivity", 1.0),
    "万元/人·年": Unit("productivity", 1e4),
    "吨标准煤/万元": Unit("energy_intensity", 1e-4),
    "吨标准煤/亿元": Unit("energy_intensity", 1e-8),
    "吨/万元": Unit("mass_intensity", 1e-4),
    "立方米/万元": Unit("water_intensity", 1e-4),
    "亩": Unit("area", 1.0),
    "公顷": Unit("area", 15.0),
    "平方公里": Unit("area", 1500.0),
    "平方米": Unit("area", 0.0015),
    "万平方米": Unit("area", 15.0),
    "%": Unit("share", 1.0),
    "个百分点": Unit("share", 1.0),
    "‰": Unit("share", 0.1),
    "家": Unit("count", 1.0),
    "个": Unit("count", 1.0),
    "项": Unit("count", 1.0),
    "户": Unit("count", 1.0),
    "件": Unit("count", 1.0),
    "所": Unit("count", 1.0),
    "座": Unit("count", 1.0),
    "条": Unit("count", 1.0),
    "人": Unit("people", 1.0),
    "万人": Unit("people", 1e4),
    "吨标准煤": Unit("energy", 1.0),
    "万吨标准煤": Unit("energy", 1e4),
    "千瓦时": Unit("electricity", 1.0),
    "万千瓦时": Unit("electricity", 1e4),
    "亿千瓦时": Unit("electricity", 1e8),
    "": Unit("index", 1.0),
}

# The dimensions in Chinese, for "cannot convert" on a Chinese page.
DIMENSIONS_ZH = {
    "money": "金额",
    "money_usd": "美元金额",
    "money_per_mu": "亩均金额",
    "productivity": "劳动生产率",
    "energy_intensity": "能耗强度",
    "mass_intensity": "单位产值实物量",
    "water_intensity": "用水强度",
    "area": "面积",
    "share": "比例",
    "count": "个数",
    "people": "人数",
    "energy": "能源消费量",
    "electricity": "电量",
    "index": "指数",
}

# Spellings plans use for the same unit.
_ALIASES = {
    "万元/人年": "万元/人·年",
    "万元/人.年": "万元/人·年",
    "万元/人•年": "万元/人·年",
    "万元/人": "万元/人·年",
    "元/人年": "元/人·年",
    "吨标煤/万元": "吨标准煤/万元",
    "tce/万元": "吨标准煤/万元",
    "吨标煤": "吨标准煤",
    "万吨标煤": "万吨标准煤",
    "度": "千瓦时",
    "kwh": "千瓦时",
    "万度": "万千瓦时",
    "亿度": "亿千瓦时",
    "km2": "平方公里",
    "m2": "平方米",
    "百分点": "个百分点",
    "指数": "",
    "分": "",
}


def canonical_unit(text: str) -> str:
    """The catalogue's spelling of a unit as written (`（万元/人.年）` → `万元/人·年`)."""
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"\s+", "", t).strip("()（）")
    t = re.sub(r"^(?:计量)?单位[:：]", "", t)
    lowered = t.lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    return _ALIASES.get(t, t)


def unit_of(text: str) -> Unit:
    key = canonical_unit(text)
    if key not in UNITS:
        raise UnitError(f"unknown unit '{text}'", zh=f"未知的单位“{text}”")
    return UNITS[key]


def dimension(text: str) -> str | None:
    """The dimension of a unit (`%` → share), None when the unit is unknown."""
    unit = UNITS.get(canonical_unit(text))
    return unit.dimension if unit else None


def convertible(a: str, b: str) -> bool:
    try:
        return unit_of(a).dimension == unit_of(b).dimension
    except UnitError:
        return False


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit`; UnitError across dimensions."""
    src, dst = unit_of(from_unit), unit_of(to_unit)
    if src.dimension != dst.dimension:
        src_zh = DIMENSIONS_ZH.get(src.dimension, src.dimension)
        dst_zh = DIMENSIONS_ZH.get(dst.dimension, dst.dimension)
        raise UnitError(
            f"cannot convert '{from_unit}' ({src.dimension}) to '{to_unit}' ({dst.dimension})",
            zh=f"单位“{from_unit}”（{src_zh}）无法换算为“{to_unit}”（{dst_zh}）",
        )
    return value * src.factor / dst.factor
