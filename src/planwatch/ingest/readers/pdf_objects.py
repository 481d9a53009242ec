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
from operator import itemgetter
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
        self.rect_p = ctypes.pointer(self.rect)
        self.x = ctypes.c_double()
        self.y = ctypes.c_double()
        self.fs_matrix = pdfium_c.FS_MATRIX()
        self.number_f = ctypes.c_float()
        self.objects: dict[int, tuple[str, float, float, bool, float]] = {}  # by text object
        self.fonts: dict[tuple[int, float], tuple[str, float]] = {}  # by font and size
        self.matrix_p = ctypes.pointer(self.fs_matrix)
        self.x_p, self.y_p = ctypes.pointer(self.x), ctypes.pointer(self.y)

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
        breaks: list[tuple[float, float]] = []  # (x, baseline) of PDFium's word and line breaks
        lines: dict[float, list[Char]] = {}  # upright characters by baseline
        fast, raw, rect = _native(), ctypes.cast(tp, ctypes.c_void_p).value, self.rect
        texts, objects = _page_text(fast, raw), self.objects
        for i, ch in enumerate(texts):
            if ch in _MAYBE_GENERATED and fast.generated(raw, i):
                if ch in " \r":  # a space or a line break PDFium inferred, on the baseline
                    fast.loose_box(raw, i, self.rect_p)
                    breaks.append((rect.left - self.x_origin, round(rect.top, 1)))
                continue
            obj = fast.text_object(raw, i)
            if not obj or ch == "\0":
                continue
            fontname, size, top, upright, baseline = objects.get(obj) or self._object_font(
                raw, i, obj
            )
            fast.loose_box(raw, i, self.rect_p)
            bottom = top + size
            if not upright:
                top, bottom = self.top - rect.top, self.top - rect.bottom
            x0, x1 = rect.left - self.x_origin, rect.right - self.x_origin
            char = {
                "text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                "size": size, "fontname": fontname, "upright": upright,
            }  # fmt: skip
            out.append(char)
            if upright and ch != " ":
                lines.setdefault(baseline, []).append(char)
        return out + _drawn_spaces(lines, breaks)

    def _object_font(
        self, raw: int | None, i: int, obj: int
    ) -> tuple[str, float, float, bool, float]:
        """Font name, size in points, top of pdfminer's character box (from the
        baseline and the font's descent), uprightness and baseline (PDF units, to a
        tenth) of the text object drawing character `i`: one text object draws on one
        baseline in one font."""
        known = self.objects.get(obj)
        if known is not None:
            return known
        fast, m = _native(), self.fs_matrix
        fast.matrix(raw, i, self.matrix_p)
        # PDFium's size leaves out the scale the page's transformation matrix applies
        # (Chromium draws at 3/4, in CSS pixels); pdfminer's size is as drawn
        scale = abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0
        size = float(fast.font_size(raw, i)) * scale or 1.0
        upright = m.a * m.d > 0 and m.b * m.c <= 0
        fast.origin(raw, i, self.x_p, self.y_p)
        name, descent = self._font(fast.font(obj), size)
        bottom = self.top - (self.y.value + descent)
        known = (name, size, bottom - size, upright, round(self.y.value, 1))
        self.objects[obj] = known
        return known

    def _font(self, font: int | None, size: float) -> tuple[str, float]:
        """A font's name and its descent at `size` (negative, in points)."""
        key = (font or 0, size)
        known = self.fonts.get(key)
        if known is not None:
            return known
        name, descent = "", 0.0
        if font:
            handle = ctypes.cast(font, pdfium_c.FPDF_FONT)
            buf = ctypes.create_string_buffer(256)
            n = pdfium_c.FPDFFont_GetBaseFontName(handle, buf, 256)
            name = buf.raw[: max(n - 1, 0)].decode("latin-1", "replace")
            if pdfium_c.FPDFFont_GetDescent(handle, size, ctypes.byref(self.number_f)):
                descent = float(self.number_f.value)
        self.fonts[key] = (name, descent)
        return name, descent

    # paths

    def paths(self, out: PageObjects) -> None:
        fast, page = _native(), ctypes.cast(self.page.raw, ctypes.c_void_p).value
        kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM)
        for k in range(fast.count_objects(page)):
            obj = fast.get_object(page, k)
            if fast.object_type(obj) in kinds:
                self._object(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT), IDENTITY, out)

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


