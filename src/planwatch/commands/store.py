"""Store commands: `db upgrade`, `import-plan`, `plans`, `status`, `template`,
`import-actuals`, `indicator-state`, `history`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from planwatch.commands.common import DebugOpt, JsonOpt, PlanArg, print_json, stdout, store_engine
from planwatch.console.errors import user_errors
from planwatch.console.projects_view import projects_view
from planwatch.console.status_view import status_counts, status_table
from planwatch.models.monitor import Thresholds
from planwatch.models.store import LifecycleChange, LifecycleReason, LifecycleState


def ops():  # type: ignore[no-untyped-def]
    """The operations module, imported on first use (it pulls in SQLAlchemy and the readers)."""
    from planwatch import operations

    return operations


YearOpt = Annotated[int, typer.Option("--year", "-y", help="Evaluation year, e.g. 2023.")]

db_app = typer.Typer(help="The plan store (SQLite by default; PLANWATCH_DATABASE_URL for others).")


@db_app.command("upgrade")
def db_upgrade(debug: DebugOpt = False) -> None:
    """Create the store or bring it to the latest schema."""
    from planwatch.store.db import describe, make_engine
    from planwatch.store.migrate import current_revision, upgrade

    with user_errors(debug):
        engine = make_engine()
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine)
        stdout.print(f"{describe(engine)}: {before or '(empty)'} → {after}")


def import_plan(
    path: Annotated[Path, typer.Argument(help="A plan file (.txt/.docx/.pdf).")],
    region: Annotated[
        str | None,
        typer.Option(help="Region path, e.g. 浙江省/金华市/武义县 (default: from the plan)."),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Extract a plan and store it in one transaction (the same file twice is a no-op)."""
    with user_errors(debug):
        result = ops().import_plan_file(store_engine(), path, region)
    if result.created:
        stdout.print(
            f"plan {result.plan_id}: {result.document} v{result.version} — "
            f"{result.indicators} indicators, {result.projects} projects stored"
        )
    else:
        stdout.print(f"plan {result.plan_id}: {result.document} v{result.version} — unchanged")


def plans(as_json: JsonOpt = False, debug: DebugOpt = False) -> None:
    """List stored plans."""
    from planwatch.store.db import transaction
    from planwatch.store.plans import list_plans

    with user_errors(debug), transaction(store_engine()) as session:
        infos = list_plans(session)
    if as_json:
        print_json([p.model_dump() for p in infos])
        return
    for p in infos:
        period = f"{p.period_start}–{p.period_end}" if p.period_start else ""
        stdout.print(f"{p.id}\t{p.document} v{p.version}\t{p.region}\t{period}\t{p.title}")


def status(
    plan: PlanArg,
    year: YearOpt,
    as_json: JsonOpt = False,
    on_track: Annotated[
        float, typer.Option(help="Pace (actual ÷ expected progress) from which 符合进度.")
    ] = Thresholds().on_track,
    behind: Annotated[
        float, typer.Option(help="Pace from which 滞后; below it 严重滞后.")
    ] = Thresholds().behind,
    about: Annotated[
        float, typer.Option(help="Relative tolerance of a 左右 target.")
    ] = Thresholds().about_tolerance,
    debug: DebugOpt = False,
) -> None:
    """Progress of every indicator of a plan in an evaluation year."""
    with user_errors(debug):
        th = Thresholds(on_track=on_track, behind=behind, about_tolerance=about)
        rows = ops().plan_status(store_engine(), plan, year, th)
    if as_json:
        print_json([a.model_dump(mode="json") for a in rows])
        return
    stdout.print(status_table(rows, f"{plan} · {year}年 监测"))
    stdout.print(status_counts(rows))


def template(
    plan: PlanArg,
    year: YearOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="The .xlsx to write.")],
    debug: DebugOpt = False,
) -> None:
    """Write an Excel sheet to fill in a year's actuals of a plan."""
    with user_errors(debug):
        path = ops().write_template(store_engine(), plan, year, out)
    stdout.print(f"wrote {path}")


