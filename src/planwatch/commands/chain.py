"""`planwatch chain …` (chain maps, gaps, investment targets) and `planwatch project
check` (admission of proposed projects against standards)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from planwatch.commands.common import DebugOpt, JsonOpt, print_json, stdout, store_engine
from planwatch.console.errors import user_errors

if TYPE_CHECKING:
    from planwatch.models.chains import ChainTarget

chain_app = typer.Typer(help="Industrial chains (产业链图谱): maps, gaps, investment targets.")
project_app = typer.Typer(help="Proposed projects (招商项目): admission checks (项目准入).")

ChainsOpt = Annotated[
    str,
    typer.Option("--chains", "-c", help="Chain file (YAML), or an example: equipment, medical, "
                 "materials, smart_home, aviation."),
]  # fmt: skip
YearOpt = Annotated[int | None, typer.Option(help="Year of the enterprise rows (default: latest).")]
StandardsOpt = Annotated[
    str | None, typer.Option("--standards", "-s", help="Admission standards (YAML), or 'example'.")
]


@chain_app.command("map")
def map_command(
    enterprises: Annotated[Path, typer.Argument(help="Enterprise data (.xlsx/.csv/.parquet).")],
    chains: ChainsOpt,
    year: YearOpt = None,
    results: Annotated[
        str | None, typer.Option(help="Per-mu results (file or kept year), for A/B shares.")
    ] = None,
    standards: StandardsOpt = None,
    plan: Annotated[
        str | None, typer.Option(help="Plan (document, or stored plan id) with chain targets.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="map.html or map.xlsx")] = None,
    assignments: Annotated[
        Path | None, typer.Option(help="Write every enterprise-link pair (.parquet/.csv/.xlsx).")
    ] = None,
    to_store: Annotated[bool, typer.Option(help="Keep the map in the store (web app).")] = False,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Assign enterprises to chain links; figures, gaps and investment targets per link."""
    from planwatch.chains.files import read_chains, read_standards
    from planwatch.chains.outputs import MAP_TYPES, target, write_map

    with user_errors(debug):
        if out is not None:
            target(out, MAP_TYPES)
        chain_file = read_chains(chains)
        standard_file = read_standards(standards) if standards else None
        targets = _targets(plan, [c.name for c in chain_file.chains]) if plan else None
        run = _map(enterprises, chain_file, standard_file, results, year, targets)
        if out is not None:
            write_map(run.report, out, chain_file)
        if assignments is not None:
            _write_assignments(run.assignments(), assignments)
        stored = _store(run, chain_file, enterprises.name, standard_file) if to_store else None
    if as_json:
        print_json(run.report.model_dump(mode="json"))
        return
    _print_map(run.report, out, stored)


def _map(path, chains, standards, results, year, targets):  # type: ignore[no-untyped-def]
    from planwatch.chains.maps import build_map
    from planwatch.permu.data import read_enterprises

    frame = read_enterprises(path, year)
    grades = None
    if results:
        from planwatch.permu.results import read_results

        grades = read_results(results)
    return build_map(frame, chains, standards=standards, results=grades, year=year,
                     targets=targets)  # fmt: skip


def _targets(plan: str, names: list[str]) -> dict[str, ChainTarget]:
    from planwatch.chains.plan_targets import plan_targets
    from planwatch.models.extract import PlanExtract

    if Path(plan).exists():
        from planwatch.ingest.extract import extract_plan

        extract = extract_plan(plan)
    else:
        from planwatch.operations import plan_extract

        extract = PlanExtract.model_validate(plan_extract(store_engine(), plan))
    return plan_targets(extract, names)


def _write_assignments(frame, path: Path) -> None:  # type: ignore[no-untyped-def]
    from planwatch.permu.results import write_results

    renamed = frame.rename({"chain": "产业链", "segment": "链段", "link": "环节",
                            "credit_code": "统一社会信用代码", "name": "企业名称", "region": "地区",
                            "chain_role": "产业链角色",
                            "matched_by": "匹配依据"})  # fmt: skip
    write_results(renamed, path)


def _store(run, chains, file_name: str, standards) -> int:  # type: ignore[no-untyped-def]
    """Keep the map and each region's own, made from the rows the map was made of (the
    file is not read again)."""
    from planwatch.chains.maps import region_reports
    from planwatch.chains.stored import store_map

    regions = region_reports(run.rows, chains, standards=standards)
    return store_map(store_engine(), None, run, chains, file_name, regions).id