# Characters PDFium may have made up; every other character is drawn by the PDF.
_MAYBE_GENERATED = frozenset(" \r\n\x02")


class _Native:
    """The PDFium calls made once per character, with plain-integer signatures: through
    pypdfium2's typed bindings each call costs several times more (checking and
    wrapping pointers), which over the tens of thousands of characters of a plan is
    most of the reading time."""

    def __init__(self) -> None:
        def bind(name: str, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        vp, i = ctypes.c_void_p, ctypes.c_int
        self.count = bind("FPDFText_CountChars", i, vp)
        self.text = bind("FPDFText_GetText", i, vp, i, i, vp)
        self.unicode = bind("FPDFText_GetUnicode", ctypes.c_uint, vp, i)
        self.generated = bind("FPDFText_IsGenerated", i, vp, i)
        self.text_object = bind("FPDFText_GetTextObject", vp, vp, i)
        self.loose_box = bind(
            "FPDFText_GetLooseCharBox", i, vp, i, ctypes.POINTER(pdfium_c.FS_RECTF)
        )
        self.font_size = bind("FPDFText_GetFontSize", ctypes.c_double, vp, i)
        self.matrix = bind("FPDFText_GetMatrix", i, vp, i, ctypes.POINTER(pdfium_c.FS_MATRIX))
        double_p = ctypes.POINTER(ctypes.c_double)
        self.origin = bind("FPDFText_GetCharOrigin", i, vp, i, double_p, double_p)
        self.font = bind("FPDFTextObj_GetFont", vp, vp)
        self.count_objects = bind("FPDFPage_CountObjects", i, vp)
        self.get_object = bind("FPDFPage_GetObject", vp, vp, i)
        self.object_type = bind("FPDFPageObj_GetType", i, vp)


_NATIVE: list[_Native] = []


def _native() -> _Native:
    if not _NATIVE:
        _NATIVE.append(_Native())
    return _NATIVE[0]


def _page_text(fast: _Native, raw: int | None) -> str:
    """Every character of the text page, one string position each (PDFium's own and the
    drawn ones); read in one call, or one by one where a character outside the basic
    plane takes two UTF-16 units."""
    n = fast.count(raw)
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = fast.text(raw, 0, n, buf)
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", "replace")
    if len(text) == n:
        return text
    return "".join(chr(fast.unicode(raw, i)) for i in range(n))


def _drawn_spaces(lines: dict[float, list[Char]], breaks: list[tuple[float, float]]) -> list[Char]:
    """Space characters in the gaps a drawn space leaves (`DRAWN_SPACE` of the size)
    where PDFium generated a space or a line break on that baseline within a character's
    width: PDFium places them by its reading order, which may be a character off."""
    near: dict[float, list[float]] = {}
    for x, baseline in breaks:
        near.setdefault(baseline, []).append(x)
    out = []
    for baseline, xs in near.items():
        row = sorted(lines.get(baseline, ()), key=itemgetter("x0"))
        for a, b in pairwise(row):
            gap, size = b["x0"] - a["x1"], max(a["size"], 1.0)
            if not DRAWN_SPACE[0] * size <= gap < DRAWN_SPACE[1] * size:
                continue
            if any(a["x0"] - size <= x <= b["x1"] + size for x in xs):
                out.append({**a, "text": " ", "x0": a["x1"], "x1": b["x0"]})
    return out


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
