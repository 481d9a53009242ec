"""Tables with several target years: a row per year, stored as one indicator whose
yearly targets are the planned path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planwatch.ingest import extract_plan
from tests.conftest import cli_caller
from tests.writers import docx, txt
from tests.writers.spec import P, Plan, T

YEARLY = T(
    caption="表1 示例县“十四五”工业发展主要目标",
    rows=[
        ["序号", "指标", "单位", "2020年", "2022年", "2023年", "2025年", "2035年", "属性"],
        ["1", "规上工业增加值", "亿元", "100", "110", "120", "200", "400", "预期性"],
        ["2", "规上工业企业数", "家", "300", "320", "—", "400以上", "600", "预期性"],
    ],
)
PLAN = Plan([P("示例县“十四五”工业发展规划（2021—2025年）"), YEARLY])


def _render(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"yearly.{fmt}"
    if fmt == "pdf":
        from tests.writers import pdf

        return pdf.render(PLAN, path)
    return txt.write(PLAN, path) if fmt == "txt" else docx.render(PLAN, path)


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_one_row_per_target_year(tmp_path: Path, fmt: str) -> None:
    rows = extract_plan(_render(tmp_path, fmt)).indicators
    va = [(i.target_year, i.target) for i in rows if i.name == "规上工业增加值"]
    assert va == [(2022, 110), (2023, 120), (2025, 200), (2035, 400)]
    firms = [i for i in rows if i.name == "规上工业企业数"]
    assert [(i.target_year, i.target, i.target_qualifier) for i in firms] == [
        (2022, 320, None),
        (2025, 400, "以上"),
        (2035, 600, None),
    ]  # fmt: skip  (the blank 2023 cell gives no row)
    assert {(i.baseline, i.baseline_year, i.attribute, i.seq) for i in firms} == {
        (300, 2020, "预期性", "2")
    }


def test_stored_once_with_every_target_and_the_plan_path_used(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", db_url)
    pw = cli_caller()
    path = _render(tmp_path, "txt")
    assert "2 indicators" in pw("import-plan", str(path), "--region", "示例市/示例县")
    csv = tmp_path / "a.csv"
    csv.write_text("地区,指标,年份,数值\n示例县,规上工业增加值,2022,110\n", encoding="utf-8")
    pw("import-actuals", str(csv))
    rows = json.loads(pw("status", "yearly", "--year", "2022", "--json"))
    va = next(a for a in rows if a["indicator"] == "规上工业增加值")
    # the plan's own 2022 target is the path: on it, although 110 is far below the
    # smooth path from 100 to 200 (132 in 2022)
    assert va["expected"] == pytest.approx(110) and va["status"] == "on_track"
    assert va["task_progress"] == pytest.approx(0.1)
