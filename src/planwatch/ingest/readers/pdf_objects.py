"""A PDF page's characters and ruling lines, read with PDFium.

The layout code works on characters and edges as pdfplumber describes them (dicts
with x0, x1, top, bottom in points from the top-left corner); this module builds
them with PDFium (pypdfium2), which reads a page's objects in native code, about
ten times faster than pdfminer's pure-Python parser. Two differences are smoothed
over here:

- PDFium inserts characters of its own (spaces at gaps between words, line breaks)
  and flags them as generated; they are dropped, as the layout code puts spaces
  where characters leave a gap wider than a CJK character's spacing
  (`pdf_layout._gap_space`). A space the PDF draws is kept — but PDFium drops some
  drawn spaces and generates its own in their place (LibreOffice's "表 1："), so a
  generated space where the characters on either side leave a space's width
  (`DRAWN_SPACE` of the font size) becomes a space character again.
- PDFium's boxes follow the glyph outlines; pdfminer's (which the layout code's
  tolerances were set on) run from the baseline's descent up one font size, as wide
  as the glyph's advance. Characters get pdfminer's boxes: the advance from PDFium's
  loose box, the height from the baseline and the font's descent.

Paths become pdfplumber's `line`, `rect` and `curve` objects by pdfminer's rules:
each subpath on its own, a single segment is a line, a closed four-corner
axis-aligned one a rectangle, the rest curves through their segment end points.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Char = dict[str, Any]
Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Gap, in font sizes, that a drawn space leaves between its neighbours: a space glyph is
# a fifth to a half of the size wide; wider gaps get their space in `_gap_space`.
DRAWN_SPACE = (0.24, 0.6)


@dataclass
class PageObjects:
    """What the layout code reads from one page."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    lines: list[Obj] = field(default_factory=list)
    rects: list[Obj] = field(default_factory=list)
    curves: list[Obj] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    @property
    def edges(self) -> list[Obj]:
        """Every line, rectangle side and curve segment, as pdfplumber's `page.edges`."""
        out = [_line_edge(ln) for ln in self.lines]
        for r in self.rects:
            out.extend(_rect_edges(r))
        for c in self.curves:
            out.extend(_curve_edges(c))
        return out


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (row vectors, as PDF matrices compose)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