def _print_map(report, out: Path | None, stored: int | None) -> None:  # type: ignore[no-untyped-def]
    from planwatch.chains.outputs import facts, notice
    from planwatch.console.chain_view import chains_table, links_table, targets_table

    stdout.print(facts(report))
    if notice(report):
        stdout.print(notice(report))
    stdout.print(chains_table(report))
    for chain in report.chains:
        stdout.print(links_table(report, chain.name))
    if report.targets:
        stdout.print(targets_table(report))
    if out is not None:
        stdout.print(f"图谱已写出：{out}")
    if stored is not None:
        stdout.print(f"已存入监测库：产业链图谱 {stored}")


@chain_app.command("check")
def check_command(
    chains: Annotated[str, typer.Argument(help="Chain file (YAML) or an example name.")],
    debug: DebugOpt = False,
) -> None:
    """Validate a chain file and list its chains and links."""
    from planwatch.chains.files import read_chains

    with user_errors(debug):
        chain_file = read_chains(chains)
    for chain in chain_file.chains:
        counts = "，".join(f"{s} {len(v)}" for s, v in chain.segments.items())
        stdout.print(f"{chain.name}：{counts} 个环节")
        for segment, link in chain.links():
            codes = " ".join(link.codes) or "—"
            words = "、".join(link.keywords)
            stdout.print(f"  {segment} · {link.link}  代码 {codes}  {words}")


@chain_app.command("examples")
def examples_command() -> None:
    """The example chain and standards files shipped with planwatch (copy and edit)."""
    from planwatch.chains.files import EXAMPLES, example_path

    for name in (*EXAMPLES, "standards", "projects"):
        stdout.print(f"{name}\t{example_path(name)}")


@project_app.command("check")
def project_check_command(
    projects: Annotated[Path, typer.Argument(help="Proposed projects (.yaml, .xlsx or .csv).")],
    standards: Annotated[
        str, typer.Option("--standards", "-s", help="Standards YAML or 'example'.")
    ],
    enterprises: Annotated[
        Path | None,
        typer.Option(help="Enterprise data: the 亩均税收 with and without each project."),
    ] = None,
    chains: Annotated[
        str | None, typer.Option("--chains", "-c", help="Chain file: the links each project fills.")
    ] = None,
    year: YearOpt = None,
    land: Annotated[
        Path | None, typer.Option(help="Land forecast input (YAML): land the pipeline may take.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the checks as .xlsx.")
    ] = None,
    to_store: Annotated[bool, typer.Option(help="Keep the checks in the store (web app).")] = False,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """准入 / 不准入 / 有条件准入 for each project, with each failed criterion."""
    from planwatch.chains.outputs import CHECK_TYPES, target, write_check

    with user_errors(debug):
        if out is not None:
            target(out, CHECK_TYPES)
        report = _check(projects, standards, enterprises, chains, year, land)
        if out is not None:
            write_check(report, out)
        stored = _store_checks(report, projects.name) if to_store else None
    if as_json:
        print_json(report.model_dump(mode="json"))
        return
    from planwatch.console.chain_view import check_view, land_line

    stdout.print(check_view(report))
    stdout.print(land_line(report))
    if stored:
        stdout.print(f"已存入监测库：{stored} 个项目审查结果")


def _check(projects, standards, enterprises, chains, year, land):  # type: ignore[no-untyped-def]
    from planwatch.chains.checks import check_projects
    from planwatch.chains.files import read_chains, read_projects, read_standards

    standard_file = read_standards(standards)
    project_file = read_projects(projects)
    chain_file = read_chains(chains) if chains else None
    totals = chain_map = None
    if enterprises is not None:
        from planwatch.chains.maps import build_map, year_rows
        from planwatch.chains.measures import population_totals
        from planwatch.permu.data import read_enterprises

        population, _ = year_rows(read_enterprises(enterprises, year), year)
        totals = population_totals(population)
        if chain_file is not None:
            chain_map = build_map(population, chain_file, standards=standard_file).report
    return check_projects(project_file, standard_file, totals=totals, chains=chain_file,
                          chain_map=chain_map, forecast_land=_forecast_land(land))  # fmt: skip


def _forecast_land(path: Path | None) -> float | None:
    if path is None:
        return None
    from planwatch.errors import InputError
    from planwatch.land import forecast
    from planwatch.land.forecast import LandInputError
    from planwatch.land.input import read_land_input

    try:
        result = forecast(read_land_input(path))
    except LandInputError as exc:
        raise InputError(path, str(exc)) from None
    return float(result.net_demand if result.net_demand is not None else result.totals["all"])


def _store_checks(report, file_name: str) -> int:  # type: ignore[no-untyped-def]
    from planwatch.chains.stored import store_checks

    return store_checks(store_engine(), None, report, file_name)


def register(app: typer.Typer) -> None:
    app.add_typer(chain_app, name="chain")
    app.add_typer(project_app, name="project")
