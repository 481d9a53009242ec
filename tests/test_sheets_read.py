"""Reading .csv sheets as Excel on Chinese Windows writes them (`sheets.read`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.errors import InputError
from planwatch.sheets import read_sheet
from planwatch.sheets.read import _size, read_bytes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_headers_in_each_encoding_with_or_without_a_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "s.csv"
    mark = "\ufeff" if encoding == "gb18030" else ""  # GB18030 writes it as 84 31 95 33
    path.write_bytes(f"{mark}指标,2023年\n规上工业增加值,12.5\n".encode(encoding))
    sheet = read_sheet(path)
    assert sheet.headers == ["指标", "2023年"]
    assert sheet.rows == [(2, ["规上工业增加值", "12.5"])]


def test_read_bytes_names_the_problem(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_bytes(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_bytes(empty)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(InputError, match="over the 1,024-byte limit"):
        read_bytes(big, max_bytes=1024)
    assert (_size(4 * 2**30), _size(100 * 2**20)) == ("4 GB", "100 MB")
    with pytest.raises(InputError, match="is a folder"):
        read_bytes(tmp_path)


def test_xlsx_cells_as_excel_shows_them(tmp_path: Path) -> None:
    """Percent cells keep their percent; a merged region's value fills the region."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["地区", "指标", "占比"])
    ws.append(["甲镇", "研发占比", 0.0235])
    ws.append([None, "技改占比", 1.5])
    ws.append(["乙镇", "数字化率", 0.5])
    ws["C2"].number_format = "0.00%"
    ws["C3"].number_format = '"约"0%'
    ws.merge_cells("A2:A3")
    path = tmp_path / "s.xlsx"
    wb.save(path)
    sheet = read_sheet(path)
    assert sheet.rows == [
        (2, ["甲镇", "研发占比", "2.35%"]),
        (3, ["甲镇", "技改占比", "150%"]),
        (4, ["乙镇", "数字化率", "0.5"]),
    ]
    assert sheet.notes == ["merged cells A2:A3: '甲镇' taken for every cell of the region"]


def test_xlsx_formulas_without_results_are_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["企业名称", "用地面积", "税收"])
    ws.append(["甲", "=2*5", "=B2*3"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match="2 formula cell") as info:
        read_sheet(path)
    assert info.value.details == [
        "cell B2: a formula without a saved result",
        "cell C2: a formula without a saved result",
    ]


def test_sheet_file_errors_have_chinese(tmp_path: Path) -> None:
    """A page shows these to bureau users: each has its Chinese text."""
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    odd = tmp_path / "表.ods"
    odd.write_bytes(b"x")
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a zip")
    said = {}
    for path in (empty, odd, broken, tmp_path / "无.csv"):
        with pytest.raises(InputError) as caught:
            read_sheet(path)
        said[path.name] = caught.value.text("zh")
    assert said == {
        "空.csv": f"{empty}：文件为空",
        "表.ods": f"{odd}：不支持的文件类型“.ods”，请使用 .xlsx 或 .csv",
        "坏.xlsx": f"{broken}：不是可读取的 .xlsx 文件（BadZipFile）",
        "无.csv": f"{tmp_path / '无.csv'}：文件不存在",
    }
