"""Enterprise tiers (企业梯队): counts by revenue class and by label.

Plans set targets such as “培育百亿级企业2家、十亿级企业15家、专精特新‘小巨人’5家”;
the same enterprise data tells how many there are.
"""

from __future__ import annotations

import polars as pl

from planwatch.permu.fields import LABELS

# Revenue classes in 万元 (the data's unit): 1亿 = 10,000 万元.
REVENUE_CLASSES: dict[str, float] = {
    "百亿级": 1_000_000,
    "五十亿级": 500_000,
    "十亿级": 100_000,
    "五亿级": 50_000,
    "亿元级": 10_000,
}


def tier_counts(enterprises: pl.DataFrame) -> dict[str, int]:
    """Enterprises at or above each revenue class, and with each label."""
    out: dict[str, int] = {}
    revenue = pl.col("revenue").fill_null(0)
    for name, floor in REVENUE_CLASSES.items():
        out[name] = int(enterprises.select((revenue >= floor).sum()).item())
    labels = enterprises["labels"] if "labels" in enterprises.columns else None
    for label in LABELS:
        if labels is None:
            out[label] = 0
            continue
        has = labels.list.contains(label).fill_null(False)
        out[label] = int(has.sum())
    return out


def tier_members(enterprises: pl.DataFrame, tier: str) -> pl.DataFrame:
    """The enterprises of one revenue class or label, largest first."""
    if tier in REVENUE_CLASSES:
        keep = pl.col("revenue").fill_null(0) >= REVENUE_CLASSES[tier]
    else:
        keep = pl.col("labels").list.contains(tier).fill_null(False)
    return enterprises.filter(keep).sort("revenue", descending=True, nulls_last=True)


def compare_with_targets(counts: dict[str, int], targets: dict[str, float]) -> list[dict]:
    """Each target tier with its count and whether the target is met."""
    return [
        {
            "tier": tier,
            "target": target,
            "count": counts.get(tier, 0),
            "met": counts.get(tier, 0) >= target,
        }
        for tier, target in targets.items()
    ]


_TIER_WORDS = (
    ("小巨人", "专精特新小巨人"),
    ("专精特新", "专精特新"),
    ("高新技术企业", "高新技术企业"),
    ("上市", "上市"),
    ("百亿级", "百亿级"),
    ("五十亿级", "五十亿级"),
    ("十亿级", "十亿级"),
    ("五亿级", "五亿级"),
)


def tier_of(indicator: str) -> str | None:
    """The tier a plan indicator counts (累计培育百亿级企业 → 百亿级), if any."""
    for word, tier in _TIER_WORDS:
        if word in indicator:
            return tier
    return None


def plan_tier_targets(indicators: list[tuple[str, str, float | None]]) -> dict[str, float]:
    """Tier targets among (name, unit, target) of a plan's indicators and prose targets;
    only counts of enterprises (家/个) count. The first mention of a tier wins."""
    out: dict[str, float] = {}
    for name, unit, target in indicators:
        tier = tier_of(name)
        if tier and target is not None and unit in ("家", "个", "") and tier not in out:
            out[tier] = target
    return out
