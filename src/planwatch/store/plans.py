"""Importing a plan extract, and finding plans again.

An import is one transaction (the caller's). The file's SHA-256 makes a repeated
import a no-op; a changed file under the same document name becomes version n + 1.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.catalog import entry, match_indicator, normal_name
from planwatch.catalog.traits import traits
from planwatch.errors import PlanwatchError
from planwatch.models import Indicator, PlanExtract
from planwatch.models.catalog import CatalogEntry
from planwatch.models.store import ImportResult, PlanInfo
from planwatch.store.regions import child_region, find_path, path_of, region_at
from planwatch.store.schema import Plan, PlanIndicator, Project, Region, Target

MIN_CONFIDENCE = 0.75
# Years after a plan's last target year in which it can still be evaluated (a final
# evaluation, a late revision of the actuals); before its earliest base year none.
YEAR_MARGIN = 5
PLACE = re.compile(r"(省|市|县|区|镇|乡|街道|园区|开发区|新区|片区)$")


class NotFound(PlanwatchError):
    """A plan, indicator or project the user named does not exist."""


class RegionMismatch(PlanwatchError):
    """The same file imported again under another region than the stored plan's."""


def indicator_key(ind_name: str, catalog_id: str | None) -> str:
    return catalog_id or f"name:{normal_name(ind_name)}"


def _years_together(indicators: list[Indicator]) -> list[list[Indicator]]:
    """Rows of one indicator for several target years (2022, 2025, 2035 columns of a
    table) grouped, in the order of their first row: the store keeps one indicator
    with a target per year."""
    groups: dict[tuple[object, ...], list[Indicator]] = {}
    for ind in indicators:
        key = (ind.table, ind.category, ind.seq, ind.name, ind.subject, ind.unit)
        groups.setdefault(key, []).append(ind)
    return list(groups.values())


def _indicator_row(
    rows: list[Indicator], plan_region: Region | None, session: Session
) -> PlanIndicator:
    ind = rows[0]
    m = match_indicator(ind.name, ind.unit)
    accepted = m if m is not None and m.confidence >= MIN_CONFIDENCE else None
    cat = entry(accepted.entry_id) if accepted else None
    direction, path, cumulative = traits(ind.name, ind.unit, cat)
    row = PlanIndicator(
        table=ind.table,
        category=ind.category,
        seq=ind.seq,
        name=ind.name,
        unit=ind.unit,
        subject=ind.subject,
        attribute=ind.attribute,
        indicator_key=indicator_key(ind.name, accepted.entry_id if accepted else None),
        catalog_id=accepted.entry_id if accepted else None,
        match_confidence=m.confidence if m else None,
        match_how=m.how if m else None,
        direction=direction.value,
        path=path.value,
        cumulative=cumulative,
        baseline=ind.baseline,
        baseline_year=ind.baseline_year,
        baseline_text=ind.baseline_text,
        annual_growth=ind.annual_growth,
        growth_text=ind.growth_text,
        textual_target=ind.textual_target,
        source=ind.source.model_dump(),
    )
    region = None
    if ind.subject and PLACE.search(ind.subject):
        region = child_region(session, plan_region, ind.subject)
    # each row's own target first, then the dated values of the rows: a year once
    found = [t for one in rows for t in _targets(one, region)]
    found += [t for one in rows for t in _dated_values(one, region)]
    seen: set[tuple[int, str]] = set()
    row.targets = []
    for t in found:
        if (t.year, t.kind) not in seen:
            seen.add((t.year, t.kind))
            row.targets.append(t)
    return row


def apply_match(row: PlanIndicator, cat: CatalogEntry | None) -> None:
    """A user's override: file the indicator under `cat` (or under its own name)."""
    row.catalog_id = cat.id if cat else None
    row.match_how = "manual"
    row.match_confidence = 1.0
    row.indicator_key = indicator_key(row.name, row.catalog_id)
    direction, path, cumulative = traits(row.name, row.unit, cat)
    row.direction, row.path, row.cumulative = direction.value, path.value, cumulative


def _targets(ind: Indicator, region: Region | None) -> list[Target]:
    """The row's target and its stretch target."""
    kind = "assigned" if region is not None else "main"
    out: list[Target] = []
    if ind.target_year is not None:
        out.append(
            Target(
                year=ind.target_year,
                value=ind.target,
                text=ind.target_text,
                qualifier=ind.target_qualifier,
                kind=kind,
                region=region,
            )
        )
        if ind.stretch_target is not None:
            out.append(
                Target(
                    year=ind.target_year,
                    value=ind.stretch_target,
                    qualifier="力争",
                    kind="stretch",
                    region=region,
                )
            )
    return out


def _dated_values(ind: Indicator, region: Region | None) -> list[Target]:
    """The row's values for other years than its baseline (intermediate targets)."""
    kind = "assigned" if region is not None else "main"
    return [
        Target(
            year=yv.year,
            value=yv.value,
            text=yv.text,
            qualifier=yv.qualifier,
            kind=kind,
            region=region,
        )
        for yv in ind.values
        if yv.year not in (ind.baseline_year, ind.target_year)
    ]


