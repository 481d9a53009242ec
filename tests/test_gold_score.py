"""The measured target of ingestion: the shared seeds scored against the gold rows.

Runs the project's scoring tool exactly as a user would, on `planwatch extract
--json` output (through the CLI); skips when ../shared is not beside the checkout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch.cli import app


@pytest.fixture(scope="module")
def scored(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    gold = shared_dir / "gold" / "indicators.json"
    tool = shared_dir / "tools" / "score_indicators.py"
    if not (seeds and gold.is_file() and tool.is_file()):
        pytest.skip("../shared (seeds, gold, scoring tool) is not complete")
    out = tmp_path_factory.mktemp("extracts")
    runner = CliRunner()
    for seed in seeds:
        result = runner.invoke(app, ["extract", str(seed), "--json"])
        assert result.exit_code == 0, result.output
        json.loads(result.stdout)  # one JSON object, nothing else on stdout
        (out / f"{seed.stem}.json").write_text(result.stdout, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(tool), str(gold), *map(str, sorted(out.glob("*.json")))],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def test_seed_rows_and_fields_meet_the_targets(scored: str) -> None:
    summary = scored.strip().splitlines()[-1]
    m = re.search(r"F1 ([\d.]+); field accuracy ([\d.]+)", summary)
    assert m, scored
    f1, fields = float(m.group(1)), float(m.group(2))
    assert f1 >= 0.98, scored
    assert fields >= 0.97, scored
