"""`planwatch user …`: accounts of the web app and API tokens for scripts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from planwatch.commands.common import (
    DebugOpt,
    JsonOpt,
    print_json,
    print_records,
    stdout,
    store_engine,
)
from planwatch.console.errors import user_errors
from planwatch.models.access import Role

user_app = typer.Typer(help="Accounts of the web app (roles scoped to a region) and API tokens.")


@user_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The login name.")],
    role: Annotated[Role, typer.Option(help="admin, reviewer, editor or viewer.")],
    region: Annotated[
        str | None,
        typer.Option(help="Region path, e.g. 浙江省/丽水市/缙云县 (the role covers it and below)."),
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Add an account. Without --password-stdin the password is asked for twice."""
    from planwatch.accounts import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with user_errors(debug):
        info = add_user(store_engine(), name, role, region, password)
    where = f" for {info.region}" if info.region else " for every region"
    stdout.print(f"user {info.name}: {info.role.value}{where}")


@user_app.command("token")
def token(name: Annotated[str, typer.Argument(help="The user.")], debug: DebugOpt = False) -> None:
    """Print a new API token (send it as `Authorization: Bearer TOKEN`); it is shown once."""
    from planwatch.accounts import issue_token

    with user_errors(debug):
        print(issue_token(store_engine(), name))


@user_app.command("list")
def list_users(as_json: JsonOpt = False, debug: DebugOpt = False) -> None:
    """Accounts: name, role, region, active (tab-separated)."""
    from planwatch.accounts import users

    with user_errors(debug):
        rows = users(store_engine())
    if as_json:
        print_json([u.model_dump(mode="json") for u in rows])
        return
    print_records(
        (u.name, u.role.value, u.region, "active" if u.active else "disabled") for u in rows
    )


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
