"""`planwatch permu …`: evaluate enterprises per mu, compare years, count tiers."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from planwatch.commands.common import DebugOpt, JsonOpt, print_json, progress, stdout, store_engine
from planwatch.console.errors import user_errors
from planwatch.permu import PRESETS

# The engine and its data layer (polars, numpy) are imported inside the commands,
# so other commands start without them.
if TYPE_CHECKING:
    import polars as pl

    from planwatch.models.permu import Scheme

permu_app = typer.Typer(help="Enterprise per-mu evaluation (亩均论英雄).")

SchemeOpt = Annotated[
    str, typer.Option("--scheme", "-s", help=f"Preset ({', '.join(PRESETS)}) or a scheme YAML.")
]


class Benchmarks(StrEnum):
    FIXED = "fixed"  # the scheme's own values
    POPULATION = "population"  # computed from the year's enterprises


def _steps() -> Progress:
    return progress(
        SpinnerColumn(), TextColumn("{task.description}", markup=False), TimeElapsedColumn()
    )


@permu_app.command("evaluate")
def evaluate_command(
    enterprises: Annotated[Path, typer.Argument(help="Enterprise data (.xlsx/.csv/.parquet).")],
    scheme: SchemeOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="results .parquet/.csv/.xlsx")],
    year: Annotated[
        int | None, typer.Option(help="Evaluation year (if the file has none).")
    ] = None,
    benchmarks: Annotated[
        Benchmarks, typer.Option(help="fixed (the scheme's) or population (the year's).")
    ] = Benchmarks.FIXED,
    previous: Annotated[
        str | None, typer.Option(help="Last year's results (year or file), for consecutive D.")
    ] = None,
    to_store: Annotated[
        bool, typer.Option(help="Record regional 亩均税收/亩均增加值 as observations.")
    ] = False,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Score, rank and grade every enterprise; write one row per enterprise."""
    from planwatch.permu.data import read_soon
    from planwatch.permu.results import results_target

    with user_errors(debug):
        results_target(out)
    reading = read_soon(enterprises, year)  # the file is read while the engine is imported
    from planwatch.console.permu_view import grade_table, region_table
    from planwatch.permu.aggregate import grade_shares
    from planwatch.permu.results import keep_results, read_results, write_results
    from planwatch.permu.run import evaluate_population
    from planwatch.permu.schemes import load_scheme

    with user_errors(debug), _steps() as bar:
        task = bar.add_task("读取方案与企业数据…")
        s = load_scheme(scheme)
        data = reading()
        prev = read_results(previous) if previous else None
        bar.update(task, description=f"评价 {data.height:,} 家企业…")
        run = evaluate_population(data, s, benchmarks == Benchmarks.POPULATION, prev, year)
        s, results, regions = run.scheme, run.results, run.regions
        bar.update(task, description="写出结果…")
        write_results(results, out)
        keep_results(results, out, run.year)
        note = _to_store(run.full, s, run.year) if to_store else ""
    if as_json:
        print_json(
            {
                "enterprises": results.height,
                "evaluated": int(results["score"].is_not_null().sum()),
                "grades": grade_shares(results).to_dicts(),
                "regions": regions.to_dicts(),
                "out": str(out),
            }
        )
        return
    evaluated = int(results["score"].is_not_null().sum())
    stdout.print(f"{s.title or s.name}：{evaluated:,} / {results.height:,} 家企业参评，结果：{out}")
    stdout.print(grade_table(results))
    stdout.print(region_table(regions))
    if note:
        stdout.print(note)


def _to_store(results: pl.DataFrame, scheme: Scheme, year: int) -> str:
    """Regional figures of above-scale enterprises into the monitoring store."""
    import polars as pl

    from planwatch.operations import record_permu_observations
    from planwatch.permu.aggregate import aggregate

    above = results.filter(pl.col("above_scale").fill_null(False))
    regional = aggregate(above, "region", scheme.classification.grades()).to_dicts()
    stored, unknown = record_permu_observations(store_engine(), regional, year, scheme.name)
    skipped = f"；监测库中没有的地区未写入：{'、'.join(unknown)}" if unknown else ""
    return f"{stored} 个地区指标值写入监测库{skipped}"


@permu_app.command("compare")
def compare_command(
    before: Annotated[str, typer.Argument(help="Earlier year (kept results) or results file.")],
    after: Annotated[str, typer.Argument(help="Later year or results file.")],
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Grade transitions (A→B …) of enterprises graded in both years."""
    from planwatch.console.permu_view import transition_table
    from planwatch.permu.aggregate import transition_matrix, transitions
    from planwatch.permu.results import read_results

    with user_errors(debug):
        moves = transitions(read_results(before), read_results(after))
    if as_json:
        print_json(moves.to_dicts())
        return
    stdout.print(transition_table(transition_matrix(moves), before, after))


@permu_app.command("tiers")
def tiers_command(
    enterprises: Annotated[Path, typer.Argument(help="Enterprise data (.xlsx/.csv/.parquet).")],
    year: Annotated[int | None, typer.Option(help="Year (if the file has none).")] = None,
    plan: Annotated[
        str | None, typer.Option(help="Compare with this stored plan's targets.")
    ] = None,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Enterprise tiers (梯队) by revenue class and label, against a plan's tier targets."""
    from planwatch.console.permu_view import tiers_table
    from planwatch.permu.data import read_enterprises
    from planwatch.permu.tiers import compare_with_targets, tier_counts

    with user_errors(debug):
        counts = tier_counts(read_enterprises(enterprises, year))
        targets = _plan_targets(plan) if plan else {}
    rows = compare_with_targets(counts, targets) if targets else []
    if as_json:
        print_json({"counts": counts, "targets": rows})
        return
    stdout.print(tiers_table(counts, rows))


def _plan_targets(plan_ref: str) -> dict[str, float]:
    from planwatch.operations import plan_extract
    from planwatch.permu.tiers import plan_tier_targets

    ex = plan_extract(store_engine(), plan_ref)
    named = [(i["name"], i["unit"], i["target"]) for i in ex["indicators"]]
    named += [(p["indicator"], p["unit"], p["value"]) for p in ex["prose_targets"]]
    return plan_tier_targets(named)


@permu_app.command("report")
def report_command(
    results: Annotated[str, typer.Argument(help="Results (.parquet/.csv) or a kept year (2023).")],
    scheme: SchemeOpt,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="docx, xlsx, html or pdf (default: from -o)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Where to write the report.")
    ] = None,
    previous: Annotated[
        str | None, typer.Option(help="Last year's results (year or file) for grade moves.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    limit: Annotated[
        int, typer.Option(help="Enterprises listed in each name list (the results file has all).")
    ] = 200,
    debug: DebugOpt = False,
) -> None:
    """The yearly 亩均效益综合评价 publication: grades, figures, lists, moves, charts."""
    from planwatch.commands.report import word_pictures
    from planwatch.errors import ArgumentError
    from planwatch.operations import permu_report_file

    with user_errors(debug):
        if lang not in ("zh", "en"):
            raise ArgumentError(f"--lang {lang}: use zh or en")
        if limit < 1:
            raise ArgumentError(f"--limit {limit}: give at least 1")
        with word_pictures(fmt, out):
            path = permu_report_file(results, scheme, out, fmt, previous, lang, limit)
    stdout.print(f"报告已写出：{path}" if lang == "zh" else f"report written: {path}")


def register(app: typer.Typer) -> None:
    app.add_typer(permu_app, name="permu")
