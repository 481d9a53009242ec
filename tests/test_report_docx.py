"""The Word and PDF report writers and the charts they draw.

A small report with every kind of block is written and read back: Word's heading
styles in order, real tables with repeated headers and toned cells, one picture
per chart, numbered captions. Charts are drawn with every Chinese glyph present
(a missing glyph is an error here). LibreOffice opens the .docx and exports a PDF
whose first page is kept as an artefact to look at.
"""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn

from planwatch import office
from planwatch.errors import InputError
from planwatch.models.report import (
    Bullets,
    Cell,
    Chart,
    Column,
    Paragraph,
    Report,
    Section,
    Series,
    Table,
)
from planwatch.report import charts, docx_writer, pdf_writer, tones

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = ROOT / ".test-artifacts"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

needs_font = pytest.mark.skipif(
    charts.cjk_font() is None, reason="no CJK font installed (Debian: fonts-noto-cjk)"
)
needs_office = pytest.mark.skipif(
    office.soffice() is None, reason="needs LibreOffice (Debian: libreoffice-writer-nogui)"
)


def _status_table() -> Table:
    rows = [
        ("地区生产总值（亿元）", 1234.5, "1,234.50", 0.62, "62.0%", "on_track", "进度正常"),
        ("研发经费投入强度（%）", 2.1, "2.10", 0.31, "31.0%", "seriously_behind", "严重滞后"),
        ("单位GDP能耗下降（%）", 14.0, "14.00", 1.0, "100.0%", "achieved", "已完成"),
    ]
    return Table(
        key="indicators",
        caption="主要指标完成情况",
        columns=[
            Column(label="指标", width=24),
            Column(label="2024年实际值", kind="number"),
            Column(label="任务进度", kind="percent"),
            Column(label="完成状态"),
        ],
        rows=[
            [
                Cell(value=name, text=name),
                Cell(value=value, text=value_text),
                Cell(value=share, text=share_text),
                Cell(value=status, text=status, tone=tone),
            ]
            for name, value, value_text, share, share_text, tone, status in rows
        ],
        notes=["注：任务进度为截至2024年底完成量占规划期目标增量的比重。"],
    )


def _lines() -> Chart:
    return Chart(
        key="gdp",
        caption="地区生产总值与规划路径",
        kind="lines",
        categories=[str(year) for year in range(2020, 2026)],
        unit="亿元",
        series=[
            Series(name="实际值", values=[1000, 1080, None, 1190, 1234.5, None]),
            Series(name="规划路径", values=[1000, 1070, 1145, 1225, 1311, 1403], style="dashed"),
            Series(name="目标值", values=[None, None, None, None, None, 1403], style="point"),
        ],
    )


def _hbars() -> Chart:
    return Chart(
        key="progress",
        caption="各指标任务进度",
        kind="hbars",
        categories=["地区生产总值", "研发经费投入强度", "单位GDP能耗下降"],
        series=[Series(name="任务进度", values=[0.62, 0.31, 1.0])],
        percent=True,
        marker=0.6,
        marker_label="时间进度",
        tones=["on_track", "seriously_behind", "achieved"],
    )


def _pie() -> Chart:
    statuses = ["achieved", "on_track", "behind", "seriously_behind"]
    return Chart(
        key="statuses",
        caption="指标完成状态分布",
        kind="pie",
        categories=["已完成", "进度正常", "滞后", "严重滞后"],
        series=[Series(name="指标数", values=[4, 9, 3, 2])],
        tones=statuses,
    )


def _bars() -> Chart:
    return Chart(
        key="regions",
        caption="各区县工业增加值",
        kind="bars",
        categories=["东城区", "西城区", "朝阳区"],
        unit="亿元",
        series=[
            Series(name="2023年", values=[12.5, -3.0, 20]),
            Series(name="2024年", values=[14, 5, None]),
        ],
    )


