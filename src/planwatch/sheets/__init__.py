"""Spreadsheets in and out: .csv (as Excel on Chinese Windows writes it) and .xlsx."""

from planwatch.sheets.read import Sheet, read_sheet
from planwatch.sheets.write import write_csv, write_table, write_xlsx

__all__ = ["Sheet", "read_sheet", "write_csv", "write_table", "write_xlsx"]
