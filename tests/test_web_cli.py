"""`planwatch user …`, `planwatch serve` and `planwatch demo` from the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from tests.web_helpers import SAMPLES


def _run(*args: str, stdin: str = "", code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "200"})
    assert result.exit_code == code, result.output
    return result.output


def test_user_add_token_list(pw, tmp_path: Path, db_url: str) -> None:  # type: ignore[no-untyped-def]
    pw("import-plan", str(SAMPLES / "sample_plan.txt"), "--region", "示例省/示例市/示例县")
    out = _run("user", "add", "ana", "--role", "editor", "--region", "示例省/示例市/示例县",
               "--password-stdin", stdin="a long password\n")  # fmt: skip
    assert "ana: editor for 示例省/示例市/示例县" in out
    assert "exists already" in _run("user", "add", "ana", "--role", "viewer", "--password-stdin",
                                    stdin="another password\n", code=2)  # fmt: skip
    assert "at least 8" in _run("user", "add", "bo", "--role", "viewer", "--password-stdin",
                                stdin="short\n", code=2)  # fmt: skip
    nowhere = ("user", "add", "cy", "--role", "viewer", "--region", "某省/无县", "--password-stdin")
    assert "no such region" in _run(*nowhere, stdin="a long password\n", code=2)
    token = _run("user", "token", "ana").strip()
    assert token.startswith("pw_") and len(token) > 30
    assert "no user 'nobody'" in _run("user", "token", "nobody", code=2)
    assert "ana\teditor\t示例省/示例市/示例县\tactive" in _run("user", "list")


def test_demo_store_has_content(tmp_path: Path) -> None:
    from planwatch import accounts, overview
    from planwatch.demo import build

    made = build(tmp_path / "demo")
    admin = accounts.authenticate(made.engine, "admin", "demo-admin")
    assert admin is not None
    view = overview.plan_view(made.engine, admin, "sample_plan", 2023)
    statuses = {r.assessment.status.value for r in view.rows}
    assert {"on_track", "awaiting_target", "not_evaluated"} & statuses
    from planwatch.approval import visible_values
    from planwatch.models.access import State

    pending, total = visible_values(made.engine, admin, state=State.SUBMITTED)
    assert total == 1 and pending[0].entered_by == "town-editor"
    from planwatch.enterprises import runs

    kept = runs(made.engine, admin)
    assert len(kept) == 1 and kept[0].enterprises == 2000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_server_starts_and_answers(tmp_path: Path, command: str) -> None:
    port = _free_port()
    env = {**os.environ, "PLANWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
           "PLANWATCH_HOME": str(tmp_path / "home")}  # fmt: skip
    args = [sys.executable, "-m", "planwatch.cli", command, "--port", str(port)]
    if command == "demo":
        args += ["--folder", str(tmp_path / "demo")]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:
                    assert r.status == 200 and "password" in r.read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/plans", timeout=2)
            raise AssertionError("the API answered without credentials")
        except urllib.error.HTTPError as exc:
            assert exc.code == 401
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0].decode()
    if command == "demo":
        assert "admin / demo-admin" in out and "city-reviewer" in out
