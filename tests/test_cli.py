"""The `planwatch extract` command, run in-process as a user would."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planwatch.ingest
from planwatch.cli import app

runner = CliRunner()


def test_json_has_every_part_and_gold_fields(sample_plan: Path) -> None:
    result = runner.invoke(app, ["extract", str(sample_plan), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"] == "sample_plan"
    for key in ("metadata", "indicators", "prose_targets", "projects", "lists", "evaluations"):
        assert key in data
    first = data["indicators"][0]
    gold_fields = {
        "table", "category", "seq", "name", "unit", "baseline", "baseline_year",
        "baseline_text", "target", "target_year", "target_text", "target_qualifier",
        "stretch_target", "attribute", "annual_growth", "subject", "source",
    }  # fmt: skip
    assert gold_fields <= set(first)
    assert first["source"]["line"] and first["source"]["col"] is not None
    assert data["projects"] and data["lists"] and data["evaluations"]


def test_readable_view_shows_tables(sample_plan: Path) -> None:
    result = runner.invoke(app, ["extract", str(sample_plan)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "规上工业增加值" in result.stdout
    assert "重点项目" in result.stdout and "上一轮规划完成情况" in result.stdout


def test_folder_writes_one_json_per_plan_and_reports_bad_files(
    sample_plan: Path, tmp_path: Path
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(sample_plan, plans / "a.txt")
    shutil.copy(sample_plan, plans / "b.txt")
    (plans / "broken.txt").write_bytes(b"")
    (plans / "readme.md").write_text("not a plan", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(plans), "--out", str(out)])
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    assert "broken.txt" in result.output and "empty" in result.output
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["indicators"]


def test_folder_without_plans_is_an_input_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 2
    assert "no .txt, .docx or .pdf files" in result.output


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("plan.xyz", b"abc", "unknown file type"),
        ("garbage.txt", bytes(range(256)) * 8, "binary"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert name in lines[0] and reason in lines[0]
    assert "Traceback" not in result.output


def test_internal_error_exit_3_and_debug_traceback(
    sample_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(path: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(planwatch.ingest, "extract_plan", boom)
    result = runner.invoke(app, ["extract", str(sample_plan)])
    assert result.exit_code == 3
    assert "internal error" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["extract", str(sample_plan), "--debug"])
    assert result.exit_code == 3 and "Traceback" in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("planwatch ")


def test_the_command_table_names_every_command() -> None:
    """`planwatch X` loads only the module `COMMANDS` names for X: a command missing
    from the table would be unknown when run from the shell."""
    import typer.main

    from planwatch import cli

    assert set(typer.main.get_group(app).commands) == set(cli.COMMANDS)


def test_a_command_loads_only_what_it_needs(sample_plan: Path) -> None:
    """Extracting a text plan imports neither the store, the per-mu engine's polars, nor
    the Word and PDF readers (start-up time users wait for on every run)."""
    import subprocess
    import sys

    probe = (
        "import atexit, sys\n"
        f"sys.argv = ['planwatch', 'extract', {str(sample_plan)!r}, '--json']\n"
        "from planwatch.cli import run\n"
        "atexit.register(lambda: print('LOADED', [m for m in ('planwatch.store', 'polars',"
        " 'sqlalchemy', 'docx', 'pypdfium2', 'planwatch.permu', 'yaml') if m in sys.modules],"
        " file=sys.stderr))\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr
    assert json.loads(done.stdout)["document"] == "sample_plan"


def test_the_quick_exit_keeps_exit_codes_output_and_exit_handlers(
    sample_plan: Path, tmp_path: Path
) -> None:
    """`run` ends the process without the interpreter's teardown: the exit status of a
    failed command, every byte of a long piped output and the exit handlers (here a
    temporary folder's removal) must survive that."""
    import subprocess
    import sys

    def probe(*argv: str) -> subprocess.CompletedProcess[str]:
        code = (
            "import sys, tempfile\n"
            f"sys.argv = ['planwatch', *{list(argv)!r}]\n"
            "kept = tempfile.TemporaryDirectory()\n"
            f"open({str(tmp_path / 'where')!r}, 'w').write(kept.name)\n"
            "from planwatch.cli import run\n"
            "run()\n"
        )
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    done = probe("extract", str(sample_plan), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["document"] == "sample_plan"  # the whole text, flushed
    assert not Path((tmp_path / "where").read_text()).exists()  # the exit handler ran
    missing = probe("extract", str(tmp_path / "nowhere.txt"))
    assert missing.returncode == 2
    assert "nowhere.txt" in missing.stderr


def test_a_command_leaves_the_sqlite_store_whole(sample_plan: Path, tmp_path: Path) -> None:
    """The quick exit closes the store's connections first: SQLite then writes its WAL
    back into the file, so the .db alone holds what was committed (a backup copies it)."""
    import sqlite3
    import subprocess
    import sys

    store = tmp_path / "s.db"
    code = "import sys; sys.argv[0] = 'planwatch'; from planwatch.cli import run; run()"
    done = subprocess.run(
        [sys.executable, "-c", code, "import-plan", str(sample_plan), "--region", "甲省/乙市/丙县"],
        capture_output=True, text=True, env={**os.environ, "PLANWATCH_DATABASE_URL": f"sqlite:///{store}"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "s.db-wal").exists()
    copy = tmp_path / "copy.db"
    copy.write_bytes(store.read_bytes())
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM plan").fetchone() == (1,)
