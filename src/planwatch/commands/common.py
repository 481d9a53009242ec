"""Options and helpers every command shares."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import Engine

from planwatch.errors import PlanwatchError
from planwatch.store.db import describe, make_engine
from planwatch.store.migrate import current_revision, head_revision, upgrade

stdout = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]
PlanArg = Annotated[
    str, typer.Argument(help="Plan id (as import-plan prints it) or document id (file name).")
]


class StoreOutdated(PlanwatchError):
    pass


def store_engine() -> Engine:
    """The store's engine; a new, empty database is created on first use."""
    engine = make_engine()
    current = current_revision(engine)
    if current is None:
        upgrade(engine)
    elif current != head_revision():
        raise StoreOutdated(
            f"the store at {describe(engine)} is at revision {current}; "
            "run `planwatch db upgrade` first"
        )
    return engine


def print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
