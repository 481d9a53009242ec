"""Options and helpers every command shares."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from planwatch.errors import PlanwatchError

if TYPE_CHECKING:
    from sqlalchemy import Engine

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
    # Imported here: SQLAlchemy and Alembic cost a fifth of a second to import,
    # which commands that never touch the store should not pay.
    from planwatch.store.db import describe, make_engine
    from planwatch.store.migrate import current_revision, head_revision, upgrade

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
