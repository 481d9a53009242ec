"""`planwatch audit` end to end: a file, a folder, a stored plan; JSON, terminal, HTML;
bad input; a rule that fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planwatch.audit import audit_file, audit_plan
from planwatch.audit.registry import Rule, all_rules
from tests.audit_helpers import TITLE, write
from tests.conftest import cli_caller
from tests.writers.spec import H, P, Plan, T

run = cli_caller()
HEADER = ["序号", "指标名称", "单位", "2020年", "2025年", "年均增长（%）", "属性"]
PLAN = Plan([
    P(TITLE), H("一、发展目标"),
    P("到2025年，全县规上工业增加值达到180亿元。"),
    T(caption="表1 主要指标", rows=[HEADER,
      ["1", "规上工业增加值", "亿元", "100", "150", "8", "预期性"],  # 8.4 %: fine
      ["2", "规上工业总产值", "亿元", "400", "390", "9", "预期性"]]),  # below the base
])  # fmt: skip


def test_json_has_every_field_the_issue_names(tmp_path: Path) -> None:
    data = json.loads(run("audit", str(write(PLAN, tmp_path)), "--json"))
    assert data["document"] == "plan"
    rules = {f["rule"] for f in data["findings"]}
    assert {"agreement", "direction", "growth"} <= rules
    f = next(f for f in data["findings"] if f["rule"] == "agreement")
    assert set(f) == {"rule", "severity", "location", "message_zh", "message_en", "subjects",
                      "values", "evidence"}  # fmt: skip
    assert set(f["location"]) == {"table", "row", "column", "line", "page"}
    assert f["values"] == {"stated": 180.0, "expected": 150.0, "unit": "亿元"}
    assert f["evidence"].startswith("到2025年")


def test_terminal_view_groups_by_severity_and_english_on_request(tmp_path: Path) -> None:
    path = str(write(PLAN, tmp_path))
    out = run("audit", path)
    assert "错误" in out and "规上工业总产值" in out and "年均增速与首末值不符" in out
    english = run("audit", path, "--lang", "en")
    assert "error" in english and "below the baseline" in english


def test_html_report_is_one_self_contained_page(tmp_path: Path) -> None:
    html = tmp_path / "体检.html"
    run("audit", str(write(PLAN, tmp_path)), "-o", str(html))
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "规划体检报告" in page
    assert "规上工业总产值" in page and "<script" not in page and "http" not in page
    assert "&lt;" not in page or "<" in page  # text is escaped, markup is not


def test_a_folder_is_audited_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    write(PLAN, folder)
    (folder / "broken.docx").write_bytes(b"not a zip")
    out = run("audit", str(folder), code=2)
    assert "plan" in out and "broken.docx" in out
    data = json.loads(run("audit", str(folder / "plan.txt"), "--json"))
    assert data["findings"]


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = run("audit", str(tmp_path / "missing.docx"), code=2)
    assert "missing.docx" in out and "Traceback" not in out
    out = run("audit", str(write(PLAN, tmp_path)), "-o", str(tmp_path / "r.pdf"), code=2)
    assert ".html" in out


def test_a_plan_without_tables_still_gets_the_prose_rules(tmp_path: Path) -> None:
    plan = Plan([P(TITLE), P("研发经费投入强度由2.5%提高到2.1%。")])
    report = audit_file(write(plan, tmp_path))
    assert [f.rule for f in report.findings] == ["direction"]


def test_a_rule_that_fails_is_reported_and_the_others_run(tmp_path: Path) -> None:
    from planwatch.audit.plan import AuditedPlan
    from planwatch.ingest import read_document
    from planwatch.ingest.extract import extract_document

    def broken(plan: AuditedPlan) -> list:  # type: ignore[type-arg]
        raise ZeroDivisionError("division by zero")

    doc = read_document(write(PLAN, tmp_path))
    rules = [*all_rules(), Rule("broken", "坏规则", "broken rule", broken)]
    report = audit_plan(AuditedPlan(doc, extract_document(doc)), rules)
    failed = [f for f in report.findings if f.rule == "broken"]
    assert len(failed) == 1 and "ZeroDivisionError" in failed[0].message_zh
    assert any(f.rule == "growth" for f in report.findings)


def test_a_stored_plan_is_checked_against_its_actuals(pw, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(PLAN, tmp_path)
    pw("import-plan", str(path), "--region", "示例市/示例县")
    csv = tmp_path / "actuals.csv"
    csv.write_text("地区,指标,年份,数值,单位\n示例县,规上工业增加值,2020,1100000,万元\n",
                   encoding="utf-8")  # fmt: skip
    pw("import-actuals", str(csv))
    data = json.loads(pw("audit", "plan", "--json"))
    found = [f for f in data["findings"] if f["rule"] == "actuals"]
    assert [(f["values"]["stated"], f["values"]["expected"]) for f in found] == [(100, 110)]
    assert found[0]["severity"] == "warning"
    assert any(f["rule"] == "growth" for f in data["findings"])  # the tables were read again
    path.unlink()
    data = json.loads(pw("audit", "plan", "--json"))
    rules = [f["rule"] for f in data["findings"]]
    assert "audit" in rules and "actuals" in rules and "direction" in rules


def test_an_unknown_stored_plan_is_an_error(pw) -> None:  # type: ignore[no-untyped-def]
    out = pw("audit", "no-such-plan", code=2)
    assert "no-such-plan" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_says_where_and_why_in_both_languages(tmp_path: Path, lang: str) -> None:
    report = audit_file(write(PLAN, tmp_path))
    for f in report.findings:
        assert f.message_zh and f.message_en and f.values and f.evidence
        assert f.location.line is not None or f.location.page is not None
