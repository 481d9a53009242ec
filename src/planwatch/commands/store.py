"""Store commands: `db upgrade`, `import-plan`, `plans`, `status`, `template`,
`import-actuals`, `indicator-state`, `history`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from planwatch.commands.common import (
    DebugOpt,
    JsonOpt,
    PlanArg,
    labelled,
    print_json,
    print_records,
    stderr,
    stdout,
    store_engine,
)
from planwatch.console.errors import user_errors
from planwatch.console.projects_view import projects_view
from planwatch.console.status_view import status_counts, status_table
from planwatch.errors import ArgumentError
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
    where = f" under {result.region}" if result.region else ""
    if result.created:
        stdout.print(
            f"plan {result.plan_id}: {result.document} v{result.version}{where} — "
            f"{result.indicators} indicators, {result.projects} projects stored"
        )
    else:
        stdout.print(
            f"plan {result.plan_id}: {result.document} v{result.version}{where} — unchanged"
        )


def plans(as_json: JsonOpt = False, debug: DebugOpt = False) -> None:
    """List stored plans (tab-separated: id, document, region, period, title)."""
    with user_errors(debug):
        infos = ops().plans(store_engine())
    if as_json:
        print_json([p.model_dump() for p in infos])
        return
    print_records(
        (
            p.id,
            f"{p.document} v{p.version}",
            p.region,
            f"{p.period_start}–{p.period_end}" if p.period_start else "",
            p.title,
        )
        for p in infos
    )


def thresholds(on_track: float, behind: float, about: float) -> Thresholds:
    """The status cut-offs, or an ArgumentError naming the options that are wrong."""
    from pydantic import ValidationError

    options = {"on_track": "--on-track", "behind": "--behind", "about_tolerance": "--about"}
    try:
        return Thresholds(on_track=on_track, behind=behind, about_tolerance=about)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            field = str(e["loc"][0]) if e["loc"] else ""
            shown = f"{options[field]} {e['input']}" if field in options else "--behind/--on-track"
            problems.append(f"{shown}: {e['msg'].removeprefix('Value error, ')}")
        raise ArgumentError("; ".join(problems)) from None


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
    """Progress of every indicator of a plan in an evaluation year.

    Thresholds lie in [0, 1], with --behind not above --on-track.
    """
    with user_errors(debug):
        th = thresholds(on_track, behind, about)
        rows = ops().plan_status(store_engine(), plan, year, th)
    if as_json:
        print_json([a.model_dump(mode="json") for a in rows])
        return
    stdout.print(status_table(rows, f"{plan} · {year}年 监测", stdout.width))
    stdout.print(status_counts(rows))


def template(
    plan: PlanArg,
    year: YearOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="The .xlsx (or .csv) to write.")],
    debug: DebugOpt = False,
) -> None:
    """Write an Excel sheet (or a CSV) to fill in a year's actuals of a plan."""
    with user_errors(debug):
        path = ops().write_template(store_engine(), plan, year, out)
    stdout.print(f"wrote {path}")


def import_actuals(
    path: Annotated[Path, typer.Argument(help=".xlsx or .csv: 地区,指标,年份,数值,单位")],
    plan: Annotated[str | None, typer.Option(help="Check names against this plan only.")] = None,
    source: Annotated[
        str,
        typer.Option(
            help="Source (来源) for rows whose 来源 cell is empty; a filled 来源 cell wins. "
            "Default: the file name."
        ),
    ] = "",
    debug: DebugOpt = False,
) -> None:
    """Store yearly actuals: every row, or none when any row is bad."""
    with user_errors(debug):
        counts = ops().import_actuals_file(store_engine(), path, plan, source)
    stdout.print(f"{counts.stored} values stored, {counts.unchanged} unchanged")
    if source and counts.source_from_file:
        stderr.print(
            f"来源: {counts.source_from_file} rows from the file's 来源 column, "
            f"{counts.source_from_option} from --source"
        )
    for note in counts.notes:
        stderr.print(labelled("note:", "yellow", note))


def indicator_state(
    plan: PlanArg,
    indicator: Annotated[str, typer.Argument(help="Indicator name as the plan writes it.")],
    state: Annotated[LifecycleState, typer.Option(help="New state.")],
    reason: Annotated[LifecycleReason, typer.Option(help="Why.")],
    effective: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="Date from which it applies, YYYY-MM-DD (default today); evaluation years "
            "ending before it keep the earlier state.",
        ),
    ] = None,
    note: Annotated[str, typer.Option(help="Free text for the evaluation report.")] = "",
    debug: DebugOpt = False,
) -> None:
    """Suspend, propose to cancel or reactivate an indicator, with a reason and a date."""
    with user_errors(debug):
        when = effective.date() if effective else date.today()
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
        counts = ops().import_project_progress_file(store_engine(), path, plan)
    stdout.print(f"{counts.stored} progress values stored, {counts.unchanged} unchanged")
    for note in counts.notes:
        stderr.print(labelled("note:", "yellow", note))


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
    """List the catalogue of canonical indicators (tab-separated: id, name, unit,
    direction, synonyms)."""
    from planwatch.catalog import load_catalog

    entries = load_catalog()
    if as_json:
        print_json([e.model_dump(mode="json") for e in entries])
        return
    print_records((e.id, e.name, e.unit, e.direction.value, "、".join(e.synonyms)) for e in entries)


def history(
    region: Annotated[str, typer.Argument(help="Region name, e.g. 示例县.")],
    indicator: Annotated[str, typer.Argument(help="Indicator name or catalogue synonym.")],
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Every reported value of an indicator in a region, revisions included
    (tab-separated: year, value and unit, revision, recorded at, source, note)."""
    with user_errors(debug):
        rows = ops().observation_history(store_engine(), region, indicator)
    if as_json:
        print_json([r.model_dump() for r in rows])
        return
    if not rows:
        stderr.print(f"no values recorded for {indicator} in {region}")
        return
    print_records(
        (r.year, f"{r.value:g} {r.unit}", f"第{r.revision}版", r.recorded_at[:19], r.source, r.note)
        for r in rows
    )


def publish(
    plan: PlanArg,
    off: Annotated[bool, typer.Option("--off", help="Withdraw it instead.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Publish a plan's overview in the web app (readable without signing in at
    /public/plans/ID), or withdraw it with --off."""
    from planwatch.overview import set_published

    with user_errors(debug):
        info = set_published(store_engine(), None, plan, not off)
    state = "withdrawn" if off else f"published at /public/plans/{info.id}"
    stdout.print(f"plan {info.id}: {info.document} {state}")


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
    app.command()(publish)
