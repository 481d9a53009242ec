"""`planwatch warn …`: the monthly enterprise early warning (企业四色预警)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from planwatch.commands.common import DebugOpt, JsonOpt, print_json, stdout, store_engine
from planwatch.console.errors import user_errors

warn_app = typer.Typer(help="Enterprise early warning (企业四色预警), month by month.")
help_app = typer.Typer(help="Help given to flagged enterprises (帮扶记录).")
warn_app.add_typer(help_app, name="help")


@warn_app.command("evaluate")
def evaluate_command(
    monthly: Annotated[Path, typer.Argument(help="Monthly data (.xlsx/.csv/.parquet).")],
    scheme: Annotated[str, typer.Option("--scheme", "-s", help="Preset (default) or YAML.")] = (
        "default"
    ),
    month: Annotated[str | None, typer.Option(help="The month (2024-03; default: latest).")] = None,
    results: Annotated[
        str | None, typer.Option(help="Per-mu results (file or kept year): grades for rules.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the lists as .xlsx.")
    ] = None,
    store: Annotated[bool, typer.Option(help="Keep the list in the store (history).")] = True,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Every enterprise's status for the month, with reasons and changes since last month."""
    from planwatch.permu.data import read_enterprises
    from planwatch.warn.engine import evaluate
    from planwatch.warn.fields import MONTHLY
    from planwatch.warn.schemes import load_scheme

    with user_errors(debug):
        if out is not None:
            _xlsx_target(out)
        s = load_scheme(scheme)
        panel = read_enterprises(monthly, None, MONTHLY)
        grades = _grades(results) if results else None
        run = evaluate(panel, s, month, grades)
        if out is not None:
            from planwatch.warn.outputs import write_lists

            write_lists(run, out)
        kept = _keep(run, monthly.name) if store else None
    if as_json:
        from planwatch.warn.report import warn_report

        # pydantic writes the JSON itself (NaN as null): a county's 100,000 enterprises
        # in a fraction of the time `json` takes
        print(warn_report(run).model_dump_json(indent=2))
        return
    from planwatch.console.warn_view import print_run

    print_run(run, out, kept)


def _xlsx_target(path: Path) -> None:
    from planwatch.chains.outputs import target

    target(path, (".xlsx",))


def _grades(results: str):  # type: ignore[no-untyped-def]
    from planwatch.permu.results import read_results

    return read_results(results)


def _keep(run, file_name: str) -> int:  # type: ignore[no-untyped-def]
    from planwatch.warn.stored import store_run

    return store_run(store_engine(), None, run, file_name).id


@warn_app.command("history")
def history_command(
    credit_code: Annotated[str, typer.Argument(help="The enterprise's credit code.")],
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """An enterprise's status month by month, with reasons and the help recorded."""
    from planwatch.warn.stored import help_records, history

    with user_errors(debug):
        engine = store_engine()
        months = history(engine, None, credit_code)
        helped = help_records(engine, credit_code)
        if not months:
            from planwatch.errors import ArgumentError

            raise ArgumentError(f"{credit_code}: on no kept warning list")
    if as_json:
        print_json({"months": [m.model_dump() for m in months],
                    "help": [h.model_dump() for h in helped]})  # fmt: skip
        return
    from planwatch.console.warn_view import help_table, history_table

    stdout.print(history_table(months))
    if helped:
        stdout.print(help_table(helped))


@warn_app.command("trend")
def trend_command(as_json: JsonOpt = False, debug: DebugOpt = False) -> None:
    """Enterprises by status, month by month (the kept lists)."""
    from planwatch.warn.stored import trend

    with user_errors(debug):
        months = trend(store_engine(), None)
    if as_json:
        print_json({"months": [{"month": m.month, "counts": m.counts} for m in months]})
        return
    from planwatch.console.warn_view import trend_table

    stdout.print(trend_table(months))


@warn_app.command("scheme")
def scheme_command(name: Annotated[str, typer.Argument(help="A preset.")] = "default") -> None:
    """Print a preset scheme (YAML), to copy and edit."""
    from planwatch.warn import PRESETS
    from planwatch.warn.schemes import preset_path

    with user_errors():
        if name not in PRESETS:
            from planwatch.errors import ArgumentError

            raise ArgumentError(f"no preset '{name}' ({', '.join(PRESETS)})")
    print(preset_path(name).read_text(encoding="utf-8"), end="")


@help_app.command("add")
def help_add_command(
    credit_code: Annotated[str, typer.Argument(help="The enterprise's credit code.")],
    by: Annotated[str, typer.Option("--by", help="Who helped (name, unit).")],
    what: Annotated[str, typer.Option("--what", help="What was done.")],
    on: Annotated[str | None, typer.Option(help="The date (2024-03-15; default today).")] = None,
    resolved: Annotated[bool, typer.Option(help="Was the problem resolved?")] = False,
    debug: DebugOpt = False,
) -> None:
    """Record help given to a flagged enterprise."""
    from planwatch.errors import ArgumentError
    from planwatch.warn.stored import add_help

    with user_errors(debug):
        try:
            day = dt.date.fromisoformat(on) if on else None
        except ValueError:
            raise ArgumentError(f"--on {on}: a date is written 2024-03-15") from None
        record = add_help(store_engine(), None, credit_code, by, what, day, resolved)
    state = "已解决" if record.resolved else "未解决"
    stdout.print(
        f"已记录：{record.name} {record.helped_on} {record.helper}：{record.action}（{state}）"
    )


@help_app.command("list")
def help_list_command(
    credit_code: Annotated[
        str | None, typer.Argument(help="One enterprise (default: all).")
    ] = None,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """The help recorded, oldest first."""
    from planwatch.warn.stored import help_records

    with user_errors(debug):
        records = help_records(store_engine(), credit_code)
    if as_json:
        print_json({"help": [r.model_dump() for r in records]})
        return
    from planwatch.console.warn_view import help_table

    stdout.print(help_table(records))


def register(app: typer.Typer) -> None:
    app.add_typer(warn_app, name="warn")
