"""The Word reader: block order, outline, full-grid tables, captions, notes, bad files."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx as python_docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from planwatch.errors import InputError
from planwatch.ingest import read_document
from planwatch.models import Caption, Document, Heading, Image, Note, Paragraph, Table
from tests.writers import docx, txt
from tests.writers.spec import LEFT, UP, H, P, Plan, T


def _read(tmp_path: Path, plan: Plan, name: str = "plan.docx") -> Document:
    return read_document(docx.render(plan, tmp_path / name))


def _read_doc(tmp_path: Path, doc, name: str = "built.docx") -> Document:
    path = tmp_path / name
    doc.save(str(path))
    return read_document(path)


def _tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def _heads(doc: Document) -> list[tuple[int, str, str]]:
    return [(h.level, h.numbering, h.text) for h in doc.blocks if isinstance(h, Heading)]


def _png() -> bytes:
    """A 1×1 white PNG, enough for Word to hold a picture."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_blocks_keep_body_order_and_format(tmp_path: Path) -> None:
    table = T([["序号", "名称"], ["1", "甲"]], caption="表1 名单")
    doc = _read(tmp_path, Plan([P("第一段。"), table, P("第二段。")], title="示例县规划"))
    assert doc.format == "docx" and doc.name == "plan" and doc.encoding is None
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["paragraph", "paragraph", "caption", "table", "paragraph"]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [
        "示例县规划",
        "第一段。",
        "第二段。",
    ]
    # a paragraph's line is its ordinal among the paragraphs (cells' paragraphs counted)
    lines = [b.source.line for b in doc.blocks if not isinstance(b, Table)]
    assert all(isinstance(n, int) for n in lines) and lines == sorted(lines)


def test_numbered_text_gets_the_same_levels_as_in_text_files(tmp_path: Path) -> None:
    lines = [
        "前  言",
        "一、发展基础",
        "（一）主要成就",
        "1.规模扩大",
        "（1）工业总量",
        "二、总体要求",
    ]
    plan = Plan([P(x) for x in lines])
    from_docx = _heads(_read(tmp_path, plan))
    from_txt = _heads(read_document(txt.write(plan, tmp_path / "plan.txt")))
    assert (
        from_docx
        == from_txt
        == [
            (1, "", "前言"),
            (1, "一、", "发展基础"),
            (2, "（一）", "主要成就"),
            (3, "1.", "规模扩大"),
            (4, "（1）", "工业总量"),
            (1, "二、", "总体要求"),
        ]
    )


def test_heading_styles_give_levels_and_place_numbered_text_below(tmp_path: Path) -> None:
    plan = Plan(
        [
            H("前言", 1),
            H("第一章 发展基础", 1),
            H("第一节 主要成就", 2),
            P("一、规模扩大"),
            P("（一）工业总量"),
            H("第二章 总体要求", 1),
            P("二、基本原则"),
            P("1.规模总量持续扩大。2020年产值100亿元。"),
        ]
    )
    assert _heads(_read(tmp_path, plan)) == [
        (1, "", "前言"),
        (1, "第一章", "发展基础"),
        (2, "第一节", "主要成就"),
        (3, "一、", "规模扩大"),
        (4, "（一）", "工业总量"),
        (1, "第二章", "总体要求"),
        (3, "二、", "基本原则"),
    ]


def test_custom_style_with_an_outline_level_is_a_heading(tmp_path: Path) -> None:
    d = python_docx.Document()
    style = d.styles.add_style("一级标题", 1)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(outline)
    d.add_paragraph("发展环境", style="一级标题")
    d.add_paragraph("一、机遇")
    d.styles.add_style("toc 1", 1)
    d.add_paragraph("二、挑战", style="toc 1")
    doc = _read_doc(tmp_path, d)
    assert _heads(doc) == [(1, "", "发展环境"), (2, "一、", "机遇")]
    # A table-of-contents entry is not a heading, however it is numbered.
    assert isinstance(doc.blocks[-1], Paragraph) and doc.blocks[-1].text == "二、挑战"


