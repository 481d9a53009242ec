"""Table structure shared by the extractors: header rows, column labels, body rows.

Readers give tables as rows of cells. Flattened text loses spans: a vertically
merged cell shows as an empty cell, a horizontally merged one as a missing cell,
so header rows can be shorter than the table. `layout` finds the header rows,
spreads each header cell over the columns it covers, and gives one label per
column (two-level headers joined top to bottom) so that extractors can look
columns up by meaning rather than position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from planwatch.ingest.text import clean, norm
from planwatch.ingest.units import split_name_unit
from planwatch.ingest.values import is_missing, nfkc
from planwatch.models import Cell, Table

_YEAR_LABEL = re.compile(r"^(?:19|20)\d{2}(?:年.*)?$")
_SEQ = re.compile(r"^[★☆*]?\s*\d{1,3}[.、]?$|^[（(]?[一二三四五六七八九十]+[）)、]?$")
_NUMERIC = re.compile(r"^[-+≥≤<>约]?\s*\d[\d,.]*\s*(?:%|万|亿|以上|左右|以下)?$")


def is_seq(text: str) -> bool:
    return bool(_SEQ.match(nfkc(text).strip()))


def is_numeric(text: str) -> bool:
    t = nfkc(clean(text))
    return bool(_NUMERIC.match(t)) and not _YEAR_LABEL.match(t)


def is_label_row(texts: list[str]) -> bool:
    """A row of labels only: text or year labels, no data numbers."""
    filled = [nfkc(clean(t)) for t in texts if not is_missing(t)]
    if not filled:
        return False
    return not any(is_numeric(t) for t in filled)


@dataclass
class Layout:
    ncols: int
    header_rows: int
    labels: list[str]
    # Header text per level, aligned to columns (upper levels repeated under spans).
    header_grid: list[list[str]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    # A title row inside the table (one cell across it), when there is one.
    title: str | None = None

    def find(self, *patterns: str, exclude: tuple[str, ...] = ()) -> int | None:
        """Index of the first column whose label matches one of `patterns`."""
        for pat in patterns:
            rx = re.compile(pat)
            for i, lab in enumerate(self.labels):
                n = norm(lab)
                if rx.search(n) and not any(re.search(x, n) for x in exclude):
                    return i
        return None


def _spread(upper: list[str], lower: list[str]) -> list[str]:
    """Align a short upper header row over a full lower one.

    Columns whose lower cell is empty take the upper cells one to one from the
    left and from the right (vertical merges); the upper cells left over share the
    remaining columns evenly (horizontal merges).
    """
    n = len(lower)
    if len(upper) >= n:
        return upper[:n]
    out = [""] * n
    left = 0
    while left < len(upper) and left < n and is_missing(lower[left]):
        out[left] = upper[left]
        left += 1
    right = 0
    while right < len(upper) - left and n - 1 - right >= left and is_missing(lower[n - 1 - right]):
        out[n - 1 - right] = upper[len(upper) - 1 - right]
        right += 1
    middle_upper = upper[left : len(upper) - right]
    middle_cols = list(range(left, n - right))
    if middle_upper and middle_cols:
        per = _period([lower[c] for c in middle_cols], len(middle_upper))
        per = per or max(1, len(middle_cols) // len(middle_upper))
        for i, col in enumerate(middle_cols):
            out[col] = middle_upper[min(i // per, len(middle_upper) - 1)]
    return out


def _period(labels: list[str], groups: int) -> int | None:
    """The width of the column groups when the labels under them repeat (产值, 企业数,
    产值, 企业数, …, or 2020年, 2025年, 2020年, 2025年): each group takes one upper cell,
    the last one what is left."""
    keys = [norm(split_name_unit(lab)[0]) for lab in labels]  # 产值（亿元） and 产值 alike
    for k in range(2, len(keys)):
        if -(-len(keys) // k) != groups:
            continue
        if all(keys[i] == keys[i + k] for i in range(len(keys) - k)) and len(set(keys[:k])) == k:
            return k
    return None


def _expand(row: list[Cell]) -> list[str]:
    """Row texts. Full-grid readers (.docx, .pdf) already emit covered cells."""
    return [c.text for c in row]


def _pad(row: list[str], ncols: int) -> list[str]:
    return row + [""] * (ncols - len(row))


def _right_align(row: list[str], ncols: int) -> list[str]:
    """A lone header row short of the body: its first cell spans the extra columns.

    Plans merge the group column into the name header (指标名称 over both 类别
    and the indicator), so the data columns on the right keep their own labels.
    """
    extra = ncols - len(row)
    if extra <= 0 or not row:
        return _pad(row, ncols)
    return [row[0]] * (extra + 1) + row[1:]


def header_depth(rows: list[list[str]], ncols: int) -> int:
    """How many leading rows are header rows (at most three)."""
    if len(rows) < 2 or not is_label_row(rows[0]):
        return 0
    depth = 1
    for r in rows[1:3]:
        filled = [t for t in r if not is_missing(t)]
        if len(filled) < 2 or not is_label_row(r):
            break
        if filled and is_seq(filled[0]):
            break
        # A lower header row fills only the columns the upper one left open.
        if len(rows[depth - 1]) >= ncols and not any(is_missing(t) for t in r):
            break
        # …and splits only cells the upper one spans: a full upper row has no sub-headers.
        if not _has_span(rows[depth - 1], ncols):
            break
        depth += 1
    return depth


def _has_span(row: list[str], ncols: int) -> bool:
    """A short row, an empty covered cell, or a text repeated over its span."""
    if len(row) < ncols or any(is_missing(t) for t in row):
        return True
    return any(a.strip() and a == b for a, b in pairwise(row))


def _header_texts(row: list[Cell]) -> list[str]:
    """Header texts with a spanning cell's text repeated over its span."""
    out = [c.text for c in row]
    for i, c in enumerate(row):
        for k in range(1, c.colspan):
            if i + k < len(out) and not out[i + k].strip():
                out[i + k] = c.text
    return out


