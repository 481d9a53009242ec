"""Read the first (or a named) sheet of an .xlsx as rows of text, as Excel shows them.

Three things a plain value dump gets wrong, each of which once turned a user's
sheet into wrong numbers without a word:

- **Percent cells.** A cell showing 2.4 % holds 0.024 with a percent number
  format. It is read as the text `2.4%`, what the user sees, so an importer can
  tell a percentage from a plain number and convert it for the unit.
- **Merged cells.** Excel keeps a merged region's value in its top-left cell
  only; the others read as empty. A region column merged down over several rows
  means the same region on each row, so the value is filled into every cell of
  the region, and a note says where.
- **Formulas without a saved value.** A file written by a program (not saved by
  Excel) can hold formulas whose result was never computed; their cells read as
  empty. They are refused, naming each cell, with the remedy: open the file in
  Excel (or LibreOffice) and save it.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from planwatch.errors import InputError
from planwatch.numbers import percent_text

MAX_LISTED = 20
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGED = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")
_QUOTED = re.compile(r'"[^"]*"|\\.')


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_percent(number_format: str) -> bool:
    return "%" in _QUOTED.sub("", number_format or "")


class _Cells:
    """Cell text with percent formats applied; one format lookup per style."""

    def __init__(self) -> None:
        self.percent_styles: dict[object, bool] = {}

    def text(self, cell) -> str:  # type: ignore[no-untyped-def]
        value = cell.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            style = getattr(cell, "_style_id", None)
            percent = self.percent_styles.get(style)
            if percent is None:
                percent = _is_percent(getattr(cell, "number_format", ""))
                self.percent_styles[style] = percent
            if percent:
                return percent_text(float(value))
        return _text(value)


def _sheet_member(wb, ws):  # type: ignore[no-untyped-def]
    """(archive, member name) of the sheet's XML in the archive openpyxl keeps open."""
    archive, member = getattr(wb, "_archive", None), getattr(ws, "_worksheet_path", None)
    return (archive, member) if archive is not None and member is not None else (None, None)


CHUNK = 1 << 20
OVERLAP = 512  # longer than a mergeCell element or a formula tag cut between two chunks


def _scan(archive: zipfile.ZipFile, member: str) -> tuple[bool, list[str]]:
    """(whether any cell holds a formula, the merged ranges), reading the sheet's XML
    in chunks: a sheet of a million rows is hundreds of MB of XML, never held at once.
    A range seen twice (in the overlap of two chunks) is listed once."""
    has_formula, refs, tail = False, [], b""
    with archive.open(member) as src:
        while chunk := src.read(CHUNK):
            text = tail + chunk
            has_formula = has_formula or bool(_FORMULA.search(text))
            refs += [m.group(1).decode() for m in _MERGED.finditer(text)]
            tail = text[-OVERLAP:]
    return has_formula, list(dict.fromkeys(refs))


def _ref(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref)
    return row, column_index_from_string(letters)


def _bounds(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    first, _, last = ref.partition(":")
    return _ref(first), _ref(last or first)


def formulas_without_value(archive: zipfile.ZipFile, member: str) -> list[str]:
    """Cells (A1 references) holding a formula whose result was never saved."""
    found = []
    with archive.open(member) as src:
        for _, elem in ET.iterparse(src, events=("end",)):
            if elem.tag.rsplit("}", 1)[-1] != "c":
                continue
            children = {child.tag.rsplit("}", 1)[-1]: child for child in elem}
            value = children.get("v")
            # an empty <v/> is a saved empty text only when the cell says text (t="str")
            saved = value is not None and (
                bool((value.text or "").strip()) or elem.get("t") == "str"
            )
            if "f" in children and not saved and "is" not in children:
                found.append(elem.get("r", "?"))
            elem.clear()
    return found


def _fill_merged(rows: list[list[str]], refs: list[str]) -> list[str]:
    notes = []
    for ref in refs:
        (r0, c0), (r1, c1) = _bounds(ref)
        if r0 > len(rows):
            continue
        top = rows[r0 - 1]
        value = top[c0 - 1] if c0 <= len(top) else ""
        if not value or (r0, c0) == (r1, c1):
            continue
        for r in range(r0, min(r1, len(rows)) + 1):
            row = rows[r - 1]
            row.extend([""] * (c1 - len(row)))
            for col in range(c0, c1 + 1):
                row[col - 1] = value
        notes.append(f"merged cells {ref}: '{value}' taken for every cell of the region")
    return notes


def _refuse_unsaved(path: Path, unsaved: list[str]) -> None:
    listed = [f"cell {ref}: a formula without a saved result" for ref in unsaved[:MAX_LISTED]]
    if len(unsaved) > MAX_LISTED:
        listed.append(f"… and {len(unsaved) - MAX_LISTED} more")
    raise InputError(
        path,
        f"{len(unsaved)} formula cell(s) have no saved result (the file was written by a "
        "program, not saved by Excel); open it in Excel or LibreOffice and save it",
        listed,
    )


def read_xlsx(
    data: bytes, path: Path, sheet: str | None = None
) -> tuple[list[list[str]], list[str]]:
    """Rows of cell text (row 1 first) and notes on merged regions that were filled."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ET.ParseError) as exc:
        raise InputError(
            path,
            f"not a readable .xlsx file ({type(exc).__name__})",
            zh=f"不是可读取的 .xlsx 文件（{type(exc).__name__}）",
        ) from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise InputError(
                path,
                f"no sheet named '{sheet}' (sheets: {', '.join(wb.sheetnames)})",
                zh=f"没有名为“{sheet}”的工作表（现有：{'、'.join(wb.sheetnames)}）",
            )
        ws = wb[sheet] if sheet else wb.worksheets[0]
        cells = _Cells()
        rows = [[cells.text(c) for c in row] for row in ws.iter_rows()]
        archive, member = _sheet_member(wb, ws)
        has_formula, merged = _scan(archive, member) if archive else (False, [])
        unsaved = formulas_without_value(archive, member) if has_formula else []
    except (KeyError, ValueError, TypeError, ET.ParseError, zipfile.BadZipFile) as exc:
        raise InputError(
            path,
            f"not a readable .xlsx file ({type(exc).__name__})",
            zh=f"不是可读取的 .xlsx 文件（{type(exc).__name__}）",
        ) from None
    finally:
        wb.close()
    if unsaved:
        _refuse_unsaved(path, unsaved)
    return rows, _fill_merged(rows, merged)
