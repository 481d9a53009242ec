"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "src" / "planwatch" / "samples" / "sample_plan.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout; tests that need it skip on a user's fresh clone."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def sample_plan() -> Path:
    return SAMPLE


def _postgres_url() -> str | None:
    import os

    url = os.environ.get("PLANWATCH_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


def _fresh_postgres(url: str) -> tuple[str, object]:
    """A new, empty database on the server of `url`; returns its URL and a dropper."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"planwatch_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An empty database URL: a SQLite file, and a fresh PostgreSQL database when
    PLANWATCH_DATABASE_URL points at a server (as in CI)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    server = _postgres_url()
    if server is None:
        pytest.skip("PLANWATCH_DATABASE_URL does not name a PostgreSQL server")
    url, drop = _fresh_postgres(server)
    try:
        yield url
    finally:
        drop()  # type: ignore[operator]


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    """An engine on a migrated, empty store."""
    from planwatch.store.db import make_engine
    from planwatch.store.migrate import upgrade

    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def cli_caller():  # type: ignore[no-untyped-def]
    """`run(*args, code=0) -> output`: the CLI in-process, wide enough for its tables."""
    from typer.testing import CliRunner

    from planwatch.cli import app

    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        assert result.exit_code == code, result.output
        return result.output

    return run


@pytest.fixture
def pw(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The CLI on an empty store (SQLite, and PostgreSQL under CI)."""
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", db_url)
    return cli_caller()


@pytest.fixture
def plan(pw, sample_plan: Path, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """The sample plan stored under 示例市/示例县 (a second import changes nothing)."""
    import shutil

    path = shutil.copy(sample_plan, tmp_path / "示例县规划.txt")
    assert "10 indicators" in pw("import-plan", str(path), "--region", "示例市/示例县")
    assert "unchanged" in pw("import-plan", str(path), "--region", "示例市/示例县")
    return "示例县规划"
