"""How the CLI reports failures: one line for users, a traceback only on request.

Exit codes: 2 for input the user can fix (named file and reason), 3 for a
planwatch bug, 0 when the reader of the output stopped early (`| head`).
Everything else in the CLI raises; this module decides what shows.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress

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
    except BrokenPipeError:
        raise typer.Exit(_reader_gone()) from None
    except Exception as exc:
        raise typer.Exit(report_error(exc, debug)) from None


def _reader_gone() -> int:
    """The command reading our output stopped early (`| head`): not an error. Output
    still buffered goes nowhere, so that Python's own flush at exit does not fail."""
    import os
    import sys

    # stdout may be no file (a test's capture): then nothing buffered can be lost
    with suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