def import_actuals(
    path: Annotated[Path, typer.Argument(help=".xlsx or .csv: 地区,指标,年份,数值,单位")],
    plan: Annotated[str | None, typer.Option(help="Check names against this plan only.")] = None,
    source: Annotated[str, typer.Option(help="Source recorded with every value.")] = "",
    debug: DebugOpt = False,
) -> None:
    """Store yearly actuals: every row, or none when any row is bad."""
    with user_errors(debug):
        stored, same = ops().import_actuals_file(store_engine(), path, plan, source)
    stdout.print(f"{stored} values stored, {same} unchanged")


def indicator_state(
    plan: PlanArg,
    indicator: Annotated[str, typer.Argument(help="Indicator name as the plan writes it.")],
    state: Annotated[LifecycleState, typer.Option(help="New state.")],
    reason: Annotated[LifecycleReason, typer.Option(help="Why.")],
    effective: Annotated[str, typer.Option(help="Date, YYYY-MM-DD (default today).")] = "",
    note: Annotated[str, typer.Option(help="Free text for the evaluation report.")] = "",
    debug: DebugOpt = False,
) -> None:
    """Suspend, propose to cancel or reactivate an indicator, with a reason and a date."""
    with user_errors(debug):
        when = date.fromisoformat(effective) if effective else date.today()
        change = LifecycleChange(state=state, reason=reason, effective=when, note=note)
        name = ops().set_indicator_state(store_engine(), plan, indicator, change)
    stdout.print(f"{name}: {state.value} from {when} ({reason.value})")


def import_project_progress(
    path: Annotated[
        Path, typer.Argument(help=".xlsx or .csv: 项目名称,年份,完成投资[,单位,状态,备注]")
    ],
    plan: Annotated[str, typer.Option(help="The plan whose key projects these are.")],
    debug: DebugOpt = False,
) -> None:
    """Store yearly completed investment of key projects (all rows or none)."""
    with user_errors(debug):
        stored, same = ops().import_project_progress_file(store_engine(), path, plan)
    stdout.print(f"{stored} progress values stored, {same} unchanged")


def projects(
    plan: PlanArg, year: YearOpt, as_json: JsonOpt = False, debug: DebugOpt = False
) -> None:
    """Investment completion of a plan's key projects; totals by type and responsible unit."""
    with user_errors(debug):
        rows, sums = ops().project_report(store_engine(), plan, year)
    if as_json:
        print_json(
            {
                "projects": [r.model_dump() for r in rows],
                "totals": [t.model_dump() for t in sums],
            }
        )
        return
    stdout.print(projects_view(rows, sums, year))


def indicator_match(
    plan: PlanArg,
    indicator: Annotated[str, typer.Argument(help="Indicator name as the plan writes it.")],
    entry_id: Annotated[
        str, typer.Argument(help="Catalogue id (see `planwatch catalog`), or '-' for none.")
    ],
    debug: DebugOpt = False,
) -> None:
    """Override an indicator's automatic catalogue match."""
    with user_errors(debug):
        key = ops().set_indicator_match(
            store_engine(), plan, indicator, None if entry_id == "-" else entry_id
        )
    stdout.print(f"{indicator} → {key}")


def catalog(as_json: JsonOpt = False) -> None:
    """List the catalogue of canonical indicators."""
    from planwatch.catalog import load_catalog

    entries = load_catalog()
    if as_json:
        print_json([e.model_dump(mode="json") for e in entries])
        return
    for e in entries:
        stdout.print(f"{e.id}\t{e.name}\t{e.unit}\t{e.direction.value}\t{'、'.join(e.synonyms)}")


def history(
    region: Annotated[str, typer.Argument(help="Region name, e.g. 示例县.")],
    indicator: Annotated[str, typer.Argument(help="Indicator name or catalogue synonym.")],
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Every reported value of an indicator in a region, revisions included."""
    with user_errors(debug):
        rows = ops().observation_history(store_engine(), region, indicator)
    if as_json:
        print_json([r.model_dump() for r in rows])
        return
    for r in rows:
        cells = (r.year, f"{r.value:g} {r.unit}", f"第{r.revision}版", r.recorded_at[:19], r.source)
        stdout.print("\t".join(map(str, cells)), r.note)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.command("import-plan")(import_plan)
    app.command()(plans)
    app.command()(status)
    app.command()(template)
    app.command("import-actuals")(import_actuals)
    app.command("indicator-state")(indicator_state)
    app.command("import-project-progress")(import_project_progress)
    app.command()(projects)
    app.command("indicator-match")(indicator_match)
    app.command()(catalog)
    app.command()(history)
