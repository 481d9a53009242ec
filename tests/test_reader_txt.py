"""The flattened-Word text reader: blocks, tables, merges, markers, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.errors import InputError
from planwatch.ingest import read_document
from planwatch.models import Caption, ChartData, Heading, Image, Note, Paragraph, Table
from tests.writers import txt
from tests.writers.spec import LEFT, UP, P, Plan, T


def _doc(tmp_path: Path, text: str, name: str = "plan.txt", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_document(path)


def _tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_headings_get_levels_from_their_numbering(tmp_path: Path) -> None:
    text = "前  言\n一、发展基础\n（一）主要成就\n1.规模扩大\n（1）工业总量\n二、总体要求\n"
    doc = _doc(tmp_path, text)
    heads = [(h.level, h.numbering, h.text) for h in doc.blocks if isinstance(h, Heading)]
    assert heads == [
        (1, "", "前言"),
        (1, "一、", "发展基础"),
        (2, "（一）", "主要成就"),
        (3, "1.", "规模扩大"),
        (4, "（1）", "工业总量"),
        (1, "二、", "总体要求"),
    ]


def test_numbered_line_running_into_a_sentence_is_a_paragraph(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "1.总量持续扩大。2020年全县实现产值100亿元。\n")
    assert isinstance(doc.blocks[0], Paragraph)


def test_markers_are_removed_and_kept(tmp_path: Path) -> None:
    text = (
        "[bookmark: _Toc101][bookmark: _Toc102]一、发展基础\n"
        "正文[footnoteRef:3]内容。\n[image: ]图1 布局图\n"
    )
    doc = _doc(tmp_path, text)
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].text == "发展基础"
    assert doc.blocks[1].text == "正文内容。"
    assert isinstance(doc.blocks[2], Image) and doc.blocks[2].text == "图1 布局图"
    kinds = sorted(m.kind for m in doc.markers)
    assert kinds == ["bookmark", "bookmark", "footnoteRef", "image"]
    assert {m.line for m in doc.markers if m.kind == "bookmark"} == {1}


def test_table_cells_rows_and_caption(tmp_path: Path) -> None:
    plan = Plan(
        [
            P("正文。"),
            T(
                [["序号", "项目", "数值"], ["1", "甲项目", "10"], ["2", "乙项目\n二期", "20"]],
                caption="表3 示例表",
                notes=["注：数据为测算值。"],
            ),
        ]
    )
    doc = _doc(tmp_path, txt.render(plan))
    (table,) = _tables(doc)
    assert table.caption == "表3 示例表"
    assert table.texts() == [
        ["序号", "项目", "数值"],
        ["1", "甲项目", "10"],
        ["2", "乙项目\n二期", "20"],
    ]
    assert table.notes == ["注：数据为测算值。"]
    assert any(isinstance(b, Caption) for b in doc.blocks)
    assert any(isinstance(b, Note) for b in doc.blocks)
    # Source lines: the caption is line 2, the header's first cell line 3.
    assert table.rows[0][0].line == 3
    assert table.rows[2][1].line == txt.render(plan).split("\n").index("\t乙项目") + 1


def test_merged_cells_leave_empty_or_missing_cells(tmp_path: Path) -> None:
    rows = [
        ["类别", "指标", "2020年", "2025年"],
        ["规模", "产值", "10", "20"],
        [UP, "税收", "完成上级任务", LEFT],
    ]
    doc = _doc(tmp_path, txt.render(Plan([T(rows, caption="表1 目标")])))
    (table,) = _tables(doc)
    assert table.texts()[2] == ["", "税收", "完成上级任务"]


def test_cell_continues_over_a_blank_line(tmp_path: Path) -> None:
    text = (
        "表1 主要指标\n\t类别\n\t序号\n\t指标\n\t2020年\n\t2025年\n\n"
        "\t质量\n\n效益\n\t1\n\t亩均税收\n\n（万元/亩）\n\t10\n\t20\n\n"
        "\t\n\t2\n\t产值\n\t5\n\t8\n\n\n下一段正文。\n"
    )
    doc = _doc(tmp_path, text)
    (table,) = _tables(doc)
    assert table.texts() == [
        ["类别", "序号", "指标", "2020年", "2025年"],
        ["质量\n效益", "1", "亩均税收\n（万元/亩）", "10", "20"],
        ["", "2", "产值", "5", "8"],
    ]
    assert isinstance(doc.blocks[-1], Paragraph) and doc.blocks[-1].text == "下一段正文。"


def test_row_cut_by_a_blank_line_inside_a_cell_is_glued(tmp_path: Path) -> None:
    text = (
        "重大项目表\n\t序号\n\t名称\n\t内容\n\t投资\n\t单位\n\n"
        "\t1\n\t甲\n\t第一段内容\n\n\t500\n\t经信局\n\n"
        "\t2\n\t乙\n\t内容\n\t300\n\t发改局\n\n"
    )
    (table,) = _tables(_doc(tmp_path, text))
    assert [len(r) for r in table.rows] == [5, 5, 5]
    assert table.texts()[1] == ["1", "甲", "第一段内容", "500", "经信局"]


def test_table_split_by_stray_lines_is_rejoined(tmp_path: Path) -> None:
    head = ["序号", "指标", "2020年", "2025年"]
    first = T([head, ["1", "产值", "1", "2"]], caption="表1 主要目标")
    second = T([head, ["2", "税收", "3", "4"]], caption="续表1")
    text = txt.render(Plan([first, P("- 12 -"), second, P("后文。")]))
    doc = _doc(tmp_path, text)
    (table,) = _tables(doc)
    assert table.texts() == [head, ["1", "产值", "1", "2"], ["2", "税收", "3", "4"]]
    assert [c.row for c in table.rows[2]] == [2, 2, 2, 2]


def test_separate_tables_with_own_captions_stay_apart(tmp_path: Path) -> None:
    a = T([["序号", "名称"], ["1", "甲"]], caption="表1 名单")
    b = T([["序号", "名称"], ["1", "乙"]], caption="表2 名单")
    assert len(_tables(_doc(tmp_path, txt.render(Plan([a, b]))))) == 2


def test_embedded_chart_data_is_not_a_table(tmp_path: Path) -> None:
    text = (
        "正文。\n _9876543210.xls\nChart1\n\n\t\t2018\t\t2019\n\n\t\t增加值\t\t12.5\t\t13.1\n\n"
        "比重\n\n0.35\n\n"
    )
    doc = _doc(tmp_path, text)
    assert not _tables(doc)
    (chart,) = [b for b in doc.blocks if isinstance(b, ChartData)]
    assert ["增加值", "12.5", "13.1"] in chart.rows


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = "示例县工业发展“十四五”规划\n一、发展基础\n全县规上工业产值达到100亿元。\n"
    doc = _doc(tmp_path, text, encoding=encoding)
    assert doc.blocks[0].text == "示例县工业发展“十四五”规划"
    assert isinstance(doc.blocks[1], Heading)


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "le.txt"
    path.write_bytes("一、发展基础\n正文。\n".encode("utf-16-le"))
    assert isinstance(read_document(path).blocks[0], Heading)


def test_full_width_text_is_kept_as_written(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "目标值为１２３．５（２０１９）。\n")
    assert doc.blocks[0].text == "目标值为１２３．５（２０１９）。"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02\x03" * 50, "binary"), (b"   \n\n  ", "no text")],
)
def test_bad_text_files_name_file_and_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(path) in str(err.value) and reason in str(err.value)
