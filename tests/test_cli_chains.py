"""`planwatch chain …` and `planwatch project check` end to end: the example files,
a synthetic county, every output, and bad files told by file, line and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event
from typer.testing import CliRunner

from planwatch.chains.files import (
    EXAMPLES,
    example_path,
    read_chains,
    read_projects,
    read_standards,
)
from planwatch.cli import app

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("county") / "enterprises.parquet"
    run("synth", "enterprises", "--n", "3000", "--seed", "7", "-o", str(out))
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_reads_and_is_marked_as_an_example(name: str) -> None:
    chains = read_chains(name)
    assert chains.example
    assert all(len(c.links()) >= 12 for c in chains.chains)
    out = run("chain", "check", name)
    assert chains.chains[0].name in out


def test_example_standards_and_projects_read() -> None:
    assert read_standards("example").example
    assert len(read_projects(example_path("projects")).projects) >= 6


def test_map_of_a_synthetic_county(county: Path) -> None:
    data = json.loads(run("chain", "map", str(county), "--chains", "equipment", "--json"))
    (chain,) = data["chains"]
    assert chain["name"] == "现代装备" and chain["output"] > 0
    link = chain["links"][0]
    assert {"segment", "link", "enterprises", "output", "tax", "land_mu", "tax_per_mu",
            "gap"} <= set(link)  # fmt: skip
    assert {x["gap"] for x in chain["links"]} <= {"missing", "weak", "inefficient", "strong",
                                                  "none"}  # fmt: skip
    assert sum(x["enterprises"] for x in chain["links"]) > 100
    assert data["synthetic"] and data["example"]


def test_map_as_html_and_xlsx(county: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    html = tmp_path / "map.html"
    out = run("chain", "map", str(county), "-c", "medical", "-s", "example", "-o", str(html))
    assert "健康医疗" in out and str(html) in out
    page = html.read_text(encoding="utf-8")
    assert (
        "echarts" in page and '"type":"graph"' in page and "http" not in page.split("<script>")[0]
    )
    book = tmp_path / "map.xlsx"
    run("chain", "map", str(county), "-c", "medical", "-s", "example", "-o", str(book))
    wb = load_workbook(book)
    assert wb.sheetnames == ["产业链", "环节", "招商方向"]
    assert wb["环节"].max_row == 1 + len(read_chains("medical").chains[0].links())


def test_assignments_file(county: Path, tmp_path: Path) -> None:
    import polars as pl

    out = tmp_path / "pairs.csv"
    run("chain", "map", str(county), "-c", "equipment", "--assignments", str(out))
    pairs = pl.read_csv(out)
    assert pairs.columns == [
        "产业链",
        "链段",
        "环节",
        "统一社会信用代码",
        "企业名称",
        "地区",
        "产业链角色",
        "匹配依据",
    ]
    assert pairs["匹配依据"].str.contains("^(code|keyword) ").all()


def test_project_check_of_the_examples(county: Path, tmp_path: Path) -> None:
    projects = example_path("projects")
    data = json.loads(run("project", "check", str(projects), "-s", "example", "--enterprises",
                          str(county), "-c", "equipment", "--json"))  # fmt: skip
    verdicts = {p["verdict"] for p in data["projects"]}
    assert verdicts == {"admit", "reject", "conditional"}
    for p in data["projects"]:
        assert p["tax_per_mu_after"] is not None
        for f in p["failed"]:
            assert {"criterion", "required", "actual"} <= set(f)
    book = tmp_path / "checks.xlsx"
    out = run("project", "check", str(projects), "-s", "example", "-o", str(book))
    assert "准入" in out and book.exists()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
chains:
  - name: 装备
    segments:
      上游:
        - {link: 零部件, codes: ["3484"]}
      中游:
        - {link: 整机, codes: ["34"]}
"""


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (GOOD.replace('"3484"', '"3499", "9999"'), 5, "unknown industry code '9999'"),
        (GOOD.replace("整机, codes", "零部件, codes"), 7, "duplicate link '零部件'"),
        (GOOD.replace('        - {link: 零部件, codes: ["3484"]}\n', ""), 4,
         "segment 上游 has no links"),
        (GOOD.replace('{link: 零部件, codes: ["3484"]}',
                      '{link: 零部件, codes: ["3484"], feeds: [整机]}')
         .replace('{link: 整机, codes: ["34"]}', '{link: 整机, codes: ["34"], feeds: [零部件]}'),
         5, "links feed in a cycle: 零部件 → 整机 → 零部件"),
        (GOOD.replace("上游", "源头"), 4, "unknown segment '源头'"),
        (GOOD.replace('codes: ["34"]', "keywords: []"), 7, "neither codes nor keywords"),
        (GOOD + "  - {name: 装备, segments: {上游: [{link: x, codes: ['34']}]}}\n", 8,
         "duplicate chain '装备'"),
        (GOOD.replace("  - name", "  -name"), 3, "not valid YAML"),
    ],
)  # fmt: skip
def test_bad_chain_files_name_file_line_and_reason(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = _write(tmp_path / "chains.yaml", text)
    out = run("chain", "check", str(path), code=2)
    first = out.splitlines()[0]
    assert first.startswith(f"error: {path}:{line}: "), out
    assert reason in first, out


def test_a_good_file_passes(tmp_path: Path) -> None:
    assert "装备：上游 1，中游 1 个环节" in run(
        "chain", "check", str(_write(tmp_path / "c.yaml", GOOD))
    )


def test_bad_project_files(tmp_path: Path) -> None:
    projects = _write(tmp_path / "p.yaml", "projects:\n  - {name: 甲, industry_code: '3484', "
                      "land_mu: 50, investment: 100}\n  - {name: 乙, industry_code: '3484', "
                      "land_mu: -5, investment: 100}\n")  # fmt: skip
    out = run("project", "check", str(projects), "-s", "example", code=2)
    assert out.startswith(f"error: {projects}:3: projects[1] (乙).land_mu: ")
    assert "greater than 0" in out.splitlines()[0]
    sheet = tmp_path / "p.csv"
    sheet.write_text("项目名称,行业代码,用地面积,总投资\n甲,3484,50,100\n乙,3484,-5,100\n",
                     encoding="utf-8")  # fmt: skip
    out = run("project", "check", str(sheet), "-s", "example", code=2)
    assert "row 3, 用地面积" in out.splitlines()[0]


def test_unknown_example_and_output_type(county: Path, tmp_path: Path) -> None:
    out = run("chain", "map", str(county), "-c", "nosuch", code=2)
    assert "not an example" in out
    out = run("chain", "map", str(county), "-c", "equipment", "-o", str(tmp_path / "m.pdf"),
              code=2)  # fmt: skip
    assert "unknown file type '.pdf'" in out


def test_map_and_checks_kept_in_the_store(pw, county: Path, db_url: str) -> None:  # type: ignore[no-untyped-def]
    from planwatch.chains import stored
    from planwatch.store.db import make_engine

    out = pw("chain", "map", str(county), "-c", "equipment", "-s", "example", "--to-store")
    assert "已存入监测库：产业链图谱 1" in out
    pw("project", "check", str(example_path("projects")), "-s", "example", "--to-store")
    engine = make_engine(db_url)
    try:
        (info,) = stored.maps(engine, None)
        kept = stored.map_report(engine, None, info.id)
        assert kept.report.chains[0].name == "现代装备" and kept.chains.example
        assert kept.regions == ["丁街道", "丙镇", "乙县", "甲县"]
        town = stored.map_report(engine, None, info.id, "丙镇")
        assert 0 < town.report.enterprises < kept.report.enterprises
        link = next(x for x in kept.report.chains[0].links if x.enterprises)
        firms, total = stored.link_firms(engine, None, info.id, "现代装备", link.link, limit=5)
        assert total == link.enterprises and len(firms) == 5
        assert firms[0].matched_by.startswith(("code ", "keyword "))
        checks = stored.checks(engine, None)
        assert len(checks) == len(read_projects(example_path("projects")).projects)
        pw("chain", "map", str(county), "-c", "medical", "-s", "example", "--to-store")
        said: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: said.append(a[2]))
        listed = stored.maps(engine, None)  # the maps and their chains: two queries for all
        assert [m.id for m in listed] == [2, 1] and listed[0].chains
        picked = [q for q in said if q.upper() != "BEGIN"]
        assert len(picked) == 2 and "report" not in picked[0].lower(), picked
    finally:
        engine.dispose()


PLAN = """\
示例县“十四五”产业链发展规划
第一章 发展目标
到2025年，现代装备产业规上工业总产值达到420亿元以上。
第二章 重点产业链
一、现代装备
做强基础零部件环节。到2025年，现代装备产业链营业收入达到450亿元。
"""


def test_chain_targets_from_a_plan(county: Path, tmp_path: Path) -> None:
    plan = _write(tmp_path / "示例县规划.txt", PLAN)
    data = json.loads(run("chain", "map", str(county), "-c", "equipment", "--plan", str(plan),
                          "--json"))  # fmt: skip
    (chain,) = data["chains"]
    assert (chain["target"]["year"], chain["target"]["unit"]) == (2025, "亿元")
    assert chain["target"]["output"] in (420, 450)  # the plan's, not the file's 300
    assert chain["target_gap"] == max(0.0, chain["target"]["output"] * 10_000 - chain["output"])
