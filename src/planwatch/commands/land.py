"""`planwatch land forecast`: new industrial land the output targets need."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planwatch.commands.common import DebugOpt, JsonOpt, print_json, stdout
from planwatch.console.errors import user_errors

land_app = typer.Typer(help="Land-demand forecasting (空间需求预测).")


@land_app.command("forecast")
def forecast_command(
    path: Annotated[Path, typer.Argument(help="Input YAML: base_year, industries, uplift.")],
    as_json: JsonOpt = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also write the table as .xlsx or .csv.")
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """New land per industry and horizon, totals and the overall per-mu output."""
    from planwatch.console.land_view import land_rows, land_table
    from planwatch.errors import InputError
    from planwatch.land import forecast
    from planwatch.land.forecast import LandInputError
    from planwatch.land.input import read_land_input
    from planwatch.sheets import write_table
    from planwatch.sheets.write import table_target

    with user_errors(debug):
        if out is not None:
            table_target(out)  # before any work: a folder or an unknown type is said at once
        try:
            result = forecast(read_land_input(path))
        except LandInputError as exc:  # what validation cannot see, still about this file
            raise InputError(path, str(exc)) from None
        if out is not None:
            headers, rows = land_rows(result)
            write_table(out, "用地需求预测", headers, rows)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        stdout.print(land_table(result))
        if result.net_demand is not None:
            stdout.print(f"存量可用地 {result.stock:,.0f} 亩，净新增需求 {result.net_demand:,} 亩")


def register(app: typer.Typer) -> None:
    app.add_typer(land_app, name="land")
