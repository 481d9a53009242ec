"""What the CLI and the web both do, each one transaction on the store.

Files in, pydantic models out: parsing is `ingest`, arithmetic is `monitor`,
rows are `store`; this module only strings them together. Files are read
before a write transaction starts and every write goes through `store.db.write`,
which may run the transaction again when another writer got there first, so
the work inside only touches the session.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from planwatch.catalog import entry as catalog_entry
from planwatch.catalog import normal_name
from planwatch.errors import ArgumentError, InputError
from planwatch.files import input_file
from planwatch.models.audit import AuditReport
from planwatch.models.monitor import Assessment, Thresholds
from planwatch.models.projects import ProjectStanding, ProjectTotal
from planwatch.models.report import PlanReportInput
from planwatch.models.store import (
    ImportCounts,
    ImportResult,
    LifecycleChange,
    ObservationIn,
    ObservationOut,
    PlanInfo,
)
from planwatch.monitor import assess_tracks
from planwatch.monitor.projects import project_standing, totals
from planwatch.store.audit_log import log
from planwatch.store.db import reading, write
from planwatch.store.lifecycle import change_state
from planwatch.store.observations import history, latest_with_units, record_many
from planwatch.store.plans import (
    NotFound,
    apply_match,
    find_plan,
    import_extract,
    list_plans,
    plan_years,
)
from planwatch.store.projects import project_tracks, record_progress
from planwatch.store.regions import find_region, ids_by_name
from planwatch.store.schema import Plan, PlanIndicator
from planwatch.store.tracks import plan_tracks

# The readers (plans, sheets) and the actuals checks are imported by the operations
# that use them: a `status` or a report should not wait for every parser's import.
if TYPE_CHECKING:
    from planwatch.actuals.cells import RowError


def _rejected(path: Path, errors: list[RowError]) -> InputError:
    """The error of an all-or-nothing import: every bad row listed, nothing stored."""
    n = len(errors)
    reason = f"{n} problem{'s' * (n > 1)}; nothing was imported"
    return InputError(path, reason, [str(e) for e in errors], zh=f"发现{n}处问题，未导入任何数据",
                      details_zh=[e.text("zh") for e in errors])  # fmt: skip


def _named(plan: Plan, plan_ref: str, indicator: str, plan_level: bool) -> list[PlanIndicator]:
    """The plan's indicators of that name (only the plan-level rows with `plan_level`)."""
    key = normal_name(indicator)
    hits = [
        i for i in plan.indicators if normal_name(i.name) == key and not (plan_level and i.subject)
    ]
    if not hits:
        raise NotFound(f"plan '{plan_ref}' has no indicator '{indicator}'",
                       zh=f"规划“{plan_ref}”中没有指标“{indicator}”")  # fmt: skip
    return hits


def _in_plan_years(plan: Plan, plan_ref: str, year: int) -> None:
    first, last = plan_years(plan)
    if not first <= year <= last:
        raise ArgumentError(
            f"--year {year} is outside plan '{plan_ref}' ({first}–{last}: from its base year "
            "to five years after its last target year)",
            zh=f"{year}年超出规划“{plan_ref}”的年份范围（{first}–{last}：自基期年至最后一个"
            "目标年后五年）",
        )


def file_hash(path: Path) -> str:
    return hashlib.sha256(input_file(path).read_bytes()).hexdigest()


def import_plan_file(engine: Engine, path: Path, region: str | None = None) -> ImportResult:
    """Extract `path` and store it; the same file twice is a no-op."""
    from planwatch.ingest import extract_plan

    extract = extract_plan(path)
    digest = file_hash(path)
    return write(engine, lambda session: import_extract(session, extract, digest, region))


def plans(engine: Engine) -> list[PlanInfo]:
    with reading(engine) as session:
        return list_plans(session)


def plan_status(
    engine: Engine, plan_ref: str, year: int, thresholds: Thresholds | None = None
) -> list[Assessment]:
    with reading(engine) as session:
        plan = find_plan(session, plan_ref)
        _in_plan_years(plan, plan_ref, year)
        tracks = plan_tracks(session, plan)
    return assess_tracks(tracks, [year], thresholds)


def _suspension(ind: PlanIndicator, year: int) -> str | None:
    """The reason in force at the end of `year` when the indicator is not being measured."""
    from datetime import date

    from planwatch.models.store import REASON_LABELS, LifecycleReason, LifecycleState

    last_day = date(year, 12, 31)
    events = sorted(ind.lifecycle, key=lambda e: (e.effective, e.id or 0))
    in_force = [e for e in events if e.effective <= last_day]
    if not in_force or in_force[-1].state == LifecycleState.ACTIVE:
        return None
    event = in_force[-1]
    label = REASON_LABELS.get(LifecycleReason(event.reason), event.reason)
    return f"{label}（{event.note}）" if event.note else label


