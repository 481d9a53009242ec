"""Gap classes of a link (补链、强链、延链 in plans' words), each with its numbers.

In order, the first that holds:
- missing (缺链): no enterprise in the data on the link;
- weak (弱链): the link's output is below `weak_share` of the chain's, or none of
  its firms is above scale (规上);
- inefficient (低效): its 亩均税收 is below `inefficient_ratio` × the chain's;
- strong (强链): its output is at least `strong_share` of the chain's and its
  亩均税收 at least the chain's;
- none otherwise.
Boundaries: a share exactly at `weak_share` is not weak; exactly at `strong_share`
is strong; 亩均税收 exactly at the ratio × the chain's is not inefficient.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.models.chains import Gap, GapRules


@dataclass(frozen=True)
class LinkNumbers:
    enterprises: int
    above_scale: int
    output: float
    tax_per_mu: float | None


@dataclass(frozen=True)
class ChainNumbers:
    output: float
    tax_per_mu: float | None


def _pct(x: float) -> str:
    return f"{x:.1%}"


def classify(link: LinkNumbers, chain: ChainNumbers, rules: GapRules) -> tuple[Gap, list[str]]:
    """The link's gap class and the facts behind it, in Chinese as reports print them."""
    if link.enterprises == 0:
        return "missing", ["本地无该环节企业"]
    share = link.output / chain.output if chain.output > 0 else 0.0
    weak: list[str] = []
    if share < rules.weak_share:
        weak.append(f"产值 {link.output:,.0f} 万元，占全链 {chain.output:,.0f} 万元的 "
                    f"{_pct(share)}，低于 {_pct(rules.weak_share)}")  # fmt: skip
    if link.above_scale == 0:
        weak.append(f"{link.enterprises} 家企业均非规上企业")
    if weak:
        return "weak", weak
    relative = _relative(link, chain)
    if relative is not None and relative < rules.inefficient_ratio:
        return "inefficient", [
            f"亩均税收 {link.tax_per_mu:.2f} 万元/亩，为全链 {chain.tax_per_mu:.2f} 的 "
            f"{_pct(relative)}，低于 {_pct(rules.inefficient_ratio)}"
        ]
    if share >= rules.strong_share and relative is not None and relative >= 1:
        return "strong", [
            f"产值占全链 {_pct(share)}（不低于 {_pct(rules.strong_share)}），"
            f"亩均税收 {link.tax_per_mu:.2f} 万元/亩不低于全链 {chain.tax_per_mu:.2f}"
        ]
    return "none", []


def _relative(link: LinkNumbers, chain: ChainNumbers) -> float | None:
    if link.tax_per_mu is None or not chain.tax_per_mu:
        return None
    return link.tax_per_mu / chain.tax_per_mu
