"""The measured target of ingestion: the shared seeds scored against the gold rows.

Runs the project's scoring tool exactly as a user would, on `planwatch extract
--json` output; skips when ../shared is not beside the checkout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planwatch.ingest import extract_plan

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> str:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    gold = SHARED / "gold" / "indicators.json"
    tool = SHARED / "tools" / "score_indicators.py"
    if not (seeds and gold.is_file() and tool.is_file()):
        pytest.skip("../shared (seeds, gold, scoring tool) is not present")
    out = tmp_path_factory.mktemp("extracts")
    for seed in seeds:
        extract = extract_plan(seed)
        (out / f"{seed.stem}.json").write_text(
            json.dumps(extract.model_dump(mode="json"), ensure_ascii=False), encoding="utf-8"
        )
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
