"""The `planwatch` command: one Typer app, subcommands from `planwatch.commands`.

Each module of `planwatch.commands` registers its commands on the app. The console
entry point (`run`) imports only the module of the command asked for: a command that
reads one PDF should not wait for the store's, the per-mu engine's and the land
forecast's imports. `app` (for `python -m planwatch.cli`, tests and embedding) has
them all.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from importlib import import_module
from typing import Annotated, Any, NoReturn

import typer

import planwatch

HELP = "planwatch：让“十四五”工业规划可度量、可监测。"

# Command (or command group) → the module of `planwatch.commands` that registers it.
STORE_COMMANDS = (
    "db", "import-plan", "plans", "status", "template", "import-actuals", "indicator-state",
    "import-project-progress", "projects", "indicator-match", "catalog", "history", "publish",
)  # fmt: skip
COMMANDS = {
    "extract": "extract",
    "audit": "audit",
    **dict.fromkeys(STORE_COMMANDS, "store"),
    "land": "land",
    "permu": "permu",
    "synth": "synth",
    "report": "report",
    "chain": "chain",
    "project": "chain",
    "warn": "warn",
    "user": "users",
    "uploads": "uploads",
    "serve": "serve",
    "demo": "serve",
}
MODULES = tuple(dict.fromkeys(COMMANDS.values()))
# True when the process is the `planwatch` command (`run`), not a script or a test
# embedding the app: only then may a command start helper processes that import the
# main module again (`report.pictures`).
CONSOLE = False


def _version(value: bool) -> None:
    if value:
        from planwatch.commands.common import stdout

        stdout.print(f"planwatch {planwatch.__version__}")
        raise typer.Exit()


def build(modules: Iterable[str] = MODULES) -> typer.Typer:
    """The app with the commands of `modules` (all by default)."""
    cli = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False,
                      pretty_exceptions_enable=False)  # fmt: skip

    @cli.callback()
    def main(
        version: Annotated[
            bool,
            typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
        ] = False,
    ) -> None:
        """planwatch：让“十四五”工业规划可度量、可监测。"""

    for name in modules:
        import_module(f"planwatch.commands.{name}").register(cli)
    return cli


def _command(argv: list[str]) -> str | None:
    """The command named on the command line: the first word not an option."""
    return next((a for a in argv if not a.startswith("-")), None)


def run() -> None:
    """The console entry point: the command, then a quick exit.

    A command that has read a million rows leaves a large heap; the interpreter's
    own shutdown frees it object by object (a fifth of a second after a per-mu
    evaluation) for a process that is about to end anyway. The exit handlers still
    run (temporary folders, log files, pools), output is flushed, and then the
    process ends without the teardown. Threads still running get the normal exit.
    """
    global CONSOLE
    CONSOLE = True
    name = _command(sys.argv[1:])
    try:
        build([COMMANDS[name]] if name in COMMANDS else MODULES)()
    except SystemExit as done:
        _exit(done.code)
    _exit(0)


def _exit(code: object) -> NoReturn:
    import atexit
    import os
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        code = code or 1
    os._exit(code or 0)


_APP: list[typer.Typer] = []


def __getattr__(name: str) -> Any:
    if name == "app":
        if not _APP:
            _APP.append(build())
        return _APP[0]
    raise AttributeError(name)


if __name__ == "__main__":  # pragma: no cover
    run()