class _Reader:
    """Reads one page; keeps the ctypes buffers and the per-text-object cache."""

    def __init__(self, page: pdfium.PdfPage, number: int) -> None:
        self.page = page
        self.number = number
        left, bottom, right, top = page.get_mediabox()
        self.x_origin, self.top = left, top
        self.width, self.height = right - left, top - bottom
        self.rect = pdfium_c.FS_RECTF()
        self.x = ctypes.c_double()
        self.y = ctypes.c_double()
        self.fs_matrix = pdfium_c.FS_MATRIX()
        self.number_f = ctypes.c_float()
        self.fonts: dict[int, tuple[str, float, float, bool]] = {}

    def read(self) -> PageObjects:
        out = PageObjects(self.number, self.width, self.height)
        out.chars = self.chars()
        self.paths(out)
        return out

    # characters

    def chars(self) -> list[Char]:
        textpage = self.page.get_textpage()
        try:
            return self._chars(textpage.raw)
        finally:
            textpage.close()

    def _chars(self, tp: Any) -> list[Char]:
        out: list[Char] = []
        breaks: list[tuple[float, float]] = []  # (x, y) of PDFium's word and line breaks
        rect, x, y = self.rect, self.x, self.y
        for i in range(pdfium_c.FPDFText_CountChars(tp)):
            code = pdfium_c.FPDFText_GetUnicode(tp, i)
            if pdfium_c.FPDFText_IsGenerated(tp, i):
                if code in (0x20, 0x0D):  # a space or a line break PDFium inferred
                    pdfium_c.FPDFText_GetLooseCharBox(tp, i, rect)
                    breaks.append((rect.left - self.x_origin, self.top - rect.top))
                continue
            obj = pdfium_c.FPDFText_GetTextObject(tp, i)
            if not code or not obj:
                continue
            fontname, size, descent, upright = self._font(tp, i, obj)
            pdfium_c.FPDFText_GetLooseCharBox(tp, i, rect)
            if upright:
                pdfium_c.FPDFText_GetCharOrigin(tp, i, ctypes.byref(x), ctypes.byref(y))
                bottom = self.top - (y.value + descent)
                top = bottom - size
            else:
                top, bottom = self.top - rect.top, self.top - rect.bottom
            x0, x1 = rect.left - self.x_origin, rect.right - self.x_origin
            out.append({
                "text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "doctop": top, "width": x1 - x0, "height": bottom - top, "size": size,
                "fontname": fontname, "upright": upright, "object_type": "char",
            })  # fmt: skip
        return out + _drawn_spaces(out, breaks)

    def _font(self, tp: Any, i: int, obj: Any) -> tuple[str, float, float, bool]:
        """Font name, size in points, descent (negative, in points) and uprightness of
        the text object drawing character `i`; the same for all its characters."""
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        known = self.fonts.get(key)
        if known is not None:
            return known
        size = float(pdfium_c.FPDFText_GetFontSize(tp, i)) or 1.0
        pdfium_c.FPDFText_GetMatrix(tp, i, self.fs_matrix)
        m = self.fs_matrix
        upright = m.a * m.d > 0 and m.b * m.c <= 0
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        name, descent = "", 0.0
        if font:
            buf = ctypes.create_string_buffer(256)
            n = pdfium_c.FPDFFont_GetBaseFontName(font, buf, 256)
            name = buf.raw[: max(n - 1, 0)].decode("latin-1", "replace")
            if pdfium_c.FPDFFont_GetDescent(font, size, ctypes.byref(self.number_f)):
                descent = float(self.number_f.value)
        known = (name, size, descent, upright)
        self.fonts[key] = known
        return known

    # paths

    def paths(self, out: PageObjects) -> None:
        page = self.page.raw
        for k in range(pdfium_c.FPDFPage_CountObjects(page)):
            self._object(pdfium_c.FPDFPage_GetObject(page, k), IDENTITY, out)

    def _object(self, obj: Any, outer: Matrix, out: PageObjects) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            return
        pdfium_c.FPDFPageObj_GetMatrix(obj, self.fs_matrix)
        m = self.fs_matrix
        matrix = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                self._object(pdfium_c.FPDFFormObj_GetObject(obj, k), matrix, out)
            return
        mode, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(mode), ctypes.byref(stroke))
        if not mode.value and not stroke.value:
            return  # not painted
        for shape, points in self._subpaths(obj, matrix):
            self._shape(shape, points, out)

    def _subpaths(self, obj: Any, matrix: Matrix) -> list[tuple[str, list[tuple[float, float]]]]:
        """Each subpath as pdfminer sees it: its operators (m, l, c, h) and the end point
        of each, in top-down page coordinates."""
        a, b, c, d, e, f = matrix
        x, y = ctypes.c_float(), ctypes.c_float()
        found: list[tuple[str, list[tuple[float, float]]]] = []
        ops, pts = "", []
        bezier = 0
        for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            px, py = x.value * a + y.value * c + e, x.value * b + y.value * d + f
            point = (px - self.x_origin, self.top - py)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                if ops:
                    found.append((ops, pts))
                ops, pts, bezier = "m", [point], 0
                continue
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                bezier += 1
                if bezier % 3:
                    continue  # a control point: pdfminer keeps the end point only
                ops += "c"
            else:
                ops += "l"
            pts.append(point)
            if pdfium_c.FPDFPathSegment_GetClose(seg):
                ops += "h"
                pts.append(pts[0])
        if ops:
            found.append((ops, pts))
        return found

    def _shape(self, shape: str, pts: list[tuple[float, float]], out: PageObjects) -> None:
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"  # a redundant l before h
            pts = pts[:-2] + pts[-1:]
        if shape in ("mlh", "ml"):
            out.lines.append(_box("line", pts[:2]))
            return
        if shape in ("mlllh", "mllll") and len(pts) == 5:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if last == pts[0] and square:
                out.rects.append(_box("rect", pts))
                return
        curve = _box("curve", pts)
        curve["pts"] = pts
        out.curves.append(curve)


