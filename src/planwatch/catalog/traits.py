"""Direction, path and cumulation of a plan indicator: from its catalogue entry when
matched, otherwise from how its name and unit read.

Fallback rules: a 下降/降低/减少 rate is a decline achieved (higher is better);
intensities such as 能耗/用水量/排放 per unit of output are lower-is-better;
shares (%), counts and indices run on a linear path, money and levels grow
geometrically; 累计/新增…累计 names are summed over the years.
"""

from __future__ import annotations

import re

from planwatch.catalog.units import UnitError, unit_of
from planwatch.models.catalog import CatalogEntry
from planwatch.models.monitor import Bound, Direction, Path

DECLINE = re.compile(r"(下降|降低|减少|削减)(率|幅度)?$|(下降|降低)(幅度|率)")
INTENSITY = re.compile(r"^(单位|万元).*(能耗|用水量|排放|电耗)$")
CUMULATIVE = re.compile(r"^(累计|五年累计|“十四五”累计)|累计$")
LINEAR_DIMENSIONS = {"share", "count", "index", "people"}
# Industry groupings statistics draw across sectors: one firm counts in several of them
# (a 高新技术 firm may also be 战略性新兴 and 装备制造), so their figures overlap and
# do not add up to the industry as a whole.
CROSS_CUTTING = re.compile(
    r"高新技术|战略性新兴|新兴产业|数字经济|高端装备|装备制造|先进制造|高端制造|四新|新经济|"
    r"规上|规模以上|专精特新|亿元以上"
)

_BOUNDS = {
    Bound.AT_LEAST: ("以上", "≥", ">=", "不低于", "不少于", "突破", "超过", "达到以上"),
    Bound.AT_MOST: ("以下", "≤", "<=", "不高于", "不超过", "以内", "控制在"),
    Bound.ABOUT: ("左右", "约", "大约"),
}


def bound_of(qualifier: str | None) -> Bound:
    """What a target qualifier (以上, 左右 …) means for 'achieved'."""
    q = (qualifier or "").strip()
    for bound, words in _BOUNDS.items():
        if any(w in q for w in words):
            return bound
    return Bound.EXACT


def traits(name: str, unit: str, entry: CatalogEntry | None) -> tuple[Direction, Path, bool]:
    if entry is not None:
        return entry.direction, entry.path, entry.cumulative
    direction = Direction.LOWER if INTENSITY.search(name) else Direction.HIGHER
    try:
        dimension = unit_of(unit).dimension
    except UnitError:
        dimension = ""
    linear = dimension in LINEAR_DIMENSIONS or bool(DECLINE.search(name))
    cumulative = bool(CUMULATIVE.search(name))
    return direction, Path.LINEAR if linear or cumulative else Path.GEOMETRIC, cumulative
