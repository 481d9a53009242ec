"""The `planwatch` command: one Typer app, subcommands from `planwatch.commands`."""

from __future__ import annotations

from typing import Annotated

import typer

import planwatch
from planwatch.commands import extract, land, permu, store, synth
from planwatch.commands.common import stdout

app = typer.Typer(
    help="planwatch：让“十四五”工业规划可度量、可监测。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        stdout.print(f"planwatch {planwatch.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """planwatch：让“十四五”工业规划可度量、可监测。"""


app.command()(extract.extract)
store.register(app)
land.register(app)
permu.register(app)
synth.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
