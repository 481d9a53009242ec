"""Read a table from .csv or .xlsx into header names and rows of text.

CSV arrives as UTF-8, UTF-8 with BOM (Excel's "CSV UTF-8") or GBK/GB18030
(Excel's plain "CSV" on Chinese Windows); all are accepted. Row numbers are the
file's own (header = row 1), so errors can point at what the user sees.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from planwatch.errors import InputError
from planwatch.files import input_file
from planwatch.sheets.xlsx import read_xlsx

MAX_BYTES = 100 * 1024 * 1024


@dataclass
class Sheet:
    path: Path
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)
    notes: list[str] = field(default_factory=list)  # what the reader did that users should know


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes; a clear error if it is a folder, missing, empty or over `max_bytes`."""
    input_file(path)
    if path.stat().st_size > max_bytes:
        raise InputError(
            path,
            f"the file is over the {_size(max_bytes)} limit",
            zh=f"文件超过 {_size(max_bytes)} 的上限",
        )
    data = path.read_bytes()
    if not data:
        raise InputError(path, "the file is empty", zh="文件为空")
    return data


def _size(n: int) -> str:
    for unit, scale in (("GB", 2**30), ("MB", 2**20)):
        if n >= scale:
            return f"{n // scale} {unit}"
    return f"{n:,}-byte"


def csv_utf8(data: bytes, path: Path) -> bytes:
    """CSV bytes as UTF-8 without a byte order mark; GBK/GB18030 re-encoded.

    UTF-8 input is returned as it is (checked, not copied), so a large file
    can go straight to a fast parser.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:  # GB18030 writes a byte order mark too (84 31 95 33)
        return data.decode("gb18030").removeprefix("\ufeff").encode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            path,
            "cannot decode the CSV as UTF-8 or GBK/GB18030",
            zh="CSV 文件既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取",
        ) from None


def _read_csv(data: bytes, path: Path) -> list[list[str]]:
    text = csv_utf8(data, path).decode("utf-8")
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise InputError(
            path, f"not a valid CSV file ({exc})", zh=f"不是有效的 CSV 文件（{exc}）"
        ) from None


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The first (or named) sheet of `path`: headers from row 1, blank rows dropped."""
    ext = input_file(path).suffix.lower()
    if ext not in (".csv", ".xlsx", ".xlsm"):
        raise InputError(
            path,
            f"unknown file type '{ext or '(none)'}'; use .xlsx or .csv",
            zh=f"不支持的文件类型“{ext or '（无）'}”，请使用 .xlsx 或 .csv",
        )
    data = read_bytes(path)
    notes: list[str] = []
    if ext == ".csv":
        rows = _read_csv(data, path)
    else:
        rows, notes = read_xlsx(data, path, sheet)
    if not rows or not any(rows[0]):
        raise InputError(path, "no header row", zh="没有表头行")
    headers = [h.strip() for h in rows[0]]
    body = [(i, r) for i, r in enumerate(rows[1:], start=2) if any(c for c in r)]
    return Sheet(path=path, headers=headers, rows=body, notes=notes)
