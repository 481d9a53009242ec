"""The plan evaluation report end to end: from the store through `planwatch report`
to .docx/.xlsx/.html read back, against `status --json` for the same plan and year."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from planwatch.models.monitor import Status
from planwatch.models.report import Report
from planwatch.report.charts import cjk_font
from planwatch.report.statuses import TONE_LABELS, tone

SAMPLES = Path(__file__).parents[1] / "src" / "planwatch" / "samples"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@pytest.fixture
def with_actuals(pw, plan: str, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    pw("import-actuals", str(SAMPLES / "sample_actuals.csv"))
    csv = tmp_path / "progress.csv"
    csv.write_text(
        "项目名称,年份,完成投资\n年产5万吨新型材料项目,2022,30000\n智能装备产业园,2023,12000\n",
        encoding="utf-8",
    )
    pw("import-project-progress", str(csv), "--plan", plan)
    return plan


def _report(engine_url: str, plan: str, year: int, lang: str = "zh") -> Report:
    from planwatch.operations import plan_report_input
    from planwatch.report.plan import plan_report
    from planwatch.store.db import make_engine

    engine = make_engine(engine_url)
    try:
        return plan_report(plan_report_input(engine, plan, year), lang=lang)
    finally:
        engine.dispose()


def _numbers(text: str) -> set[float]:
    return {abs(float(m.replace(",", ""))) for m in NUMBER.findall(text)}


def test_completion_table_equals_status_json(pw, with_actuals: str, db_url: str) -> None:  # type: ignore[no-untyped-def]
    status = json.loads(pw("status", with_actuals, "--year", "2023", "--json"))
    report = _report(db_url, with_actuals, 2023)
    table = report.table("completion")
    labels = [c.label for c in table.columns]
    by_name = {row[2].text: row for row in table.rows}
    plan_level = [a for a in status if a["region"] == "示例县"]
    assert set(by_name) == {a["indicator"] for a in plan_level}
    for a in plan_level:
        row = by_name[a["indicator"]]
        cells = dict(zip(labels, row, strict=True))
        assert cells["完成状态"].text == TONE_LABELS[tone(Status(a["status"]))][0]
        if a["actual"] is not None and a["status"] not in ("not_evaluated", "awaiting_target"):
            assert cells["2023年实际值"].value == pytest.approx(a["actual"])
            assert cells["任务进度"].value == pytest.approx(a["task_progress"])
            assert cells["时间进度"].value == pytest.approx(a["time_progress"])
        if a["required_growth"] is not None and a["status"] != "achieved":
            assert cells["需年均增速"].value == pytest.approx(a["required_growth"])


def test_every_number_in_the_narrative_is_in_a_table(pw, with_actuals: str, db_url: str) -> None:  # type: ignore[no-untyped-def]
    for lang in ("zh", "en"):
        report = _report(db_url, with_actuals, 2023, lang)
        in_tables: set[float] = set()
        names: list[str] = []
        for t in report.tables():
            for c in t.columns:
                in_tables |= _numbers(c.label)
            for row in t.rows:
                for cell in row:
                    in_tables |= _numbers(cell.text)
            names += [row[2].text for row in t.rows if t.key == "completion"]
            names += [row[3].text for row in t.rows if t.key == "completion"]  # units
        paragraphs = report.paragraphs()
        assert len(paragraphs) >= 4
        for text in paragraphs:
            for name in sorted(names, key=len, reverse=True):  # 5G, R&D in names are not figures
                text = text.replace(name, "")
            missing = _numbers(text) - in_tables
            assert not missing, (lang, missing, text)


def test_report_sections_subregions_projects(pw, with_actuals: str, db_url: str) -> None:  # type: ignore[no-untyped-def]
    report = _report(db_url, with_actuals, 2023)
    headings = [s.heading for s in report.sections]
    assert headings[:3] == ["一、总体评价", "二、主要指标完成情况", "三、分领域评估"]
    assert any("分地区" in h for h in headings) and any("重点项目" in h for h in headings)
    ranking = next(t for t in report.tables() if t.key.startswith("subregion_"))
    progress = [row[5].value for row in ranking.rows]
    assert progress == sorted(progress, reverse=True)
    assert ranking.rows[0][1].text == "东城街道"
    totals = report.table("project_totals")
    assert totals.rows[-1][3].value == pytest.approx(42000)
    assert report.table("completion").notes[0].startswith("无法评估")
    kinds = {c.kind for c in report.charts()}
    assert kinds >= {"pie", "lines", "hbars"}


def test_year_without_actuals_still_shows_targets(pw, plan: str, db_url: str) -> None:  # type: ignore[no-untyped-def]
    report = _report(db_url, plan, 2021)
    assert any("尚无实际值" in p for p in report.paragraphs())
    table = report.table("completion")
    assert {row[-1].text for row in table.rows} == {"无法评估"}
    assert any(row[6].value == 120 for row in table.rows)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self._in in ("h2", "h3") and data.strip():
            self.headings.append(data.strip())


def test_cli_writes_each_format(pw, with_actuals: str, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = _report(db_url, with_actuals, 2023)
    completion = report.table("completion")
    out = {fmt: tmp_path / f"评估.{fmt}" for fmt in ("docx", "xlsx", "html")}
    for path in out.values():
        assert "报告已写出" in pw("report", with_actuals, "--year", "2023", "-o", str(path))
    doc = WordDocument(str(out["docx"]))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads == [s.heading for s in report.sections]
    word = next(t for t in doc.tables if t.rows[0].cells[2].text == "指标")
    assert [c.text for c in word.rows[1].cells] == [c.text for c in completion.rows[0]]
    charts = report.charts()
    pictures = len([c for c in charts if not c.group]) + len({c.group for c in charts if c.group})
    assert len(doc.inline_shapes) == (pictures if cjk_font() else 0)
    wb = load_workbook(out["xlsx"])
    sheet = next(ws for ws in wb.worksheets if ws.cell(1, 1).value == completion.caption)
    assert sheet.cell(3, 9).value == completion.rows[0][8].value
    assert isinstance(sheet.cell(3, 9).value, (int, float))
    page = _Text()
    page.feed(out["html"].read_text(encoding="utf-8"))
    text = "".join(page.parts)
    for row in completion.rows:
        assert all(c.text in text for c in row)
    assert [h for h in page.headings if h in {s.heading for s in report.sections}] == [
        s.heading for s in report.sections
    ]


def test_english_report(pw, with_actuals: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "eval.html"
    assert "report written" in pw("report", with_actuals, "--year", "2023", "--lang", "en",
                                  "--kind", "final", "-o", str(path))  # fmt: skip
    html = path.read_text(encoding="utf-8")
    assert "Final evaluation" in html and "Completion of the plan" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-plan", "--year", "2023"], "no plan 'no-such-plan'"),
        (["{plan}", "--year", "2050"], "outside plan"),
        (["{plan}", "--year", "2023", "-o", "{tmp}/r.odt"], "unknown report type"),
        (["{plan}", "--year", "2023", "-o", "{tmp}/missing/dir/r.docx"], ""),
    ],
)
def test_bad_input_one_line_exit_2(
    pw, plan: str, tmp_path: Path, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "missing"
    blocker.write_text("a file where a folder should be")
    argv = [a.format(plan=plan, tmp=tmp_path) for a in args]
    out = pw("report", *argv, code=2)
    assert message in out
    assert len(out.strip().splitlines()) == 1
    assert not list(tmp_path.glob("**/*.docx")) and not list(tmp_path.glob("**/.*part*"))


def test_plan_with_only_textual_targets_is_refused(pw, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "文字目标规划.txt"
    text.write_text(
        "某县“十四五”工业发展规划\n\n表1 主要指标\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n"
        "\t单位工业增加值能耗下降\n\t%\n\t—\n\t完成省下达任务\n\n",
        encoding="utf-8",
    )
    pw("import-plan", str(text), "--region", "某省/某县")
    out = pw("report", "文字目标规划", "--year", "2023", "-o", str(tmp_path / "r.docx"), code=2)
    assert "no indicator with a numeric target" in out
    assert not (tmp_path / "r.docx").exists()