def plan_report_input(engine: Engine, plan_ref: str, year: int) -> PlanReportInput:
    """Everything the evaluation report of a plan for `year` shows, read in one go."""
    from planwatch.models.report import IndicatorInfo

    with reading(engine) as session:
        plan = find_plan(session, plan_ref)
        _in_plan_years(plan, plan_ref, year)
        if not any(t.value is not None for i in plan.indicators for t in i.targets):
            raise ArgumentError(
                f"plan '{plan_ref}' has no indicator with a numeric target: there is "
                "nothing to evaluate (its targets are all text)",
                zh=f"规划“{plan_ref}”没有数值型目标的指标，无法评估（其目标均为文字表述）",
            )
        tracks = plan_tracks(session, plan)
        infos = [
            IndicatorInfo(
                ref=i.id,
                category=i.category,
                seq=i.seq,
                name=i.name,
                unit=i.unit,
                attribute=i.attribute,
                annual_growth=i.annual_growth,
                growth_text=i.growth_text,
                subject=i.subject,
                suspended=_suspension(i, year),
            )
            for i in plan.indicators
        ]
        projects = [project_standing(t, year) for t in project_tracks(plan)]
        head = PlanReportInput(
            plan_id=plan.id,
            document=plan.document,
            title=plan.title,
            region=plan.region.name if plan.region else "",
            period_start=plan.period_start,
            period_end=plan.period_end,
            year=year,
            indicators=infos,
            tracks=tracks,
            assessments=[],
            projects=projects,
            project_totals=totals(projects, "type") if projects else [],
        )
    head.assessments = assess_tracks(tracks, [year])
    try:
        head.audit = audit_stored_plan(engine, plan_ref)
    except InputError:
        head.audit = None  # an extract the audit cannot read is no reason to withhold the report
    return head


def write_template(engine: Engine, plan_ref: str, year: int, out: Path) -> Path:
    """An .xlsx (or .csv) for a bureau to fill in `year`'s actuals of a plan."""
    from planwatch.actuals.template import VALUE_COLUMN, template_rows
    from planwatch.sheets import write_table

    with reading(engine) as session:
        plan = find_plan(session, plan_ref)
        _in_plan_years(plan, plan_ref, year)
        tracks = plan_tracks(session, plan)
        first = min((t.baseline_year for t in tracks if t.baseline_year), default=year)
    headers, rows = template_rows(tracks, year, first + 1)
    return write_table(out, f"{year}年实际值", headers, rows, input_columns=[VALUE_COLUMN])


def import_actuals_file(
    engine: Engine, path: Path, plan_ref: str | None = None, source: str = ""
) -> ImportCounts:
    """Store every row of an actuals file, or none.

    A row's 来源 cell, where filled, is its source; `source` (then the file name)
    serves the rows whose cell is empty. Raises InputError listing every bad row
    when any row is bad, including two rows that give one value differently.
    """
    from planwatch.actuals.validate import validate_rows
    from planwatch.sheets import read_sheet
    from planwatch.store.known import known_for

    sheet = read_sheet(path)

    def work(session: Session) -> ImportCounts:
        plans = [find_plan(session, plan_ref)] if plan_ref else None
        rows, errors = validate_rows(sheet, known_for(session, plans))
        if errors:
            raise _rejected(path, errors)
        if not rows:
            raise InputError(path, "no filled-in rows to import", zh="没有已填写的行可导入")
        regions = ids_by_name(session, {r.region for r in rows})
        stored = record_many(session, rows, regions, source or path.name)
        from_file = sum(1 for r in rows if r.source)
        return ImportCounts(
            stored=stored,
            unchanged=len(rows) - stored,
            source_from_file=from_file,
            source_from_option=len(rows) - from_file if source else 0,
            notes=sheet.notes,
        )

    return write(engine, work)


def set_indicator_state(
    engine: Engine, plan_ref: str, indicator: str, change: LifecycleChange
) -> str:
    """Record a lifecycle change of the plan's indicator named `indicator`."""

    def work(session: Session) -> str:
        plan = find_plan(session, plan_ref)
        hits = _named(plan, plan_ref, indicator, plan_level=True)
        change_state(hits[0], change)
        return hits[0].name

    return write(engine, work)