def test_merged_cells_make_a_full_grid(tmp_path: Path) -> None:
    rows = [
        ["类别", "指标", "2020年", "2025年"],
        ["规模", "产值", "10", "20"],
        [UP, "税收", "完成上级任务", LEFT],
        ["合计", LEFT, "30", "40"],
    ]
    (table,) = _tables(_read(tmp_path, Plan([T(rows, caption="表1 目标")])))
    assert table.ncols == 4
    assert [len(r) for r in table.rows] == [4, 4, 4, 4]
    assert table.texts() == [
        ["类别", "指标", "2020年", "2025年"],
        ["规模", "产值", "10", "20"],
        ["", "税收", "完成上级任务", ""],
        ["合计", "", "30", "40"],
    ]
    scale, tax, total = table.rows[1][0], table.rows[2][2], table.rows[3][0]
    assert (scale.rowspan, scale.colspan, scale.merged) == (2, 1, False)
    assert (tax.rowspan, tax.colspan) == (1, 2)
    assert (total.rowspan, total.colspan) == (1, 2)
    covered = [(c.row, c.col) for r in table.rows for c in r if c.merged]
    assert covered == [(2, 0), (2, 3), (3, 1)]
    assert all(
        c.row == r and c.col == k for r, row in enumerate(table.rows) for k, c in enumerate(row)
    )


def test_cell_lines_and_source_ordinals(tmp_path: Path) -> None:
    table = T([["序号", "项目"], ["1", "甲项目\n二期"]], caption="表3 示例表")
    (t,) = _tables(_read(tmp_path, Plan([P("正文。"), table])))
    assert t.rows[1][1].text == "甲项目\n二期"
    lines = [c.line for r in t.rows for c in r]
    assert all(isinstance(x, int) for x in lines)
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    # 正文 is paragraph 1, the caption 2, so the first cell is paragraph 3.
    assert lines[0] == 3


