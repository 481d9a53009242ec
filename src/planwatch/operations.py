"""What the CLI and the web both do, each one transaction on the store.

Files in, pydantic models out: parsing is `ingest`, arithmetic is `monitor`,
rows are `store`; this module only strings them together.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine

from planwatch.actuals.cells import RowError
from planwatch.actuals.progress import validate_progress
from planwatch.actuals.template import VALUE_COLUMN, template_rows
from planwatch.actuals.validate import resolve_indicator, validate_rows
from planwatch.catalog import entry as catalog_entry
from planwatch.catalog import normal_name
from planwatch.errors import InputError
from planwatch.ingest import extract_plan
from planwatch.models.monitor import Assessment, Thresholds
from planwatch.models.projects import ProjectStanding, ProjectTotal
from planwatch.models.store import ImportResult, LifecycleChange, ObservationOut
from planwatch.monitor import assess_tracks
from planwatch.monitor.projects import project_standing, totals
from planwatch.sheets import read_sheet, write_xlsx
from planwatch.store.db import transaction
from planwatch.store.known import known_for
from planwatch.store.lifecycle import change_state
from planwatch.store.observations import history, record
from planwatch.store.plans import NotFound, apply_match, find_plan, import_extract
from planwatch.store.projects import project_tracks, record_progress
from planwatch.store.regions import find_region
from planwatch.store.schema import Plan, PlanIndicator
from planwatch.store.tracks import plan_tracks


def _rejected(path: Path, errors: list[RowError]) -> InputError:
    """The error of an all-or-nothing import: every bad row listed, nothing stored."""
    n = len(errors)
    reason = f"{n} problem{'s' * (n > 1)}; nothing was imported"
    return InputError(path, reason, [str(e) for e in errors])


def _named(plan: Plan, plan_ref: str, indicator: str, plan_level: bool) -> list[PlanIndicator]:
    """The plan's indicators of that name (only the plan-level rows with `plan_level`)."""
    key = normal_name(indicator)
    hits = [
        i for i in plan.indicators if normal_name(i.name) == key and not (plan_level and i.subject)
    ]
    if not hits:
        raise NotFound(f"plan '{plan_ref}' has no indicator '{indicator}'")
    return hits


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_plan_file(engine: Engine, path: Path, region: str | None = None) -> ImportResult:
    """Extract `path` and store it; the same file twice is a no-op."""
    extract = extract_plan(path)
    digest = file_hash(path)
    with transaction(engine) as session:
        return import_extract(session, extract, digest, region)


def plan_status(
    engine: Engine, plan_ref: str, year: int, thresholds: Thresholds | None = None
) -> list[Assessment]:
    with transaction(engine) as session:
        plan = find_plan(session, plan_ref)
        tracks = plan_tracks(session, plan)
    return assess_tracks(tracks, [year], thresholds)


def write_template(engine: Engine, plan_ref: str, year: int, out: Path) -> Path:
    """An .xlsx for a bureau to fill in `year`'s actuals of a plan."""
    with transaction(engine) as session:
        plan = find_plan(session, plan_ref)
        tracks = plan_tracks(session, plan)
        first = min((t.baseline_year for t in tracks if t.baseline_year), default=year)
    headers, rows = template_rows(tracks, year, first + 1)
    sheets = {f"{year}年实际值": (headers, rows)}
    return write_xlsx(out, sheets, input_columns={f"{year}年实际值": [VALUE_COLUMN]})


def import_actuals_file(
    engine: Engine, path: Path, plan_ref: str | None = None, source: str = ""
) -> tuple[int, int]:
    """Store every row of an actuals file, or none: (new revisions, rows unchanged).

    Raises InputError listing every bad row when any row is bad.
    """
    sheet = read_sheet(path)
    with transaction(engine) as session:
        plans = [find_plan(session, plan_ref)] if plan_ref else None
        rows, errors = validate_rows(sheet, known_for(session, plans))
        if errors:
            raise _rejected(path, errors)
        if not rows:
            raise InputError(path, "no filled-in rows to import")
        stored = 0
        for r in rows:
            region = find_region(session, r.region)
            assert region is not None  # validated above
            obs = record(
                session,
                region,
                r.indicator,
                r.year,
                r.value,
                r.unit,
                r.source or source or path.name,
                r.note,
            )
            stored += obs is not None
    return stored, len(rows) - stored


def set_indicator_state(
    engine: Engine, plan_ref: str, indicator: str, change: LifecycleChange
) -> str:
    """Record a lifecycle change of the plan's indicator named `indicator`."""
    with transaction(engine) as session:
        plan = find_plan(session, plan_ref)
        hits = _named(plan, plan_ref, indicator, plan_level=True)
        change_state(hits[0], change)
        return hits[0].name


def import_project_progress_file(engine: Engine, path: Path, plan_ref: str) -> tuple[int, int]:
    """Store yearly completed investment of a plan's projects: all rows or none."""
    sheet = read_sheet(path)
    with transaction(engine) as session:
        plan = find_plan(session, plan_ref)
        by_name = {
            normal_name(p.name): (p.id, p.money_unit) for p in plan.projects if not p.is_total
        }
        rows, errors = validate_progress(sheet, by_name)
        if errors:
            raise _rejected(path, errors)
        projects = {p.id: p for p in plan.projects}
        stored = sum(
            record_progress(session, projects[r.project], r.year, r.invested, r.status, r.note)
            is not None
            for r in rows
        )
    return stored, len(rows) - stored


def project_report(
    engine: Engine, plan_ref: str, year: int
) -> tuple[list[ProjectStanding], list[ProjectTotal]]:
    with transaction(engine) as session:
        tracks = project_tracks(find_plan(session, plan_ref))
    rows = [project_standing(t, year) for t in tracks]
    return rows, totals(rows, "type") + totals(rows, "responsible_unit")


def set_indicator_match(engine: Engine, plan_ref: str, indicator: str, entry_id: str | None) -> str:
    """Override the catalogue match of a plan's indicator (None: use the plan's own name).

    Observations are filed under the indicator key, so this also decides which
    recorded values the indicator reads.
    """
    with transaction(engine) as session:
        plan = find_plan(session, plan_ref)
        hits = _named(plan, plan_ref, indicator, plan_level=False)
        cat = catalog_entry(entry_id) if entry_id else None
        for ind in hits:
            apply_match(ind, cat)
        return hits[0].indicator_key


def observation_history(engine: Engine, region: str, indicator: str) -> list[ObservationOut]:
    """Every revision of an indicator's values in a region: what was reported when."""
    with transaction(engine) as session:
        place = find_region(session, region)
        if place is None:
            raise NotFound(f"no region '{region}' in the store")
        hit = resolve_indicator(indicator, known_for(session))
        key = hit.key if hit else indicator
        return history(session, place, key)


def record_permu_observations(
    engine: Engine, regional: list[dict[str, object]], year: int, scheme: str
) -> tuple[int, list[str]]:
    """Regional per-mu figures (above-scale enterprises) as observations of the
    catalogue indicators 规上工业亩均税收 and 规上工业亩均增加值; regions the store
    does not know are skipped and named."""
    stored, unknown = 0, []
    with transaction(engine) as session:
        for row in regional:
            region = find_region(session, str(row["region"]))
            if region is None:
                unknown.append(str(row["region"]))
                continue
            for key in ("tax_per_mu", "va_per_mu"):
                value = row.get(key)
                if isinstance(value, float):
                    obs = record(session, region, key, year, value, "万元/亩",
                                 f"亩均效益评价（{scheme}）", "规上企业合计÷用地合计")  # fmt: skip
                    stored += obs is not None
    return stored, unknown
