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
