"""Write simple, readable .xlsx files: bold frozen header, sensible widths."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planwatch.files import output_file, output_target

# openpyxl is imported by `write_xlsx` itself: commands that never write Excel
# (a Parquet evaluation) start without it.
HEADER_COLOUR = "DDEBF7"
INPUT_COLOUR = "FFF2CC"


def _width(values: Sequence[object]) -> float:
    longest = max((len(str(v)) for v in values if v is not None), default=4)
    return min(60.0, 2.2 * longest + 2)  # CJK characters are about two columns wide


def write_xlsx(
    path: Path,
    sheets: dict[str, tuple[list[str], list[list[object]]]],
    input_columns: dict[str, list[int]] | None = None,
) -> Path:
    """Write `{sheet name: (headers, rows)}`; `input_columns` are shaded for filling in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor=HEADER_COLOUR)
    input_fill = PatternFill("solid", fgColor=INPUT_COLOUR)
    wb = Workbook()
    wb.remove(wb.active)
    for name, (headers, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(headers)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
        ws.freeze_panes = "A2"
        for i, header in enumerate(headers, start=1):
            column = [header] + [r[i - 1] for r in rows if len(r) >= i]
            ws.column_dimensions[get_column_letter(i)].width = _width(column)
        for col in (input_columns or {}).get(name, []):
            for r in range(2, len(rows) + 2):
                ws.cell(row=r, column=col + 1).fill = input_fill
    with output_file(path) as tmp:
        wb.save(tmp)
    return path


def write_csv(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    """A CSV that Excel on Chinese Windows opens as it is: UTF-8 with a byte order mark."""
    import csv

    with output_file(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return path


TABLE_TYPES = (".xlsx", ".csv")


def table_target(path: Path) -> Path:
    """`path` if a table can be written there as .xlsx or .csv (checked before work)."""
    from planwatch.errors import InputError

    ext = output_target(path).suffix.lower()
    if ext not in TABLE_TYPES:
        raise InputError(path, f"unknown file type '{ext or '(none)'}'; use .xlsx or .csv")
    return path


def write_table(
    path: Path,
    name: str,
    headers: list[str],
    rows: list[list[object]],
    input_columns: list[int] | None = None,
) -> Path:
    """One table as .xlsx (sheet `name`, `input_columns` shaded) or .csv, by the extension."""
    if table_target(path).suffix.lower() == ".csv":
        return write_csv(path, headers, rows)
    return write_xlsx(path, {name: (headers, rows)}, {name: input_columns or []})