def title_row(rows: list[list[str]], ncols: int) -> str | None:
    """A first row with one cell across the table is a title (or unit line), not a header."""
    if len(rows) < 3 or ncols < 3:
        return None
    filled = [t for t in rows[0] if not is_missing(t)]
    if len(filled) == 1 and is_label_row(rows[1]):
        return clean(filled[0])
    return None


def layout(table: Table) -> Layout:
    rows = [_expand(r) for r in table.rows]
    ncols = max((len(r) for r in rows), default=0)
    title = title_row(rows, ncols)
    skip = 1 if title is not None else 0
    rows = rows[skip:]
    depth = header_depth(rows, ncols)
    header = [_header_texts(r) for r in table.rows[skip : skip + depth]]
    rows[:depth] = header
    grid: list[list[str]] = []
    if depth:
        lower = _right_align(rows[depth - 1], ncols) if depth == 1 else _pad(rows[depth - 1], ncols)
        levels = [lower]
        for upper in reversed(rows[: depth - 1]):
            spread = _spread(upper, levels[0])
            levels.insert(0, spread)
        # Vertical merges: an empty lower header takes the label above it.
        for lvl in range(1, len(levels)):
            for c in range(ncols):
                if is_missing(levels[lvl][c]) and not is_missing(levels[lvl - 1][c]):
                    levels[lvl][c] = ""
        grid = levels
    labels = []
    for c in range(ncols):
        parts: list[str] = []
        for lvl in grid:
            t = clean(lvl[c]) if c < len(lvl) else ""
            if t and t not in parts:
                parts.append(t)
        labels.append("/".join(parts))
    return Layout(
        ncols=ncols,
        header_rows=skip + depth,
        labels=labels,
        header_grid=grid,
        body=table.rows[skip + depth :],
        title=title,
    )
