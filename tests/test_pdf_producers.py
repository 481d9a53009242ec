"""The same plans as PDFs of each producer the tests can run here: the test writer's
(reportlab), LibreOffice's export of the Word file (`soffice --convert-to pdf`), and
Chromium's print of an HTML rendering (`--print-to-pdf`, Skia). They draw rules,
captions and page breaks each their own way (lines or filled rectangles, cell by
cell or whole; rows cut by the page closed or left open; no repeated header); the
rows read from each must be those of the Word file.

Cases: a caption right above its table and one and two empty lines above it, a
header merged over two rows and two columns, a bordered table running over pages
with and without a repeated header, and 三线表 of both plans. LibreOffice and
Chromium are installed by `./dev test` with CI=true; each producer's tests skip
with the reason where it is missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from planwatch.ingest import extract_plan, read_document
from planwatch.models import Table
from tests.test_decomposition import GROUPS
from tests.test_reader_ocr import PLAN, _cjk_font
from tests.writers import docx, html, pdf
from tests.writers.libreoffice import SOFFICE, convert
from tests.writers.rebuild import to_plan
from tests.writers.spec import LEFT, H, P, Plan, T

PROJECT = "新建厂房 2 万平方米，购置生产线 3 条"


def _project(k: int) -> list[str]:
    return [str(k), f"示例{k}号智能制造项目", PROJECT * (k % 3 + 1), f"{k * 1.5:.1f}", "2021-2025"]


LONG_TABLE = Plan(
    [
        H("三、重点项目"),
        P("“十四五”期间，全县谋划实施重点工业项目如下。"),
        T(
            caption="表 3：示例县“十四五”重点工业项目表",
            rows=[["序号", "项目名称", "建设内容", "总投资（亿元）", "建设年限"]]
            + [_project(k) for k in range(1, 41)],
        ),
        T(
            caption="表 4：主要指标",
            rows=[
                ["指 标 名 称", LEFT, "单位", "2020年", "2025年"],
                ["经济规模", "规上工业增加值", "亿元", "100", "200"],
                ["创新能力", "研发经费投入强度", "%", "2.1", "3.0"],
            ],
        ),
    ],
    title="示例县“十四五”工业发展规划",
)
GROUPS_PLAN = Plan([P("示例县“十四五”工业发展规划"), GROUPS])
CASES: dict[str, tuple[Plan, dict[str, Any]]] = {
    "caption_adjacent": (PLAN, {}),
    "caption_one_line_above": (PLAN, {"caption_gap": 1}),
    "caption_two_lines_above": (PLAN, {"caption_gap": 2}),
    "merged_header": (GROUPS_PLAN, {}),
    "over_pages_no_repeated_header": (LONG_TABLE, {}),
    "over_pages_repeated_header": (LONG_TABLE, {"repeat_header": 1}),
    "three_line": (PLAN, {"rules": "three_line"}),
    "three_line_merged_header": (GROUPS_PLAN, {"rules": "three_line"}),
}
LONG = ("over_pages_no_repeated_header", "over_pages_repeated_header")


def _libreoffice(plan: Plan, path: Path, **options: Any) -> Path:
    word = docx.render(plan, path.with_suffix(".docx"), **options)
    return convert(word, path.parent)


def _chromium(plan: Plan, path: Path, **options: Any) -> Path:
    return html.render_pdf(plan, path.with_name(f"{path.stem}-chromium.pdf"), **options)


FONT = _cjk_font()
Make = Callable[..., Path]
PRODUCERS: dict[str, tuple[Make, str | None]] = {
    "writer": (lambda plan, path, **o: pdf.render(plan, path.with_name(f"{path.stem}-w.pdf"), **o),
               None),
    "libreoffice": (_libreoffice, None if SOFFICE else "needs LibreOffice (soffice)"),
    "chromium": (_chromium, None if html.CHROMIUM else "needs chromium"),
}  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """The PDF of a case by a producer, made once for the module."""
    folder = tmp_path_factory.mktemp("producers")
    cache: dict[tuple[str, str], Path] = {}

    def get(case: str, producer: str) -> Path:
        make, missing = PRODUCERS[producer]
        if missing or (producer != "writer" and not FONT):
            pytest.skip(missing or "needs a CJK font (fonts-noto-cjk)")
        if (case, producer) not in cache:
            plan, options = CASES[case]
            cache[case, producer] = make(plan, folder / case, **options)
        return cache[case, producer]

    return get


def _norm(value: object) -> object:
    """Text as the gold scorer compares it: NFKC, without spaces; a space at a line's
    end is not drawn, so whether the wrap kept one is not in the PDF."""
    if isinstance(value, str):
        return re.sub(r"\s", "", unicodedata.normalize("NFKC", value))
    return value


def rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    ex = extract_plan(path)
    indicators = [
        tuple(map(_norm, (i.table, i.subject, i.name, i.unit, i.baseline, i.target, i.attribute)))
        for i in ex.indicators
    ]
    projects = [
        tuple(map(_norm, (p.table, p.seq, p.name, p.content, p.total_investment, p.period_text)))
        for p in ex.projects
    ]
    return indicators, projects


@pytest.fixture(scope="module")
def word_rows(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple]:
    folder = tmp_path_factory.mktemp("word")
    return lambda case: rows(docx.render(CASES[case][0], folder / f"{case}.docx", **CASES[case][1]))


@pytest.mark.parametrize("producer", list(PRODUCERS))
@pytest.mark.parametrize("case", list(CASES))
def test_each_producer_reads_as_the_word_file(
    made: Callable[[str, str], Path], word_rows: Callable[[str], tuple], case: str, producer: str
) -> None:
    path = made(case, producer)
    want = word_rows(case)
    assert want[0] or want[1]
    assert rows(path) == want


@pytest.mark.parametrize("case", list(CASES))
def test_libreoffice_and_chromium_give_the_same_rows(
    made: Callable[[str, str], Path], case: str
) -> None:
    assert rows(made(case, "libreoffice")) == rows(made(case, "chromium"))


@pytest.mark.parametrize("producer", list(PRODUCERS))
@pytest.mark.parametrize("case", LONG)
def test_the_long_table_runs_over_pages_as_one(
    made: Callable[[str, str], Path], case: str, producer: str
) -> None:
    """The case is what it says: the table crosses a page break, and is read as one."""
    path = made(case, producer)
    assert len(pdfium.PdfDocument(str(path))) >= 2
    tables = [b for b in read_document(path).blocks if isinstance(b, Table)]
    pages = {cell.page for row in tables[0].rows for cell in row}
    assert len(pages) >= 2 and len(tables[0].rows) == 41


def test_the_space_libreoffice_draws_after_a_caption_number_is_kept(
    made: Callable[[str, str], Path],
) -> None:
    path = made("over_pages_no_repeated_header", "libreoffice")
    table = next(b for b in read_document(path).blocks if isinstance(b, Table))
    assert table.caption == "表 3：示例县“十四五”重点工业项目表"


@pytest.mark.parametrize("producer", ["libreoffice", "chromium"])
def test_exports_of_the_seeds_read_as_the_word_file(
    tmp_path: Path, shared_dir: Path, producer: str
) -> None:
    """The shared seed plans, rebuilt as Word files (`rebuild.to_plan`), give the same
    indicator rows as PDFs of each producer. (Not yet their project rows: where a
    project's row in Chromium's print is taller than what is left of a page, Chromium
    draws no rules on the page it fills, and its text is not read as rows.)"""
    make, missing = PRODUCERS[producer]
    if missing or not FONT:
        pytest.skip(missing or "needs a CJK font (fonts-noto-cjk)")
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        plan = to_plan(read_document(seed))
        word = docx.render(plan, tmp_path / f"{seed.stem}.docx")
        got = rows(make(plan, tmp_path / f"{seed.stem}.pdf"))[0]
        assert got == rows(word)[0], seed.name