def test_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    d = python_docx.Document()
    outer = d.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "名称", "内容"
    outer.cell(1, 0).text = "甲项目"
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    for r, row in enumerate([["厂房", "2万平方米"], ["设备", "100台"]]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    (table,) = _tables(_read_doc(tmp_path, d))
    assert table.rows[1][1].text == "厂房 2万平方米\n设备 100台"


def test_caption_and_notes_attach_to_the_table(tmp_path: Path) -> None:
    table = T(
        [["序号", "项目", "数值"], ["1", "甲项目", "10"]],
        caption="表3 示例表",
        notes=["注：数据为测算值。", "1.产值按现价计算。"],
    )
    doc = _read(tmp_path, Plan([P("正文。"), table]))
    (t,) = _tables(doc)
    assert t.caption == "表3 示例表"
    assert t.notes == ["注：数据为测算值。", "1.产值按现价计算。"]
    assert isinstance(doc.blocks[1], Caption) and isinstance(doc.blocks[3], Note)


def test_long_paragraph_above_a_table_is_not_its_caption(tmp_path: Path) -> None:
    text = "全县坚持创新驱动发展战略，产业规模不断扩大，主要指标如下。"
    doc = _read(tmp_path, Plan([P(text), T([["序号", "名称"], ["1", "甲"]])]))
    (t,) = _tables(doc)
    assert t.caption is None and isinstance(doc.blocks[0], Paragraph)


def test_styled_heading_above_a_table_stays_a_heading(tmp_path: Path) -> None:
    doc = _read(tmp_path, Plan([H("（三）发展目标", 2), T([["指标", "2025年"], ["产值", "2"]])]))
    assert isinstance(doc.blocks[0], Heading) and _tables(doc)[0].caption is None


def test_images_become_image_blocks(tmp_path: Path) -> None:
    d = python_docx.Document()
    d.add_paragraph("正文。")
    d.add_picture(io.BytesIO(_png()))
    d.add_paragraph("图1 产业布局图")
    doc = _read_doc(tmp_path, d)
    assert [b.kind for b in doc.blocks] == ["paragraph", "image", "paragraph"]
    assert isinstance(doc.blocks[1], Image) and doc.blocks[1].text == ""


def test_tracked_insertions_count_and_deletions_do_not(tmp_path: Path) -> None:
    d = python_docx.Document()
    p = d.add_paragraph("产值达到")
    ins, dele = OxmlElement("w:ins"), OxmlElement("w:del")
    for el, tag, text in ((ins, "w:t", "120亿元"), (dele, "w:delText", "100亿元")):
        el.set(qn("w:id"), "1")
        el.set(qn("w:author"), "审校")
        run, t = OxmlElement("w:r"), OxmlElement(tag)
        t.text = text
        run.append(t)
        el.append(run)
        p._p.append(el)
    doc = _read_doc(tmp_path, d)
    assert doc.blocks[0].text == "产值达到120亿元"
    assert any("tracked changes" in w for w in doc.warnings)


HEAD = ["序号", "指标", "2020年", "2025年"]
ROWS = [HEAD, ["1", "产值", "1", "2"], ["2", "税收", "3", "4"], ["3", "投资", "5", "6"]]


@pytest.mark.parametrize(
    ("between", "repeat"),
    [(None, False), ("- 12 -", False), (None, True), ("续表1", True)],
)
def test_table_split_in_two_word_tables_is_rejoined(
    tmp_path: Path, between: str | None, repeat: bool
) -> None:
    plan = Plan([T(ROWS, caption="表1 主要目标"), P("后文。")])
    path = docx.render_split(
        plan, tmp_path / "split.docx", at=2, between=between, repeat_header=repeat
    )
    doc = read_document(path)
    (table,) = _tables(doc)
    assert table.texts() == ROWS
    assert [c.row for c in table.rows[3]] == [3, 3, 3, 3]
    assert isinstance(doc.blocks[-1], Paragraph) and doc.blocks[-1].text == "后文。"


def test_separate_tables_with_own_captions_stay_apart(tmp_path: Path) -> None:
    a = T([["序号", "名称"], ["1", "甲"]], caption="表1 名单")
    b = T([["序号", "名称"], ["1", "乙"]], caption="表2 名单")
    assert len(_tables(_read(tmp_path, Plan([a, b])))) == 2


def test_empty_rows_are_dropped_and_spans_shrink(tmp_path: Path) -> None:
    rows = [
        ["类别", "指标", "值"],
        ["规模", "产值", "1"],
        [UP, "", ""],
        [UP, "税收", "2"],
        ["", "", ""],
    ]
    (table,) = _tables(_read(tmp_path, Plan([T(rows, caption="表1 目标")])))
    assert table.texts() == [["类别", "指标", "值"], ["规模", "产值", "1"], ["", "税收", "2"]]
    assert table.rows[1][0].rowspan == 2 and table.rows[2][0].merged


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _good_bytes(tmp_path: Path) -> bytes:
    return docx.render(Plan([P("正文。")]), tmp_path / "good.docx").read_bytes()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda good: good[: len(good) // 2], "damaged or truncated zip"),
        (lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old .doc format"),
        (lambda good: _zip({"readme.txt": b"hello"}), "no word/document.xml"),
        (lambda good: b"plain words, not a zip at all" * 10, "damaged or truncated zip"),
        (lambda good: b"%PDF-1.7\n" + b"\x00" * 100, "rename it to .pdf"),
    ],
)
def test_bad_word_files_name_file_and_reason(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(make(_good_bytes(tmp_path)))
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(path) in str(err.value) and reason in str(err.value)


def test_damaged_xml_inside_is_an_input_error(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(_good_bytes(tmp_path))) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    entries["word/document.xml"] = entries["word/document.xml"][:200]
    path = tmp_path / "bad.docx"
    path.write_bytes(_zip(entries))
    with pytest.raises(InputError, match="damaged XML"):
        read_document(path)


def test_macro_enabled_file_is_an_input_error(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(_good_bytes(tmp_path))) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    main = b"wordprocessingml.document.main+xml"
    macro = b"ms-word.document.macroEnabled.main+xml"
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(main, macro)
    path = tmp_path / "macro.docx"
    path.write_bytes(_zip(entries))
    with pytest.raises(InputError, match="not a Word document \\(content type"):
        read_document(path)


def test_document_without_text_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text"):
        _read(tmp_path, Plan([P("")]))