def _report(lang: str = "zh") -> Report:
    return Report(
        title="某市“十四五”工业发展规划中期评估报告",
        subtitle="（征求意见稿）",
        lang=lang,  # type: ignore[arg-type]
        facts=["评估对象：某市工业发展规划（2021—2025年）", "数据截至：2024年12月"],
        sections=[
            Section(
                heading="一、总体进展",
                blocks=[
                    Paragraph(text="规划实施以来，全市工业经济稳中有进，主要指标总体符合预期。"),
                    Bullets(items=["地区生产总值进度正常。", "研发投入强度严重滞后。"]),
                ],
            ),
            Section(
                heading="（一）主要指标",
                level=2,
                blocks=[_status_table(), _lines(), _hbars()],
            ),
            Section(
                heading="二、存在的问题",
                blocks=[_pie(), Paragraph(text="创新投入仍显不足。")],
            ),
        ],
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.docx"
    docx_writer.write(_report(), path)
    return path


def _text(paragraphs: list) -> list[str]:  # type: ignore[type-arg]
    return [p.text for p in paragraphs]


def test_headings_in_order_with_word_heading_styles(written: Path) -> None:
    doc = docx.Document(str(written))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    assert headings == [
        ("Heading 1", "一、总体进展"),
        ("Heading 2", "（一）主要指标"),
        ("Heading 1", "二、存在的问题"),
    ]
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.paragraphs[0].text == "某市“十四五”工业发展规划中期评估报告"
    texts = _text(doc.paragraphs)
    assert "数据截至：2024年12月" in texts
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["地区生产总值进度正常。", "研发投入强度严重滞后。"]


def test_fonts_name_chinese_faces_and_the_page_is_a4(written: Path) -> None:
    doc = docx.Document(str(written))
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"
    assert doc.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert normal.get(qn("w:asciiTheme")) is None
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 2.5
    body = next(p for p in doc.paragraphs if p.text.startswith("规划实施以来"))
    assert body._p.pPr.ind.get(qn("w:firstLineChars")) == "200"


def test_table_is_a_real_word_table_with_a_repeated_header(written: Path) -> None:
    doc = docx.Document(str(written))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    source = _status_table()
    assert [c.text for c in table.rows[0].cells] == [c.label for c in source.columns]
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert body == [[c.text for c in row] for row in source.rows]
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    header = table.rows[0].cells[0]
    assert header.paragraphs[0].runs[0].bold
    # 严重滞后 is shaded with its tone, white on red; numbers are right-aligned.
    behind = table.rows[2].cells[3]
    shade = behind._tc.tcPr.find(qn("w:shd"))
    assert shade.get(qn("w:fill")) == tones.fill("seriously_behind").lstrip("#").upper()
    assert str(behind.paragraphs[0].runs[0].font.color.rgb) == "FFFFFF"
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # RIGHT
    # The note follows the table.
    after = doc.element.body.index(table._tbl) + 1
    assert doc.element.body[after].xpath("string(.)") == source.notes[0]


def test_captions_are_numbered_through_the_document(written: Path) -> None:
    doc = docx.Document(str(written))
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "表1 主要指标完成情况",
        "图1 地区生产总值与规划路径",
        "图2 各指标任务进度",
        "图3 指标完成状态分布",
    ]
    # The numbers are SEQ fields, so Word can list and renumber them.
    fields = [t.text for t in doc.element.body.iter(qn("w:instrText"))]
    assert fields == [" SEQ 表 \\* ARABIC "] + [" SEQ 图 \\* ARABIC "] * 3


def test_english_captions(tmp_path: Path) -> None:
    path = tmp_path / "en.docx"
    docx_writer.write(_report("en"), path)
    captions = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Caption"]
    assert captions[:2] == ["Table 1 主要指标完成情况", "Figure 1 地区生产总值与规划路径"]


@needs_font
def test_one_picture_per_chart(written: Path) -> None:
    doc = docx.Document(str(written))
    assert len(doc.inline_shapes) == len(_report().charts()) == 3
    assert all(round(shape.width.cm) == 15 for shape in doc.inline_shapes)


