"""How the CLI reports failures: one line for users, a traceback only on request.

Exit codes: 2 for input the user can fix (named file and reason), 3 for a
planwatch bug. Everything else in the CLI raises; this module decides what shows.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.text import Text

from planwatch.errors import PlanwatchError

EXIT_INPUT = 2
EXIT_INTERNAL = 3

stderr = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


def report_error(exc: BaseException, debug: bool = False) -> int:
    """Print `exc` as one line (or a traceback with `debug`) and give its exit code."""
    if debug:
        stderr.print(traceback.format_exc(), markup=False)
    if isinstance(exc, PlanwatchError):
        stderr.print(Text.assemble(("error:", "bold red"), f" {exc}"))
        for line in getattr(exc, "details", []):
            stderr.print(f"  {line}")
        return EXIT_INPUT
    stderr.print(
        Text.assemble(
            ("internal error:", "bold red"),
            f" {type(exc).__name__}: {exc} "
            "(a planwatch bug; run again with --debug and report the traceback)",
        )
    )
    return EXIT_INTERNAL


@contextmanager
def user_errors(debug: bool = False) -> Iterator[None]:
    """Turn any exception inside the block into a message and a non-zero exit."""
    try:
        yield
    except typer.Exit:
        raise
    except Exception as exc:
        raise typer.Exit(report_error(exc, debug)) from None
