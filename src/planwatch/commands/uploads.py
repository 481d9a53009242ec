"""`planwatch uploads …`: the web app's uploaded files, for admins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from planwatch.commands.common import DebugOpt, JsonOpt, print_json, stdout, store_engine
from planwatch.console.errors import user_errors

if TYPE_CHECKING:
    from rich.table import Table

    from planwatch.uploads import CleanResult

uploads_app = typer.Typer(help="Files uploaded in the web app (上传文件).")

KINDS = {"plan": "规划", "values": "数据表"}
REASONS = {"recent": "近期", "stored": "已入库", "other store": "其他库"}


@uploads_app.command("clean")
def clean_command(
    older_than_days: Annotated[
        int | None,
        typer.Option(
            "--older-than-days",
            min=1,
            help="Remove uploads unchanged for this many days (default: PLANWATCH_UPLOAD_DAYS "
            "or 7).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only show what would be removed.")
    ] = False,
    as_json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Remove uploads nobody confirmed or discarded. A stored plan's file stays, however old."""
    from datetime import timedelta

    from planwatch.uploads import clean
    from planwatch.web.settings import upload_days

    with user_errors(debug):
        days = older_than_days or upload_days()
        result = clean(store_engine(), timedelta(days=days), dry_run=dry_run)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    if result.removed:
        stdout.print(_removed_table(result))
    stdout.print(_summary(result))


def _removed_table(result: CleanResult) -> Table:
    from rich.table import Table

    title = "将删除的上传（演练，未删除）" if result.dry_run else "已删除的上传"
    t = Table(title=title, title_justify="left")
    t.add_column("令牌", no_wrap=True)  # copied whole into a path, never broken
    for h in ("类型", "文件", "最后修改（UTC）", "大小"):
        t.add_column(h, overflow="fold", justify="right" if h == "大小" else "left")
    for f in result.removed:
        t.add_row(f.token, KINDS[f.kind], f.file_name, f.modified.strftime("%Y-%m-%d %H:%M"),
                  _size(f.size))  # fmt: skip
    return t


def _summary(result: CleanResult) -> str:
    verb = "将删除" if result.dry_run else "已删除"
    line = (f"{verb} {len(result.removed)} 个超过 {result.older_than_days:g} 天的上传，"
            f"{'可' if result.dry_run else ''}释放 {_size(result.bytes_freed)}")  # fmt: skip
    counts = {label: sum(f.reason == r for f in result.kept) for r, label in REASONS.items()}
    kept = "，".join(f"{label} {n}" for label, n in counts.items() if n)
    return f"{line}；保留 {len(result.kept)} 个" + (f"（{kept}）" if kept else "")


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:,.1f} MB"


def register(app: typer.Typer) -> None:
    app.add_typer(uploads_app, name="uploads")
