"""Options and helpers every command shares."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core
from rich.console import Console
from rich.text import Text

from planwatch.errors import PlanwatchError
from planwatch.numbers import json_safe

if TYPE_CHECKING:
    from rich.progress import Progress, ProgressColumn
    from sqlalchemy import Engine

# No markup: a plan, region or file name with brackets ("投入[R&D]") prints as written;
# styles come from `rich.text.Text`. Messages are never broken mid-line.
stdout = Console(highlight=False, soft_wrap=True, markup=False)
stderr = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]
PlanArg = Annotated[
    str, typer.Argument(help="Plan id (as import-plan prints it) or document id (file name).")
]


class StoreOutdated(PlanwatchError):
    pass


def store_engine(migrate: bool = False) -> Engine:
    """The store's engine; a new, empty database is created on first use, and with
    `migrate` an older one is brought up to date (the server does, at start)."""
    # Imported here: SQLAlchemy and Alembic cost a fifth of a second to import,
    # which commands that never touch the store should not pay.
    from planwatch.store.db import describe, make_engine
    from planwatch.store.revision import current_revision, head_revision

    engine = make_engine()
    current = current_revision(engine)
    if current is None or (migrate and current != head_revision()):
        from planwatch.store.migrate import upgrade  # Alembic, only when there is work

        upgrade(engine)
    elif current != head_revision():
        raise StoreOutdated(
            f"the store at {describe(engine)} is at revision {current}; "
            "run `planwatch db upgrade` first"
        )
    return engine


def print_json(data: object) -> None:
    """JSON on stdout; NaN or infinity (which JSON cannot spell) become null."""
    print(json.dumps(json_safe(data), ensure_ascii=False, indent=2, allow_nan=False))


def labelled(label: str, style: str, text: str) -> Text:
    """`label` in `style`, then `text` as written (never read as markup)."""
    return Text.assemble((label, style), " ", text)


def print_records(rows: Iterable[Iterable[object]]) -> None:
    """Tab-separated lines for `cut -f` and scripts: never wrapped, never styled."""
    out = sys.stdout
    for row in rows:
        out.write("\t".join(_field(v) for v in row) + "\n")


def _field(value: object) -> str:
    """A tab or line break inside a value would split the record: it becomes a space."""
    return "" if value is None else _BREAKS.sub(" ", str(value))


_BREAKS = re.compile(r"[\t\r\n]+")


def progress(*columns: ProgressColumn) -> Progress:
    """A progress display on stderr, shown only on a terminal: piped or in CI it
    would print nothing useful but a stray empty line before any error."""
    from rich.progress import Progress  # imported by the commands that show one

    return Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal)


def each_with_progress(paths: list[Path], description: str) -> Iterator[Path]:
    """Each path in turn under a progress bar (on a terminal) naming the file at hand:
    what every command that works through a folder shows."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn())
    with progress(*columns, TimeElapsedColumn()) as bar:
        task = bar.add_task(description, total=len(paths))
        for path in paths:
            yield path
            bar.update(task, advance=1, description=path.name)


def _flags_without_types() -> None:
    """Typer ≥ 0.2x prints `<bool>` after every flag in `--help` (`--json <bool>`), which
    reads as if the flag took a value (and `--json true` is refused). Flags show no type."""
    option = getattr(typer.core, "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if option is None or shown is None or getattr(shown, "_planwatch", False):
        return

    def display_type_rich(self, ctx):  # type: ignore[no-untyped-def]
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    display_type_rich._planwatch = True  # type: ignore[attr-defined]
    option.display_type_rich = display_type_rich


_flags_without_types()
