"""Target tables turned on their side: indicators as columns, years as rows.

Some plans put each indicator in a column (``规上工业增加值（亿元）``) and each year
in a row (``2020年``, ``2025年``, perhaps ``属性`` or ``单位`` below). Read as it
stands, such a table has no year columns and gives nothing. The orientation is
told from the cells, not from the position of anything: the first column holds
years down the body while the header row names no year. Such a table is
transposed, and then read like any other target table.
"""

from __future__ import annotations

from planwatch.ingest.extractors.indicator_columns import label_year
from planwatch.ingest.tables import Layout, is_seq
from planwatch.ingest.text import clean
from planwatch.ingest.values import is_missing
from planwatch.models import Cell, Table

MIN_YEARS = 2


def _first_column(lay: Layout) -> int:
    """The column that labels the rows: the first one that is not a 序号 column."""
    for c in range(lay.ncols):
        texts = [clean(r[c].text) for r in lay.body if c < len(r) and not is_missing(r[c].text)]
        if texts and not all(is_seq(t) for t in texts):
            return c
    return 0


def years_down(lay: Layout) -> bool:
    """Whether the rows are years and the columns something else (indicators)."""
    if not lay.header_grid or not lay.body or lay.ncols < 2:
        return False
    col = _first_column(lay)
    labels = [clean(r[col].text) for r in lay.body if col < len(r)]
    years = [t for t in labels if label_year(t) is not None]
    if len(years) < MIN_YEARS or len({label_year(t) for t in years}) < MIN_YEARS:
        return False
    header = [lab for c, lab in enumerate(lay.labels) if c != col and lab.strip()]
    return bool(header) and not any(label_year(lab) for lab in header)


def transpose(table: Table) -> Table:
    """The same table with rows and columns swapped (spans swapped with them)."""
    ncols = table.ncols
    grid: list[list[Cell | None]] = []
    for row in table.rows:
        line: list[Cell | None] = [None] * ncols
        for cell in row:
            if cell.col < ncols:
                line[cell.col] = cell
        grid.append(line)
    rows: list[list[Cell]] = []
    for c in range(ncols):
        out: list[Cell] = []
        for r, line in enumerate(grid):
            cell = line[c]
            if cell is None:
                out.append(Cell(text="", row=c, col=r))
                continue
            out.append(
                cell.model_copy(
                    update={"row": c, "col": r, "rowspan": cell.colspan, "colspan": cell.rowspan}
                )
            )
        rows.append(out)
    # the corner cell said what the rows were (年份, 年度); now it heads the names
    if rows and rows[0] and "指标" not in rows[0][0].text:
        rows[0][0] = rows[0][0].model_copy(update={"text": "指标"})
    return table.model_copy(update={"rows": rows})
