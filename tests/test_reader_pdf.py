"""The PDF reader on plans the tests write as PDF (tests.writers.pdf).

The files look like Word plans exported to PDF: running header, "- N -" page
numbers, centred chapter headings, indented paragraphs wrapped over lines and
pages, ruled tables with merged cells, tables broken across pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from planwatch.errors import InputError
from planwatch.ingest import read_document
from planwatch.ingest.readers.pdf_layout import fix_cjk
from planwatch.ingest.text import clean
from planwatch.models import Caption, Document, Heading, Note, Paragraph, Table
from tests.writers import pdf
from tests.writers.spec import LEFT, UP, H, P, Plan, T

TITLE = "示例县“十四五”工业发展规划"
SENTENCE = "全县坚持工业强县战略，推动制造业高质量发展，规上工业增加值年均增长8.5%，结构持续优化。"

TARGETS = T(
    caption="表1 示例县“十四五”工业发展主要指标",
    rows=[
        ["类别", "序号", "指标名称", "单位", "2020年", "2025年", "属性"],
        ["规模\n效益", "1", "规上工业增加值", "亿元", "80", "120左右", "预期性"],
        [UP, "2", "规上工业亩均税收（万元/亩）", "", "18.5", "30以上", "预期性"],
        ["创新\n驱动", "3", "研发经费占营业收入比重", "%", "2.1", "3.0以上\n力争3.5以上", "预期性"],
        [UP, "4", "两化融合发展指数", "", "88.5（2019）", "100", "预期性"],
        ["绿色\n低碳", "5", "单位工业增加值能耗下降", "%", "完成上级下达任务", LEFT, "约束性"],
        [UP, "6", "单位工业增加值用水量下降", "%", "—", "—", "约束性"],
    ],
    notes=["注：增加值按可比价计算。"],
)


def _read(tmp_path: Path, plan: Plan, **opts: object) -> Document:
    return read_document(pdf.render(plan, tmp_path / "plan.pdf", **opts))


def _of(doc: Document, kind: type) -> list:
    return [b for b in doc.blocks if isinstance(b, kind)]


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_headings_and_paragraphs_in_order(tmp_path: Path) -> None:
    plan = Plan(
        [
            H("第一章 发展基础", 1),
            H("一、发展成就", 2),
            P(SENTENCE * 3),
            H("（一）产业规模", 3),
            P(SENTENCE),
            P("2020年，全县规上工业企业达到120家。"),
            H("二、面临形势", 2),
            P(SENTENCE * 2),
        ],
        title=TITLE,
    )
    doc = _read(tmp_path, plan)
    assert doc.format == "pdf" and doc.confidence == "low"
    assert len(doc.warnings) == 1 and "reconstructed" in doc.warnings[0]
    heads = [(h.level, h.numbering, h.text) for h in _of(doc, Heading)]
    assert heads == [
        (1, "第一章", "发展基础"),
        (2, "一、", "发展成就"),
        (3, "（一）", "产业规模"),
        (2, "二、", "面临形势"),
    ]
    paras = [p.text for p in _of(doc, Paragraph)]
    assert paras == [
        TITLE,
        SENTENCE * 3,
        SENTENCE,
        "2020年，全县规上工业企业达到120家。",
        SENTENCE * 2,
    ]
    assert all(b.source.page == 1 and b.source.line for b in doc.blocks)


def test_paragraph_wrapped_across_pages_is_one_paragraph(tmp_path: Path) -> None:
    plan = Plan([H("第一章 保障措施", 1), P(SENTENCE * 40), H("第二章 附则", 1)], title=TITLE)
    doc = _read(tmp_path, plan)
    (para,) = [p for p in _of(doc, Paragraph) if p.text != TITLE]
    assert para.text == SENTENCE * 40
    assert para.source.page == 1
    assert doc.blocks[-1].source.page == 2


def test_page_furniture_is_removed(tmp_path: Path) -> None:
    paras = [SENTENCE * (20 + 3 * k) for k in range(4)]
    doc = _read(tmp_path, Plan([P(t) for t in paras], title=TITLE))
    texts = [b.text for b in doc.blocks]
    assert max(b.source.page or 0 for b in doc.blocks) >= 3
    assert texts.count(TITLE) == 1  # the title on page 1, not the running header
    assert texts[1:] == paras
    assert not any("- " in t for t in texts)


def test_header_on_a_single_page_is_removed(tmp_path: Path) -> None:
    doc = _read(tmp_path, Plan([P("正文。")]), header="示例县人民政府办公室")
    assert [b.text for b in doc.blocks] == ["正文。"]


def test_table_with_merged_cells_caption_and_notes(tmp_path: Path) -> None:
    doc = _read(tmp_path, Plan([P("主要目标如下。"), TARGETS]))
    (table,) = _of(doc, Table)
    assert table.caption == TARGETS.caption
    assert isinstance(doc.blocks[1], Caption) and isinstance(doc.blocks[3], Note)
    assert table.notes == ["注：增加值按可比价计算。"]
    texts = _texts(table)
    assert texts[0] == ["类别", "序号", "指标名称", "单位", "2020年", "2025年", "属性"]
    # Cells wrapped by the layout are joined; the author's line break stays.
    assert texts[2][2] == "规上工业亩均税收（万元/亩）"
    assert texts[3][5] == "3.0以上\n力争3.5以上"
    assert texts[4][4] == "88.5（2019）"
    cat = table.rows[1][0]
    assert (cat.rowspan, cat.colspan, cat.page) == (2, 1, 1)
    assert table.rows[2][0].merged and table.rows[2][0].text == ""
    energy = table.rows[5][4]
    assert (energy.text, energy.colspan) == ("完成上级下达任务", 2)
    assert table.rows[5][5].merged
    assert table.ncols == 7 and all(len(r) == 7 for r in table.rows)
    assert all(c.line is not None for r in table.rows for c in r)


def test_short_sentence_above_a_table_is_not_a_caption(tmp_path: Path) -> None:
    table = T(rows=[["指标", "2020年", "2025年"], ["产值", "1", "2"]])
    doc = _read(tmp_path, Plan([P("全县工业发展情况良好，各项指标稳步增长。"), table]))
    assert _of(doc, Table)[0].caption is None
    assert not _of(doc, Caption)


def test_table_broken_across_pages_is_joined(tmp_path: Path) -> None:
    doc = _read(tmp_path, Plan([P("正文。"), TARGETS, P("结束。")]), breaks={0: 4})
    (table,) = _of(doc, Table)
    assert len(table.rows) == len(TARGETS.rows)
    assert [r[2].text for r in table.rows[3:5]] == ["研发经费占营业收入比重", "两化融合发展指数"]
    assert (table.rows[3][2].page, table.rows[4][2].page) == (1, 2)
    # 创新驱动 spans rows 3-4; the empty part on page 2 continues it.
    assert table.rows[3][0].rowspan == 2 and table.rows[4][0].merged
    assert [r.row for r in (table.rows[4][0], table.rows[5][0])] == [4, 5]
    assert table.notes == TARGETS.notes


def test_repeated_header_row_is_dropped_and_continued_line_removed(tmp_path: Path) -> None:
    plan = Plan([TARGETS, P("结束。")])
    doc = _read(tmp_path, plan, breaks={0: 3}, repeat_header=1, continued="续表1")
    (table,) = _of(doc, Table)
    assert _texts(table)[0][2] == "指标名称"
    assert [r[2].text for r in table.rows].count("指标名称") == 1
    assert len(table.rows) == len(TARGETS.rows)
    assert not any("续表" in getattr(b, "text", "") for b in doc.blocks)


def _cleaned(rows: list[list[str]]) -> list[list[str]]:
    return [["" if t in (LEFT, UP) else clean(t) for t in row] for row in rows]


@pytest.mark.parametrize("broken", [2, 3, 4])
def test_row_broken_across_pages_is_joined(tmp_path: Path, broken: int) -> None:
    """Word and LibreOffice break a row that does not fit at the bottom of a page: its
    cells go on at the top of the next one, the short ones left empty there."""
    plan = Plan([P("正文。"), TARGETS, P("结束。")])
    doc = _read(tmp_path, plan, breaks={0: broken + 1}, split_row=1)
    (table,) = _of(doc, Table)
    assert _cleaned(_texts(table)) == _cleaned(TARGETS.rows)
    assert table.rows[broken][1].page == 2 and table.rows[broken + 1][1].page == 3
    if broken == 3:  # a line break the author wrote stays; the category goes on
        assert table.rows[3][5].text == "3.0以上\n力争3.5以上"


@pytest.mark.parametrize("open_cut", ["foot", "head", "both"])
def test_row_cut_by_the_page_without_a_rule_is_joined(tmp_path: Path, open_cut: str) -> None:
    """Chromium draws no rule under the half of a row that the page break cuts: the
    half is text under the table, not a cell; the rest on the next page is closed or,
    as another producer may draw it, open above. The halves still make the row."""
    rows = [
        ["序号", "指标名称", "单位", "2020年", "2025年", "属性"],
        ["1", "规上工业增加值", "亿元", "80", "120左右", "预期性"],
        ["2", "研发经费支出占营业收入比重", "%", "2.1", "3.0以上\n力争3.5以上", "预期性"],
        ["3", "两化融合发展指数", "", "88.5", "100", "预期性"],
    ]
    plan = Plan([P("正文。"), T(rows=rows, caption="表1 主要指标"), P("结束。")])
    doc = _read(tmp_path, plan, breaks={0: 3}, split_row=1, open_cut=open_cut)
    (table,) = _of(doc, Table)
    assert _cleaned(_texts(table)) == _cleaned(rows)
    assert table.rows[2][4].text == "3.0以上\n力争3.5以上"
    assert [b.text for b in _of(doc, Paragraph)] == ["正文。", "结束。"]


@pytest.mark.parametrize("where", ["under", "above"])
def test_a_note_between_tables_on_two_pages_is_no_cut_row(tmp_path: Path, where: str) -> None:
    """A short line between a table at the foot of one page and a table of the same
    columns at the head of the next fits their columns as half a row would; worded as
    a note (or a caption, 续表, a unit line) it stays what it is."""
    rows = [["指标名称", "单位", "2020年", "2025年"],
            ["规上工业增加值", "亿元", "80", "120"],
            ["规上工业企业数", "家", "300", "400"]]  # fmt: skip
    first, second = (
        T(rows=rows, caption="表1 主要指标"),
        T(rows=[rows[0], ["规上工业总产值", "亿元", "500", "800"]]),
    )
    if where == "under":  # the note on the first page, the second table on the next
        plan = Plan([P("正文。"), first, P("注：同比。"), second])
        doc = _read(tmp_path, plan, breaks={1: 0})
    else:  # the note after the page break, above the second table
        first.notes = ["注：同比。"]
        plan = Plan([P("正文。"), first, second])
        doc = _read(tmp_path, plan, breaks={0: len(rows)})
    tables = _of(doc, Table)
    assert [len(t.rows) for t in tables] in ([3, 2], [4])  # kept apart, or joined as one
    texts = [getattr(b, "text", "") for b in doc.blocks]
    assert "注：同比。" in [*texts, *(n for t in tables for n in t.notes)]
    assert not any("注" in c.text for t in tables for row in t.rows for c in row)


def test_row_of_long_texts_broken_across_pages_is_joined(tmp_path: Path) -> None:
    reason = "根据省市关于推进制造业高质量发展的实施意见和相关工作部署要求"
    rows = [
        ["序号", "改革事项", "依据和理由", "具体举措", "牵头单位"],
        ["1", reason, reason, reason * 2, "经信局、发改局、科技局、商务局、财政局、人社局"],
        ["2", "数字化改革", "浙江省数字经济系统建设方案", "建设数字经济系统", "经信局"],
    ]
    doc = _read(tmp_path, Plan([T(rows=rows, caption="表5 改革任务")]), breaks={0: 2}, split_row=2)
    (table,) = _of(doc, Table)
    # four of the row's five cells go on: joined because each goes on mid-line
    assert _cleaned(_texts(table)) == _cleaned(rows)


THREE_LINE = T(
    caption="表2 示例县工业发展主要指标",
    rows=[
        ["序号", "指标名称", "单位", "2020年", "2025年", "属性"],
        ["1", "规模以上工业增加值年均增长速度", "%", "6.5", "8左右", "预期性"],
        ["2", "规上工业亩均税收", "万元/亩", "18.5", "30以上", "预期性"],
        ["3", "研发经费支出占营业收入比重", "%", "2.1", "3.0以上\n力争3.5", "预期性"],
        ["4", "单位工业增加值能耗下降", "%", "—", "完成上级下达任务", "约束性"],
    ],
    notes=["注：增加值按可比价计算。"],
)


@pytest.mark.parametrize("rules", ["three_line", "columns"])
def test_table_without_rules_between_rows_is_a_table(tmp_path: Path, rules: str) -> None:
    """A 三线表 (rules above, under the header, below; no others), or a table with lines
    between its columns only, is read row by row: wrapped cells joined, a line break
    the author wrote kept, caption and notes found."""
    plan = Plan([P(SENTENCE), THREE_LINE, P(SENTENCE)])
    doc = _read(tmp_path, plan, rules=rules)
    (table,) = _of(doc, Table)
    assert _texts(table) == THREE_LINE.rows
    assert table.caption == THREE_LINE.caption and table.notes == THREE_LINE.notes
    assert not _of(doc, Heading)  # a 序号 is no heading number
    assert [b.text for b in _of(doc, Paragraph)] == [SENTENCE, SENTENCE]


def test_paragraphs_between_rules_are_not_a_table(tmp_path: Path) -> None:
    """Two three-line tables of one width with text between them stay two tables,
    and the text between them stays text."""
    plan = Plan([THREE_LINE, P(SENTENCE * 2), THREE_LINE])
    doc = _read(tmp_path, plan, rules="three_line")
    assert [len(t.rows) for t in _of(doc, Table)] == [5, 5]
    assert [clean(b.text) for b in _of(doc, Paragraph)] == [SENTENCE * 2]


def test_rules_of_the_page_make_no_table(tmp_path: Path) -> None:
    """A rule under the running header and one above the page number frame every page:
    neither the text nor a ruled table between them becomes a 三线表."""
    plan = Plan([H("第一章 发展基础", 1), P(SENTENCE * 3), TARGETS])
    doc = _read(tmp_path, plan, page_rules=True, breaks={0: 4})  # page 2: the table only
    (table,) = _of(doc, Table)
    assert _cleaned(_texts(table))[-1] == _cleaned(TARGETS.rows)[-1]
    assert len(table.rows) == len(TARGETS.rows)
    assert table.notes == TARGETS.notes
    assert [clean(b.text) for b in _of(doc, Paragraph)] == [SENTENCE * 3]


def test_three_line_table_over_several_pages_is_one_table(tmp_path: Path) -> None:
    """Word draws a 三线表's rules at its top and bottom only: the pages between have
    none, and the table is carried over them."""
    rows = [["序号", "项目名称", "建设内容", "总投资（亿元）"]]
    rows += [[str(i), f"示例项目{i}", "新建厂房" * (2 + i % 3), f"{i}.5"] for i in range(70)]
    plan = Plan([P(SENTENCE), T(rows=rows, caption="表3 重点项目表"), P(SENTENCE)])
    doc = _read(tmp_path, plan, rules="three_line")
    (table,) = _of(doc, Table)
    assert _cleaned(_texts(table)) == _cleaned(rows)
    assert table.rows[-1][0].page is not None and table.rows[-1][0].page >= 3
    assert [clean(b.text) for b in _of(doc, Paragraph)] == [SENTENCE, SENTENCE]


def test_long_table_split_by_the_layout(tmp_path: Path) -> None:
    rows = [["序号", "项目名称", "建设内容", "总投资（亿元）"]]
    rows += [
        [str(i), f"示例项目{i}", "新建厂房及生产线" * (1 + i % 3), f"{i}.5"] for i in range(60)
    ]
    doc = _read(tmp_path, Plan([T(rows=rows, caption="表3 重点项目表")]), repeat_header=1)
    (table,) = _of(doc, Table)
    assert _texts(table) == rows
    assert table.rows[-1][0].page is not None and table.rows[-1][0].page > 1


def test_different_table_on_next_page_is_not_joined(tmp_path: Path) -> None:
    other = T(rows=[["地区", "产值"], ["甲县", "1"]])
    doc = _read(tmp_path, Plan([TARGETS, other]), breaks={0: len(TARGETS.rows)})
    assert [len(t.rows) for t in _of(doc, Table)] == [len(TARGETS.rows), 2]


def test_contents_entries_are_not_headings(tmp_path: Path) -> None:
    plan = Plan([P("第一章 发展基础……………………1"), H("第一章 发展基础", 1)])
    doc = _read(tmp_path, plan)
    assert [type(b) for b in doc.blocks] == [Paragraph, Heading]


def test_kangxi_radicals_are_read_as_usual_characters() -> None:
    assert fix_cjk("规上⼯业⽣产") == "规上工业生产"
    assert fix_cjk("年均增⻓7%，⻋⻔") == "年均增长7%，车门"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        ("encrypted", "password-protected PDF"),
        ("no_text", "no text layer"),  # OCR found nothing, or is not installed
        ("truncated", "damaged or truncated PDF"),
        ("not_pdf", "not a PDF"),
    ],
)
def test_bad_pdfs_raise_input_error(tmp_path: Path, make: str, reason: str) -> None:
    path = tmp_path / f"{make}.pdf"
    if make == "encrypted":
        c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret"))
        c.drawString(72, 700, "plan")
        c.save()
    elif make == "no_text":
        c = canvas.Canvas(str(path))
        c.rect(100, 100, 200, 200)
        c.save()
    elif make == "truncated":
        full = pdf.render(Plan([P(SENTENCE)]), tmp_path / "full.pdf").read_bytes()
        path.write_bytes(full[: len(full) // 2])
    else:
        path.write_text("一、发展基础\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert reason in err.value.reason


def test_footnotes_leave_the_text_flow(tmp_path: Path) -> None:
    path = tmp_path / "foot.pdf"
    c = canvas.Canvas(str(path))
    c.setFont(pdf.FONT, 12)
    c.drawString(72, 700, "一、发展基础")
    c.drawString(96, 680, "全县工业总产值达到100亿元。")
    c.setFont(pdf.FONT, 9)
    c.drawString(72, 90, "1 数据来源：示例县统计局。")
    c.save()
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == ["发展基础", "全县工业总产值达到100亿元。"]
    assert [(m.kind, m.value) for m in doc.markers] == [("footnote", "1 数据来源：示例县统计局。")]


def test_text_drawn_twice_is_read_once() -> None:
    from planwatch.ingest.readers.pdf_layout import dedupe_chars

    def ch(text: str, x0: float, top: float) -> dict[str, object]:
        return {"text": text, "fontname": "STSong", "x0": x0, "top": top}

    chars = [ch("规", 10, 20), ch("规", 10.2, 20.1), ch("上", 22, 20), ch("规", 40, 20)]
    assert [c["x0"] for c in dedupe_chars(chars)] == [10, 22, 40]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("成“居家+休闲”产业链", "成“居"),  # an opening mark does not end a line
        ("“数智杭州”", "“数"),
        ("家、50亿企业", "家、"),
        ("2025年培育", "2025"),
        ("（4）创新能力", "（4）"),
    ],
)
def test_first_word_is_what_cannot_be_split_from_the_line_start(text: str, lead: str) -> None:
    """A line is wrapped when its next line's first word would not have fitted: that
    word runs to where Word and LibreOffice may break."""
    from planwatch.ingest.readers.pdf_layout import group_lines

    chars = [
        {"text": t, "x0": 10.0 * i, "x1": 10.0 * i + 10, "top": 0.0, "bottom": 10.0, "size": 10.0}
        for i, t in enumerate(text)
    ]
    (line,) = group_lines(chars, 1)
    assert line.lead == pytest.approx(10.0 * len(lead))


def _indicator_rows(path: Path) -> list[tuple]:
    from planwatch.ingest import extract_plan

    return [(i.subject, i.name, i.unit, i.baseline, i.target, i.target_text, i.attribute)
            for i in extract_plan(path).indicators]  # fmt: skip


@pytest.mark.parametrize("which", ["targets", "groups"])
def test_a_table_set_in_columns_without_rules_reads_as_the_ruled_one(
    tmp_path: Path, which: str
) -> None:
    """Borders turned off: the columns come from the gaps no line's words cross; a cell
    over two columns (完成上级下达任务, a group header) spans them."""
    from tests.test_decomposition import GROUPS
    from tests.test_reader_ocr import PLAN

    plan = PLAN if which == "targets" else Plan([P("示例县“十四五”工业发展规划"), GROUPS])
    ruled = _indicator_rows(pdf.render(plan, tmp_path / "ruled.pdf"))
    bare = pdf.render(plan, tmp_path / "bare.pdf", rules="none")
    assert _indicator_rows(bare) == ruled and ruled
    table = next(b for b in read_document(bare).blocks if isinstance(b, Table))
    assert table.caption and table.caption.startswith("表")


def test_text_without_columns_and_tangled_tables_stay_text(tmp_path: Path) -> None:
    """Running text with numbers is no table; a table whose cells are centred over several
    lines cannot be cut into rows without its rules, and is left as text rather than
    read wrong: whatever is extracted from it is what the ruled table gives."""
    from tests.test_indicators import MAIN

    sentence = "到2025年，规上工业增加值达到200亿元，规上企业达到400家，亩均税收30万元。"
    prose = Plan([P(sentence)] * 4)
    assert not any(isinstance(b, Table) for b in _read(tmp_path, prose).blocks)
    plan = Plan([P("正文。"), MAIN])
    ruled = set(_indicator_rows(pdf.render(plan, tmp_path / "ruled.pdf")))
    bare = _indicator_rows(pdf.render(plan, tmp_path / "bare.pdf", rules="none"))
    assert set(bare) <= ruled
