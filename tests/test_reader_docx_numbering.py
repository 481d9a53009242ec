"""Word's automatic list numbers read as text (`docx_numbering`): 第一章 from a
heading style linked to a multilevel list, 一、 and （一） from numbered
paragraphs, 序号 cells from a numbered column, restarts and formats."""

from __future__ import annotations

from pathlib import Path

import docx as python_docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from planwatch.ingest import read_document
from planwatch.ingest.readers.docx_numbering import chinese
from planwatch.ingest.text import clean
from planwatch.models import Heading, Paragraph, Table

# One multilevel list as Chinese plans number their outline.
LEVELS = [("第%1章", "chineseCounting"), ("%2、", "chineseCounting"),
          ("（%3）", "chineseCounting"), ("%4.", "decimal")]  # fmt: skip
OUTLINE, SEQ, BULLETS = "801", "802", "803"


def _lvl(ilvl: int, text: str, fmt: str, suff: str = "space") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/></w:lvl>'
    )


def _define(doc: DocxDocument) -> None:
    numbering = doc.part.numbering_part.element
    outline = "".join(_lvl(i, t, f) for i, (t, f) in enumerate(LEVELS))
    lists = [
        (OUTLINE, outline),
        (SEQ, _lvl(0, "%1", "decimal", "nothing")),
        (BULLETS, _lvl(0, "\u2022", "bullet")),
    ]
    for num_id, levels in lists:
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{levels}</w:abstractNum>'
        )
        numbering.insert(0, abstract)
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{num_id}"/></w:num>'
            )
        )
    # Heading 1 is linked to the outline list's first level, as Word's multilevel lists do.
    style = doc.styles["Heading 1"].element
    p_pr = style.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{OUTLINE}"/></w:numPr>'))


def _number(paragraph, num_id: str, ilvl: int) -> None:  # type: ignore[no-untyped-def]
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def _plan(tmp_path: Path) -> Path:
    doc = python_docx.Document()
    _define(doc)
    doc.add_paragraph("发展基础", style="Heading 1")
    _number(doc.add_paragraph("发展成就"), OUTLINE, 1)
    _number(doc.add_paragraph("产业规模"), OUTLINE, 2)
    doc.add_paragraph("全县规上工业增加值达到80亿元。")
    _number(doc.add_paragraph("产业结构"), OUTLINE, 2)
    _number(doc.add_paragraph("存在问题"), OUTLINE, 1)
    _number(doc.add_paragraph("要素保障不足。"), BULLETS, 0)
    doc.add_paragraph("总体要求", style="Heading 1")
    _number(doc.add_paragraph("指导思想"), OUTLINE, 1)
    doc.add_paragraph("表1 主要指标")
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for r, (seq, name) in enumerate([("序号", "指标"), ("", "规上工业增加值"), ("", "亩均税收")]):
        table.cell(r, 0).text, table.cell(r, 1).text = seq, name
        if r:
            _number(table.cell(r, 0).paragraphs[0], SEQ, 0)
    path = tmp_path / "numbered.docx"
    doc.save(str(path))
    return path


def test_list_numbers_become_the_headings_numbering(tmp_path: Path) -> None:
    doc = read_document(_plan(tmp_path))
    heads = [(h.level, h.numbering, h.text) for h in doc.blocks if isinstance(h, Heading)]
    assert [(n, t) for _, n, t in heads] == [
        ("第一章", "发展基础"),
        ("一、", "发展成就"),
        ("（一）", "产业规模"),
        ("（二）", "产业结构"),
        ("二、", "存在问题"),
        ("第二章", "总体要求"),
        ("一、", "指导思想"),  # a higher level restarts the lower ones
    ]
    assert [lvl for lvl, _, _ in heads] == [1, 2, 3, 3, 2, 1, 2]
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "要素保障不足。" in texts  # a bullet adds no text


def test_numbered_cells_get_their_numbers(tmp_path: Path) -> None:
    doc = read_document(_plan(tmp_path))
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [[clean(c.text) for c in row] for row in table.rows] == [
        ["序号", "指标"],
        ["1", "规上工业增加值"],
        ["2", "亩均税收"],
    ]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (35, "三十五"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (999, "九百九十九"),
    ],
)
def test_chinese_counting(n: int, text: str) -> None:
    assert chinese(n) == text


def test_a_document_without_numbering_reads_as_before(tmp_path: Path) -> None:
    doc = python_docx.Document()
    doc.add_paragraph("一、发展基础")
    path = tmp_path / "plain.docx"
    doc.save(str(path))
    (head,) = [b for b in read_document(path).blocks if isinstance(b, Heading)]
    assert (head.numbering, head.text) == ("一、", "发展基础")
