"""`project check`: every proposed project judged against the standards, with what it
would do to the county's 亩均税收, the chain links (and their gaps) it would fill,
and the land the admitted pipeline takes against the land forecast."""

from __future__ import annotations

from planwatch.chains.admission import figures, judge, tax_per_mu_with
from planwatch.chains.assign import LinkRef, link_refs
from planwatch.models.chains import (
    ChainFile,
    CheckReport,
    LandBalance,
    LinkFill,
    MapReport,
    ProjectCheck,
    ProjectIn,
    ProjectsFile,
    StandardsFile,
)


def _fills(
    project: ProjectIn, refs: list[LinkRef], gaps: dict[tuple[str, str], str]
) -> list[LinkFill]:
    """Links whose codes the project's code starts with, or whose keywords its
    products name."""
    out = []
    for r in refs:
        by_code = any(project.industry_code.startswith(c) for c in r.codes)
        by_word = bool(project.products) and any(k in project.products for k in r.keywords)
        if by_code or by_word:
            out.append(LinkFill(chain=r.chain, segment=r.segment, link=r.link,
                                gap=gaps.get((r.chain, r.link))))  # type: ignore[arg-type]  # fmt: skip
    return out


def check_projects(
    projects: ProjectsFile, standards: StandardsFile, *, totals: tuple[float, float] | None = None,
    chains: ChainFile | None = None, chain_map: MapReport | None = None,
    forecast_land: float | None = None,
) -> CheckReport:  # fmt: skip
    """`totals`: (Σ tax, Σ land) of the county's enterprises with land, for the 亩均税收
    with and without each project; `chain_map`: the gaps of the links a project fills."""
    refs = link_refs(chains) if chains is not None else []
    gaps = {(c.name, link.link): link.gap for c in (chain_map.chains if chain_map else [])
            for link in c.links}  # fmt: skip
    checks = []
    for p in projects.projects:
        verdict, standard, failed = judge(p, standards)
        f = figures(p)
        before = after = None
        if totals is not None:
            tax, land = totals
            before = tax / land if land > 0 else None
            after = tax_per_mu_with(tax, land, p)
        checks.append(ProjectCheck(
            name=p.name, industry_code=p.industry_code, verdict=verdict,
            standard=standard.industry_prefix if standard else None, failed=failed,
            investment_per_mu=f["min_investment_per_mu"] or 0.0,
            output_per_mu=f["min_output_per_mu"], tax_per_mu=f["min_tax_per_mu"],
            tax_per_mu_before=before, tax_per_mu_after=after, links=_fills(p, refs, gaps),
        ))  # fmt: skip
    return CheckReport(projects=checks, land=_land(projects, checks, forecast_land),
                       example=standards.example)  # fmt: skip


def _land(
    projects: ProjectsFile, checks: list[ProjectCheck], forecast: float | None
) -> LandBalance:
    land = {"admit": 0.0, "conditional": 0.0, "reject": 0.0}
    for p, c in zip(projects.projects, checks, strict=True):
        land[c.verdict] += p.land_mu
    remaining = forecast - land["admit"] - land["conditional"] if forecast is not None else None
    return LandBalance(admitted_land=land["admit"], conditional_land=land["conditional"],
                       forecast_land=forecast, remaining=remaining)  # fmt: skip