def import_project_progress_file(engine: Engine, path: Path, plan_ref: str) -> ImportCounts:
    """Store yearly completed investment of a plan's projects: all rows or none."""
    from planwatch.actuals.progress import validate_progress
    from planwatch.sheets import read_sheet

    sheet = read_sheet(path)

    def work(session: Session) -> ImportCounts:
        plan = find_plan(session, plan_ref)
        by_name = {
            normal_name(p.name): (p.id, p.money_unit) for p in plan.projects if not p.is_total
        }
        rows, errors = validate_progress(sheet, by_name, plan_years(plan))
        if errors:
            raise _rejected(path, errors)
        if not rows:
            raise InputError(path, "no filled-in rows to import", zh="没有已填写的行可导入")
        projects = {p.id: p for p in plan.projects}
        stored = sum(
            record_progress(session, projects[r.project], r.year, r.invested, r.status, r.note)
            is not None
            for r in rows
        )
        return ImportCounts(stored=stored, unchanged=len(rows) - stored, notes=sheet.notes)

    return write(engine, work)


def project_report(
    engine: Engine, plan_ref: str, year: int
) -> tuple[list[ProjectStanding], list[ProjectTotal]]:
    with reading(engine) as session:
        plan = find_plan(session, plan_ref)
        _in_plan_years(plan, plan_ref, year)
        tracks = project_tracks(plan)
    rows = [project_standing(t, year) for t in tracks]
    return rows, totals(rows, "type") + totals(rows, "responsible_unit")


def set_indicator_match(engine: Engine, plan_ref: str, indicator: str, entry_id: str | None) -> str:
    """Override the catalogue match of a plan's indicator (None: use the plan's own name).

    Observations are filed under the indicator key, so this also decides which
    recorded values the indicator reads.
    """
    cat = catalog_entry(entry_id) if entry_id else None

    def work(session: Session) -> str:
        plan = find_plan(session, plan_ref)
        hits = _named(plan, plan_ref, indicator, plan_level=False)
        old = hits[0].indicator_key
        for ind in hits:
            apply_match(ind, cat)
        # logged (as every in-place change is), which also tells cached statuses to go
        log(session, None, "indicator.match", "plan_indicator", hits[0].id, plan.region_id,
            {"key": old}, {"key": hits[0].indicator_key})  # fmt: skip
        return hits[0].indicator_key

    return write(engine, work)


def observation_history(engine: Engine, region: str, indicator: str) -> list[ObservationOut]:
    """Every revision of an indicator's values in a region: what was reported when.

    An indicator neither the stored plans nor the catalogue know is an error (a
    typo must not look like "no values yet"); a known one without values is [].
    """
    from planwatch.actuals.validate import resolve_indicator
    from planwatch.store.known import known_for

    with reading(engine) as session:
        place = find_region(session, region)
        if place is None:
            raise NotFound(f"no region '{region}' in the store", zh=f"未找到地区：{region}")
        hit = resolve_indicator(indicator, known_for(session))
        rows = history(session, place, hit.key if hit else indicator)
        if hit is None and not rows:
            raise NotFound(
                f"no indicator '{indicator}' in the stored plans or the catalogue "
                "(see `planwatch catalog`)",
                zh=f"已存储的规划和指标目录中都没有指标“{indicator}”（见 `planwatch catalog`）",
            )
        return rows


def plan_extract(engine: Engine, plan_ref: str) -> dict:
    """The stored extract of a plan, as `planwatch extract --json` gave it."""
    with reading(engine) as session:
        return find_plan(session, plan_ref).extract


def audit_stored_plan(engine: Engine, plan_ref: str) -> AuditReport:
    """The audit of a stored plan: its extract, the source document when it is still
    there unchanged (for the table checks), and the region's recorded actuals (for the
    checks against them)."""
    from planwatch.audit import audit_plan
    from planwatch.audit.notes import source_gone
    from planwatch.audit.plan import AuditedPlan
    from planwatch.models import Document, PlanExtract

    with reading(engine) as session:
        plan = find_plan(session, plan_ref)
        extract = PlanExtract.model_validate(plan.extract)
        actuals: dict[str, dict[int, tuple[float, str]]] = {}
        if plan.region_id is not None:
            plan_level = [pi for pi in plan.indicators if pi.subject is None]
            found = latest_with_units(
                session, plan.region_id, {pi.indicator_key for pi in plan_level}
            )
            actuals = {pi.name: found[pi.indicator_key] for pi in plan_level
                       if pi.indicator_key in found}  # fmt: skip
        source, source_hash = Path(plan.source_file), plan.source_hash
    document = _unchanged_source(source, source_hash)
    missing = document is None
    if document is None:
        document = Document(name=extract.document, path=str(source), format=extract.format)
    report = audit_plan(AuditedPlan(document, extract, actuals=actuals))
    if missing:
        report.findings.append(source_gone(source))
    return report