def _project_row(p) -> Project:  # type: ignore[no-untyped-def]
    return Project(
        table=p.table,
        seq=p.seq,
        name=p.name,
        content=p.content,
        location=p.location,
        period_start=p.period_start,
        period_end=p.period_end,
        total_investment=p.total_investment,
        plan_investment=p.plan_investment,
        money_unit=p.money_unit,
        type=p.type,
        responsible_unit=p.responsible_unit,
        is_total=p.is_total,
        extra=dict(p.extra),
    )


def import_extract(
    session: Session, extract: PlanExtract, source_hash: str, region_path: str | None = None
) -> ImportResult:
    existing = session.scalars(select(Plan).where(Plan.source_hash == source_hash)).first()
    if existing is not None:
        _same_region(session, existing, region_path)
        return ImportResult(
            plan_id=existing.id,
            document=existing.document,
            version=existing.version,
            created=False,
            region=path_of(existing.region),
        )
    meta = extract.metadata
    path = region_path or meta.region
    region = region_at(session, path, meta.region_level) if path else None
    latest = session.scalar(select(func.max(Plan.version)).where(Plan.document == extract.document))
    plan = Plan(
        document=extract.document,
        version=(latest or 0) + 1,
        title=meta.title,
        region=region,
        period_start=meta.period_start,
        period_end=meta.period_end,
        vision_year=meta.vision_year,
        issuer=meta.issuer,
        issue_date=meta.issue_date,
        source_file=extract.source_file,
        source_hash=source_hash,
        format=extract.format,
        extract=extract.model_dump(mode="json"),
    )
    session.add(plan)
    plan.indicators = [
        _indicator_row(rows, region, session) for rows in _years_together(extract.indicators)
    ]
    plan.projects = [_project_row(p) for p in extract.projects]
    session.flush()
    return ImportResult(
        plan_id=plan.id,
        document=plan.document,
        version=plan.version,
        created=True,
        indicators=len(plan.indicators),
        projects=len(plan.projects),
        region=path_of(region),
    )


def _same_region(session: Session, plan: Plan, region_path: str | None) -> None:
    """A re-import names the region the plan is stored under, or none; never silently another."""
    if not region_path:
        return
    wanted = find_path(session, region_path)
    if wanted is not None and plan.region is not None and wanted.id == plan.region.id:
        return
    raise RegionMismatch(
        f"this file is already stored as plan {plan.id} ({plan.document} v{plan.version}) "
        f"under '{path_of(plan.region) or '(no region)'}'; --region {region_path} was not "
        "applied (a stored plan keeps its region)",
        zh=f"该文件已作为规划{plan.id}（{plan.document} v{plan.version}）存储在"
        f"“{path_of(plan.region) or '（无地区）'}”下，未采用地区{region_path}"
        "（已存储的规划保持原地区）",
    )


def plan_years(plan: Plan) -> tuple[int, int]:
    """The years a plan can be evaluated in or report values for: from its earliest base
    year (or the year before its period) to YEAR_MARGIN years after its last target year
    (or the end of its period)."""
    firsts = [i.baseline_year for i in plan.indicators if i.baseline_year]
    lasts = [t.year for i in plan.indicators for t in i.targets]
    if plan.period_start:
        firsts.append(plan.period_start - 1)
    if plan.period_end:
        lasts.append(plan.period_end)
    if not firsts and not lasts:  # a plan without a single year: any year of the era
        return 1949, 2100
    first = min(firsts) if firsts else min(lasts) - 10  # ten years: two plan periods
    last = max(lasts) if lasts else max(firsts) + 5  # five years: one plan period
    return first, last + YEAR_MARGIN


def find_plan(session: Session, ref: str) -> Plan:
    """A plan by id, or by document id (the latest version)."""
    plan = None
    if ref.isdigit():
        plan = session.get(Plan, int(ref))
    if plan is None:
        plan = session.scalars(
            select(Plan).where(Plan.document == ref).order_by(Plan.version.desc())
        ).first()
    if plan is None:
        raise no_plan(ref)
    return plan


def no_plan(ref: str) -> NotFound:
    """The error for a plan that is not there, word for word also for one the user may
    not see: the answer must not tell the two apart."""
    message = f"no plan '{ref}' in the store (see `planwatch plans`)"
    return NotFound(message, zh=f"未找到规划：{ref}")


def plan_info(plan: Plan) -> PlanInfo:
    return PlanInfo(
        id=plan.id,
        document=plan.document,
        version=plan.version,
        title=plan.title,
        region=plan.region.name if plan.region else "",
        period_start=plan.period_start,
        period_end=plan.period_end,
        format=plan.format,
        indicators=len(plan.indicators),
    )


def list_plans(session: Session) -> list[PlanInfo]:
    return [plan_info(p) for p in session.scalars(select(Plan).order_by(Plan.id))]
