"""A chain map (产业链图谱) of an enterprise population: assignments, figures per link
and chain, gap classes, and the investment targets (招商方向) the gaps call for.
Plain data in (validated enterprise rows, a chain file), plain data out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from planwatch.chains.assign import LinkRef, Pairs, assign, link_refs
from planwatch.chains.gaps import ChainNumbers, LinkNumbers, classify
from planwatch.chains.measures import (
    chain_figures,
    county_output,
    firm_columns,
    link_figures,
    link_labels,
    per_code_sums,
    population_totals,
)
from planwatch.chains.standards import link_standard
from planwatch.errors import ArgumentError
from planwatch.models.chains import (
    ChainFile,
    ChainMap,
    ChainSpec,
    ChainTarget,
    InvestmentTarget,
    LinkMap,
    MapReport,
    StandardsFile,
)

GAPS_TO_FILL = ("missing", "weak", "inefficient")


@dataclass
class MapRun:
    report: MapReport
    pairs: Pairs
    refs: list[LinkRef]
    rows: pl.DataFrame  # the year's enterprise rows the pairs point into

    def assignments(self) -> pl.DataFrame:
        """chain, segment, link, credit_code, name, region, chain_role (as the data gives
        it), matched_by: made when asked for (a million firms make a million strings)."""
        return _assignment_rows(self.pairs, self.refs, self.rows)


def year_rows(frame: pl.DataFrame, year: int | None) -> tuple[pl.DataFrame, int | None]:
    """The rows of `year`, or of the latest year in the data."""
    years = frame["year"].drop_nulls().unique().to_list() if "year" in frame.columns else []
    if year is None and len(years) < 2:
        return frame, (years[0] if years else None)  # one year: no copy of the rows
    if year is None:
        return frame.filter(pl.col("year") == max(years)), max(years)
    if year not in years:
        have = "、".join(str(y) for y in sorted(years))
        raise ArgumentError(
            f"--year {year}: the enterprise data has no rows for it (years: {have or 'none'})",
            zh=f"年份{year}：企业数据中没有该年份的数据（已有年份：{have or '无'}）",
        )
    return frame.filter(pl.col("year") == year), year


def with_grades(frame: pl.DataFrame, results: pl.DataFrame | None) -> pl.DataFrame:
    """Per-mu grades joined by credit code, where results are given."""
    if results is None or "grade" not in results.columns:
        return frame
    grades = results.select("credit_code", "grade").unique("credit_code", keep="first")
    return frame.drop("grade", strict=False).join(grades, on="credit_code", how="left")


def build_map(
    frame: pl.DataFrame, chains: ChainFile, *, standards: StandardsFile | None = None,
    results: pl.DataFrame | None = None, year: int | None = None,
    targets: dict[str, ChainTarget] | None = None, use_targets: bool = True,
) -> MapRun:  # fmt: skip
    """The map of `frame`'s rows of `year` (default: the latest). `use_targets=False`
    leaves plan targets out (a township's map is not measured against the county's)."""
    rows, the_year = year_rows(frame, year)
    firms = firm_columns(with_grades(rows, results))
    refs = link_refs(chains)
    assigned = assign(rows, refs)
    per_code = per_code_sums(firms, assigned)
    figures = link_figures(firms, assigned, per_code)
    figures = {r["link_id"]: r for r in figures.iter_rows(named=True)}
    # every code pair is counted in its link's `by_code`; keyword-only pairs are listed
    pairs = sum(int(f["by_code"] or 0) for f in figures.values()) + assigned.only_words.height
    chains_sums = chain_figures(firms, assigned, refs, per_code)
    totals = {r["chain"]: r for r in chains_sums.iter_rows(named=True)}
    labels = link_labels(firms, assigned)
    leaders = {code for c in chains.chains for code in c.leaders}
    named = rows.filter(pl.col("credit_code").is_in(leaders)).select("credit_code", "name")
    names = dict(named.iter_rows())
    total = county_output(rows)
    tax_total, land_total = population_totals(rows)
    maps = []
    for chain in chains.chains:
        target = ((targets or {}).get(chain.name) or chain.target) if use_targets else None
        mine = [r for r in refs if r.chain == chain.name]
        maps.append(_chain(chain, mine, figures, totals.get(chain.name), labels, assigned, firms,
                           names, total, target, chains))  # fmt: skip
    report = MapReport(
        year=the_year, enterprises=rows.height, county_output=total, tax_total=tax_total,
        land_total=land_total, chains=maps,
        targets=investment_targets(maps, refs, standards), rules=chains.gaps,
        synthetic=bool(rows["synthetic"].fill_null(False).any()) if "synthetic" in rows.columns
        else False,
        example=chains.example, assignments=pairs,
    )  # fmt: skip
    return MapRun(report=report, pairs=assigned, refs=refs, rows=rows)


def region_reports(
    frame: pl.DataFrame, chains: ChainFile, *, standards: StandardsFile | None = None,
    results: pl.DataFrame | None = None, year: int | None = None,
) -> dict[str, MapReport]:  # fmt: skip
    """The map of each region (乡镇/街道) on its own, for pages filtered by region."""
    rows, the_year = year_rows(frame, year)
    if "region" not in rows.columns:
        return {}
    regions = sorted(r for r in rows["region"].unique().to_list() if r)
    return {
        region: build_map(rows.filter(pl.col("region") == region), chains, standards=standards,
                          results=results, year=the_year, use_targets=False).report
        for region in regions
    }  # fmt: skip


def _chain(
    chain: ChainSpec, refs: list[LinkRef], figures: dict, total: dict | None,  # type: ignore[type-arg]
    labels: dict[int, dict[str, int]], assigned: Pairs, firms: pl.DataFrame,
    names: dict[str, str], county: float, target: ChainTarget | None, chains: ChainFile,
) -> ChainMap:  # fmt: skip
    own = _figures(total)
    output = own["output"]
    numbers = ChainNumbers(output=output, tax_per_mu=own["tax_per_mu"])
    leaders_on = _leaders_by_link(chain, refs, assigned, firms)
    links = [_link(r, figures.get(r.id), labels.get(r.id, {}), numbers, chains,
                   [names[c] for c in leaders_on.get(r.id, [])]) for r in refs]  # fmt: skip
    present = [c for c in chain.leaders if c in names]
    return ChainMap(
        name=chain.name, **own,
        county_share=output / county if county > 0 else None, target=target,
        target_gap=max(0.0, target.in_wan() - output) if target else None,
        links=links, leaders=[names[c] for c in present],
        missing_leaders=[c for c in chain.leaders if c not in names],
    )  # fmt: skip


def _figures(row: dict | None) -> dict[str, Any]:  # type: ignore[type-arg]
    """A link's or a chain's `Figures` from its row of sums (none: an empty one)."""
    r = row or {}
    return {
        "enterprises": int(r.get("enterprises") or 0),
        "above_scale": int(r.get("above_scale") or 0),
        **{k: float(r.get(k) or 0.0) for k in ("output", "tax", "land_mu", "value_added")},
        "tax_per_mu": r.get("tax_per_mu"),
        "value_added_per_mu": r.get("value_added_per_mu"),
    }


def _leaders_by_link(
    chain: ChainSpec, refs: list[LinkRef], assigned: Pairs, firms: pl.DataFrame
) -> dict[int, list[str]]:
    if not chain.leaders:
        return {}
    leaders = firms.filter(pl.col("credit_code").is_in(chain.leaders)).select("row", "credit_code")
    ids = [r.id for r in refs]
    pairs = assigned.pairs(leaders["row"].to_list()).filter(pl.col("link_id").is_in(ids))
    out: dict[int, list[str]] = {}
    for link_id, code in pairs.join(leaders, on="row").select("link_id", "credit_code").iter_rows():
        out.setdefault(link_id, []).append(code)
    return out


def _link(
    ref: LinkRef, f: dict | None, labels: dict[str, int], chain: ChainNumbers,  # type: ignore[type-arg]
    chains: ChainFile, leaders: list[str],
) -> LinkMap:  # fmt: skip
    f = f or {}
    figures = _figures(f)
    numbers = LinkNumbers(enterprises=figures["enterprises"],
                          above_scale=figures["above_scale"], output=figures["output"],
                          tax_per_mu=figures["tax_per_mu"])  # fmt: skip
    gap, reasons = classify(numbers, chain, chains.gaps)
    return LinkMap(
        segment=ref.segment, link=ref.link, codes=list(ref.codes), keywords=list(ref.keywords),
        **figures, share=numbers.output / chain.output if chain.output > 0 else None,
        ab_share=f.get("ab_share"), labels=labels,
        matched_by_code=int(f.get("by_code") or 0),
        matched_by_keyword=int(f.get("by_keyword") or 0),
        gap=gap, reasons=reasons, leaders=leaders,
    )  # fmt: skip


def investment_targets(
    maps: list[ChainMap], refs: list[LinkRef], standards: StandardsFile | None
) -> list[InvestmentTarget]:
    """One target per link to fill, with the standard a project there must meet."""
    codes = {(r.chain, r.link): r.codes for r in refs}
    out = []
    for chain in maps:
        for link in chain.links:
            if link.gap not in GAPS_TO_FILL:
                continue
            s = link_standard(codes[(chain.name, link.link)], standards) if standards else None
            out.append(InvestmentTarget(
                chain=chain.name, segment=link.segment, link=link.link, gap=link.gap,
                codes=link.codes, keywords=link.keywords,
                min_investment_per_mu=s.min_investment_per_mu if s else None,
                min_output_per_mu=s.min_output_per_mu if s else None,
                min_tax_per_mu=s.min_tax_per_mu if s else None,
                standard=s.industry_prefix if s else None,
                output_needed=chain.target_gap, reasons=link.reasons,
            ))  # fmt: skip
    return out


def _assignment_rows(assigned: Pairs, refs: list[LinkRef], rows: pl.DataFrame) -> pl.DataFrame:
    links = pl.DataFrame(
        {"link_id": [r.id for r in refs], "chain": [r.chain for r in refs],
         "segment": [r.segment for r in refs], "link": [r.link for r in refs]},
        schema={"link_id": pl.UInt32, "chain": pl.String, "segment": pl.String, "link": pl.String},
    )  # fmt: skip

    def text(name: str) -> pl.Expr:
        return (pl.col(name) if name in rows.columns else pl.lit(None, pl.String)).alias(name)

    firms = rows.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), "credit_code",
                        "name", text("region"), text("chain_role"))  # fmt: skip
    return (
        assigned.described()
        .sort("link_id", "row")
        .join(links, on="link_id", maintain_order="left")
        .join(firms, on="row", maintain_order="left")
        .select(
            "chain", "segment", "link", "credit_code", "name", "region", "chain_role", "matched_by"
        )
    )