def _unchanged_source(path: Path, expected_hash: str):  # type: ignore[no-untyped-def]
    """The stored plan's document, read again, if its file is still there unchanged."""
    from planwatch.ingest import read_document
    from planwatch.ingest.simplify import simplify

    try:
        if not path.is_file() or file_hash(path) != expected_hash:
            return None
        return simplify(read_document(path))
    except (OSError, InputError):
        return None


def record_permu_observations(
    engine: Engine, regional: list[dict[str, object]], year: int, scheme: str
) -> tuple[int, list[str]]:
    """Regional per-mu figures (above-scale enterprises) as observations of the
    catalogue indicators 规上工业亩均税收 and 规上工业亩均增加值; regions the store
    does not know are skipped and named."""

    def work(session: Session) -> tuple[int, list[str]]:
        ids = ids_by_name(session, {str(row["region"]) for row in regional})
        unknown = [str(row["region"]) for row in regional if str(row["region"]) not in ids]
        values = [
            ObservationIn(
                region=str(row["region"]),
                indicator=key,
                year=year,
                value=value,
                unit="万元/亩",
                note="规上企业合计÷用地合计",
            )
            for row in regional
            if str(row["region"]) in ids
            for key in ("tax_per_mu", "va_per_mu")
            if isinstance(value := row.get(key), float) and math.isfinite(value)
        ]
        return record_many(session, values, ids, f"亩均效益评价（{scheme}）"), unknown

    return write(engine, work)


def plan_report_file(
    engine: Engine,
    plan_ref: str,
    year: int,
    out: Path | None = None,
    fmt: str | None = None,
    kind: str | None = None,
    lang: str = "zh",
) -> Path:
    """The evaluation report of a stored plan for `year`, written to `out` (by
    default `<document>_<year>_<kind>.<fmt>` in the working folder)."""
    from planwatch.report.plan import default_kind, plan_report
    from planwatch.report.writers import format_of, write_report, writer

    fmt = fmt or (format_of(out, None) if out is not None else "docx")
    writer(fmt)  # an unknown format is refused before any work
    inp = plan_report_input(engine, plan_ref, year)
    the_kind = kind or default_kind(inp)
    report = plan_report(inp, the_kind, lang)  # type: ignore[arg-type]
    target = out or Path(f"{inp.document}_{year}_{the_kind}.{fmt}")
    return write_report(report, target, fmt)


def permu_report_file(
    results_ref: str,
    scheme_ref: str,
    out: Path | None = None,
    fmt: str | None = None,
    previous: str | None = None,
    lang: str = "zh",
    limit: int | None = None,
) -> Path:
    """The per-mu evaluation publication of a results file (or a kept year's results).

    Last year's kept results, where `permu evaluate` left them, give the grade moves
    unless `previous` names others."""
    from planwatch.permu.results import kept_results, read_results
    from planwatch.permu.schemes import load_scheme
    from planwatch.report.permu import LIST_LIMIT, permu_report
    from planwatch.report.writers import format_of, write_report, writer

    fmt = fmt or (format_of(out, None) if out is not None else "docx")
    writer(fmt)
    scheme = load_scheme(scheme_ref)
    results = read_results(results_ref)
    missing = [x for x in ("land_mu", "score", "group", "region") if x not in results.columns]
    if missing:
        raise InputError(
            results_ref,
            f"these results lack {', '.join(missing)} (a copy kept from results written as "
            ".csv/.xlsx holds grades only); give the results file `permu evaluate -o` wrote",
            zh=f"该评价结果缺少{'、'.join(missing)}（由 .csv/.xlsx 结果保存的副本只有等级）；"
            "请使用 `permu evaluate -o` 写出的结果文件",
        )
    year = int(results["year"].max()) if "year" in results.columns and results.height else None
    if previous is None and year is not None and kept_results(year - 1).is_file():
        previous = str(year - 1)
    before = read_results(previous) if previous else None
    report = permu_report(results, scheme, before, lang, limit or LIST_LIMIT)
    target = out or Path(f"亩均评价_{year or ''}.{fmt}")
    return write_report(report, target, fmt)
