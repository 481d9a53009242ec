"""What users read: one clear line for every mistake, tables that fit the terminal,
machine-readable lines that stay whole, flags that look like flags."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.models.monitor import STATUS_LABELS

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "planwatch" / "samples"


def _run(*args: str, columns: int = 200) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.output


def test_a_folder_where_a_file_is_expected(pw, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (["import-plan", str(tmp_path)], ["import-actuals", str(tmp_path)],
                 ["land", "forecast", str(tmp_path)],
                 ["permu", "evaluate", str(tmp_path), "-s", "zhejiang", "-o", "r.parquet"],
                 ["permu", "evaluate", str(SAMPLES / "sample_actuals.csv"), "-s", str(tmp_path),
                  "-o", "r.parquet"]):  # fmt: skip
        out = pw(*args, code=2)
        assert f"{tmp_path}: is a folder, not a file" in out, args


def test_history_of_an_unknown_indicator_is_an_error(pw, plan: str) -> None:  # type: ignore[no-untyped-def]
    assert "no indicator '不存在的指标'" in pw("history", "示例县", "不存在的指标", code=2)
    assert "no values recorded" in pw("history", "示例县", "规上工业增加值")  # known, empty


def test_reimport_under_another_region_is_said(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "示例县规划.txt"
    out = pw("import-plan", str(path), "--region", "别省/别县", code=2)
    assert "already stored as plan 1" in out and "under '示例市/示例县'" in out
    assert "--region 别省/别县 was not applied" in out
    assert "unchanged" in pw("import-plan", str(path), "--region", "示例县")  # the same place


def test_years_and_thresholds_out_of_range(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for year in ("99999", "0", "1990", "2031"):
        out = pw("status", plan, "--year", year, code=2)
        assert f"--year {year} is outside plan '{plan}' (2019–2030" in out
    assert "outside plan" in pw("template", plan, "--year", "1990", "-o",
                                str(tmp_path / "t.xlsx"), code=2)  # fmt: skip
    assert not (tmp_path / "t.xlsx").exists()
    pw("status", plan, "--year", "2030")  # five years after the target: a late evaluation
    out = pw("status", plan, "--year", "2023", "--on-track", "-1", code=2)
    assert "--on-track -1.0: Input should be greater than or equal to 0" in out
    assert "finite" in pw("status", plan, "--year", "2023", "--behind", "nan", code=2)
    out = pw("status", plan, "--year", "2023", "--on-track", "0.5", "--behind", "0.7", code=2)
    assert "must not be above on_track" in out


@pytest.mark.parametrize("when", ["2023-13-45", "yesterday", "2023/03/01"])
def test_bad_dates_are_refused(pw, plan: str, when: str) -> None:  # type: ignore[no-untyped-def]
    out = pw("indicator-state", plan, "高新技术企业数", "--state", "suspended",
             "--reason", "other", "--effective", when, code=2)  # fmt: skip
    assert "--effective" in out and "internal error" not in out


def test_lifecycle_applies_from_its_date(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text(
        "地区,指标,年份,数值\n示例县,高新技术企业数,2022,95\n示例县,高新技术企业数,2023,101\n"
    )
    pw("import-actuals", str(csv))
    pw("indicator-state", plan, "高新技术企业数", "--state", "suspended",
       "--reason", "stats_system_changed", "--effective", "2023-03-01")  # fmt: skip

    def status(year: int) -> str:
        rows = json.loads(pw("status", plan, "--year", str(year), "--json"))
        return next(a["status"] for a in rows if a["indicator"] == "高新技术企业数")

    assert status(2022) != "not_evaluated"  # the year ended before the suspension
    assert status(2023) == "not_evaluated"
    pw("indicator-state", plan, "高新技术企业数", "--state", "active",
       "--reason", "resumed", "--effective", "2025-01-01")  # fmt: skip
    assert status(2024) == "not_evaluated" and status(2025) != "not_evaluated"


@pytest.fixture
def permu_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    firms = tmp_path / "firms.csv"
    assert _run("synth", "enterprises", "--n", "200", "-o", str(firms))[0] == 0
    return firms


def test_permu_messages(permu_cli: Path, tmp_path: Path) -> None:
    firms, out = permu_cli, str(tmp_path / "r.parquet")
    code, text = _run("permu", "evaluate", str(firms), "-s", "zhejiang", "-o", out,
                      "--benchmarks", "bogus")  # fmt: skip
    assert code == 2 and "'bogus' is not one of 'fixed', 'population'" in text
    code, text = _run("permu", "evaluate", "missing.csv", "-s", "zhejiang", "-o", out)
    assert code == 2 and text.startswith("error: missing.csv: no such file")  # no empty line
    code, text = _run("permu", "evaluate", str(firms), "-s", "zhejiang", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in text
    long = tmp_path / "long.yaml"
    formula = " + ".join(["tax / land_mu"] * 1000)
    long.write_text(
        "name: x\ngroups:\n  - name: g\n    indicators:\n"
        f"      - {{name: a, formula: '{formula}', weight: 1, benchmark: {{value: 1}}}}\n"
        "classification: {method: shares, shares: {A: 1}}\n"
    )
    code, text = _run("permu", "evaluate", str(firms), "-s", str(long), "-o", out)
    assert code == 2 and "at most 1,000" in text
    assert max(len(line) for line in text.splitlines()) < 300  # the formula is not echoed
    deep = tmp_path / "deep.yaml"
    deep.write_text(long.read_text().replace(formula, "-" * 200 + "tax"))
    code, text = _run("permu", "evaluate", str(firms), "-s", str(deep), "-o", out)
    assert code == 2 and "nested too deeply" in text


def test_compare_refuses_what_is_not_a_results_file(permu_cli: Path, tmp_path: Path) -> None:
    code, text = _run("permu", "compare", str(permu_cli), str(permu_cli))
    assert code == 2 and "not a results file" in text
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    code, text = _run("permu", "compare", str(broken), str(broken))
    assert code == 2 and "not a readable Parquet file" in text
    other = tmp_path / "other.parquet"
    pl.DataFrame({"a": [1]}).write_parquet(other)
    code, text = _run("permu", "compare", str(other), str(other))
    assert code == 2 and "no column credit_code, grade, consecutive_d" in text


@pytest.mark.parametrize("columns", [40, 80])
def test_status_fits_the_terminal_and_keeps_statuses_whole(
    pw, plan: str, tmp_path: Path, columns: int
) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text("地区,指标,年份,数值\n示例县,规上工业增加值,2023,98\n")
    pw("import-actuals", str(csv))
    code, text = _run("status", plan, "--year", "2023", columns=columns)
    assert code == 0, text
    from rich.cells import cell_len

    table = [line for line in text.splitlines() if line.startswith(("│", "┃", "┏", "└"))]
    assert table and all(cell_len(line) <= columns for line in table)
    assert all(line.endswith(("│", "┃", "┓", "┘")) for line in table)  # no cut right edge
    shown = {label for label in STATUS_LABELS.values() if label in text}
    assert {"滞后", "不纳入评估", "待下达"} <= shown  # whole words, not 不纳入评


def test_records_are_never_wrapped(pw, plan: str) -> None:  # type: ignore[no-untyped-def]
    code, text = _run("catalog", columns=40)
    lines = text.splitlines()
    assert code == 0 and len(lines) > 5 and all(line.count("\t") == 4 for line in lines)
    code, text = _run("plans", columns=40)
    assert code == 0 and [line.count("\t") for line in text.splitlines()] == [4]


def test_flags_look_like_flags() -> None:
    code, text = _run("status", "--help")
    assert code == 0 and "--json" in text and "<bool>" not in text


def test_text_that_looks_like_markup_prints_as_written(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    assert "no plan 'x[/y]'" in pw("status", "x[/y]", "--year", "2023", code=2)
    wb = Workbook()
    ws = wb.active
    ws.append(["地区", "指标", "年份", "数值", "备注"])
    ws.append(["示例县", "规上工业增加值", 2022, 95, "口径[/调整]"])
    ws.append(["示例县", "规上工业企业数", 2022, 350, None])
    ws.merge_cells("E2:E3")  # the note names the merged value, brackets and all
    path = tmp_path / "m.xlsx"
    wb.save(path)
    out = pw("import-actuals", str(path))
    assert "2 values stored" in out and "'口径[/调整]' taken for every cell" in out


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_devices_are_not_read(pw, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (["import-actuals", "/dev/zero"], ["land", "forecast", "/dev/zero"],
                 ["extract", "/dev/zero"]):  # fmt: skip
        assert "is not a regular file" in pw(*args, code=2), args


def test_a_line_break_inside_a_value_stays_in_its_record(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text('地区,指标,年份,数值,备注\n示例县,规上工业增加值,2022,95,"第一行\n第二行\t续"\n')
    pw("import-actuals", str(csv))
    code, text = _run("history", "示例县", "规上工业增加值")
    assert code == 0 and text.splitlines() == [text.strip()] and text.count("\t") == 5


def test_land_output_types(tmp_path: Path) -> None:
    land = str(SAMPLES / "land_forecast.yaml")
    code, text = _run("land", "forecast", land, "-o", str(tmp_path / "l.txt"))
    assert code == 2 and "unknown file type '.txt'" in text
    code, _ = _run("land", "forecast", land, "-o", str(tmp_path / "l.csv"))
    assert code == 0 and (tmp_path / "l.csv").read_text(encoding="utf-8-sig").startswith("产业,")


def test_a_reader_that_stops_early_is_no_error(capsys) -> None:  # type: ignore[no-untyped-def]
    """`planwatch extract … --json | head`: the pipe closes while planwatch writes."""
    import typer

    from planwatch.console.errors import user_errors

    with pytest.raises(typer.Exit) as done, user_errors():
        raise BrokenPipeError(32, "Broken pipe")
    assert done.value.exit_code == 0
    assert "internal error" not in capsys.readouterr().err