def test_without_a_chinese_font_charts_become_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    path = tmp_path / "nofont.docx"
    docx_writer.write(_report(), path)
    doc = docx.Document(str(path))
    assert len(doc.inline_shapes) == 0
    notes = [p for p in doc.paragraphs if "fonts-noto-cjk" in p.text]
    assert len(notes) == 3
    assert all(p.runs[0].italic for p in notes)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions[-1] == "图3 指标完成状态分布"


def test_render_png_refuses_without_a_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    with pytest.raises(charts.NoCJKFont, match="fonts-noto-cjk"):
        charts.render_png(_pie())


@needs_font
@pytest.mark.parametrize("chart", [_lines(), _bars(), _hbars(), _pie()], ids=lambda c: c.kind)
def test_every_chart_kind_renders_with_every_glyph(chart: Chart) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", charts.MissingGlyphWarning)
        warnings.filterwarnings("error", message=r"Glyph .* missing", category=UserWarning)
        png = charts.render_png(chart)
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 5_000


@needs_font
def test_a_glyph_the_font_lacks_is_a_missing_glyph_warning() -> None:
    """U+10FFFD (a private-use character) is in no font: its warning is ours."""
    chart = _pie().model_copy(update={"categories": ["\U0010fffd", "进度正常", "滞后", "严重滞后"]})
    with pytest.warns(charts.MissingGlyphWarning):
        charts.render_png(chart)


@needs_office
def test_pdf_through_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    pdf_writer.write(_report(), path)
    assert path.read_bytes().startswith(b"%PDF")
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert len(pdf) >= 1
        text = "".join(pdf[k].get_textpage().get_text_range() for k in range(len(pdf)))
        flat = re.sub(r"\s+", "", text)
        assert "工业发展规划中期评估报告" in flat
        assert "一、总体进展" in flat
        assert "表1主要指标完成情况" in flat
        ARTEFACTS.mkdir(exist_ok=True)
        page = pdf[0].render(scale=1).to_pil()
        page.save(ARTEFACTS / "report_docx_page1.png")
    finally:
        pdf.close()


def test_pdf_without_libreoffice_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "report.pdf"
    with pytest.raises(InputError, match=r"LibreOffice.*--format docx") as caught:
        pdf_writer.write(_report(), path)
    assert caught.value.path == str(path)
    from planwatch.report.writers import write_report

    with pytest.raises(InputError) as through:  # through the registry: the user's path
        write_report(_report(), path)
    assert through.value.path == str(path) and not list(tmp_path.iterdir())


def test_convert_without_libreoffice_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office, "soffice", lambda: None)
    with pytest.raises(InputError, match="libreoffice-writer-nogui"):
        office.convert(tmp_path / "a.docx", "pdf", tmp_path)


@needs_office
def test_convert_of_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    """LibreOffice exits 0 when it cannot load the source; no output is the failure."""
    source = tmp_path / "missing.docx"
    with pytest.raises(InputError, match="LibreOffice could not convert") as caught:
        office.convert(source, "pdf", tmp_path / "out")
    assert caught.value.path == str(source)


@needs_office
def test_convert_that_runs_out_of_time_is_an_input_error(written: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="did not finish"):
        office.convert(written, "pdf", tmp_path, timeout=0.05)


def _panels(n: int) -> list[Chart]:
    return [
        _lines().model_copy(update={"key": f"p{k}", "group": "主要指标走势", "title": f"指标{k}"})
        for k in range(n)
    ]


@needs_font
def test_small_multiples_render_with_every_glyph() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", charts.MissingGlyphWarning)
        png = charts.render_grid(_panels(5))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


@needs_font
def test_grouped_charts_are_one_picture_per_eight_panels(tmp_path: Path) -> None:
    report = Report(
        title="分组图表",
        sections=[Section(heading="一、走势", blocks=[*_panels(10), _pie()])],
    )
    path = tmp_path / "grid.docx"
    docx_writer.write(report, path)
    doc = docx.Document(str(path))
    assert len(doc.inline_shapes) == 3  # 8 panels, 2 panels, the pie
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == ["图1 主要指标走势", "图2 主要指标走势", "图3 " + _pie().caption]
