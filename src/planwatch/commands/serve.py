"""`planwatch serve` and `planwatch demo`: the web app on the store, or on a demo store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planwatch.commands.common import DebugOpt, stderr, stdout
from planwatch.console.errors import user_errors

HostOpt = Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")]
PortOpt = Annotated[int, typer.Option(help="Port.")]


def serve(
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Processes serving requests (one per core helps).")
    ] = 1,
    debug: DebugOpt = False,
) -> None:
    """Serve the web app and API on the store (migrations run at start)."""
    import uvicorn

    from planwatch.commands.common import store_engine
    from planwatch.web.settings import secret_key

    with user_errors(debug):
        engine = store_engine(migrate=True)
        secret_key()  # made once here, so every worker signs sessions with the same key
        if workers == 1:
            from planwatch.web.app import create_app

            app = create_app(engine)
    stdout.print(f"planwatch: http://{host}:{port}/  (API: /api/v1/docs)")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # each worker process builds its own app (and engine) on the same store; this
    # process only supervises them, so it does not build one (a second of start-up)
    engine.dispose()
    uvicorn.run("planwatch.web.app:create_app", factory=True, host=host, port=port,
                workers=workers, log_level="warning")  # fmt: skip


def demo(
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8000,
    folder: Annotated[Path, typer.Option(help="Where the demo store goes (emptied).")] = Path(
        ".demo-web"
    ),
    debug: DebugOpt = False,
) -> None:
    """A fresh demo store (sample plan, synthetic values labelled 示例数据, accounts), served."""
    import uvicorn

    from planwatch.demo import build
    from planwatch.web.app import create_app

    with user_errors(debug):
        made = build(folder)
        app = create_app(made.engine)
    stdout.print(f"planwatch demo: http://{host}:{port}/   (store: {folder / 'planwatch.db'})")
    stdout.print("demo accounts (name / password, role, region):")
    for name, role, region, password in made.accounts:
        stdout.print(f"  {name} / {password}  {role.value}  {region or '(all regions)'}")
    stderr.print("the values are synthetic (示例数据); press Ctrl+C to stop")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo")(demo)