def _drawn_spaces(chars: list[Char], breaks: list[tuple[float, float]]) -> list[Char]:
    """Space characters in the gaps a drawn space leaves (`DRAWN_SPACE` of the size)
    where PDFium generated a space or a line break on that line within a character's
    width: PDFium places them by its reading order, which may be a character off."""
    if not breaks:
        return []
    out = []
    for row in _rows(chars):
        size = max(row[0]["size"], 1.0)
        top, bottom = min(c["top"] for c in row), max(c["bottom"] for c in row)
        xs = [x for x, y in breaks if top <= y <= bottom + 1]
        if not xs:
            continue
        row.sort(key=lambda c: c["x0"])
        for a, b in pairwise(row):
            gap = b["x0"] - a["x1"]
            if not DRAWN_SPACE[0] * size <= gap < DRAWN_SPACE[1] * size:
                continue
            if any(a["x0"] - size <= x <= b["x1"] + size for x in xs):
                out.append({**a, "text": " ", "x0": a["x1"], "x1": b["x0"], "width": gap})
    return out


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Upright, inked characters whose middles are level, row by row."""
    rows: list[list[Char]] = []
    mid = 0.0
    ink = (c for c in chars if c["upright"] and c["text"].strip())
    for ch in sorted(ink, key=lambda c: c["top"] + c["bottom"]):
        m = (ch["top"] + ch["bottom"]) / 2
        if rows and abs(m - mid) <= 0.3 * max(ch["size"], 1.0):
            rows[-1].append(ch)
        else:
            rows.append([ch])
            mid = m
    return rows


def _box(kind: str, pts: list[tuple[float, float]]) -> Obj:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": x1 - x0, "height": bottom - top}  # fmt: skip


def _line_edge(line: Obj) -> Obj:
    return {**line, "orientation": "h" if line["top"] == line["bottom"] else "v"}


def _rect_edges(r: Obj) -> list[Obj]:
    x0, x1, top, bottom = r["x0"], r["x1"], r["top"], r["bottom"]
    h = {"object_type": "rect_edge", "x0": x0, "x1": x1, "width": x1 - x0, "height": 0}
    v = {"object_type": "rect_edge", "top": top, "bottom": bottom, "height": bottom - top,
         "width": 0}  # fmt: skip
    return [
        {**h, "top": top, "bottom": top, "doctop": top, "orientation": "h"},
        {**h, "top": bottom, "bottom": bottom, "doctop": bottom, "orientation": "h"},
        {**v, "x0": x0, "x1": x0, "doctop": top, "orientation": "v"},
        {**v, "x0": x1, "x1": x1, "doctop": top, "orientation": "v"},
    ]


def _curve_edges(curve: Obj) -> list[Obj]:
    out = []
    for (ax, ay), (bx, by) in zip(curve["pts"], curve["pts"][1:], strict=False):
        orientation = "v" if ax == bx else ("h" if ay == by else None)
        out.append({
            "object_type": "curve_edge", "x0": min(ax, bx), "x1": max(ax, bx),
            "top": min(ay, by), "bottom": max(ay, by), "doctop": min(ay, by),
            "width": abs(ax - bx), "height": abs(ay - by), "orientation": orientation,
        })  # fmt: skip
    return out


def read_page(pdf: pdfium.PdfDocument, index: int) -> PageObjects:
    """Characters and paths of page `index` (0-based)."""
    page = pdf[index]
    try:
        return _Reader(page, index + 1).read()
    finally:
        page.close()
