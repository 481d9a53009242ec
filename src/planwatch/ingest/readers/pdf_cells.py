"""Cells of ruled tables from a page's edges: where the rules cross.

This is pdfplumber's table finder with its "lines" strategy (after Anssi Nurminen's
thesis on table detection), rewritten so that reading a PDF needs neither pdfplumber
nor pdfminer, whose import alone costs about 70 ms of every run, and with indexes
where the original scans every point for every point. The steps and tolerances are
the same, so tables come out as they did:

1. edges of one orientation whose positions lie within `SNAP` of each other (chained)
   move to their mean position; collinear edges with gaps up to `JOIN` are joined;
   edges shorter than `MIN_LENGTH` are dropped;
2. a vertical and a horizontal edge that meet (within `CROSS`) make a crossing point;
3. each point's cell is the smallest rectangle whose corners are crossing points
   joined by edges along all four sides;
4. cells that share a corner are one table; tables of one cell are dropped.

pdfplumber is © Jeremy Singer-Vine, under the MIT License.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from operator import itemgetter
from typing import Any

BBox = tuple[float, float, float, float]
Point = tuple[float, float]
Edge = dict[str, Any]

SNAP = 3.0
JOIN = 3.0
CROSS = 3.0
MIN_LENGTH = 3.0
MIN_LENGTH_FIRST = 1.0  # edges shorter than this are dropped before snapping


@dataclass
class Row:
    """A table row: one cell box per column position, None where a merged cell covers it."""

    cells: list[BBox | None]


@dataclass
class CellTable:
    """The cells of one table."""

    cells: list[BBox] = field(default_factory=list)

    @cached_property
    def bbox(self) -> BBox:
        c = self.cells
        return (min(b[0] for b in c), min(b[1] for b in c), max(b[2] for b in c),
                max(b[3] for b in c))  # fmt: skip

    @cached_property
    def rows(self) -> list[Row]:
        """Cells by row top, each row on the table's column left edges."""
        xs = sorted({b[0] for b in self.cells})
        ordered = sorted(self.cells, key=itemgetter(1, 0))
        out = []
        for _, cells in groupby(ordered, key=itemgetter(1)):
            by_x = {b[0]: b for b in cells}
            out.append(Row([by_x.get(x) for x in xs]))
        return out


def _length(e: Edge) -> float:
    return e["height"] if e["orientation"] == "v" else e["width"]


def _snap(edges: list[Edge], key: str, move: tuple[str, str]) -> list[Edge]:
    """Edges whose `key` values chain within SNAP moved to the cluster's mean."""
    values = sorted({e[key] for e in edges})
    cluster_of: dict[float, int] = {}
    k, last = -1, None
    for v in values:
        if last is None or v > last + SNAP:
            k += 1
        cluster_of[v] = k
        last = v
    groups: dict[int, list[Edge]] = {}
    for e in sorted(edges, key=lambda e: cluster_of[e[key]]):
        groups.setdefault(cluster_of[e[key]], []).append(e)
    out = []
    for group in groups.values():
        mean = sum(e[key] for e in group) / len(group)
        for e in group:
            shift = mean - e[key]
            out.append({**e, move[0]: e[move[0]] + shift, move[1]: e[move[1]] + shift})
    return out


def _join(edges: list[Edge], low: str, high: str) -> list[Edge]:
    """Collinear edges joined where the gap between them is at most JOIN."""
    ordered = sorted(edges, key=itemgetter(low))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[low] <= last[high] + JOIN:
            if e[high] > last[high]:
                size = "width" if high == "x1" else "height"
                joined[-1] = {**last, high: e[high], size: e[high] - last[low]}
        else:
            joined.append(e)
    return joined


def merge_edges(edges: list[Edge]) -> list[Edge]:
    """Rules snapped, joined and filtered as step 1."""
    kept = [e for e in edges if e["orientation"] in ("v", "h") and _length(e) >= MIN_LENGTH_FIRST]
    vertical = _snap(_of(kept, "v"), "x0", ("x0", "x1"))
    horizontal = _snap(_of(kept, "h"), "top", ("top", "bottom"))

    def line(e: Edge) -> tuple[str, float]:
        return ("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"])

    out: list[Edge] = []
    for (kind, _), group in groupby(sorted(vertical + horizontal, key=line), key=line):
        out.extend(_join(list(group), *(("x0", "x1") if kind == "h" else ("top", "bottom"))))
    return [e for e in out if _length(e) >= MIN_LENGTH]


def _of(edges: list[Edge], orientation: str) -> list[Edge]:
    return [e for e in edges if e["orientation"] == orientation]


def _bbox(e: Edge) -> BBox:
    return (e["x0"], e["top"], e["x1"], e["bottom"])


class _Crossings:
    """Crossing points with the edges through each, indexed by column and by row."""

    def __init__(self, edges: list[Edge]) -> None:
        self.v: dict[Point, set[BBox]] = {}
        self.h: dict[Point, set[BBox]] = {}
        verticals = sorted(
            (e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top")
        )
        horizontals = sorted(
            (e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0")
        )
        for v in verticals:
            for h in horizontals:
                if (v["top"] <= h["top"] + CROSS and v["bottom"] >= h["top"] - CROSS
                        and h["x0"] - CROSS <= v["x0"] <= h["x1"] + CROSS):  # fmt: skip
                    point = (v["x0"], h["top"])
                    self.v.setdefault(point, set()).add(_bbox(v))
                    self.h.setdefault(point, set()).add(_bbox(h))
        self.points = sorted(self.v)
        self.down: dict[float, list[float]] = {}  # x → the ys of its points, ascending
        self.across: dict[float, list[float]] = {}  # y → the xs of its points, ascending
        for x, y in self.points:
            self.down.setdefault(x, []).append(y)
        for x, y in sorted(self.points, key=itemgetter(1, 0)):
            self.across.setdefault(y, []).append(x)

    def joined(self, a: Point, b: Point) -> bool:
        """Is there one edge through both points?"""
        if a[0] == b[0] and self.v[a] & self.v[b]:
            return True
        return a[1] == b[1] and bool(self.h[a] & self.h[b])

    def cell_at(self, p: Point) -> BBox | None:
        """The smallest cell whose top-left corner is `p`."""
        x, y = p
        ys, xs = self.down[x], self.across[y]
        below = [(x, yy) for yy in ys[bisect_right(ys, y) :]]
        right = [(xx, y) for xx in xs[bisect_right(xs, x) :]]
        for b in below:
            if not self.joined(p, b):
                continue
            for r in right:
                if not self.joined(p, r):
                    continue
                corner = (r[0], b[1])
                if corner in self.v and self.joined(corner, r) and self.joined(corner, b):
                    return (x, y, corner[0], corner[1])
        return None


def _tables(cells: list[BBox]) -> list[list[BBox]]:
    """Cells grouped into tables by shared corners (step 4)."""
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[BBox] = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            x0, top, x1, bottom = cell
            own = {(x0, top), (x0, bottom), (x1, top), (x1, bottom)}
            if not current or own & corners:
                corners |= own
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_tables(edges: list[Edge]) -> list[CellTable]:
    """The ruled tables the page's edges draw, top to bottom."""
    crossings = _Crossings(merge_edges(edges))
    cells = [c for p in crossings.points if (c := crossings.cell_at(p)) is not None]
    return [CellTable(t) for t in _tables(cells)]
