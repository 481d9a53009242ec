"""Scanned plans: the tests rasterise their own PDF (page images only, no text layer)
and read it back by OCR. Needs Tesseract with its chi_sim model, and a CJK font so
that the test PDF's text can be drawn into the images (./dev installs both with apt
where it can); skipped with the reason where they are missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from planwatch.errors import InputError
from planwatch.ingest import extract_plan
from planwatch.ingest.readers import pdf_ocr
from tests.writers import pdf
from tests.writers.spec import LEFT, H, P, Plan, T

SCAN_DPI = 300


def _cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(out.strip())


needs_ocr = pytest.mark.skipif(
    not pdf_ocr.ocr_available() or not _cjk_font(),
    reason="needs tesseract-ocr with chi_sim and a CJK font (fonts-noto-cjk)",
)

PLAN = Plan(
    [
        H("一、发展目标"),
        P("到2025年，全县规上工业增加值突破200亿元，年均增长7%左右；规上工业企业达到400家以上。"),
        T(
            caption="表1 示例县“十四五”工业发展主要指标",
            rows=[
                ["序号", "指标名称", "单位", "2020年", "2025年", "属性"],
                ["1", "规上工业增加值", "亿元", "100", "200", "预期性"],
                ["2", "规上工业企业数", "家", "300", "400以上", "预期性"],
                ["3", "研发经费投入强度", "%", "2.1", "3.0", "约束性"],
                ["4", "单位工业增加值能耗下降", "%", "完成上级下达任务", LEFT, "约束性"],
            ],
        ),
        P("到2025年，培育国家级专精特新小巨人企业5家。"),
    ],
    title="示例县“十四五”工业发展规划",
)


def scan(source: Path, out: Path, dpi: int = SCAN_DPI) -> Path:
    """An image-only PDF of `source`, as a scanner would make it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(source))
    pages = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("RGB")
             for i in range(len(doc))]  # fmt: skip
    doc.close()
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=dpi)
    return out


@needs_ocr
def test_a_scanned_plan_reads_like_its_text_pdf(tmp_path: Path) -> None:
    text_pdf = pdf.render(PLAN, tmp_path / "plan.pdf")
    scanned = extract_plan(scan(text_pdf, tmp_path / "scan.pdf"))
    original = extract_plan(text_pdf)
    assert scanned.confidence == "ocr" and any("OCR" in w for w in scanned.warnings)

    def rows(ex):  # type: ignore[no-untyped-def]
        return [(i.name, i.unit, i.baseline, i.target, i.target_qualifier, i.attribute)
                for i in ex.indicators]  # fmt: skip

    assert rows(scanned) == rows(original)
    assert scanned.indicators[0].table.endswith("工业发展主要指标")

    def prose(ex):  # type: ignore[no-untyped-def]
        return [(t.indicator, t.value, t.unit, t.year) for t in ex.prose_targets]

    assert prose(scanned) == prose(original)


@needs_ocr
def test_no_text_layer_without_ocr_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scanned = scan(pdf.render(PLAN, tmp_path / "plan.pdf"), tmp_path / "scan.pdf", dpi=100)
    monkeypatch.setattr(pdf_ocr, "ocr_available", lambda: False)
    with pytest.raises(InputError, match="install tesseract-ocr and tesseract-ocr-chi-sim"):
        extract_plan(scanned)


def test_rules_are_found_in_a_page_image() -> None:
    """A drawn grid of 3 × 2 cells with one merged pair, found without OCR."""
    import numpy as np

    page = np.full((400, 600), 255, dtype=np.uint8)
    for y in (50, 150, 250, 350):
        page[y : y + 3, 50:551] = 0
    for x in (50, 250, 550):
        page[50:353, x : x + 3] = 0
    page[150:353, 400:403] = 0  # the first row spans the two right-hand columns
    grids = pdf_ocr.find_grids(pdf_ocr.find_rules(page))
    assert len(grids) == 1
    grid = grids[0]
    assert [round(x / 10) for x in grid.xs] == [5, 25, 40, 55]
    assert len(grid.ys) == 4
    cells = pdf_ocr.merges(grid)
    table = pdf_ocr._table(grid, cells, {(0, 1): "合并"}, page=1)
    assert [(c.colspan, c.text) for c in table.rows[0] if not c.merged] == [(1, ""), (2, "合并")]
    assert [c.colspan for c in table.rows[1]] == [1, 1, 1]
    assert pdf_ocr.cell_crops(page, grid, cells) == []  # no ink in any cell


@needs_ocr
def test_a_scanned_decomposition_table_keeps_its_structure(tmp_path: Path) -> None:
    """Indicators as column groups over years, scanned: the grid, the header groups and
    the numbers come back; the OCR model may still misread rare place names (see
    docs/ingest.md), so subjects are not compared here."""
    from tests.test_decomposition import GROUPS

    text_pdf = pdf.render(Plan([P("示例县“十四五”工业发展规划"), GROUPS]), tmp_path / "g.pdf")
    scanned = extract_plan(scan(text_pdf, tmp_path / "scan.pdf"))
    original = extract_plan(text_pdf)

    def rows(ex):  # type: ignore[no-untyped-def]
        return sorted((i.name, i.baseline, i.baseline_year, i.target, i.target_year)
                      for i in ex.indicators)  # fmt: skip

    got, want = rows(scanned), rows(original)
    assert len(want) == 9
    assert len(set(got) & set(want)) >= 0.7 * len(want)
    assert {i.name for i in scanned.indicators} == {"规上工业总产值", "规上企业数", "亩均税收"}


def test_two_tables_of_one_width_are_two_grids() -> None:
    """A page with one table above another over the same width: the gap between them
    has no column rule, so the tables stay apart and neither takes the other's
    columns."""
    import numpy as np

    page = np.full((800, 600), 255, dtype=np.uint8)
    for y in (50, 150, 250):  # upper table: two columns
        page[y : y + 3, 50:551] = 0
    for x in (50, 300, 550):
        page[50:253, x : x + 3] = 0
    for y in (450, 550, 650):  # lower table: three columns
        page[y : y + 3, 50:551] = 0
    for x in (50, 200, 400, 550):
        page[450:653, x : x + 3] = 0
    grids = pdf_ocr.find_grids(pdf_ocr.find_rules(page))
    assert [[round(x / 10) for x in g.xs] for g in grids] == [[5, 30, 55], [5, 20, 40, 55]]
    assert [len(g.ys) for g in grids] == [3, 3]
