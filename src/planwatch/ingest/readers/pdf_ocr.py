"""Scanned plans: pages without a text layer read by OCR (Tesseract, simplified Chinese).

A scanned plan is a PDF of page images. Each such page is rendered (PDFium, 200
dpi, grey) and read by Tesseract with its ``chi_sim`` model, which gives words
with their boxes. The page then becomes the same `PageLayout` the text path
builds from a PDF's characters, so paragraphs, headings, captions, notes and
tables across pages are rebuilt by the same code:

- tables, best effort, from the ruling lines in the image: runs of dark pixels
  long enough to be rules; the rows and columns they bound are the grid, and a
  rule missing between two grid cells merges them;
- words inside a table go to the cell their centre falls in, the others make
  the page's lines as Tesseract grouped them.

Tesseract runs one page per process with one thread each (four times faster
here than letting it spread one page over the cores), pages side by side. The
document's confidence is ``ocr``. Without Tesseract or its Chinese model the
reader says what to install instead of failing.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from planwatch.errors import InputError
from planwatch.ingest.readers.pdf_layout import Line, PageLayout, PageTable, cell_text
from planwatch.models import Cell

DPI = 300  # 200 loses the decimal points of small table digits (2.1 read as 21)
POINT = 72 / DPI  # one pixel in PDF points
DARK = 160  # grey level below which a pixel is ink
MIN_CONFIDENCE = 30.0  # Tesseract's word confidence below which a word is noise
RULE_H = 0.12  # a horizontal rule is at least this share of the page width
RULE_V = 0.015  # a vertical rule at least this share of the page height
MERGE_GAP = 4  # pixels: rule rows or columns this close are one rule
INSTALL = (
    "scanned PDF (no text layer): reading it needs OCR: install tesseract-ocr and "
    "tesseract-ocr-chi-sim (./dev sets them up with apt where it can)"
)
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")


@cache
def _models() -> list[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    return out.stdout.split()


def ocr_available() -> bool:
    """Tesseract on PATH with the simplified-Chinese model."""
    return "chi_sim" in _models()


def _languages() -> str:
    """chi_sim, with the English model beside it where installed: alone, the Chinese
    model reads a lone % or 2.1 in a table cell as a character."""
    return "chi_sim+eng" if "eng" in _models() else "chi_sim"


# --- words ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line
    conf: float = 0.0  # Tesseract's confidence, 0–100


PAGE_MODE = "3"  # Tesseract's automatic layout: paragraphs and lines of running text
CELL_MODE = "6"  # one block of text: a cell's crop, stacked lines (亿 over 元) included
CELL_INSET = 5  # pixels kept off a cell's edges when it is cropped (the erased rule)
MIN_INK = 12  # dark pixels below which a cell crop is empty


def _tesseract(
    source: str | bytes, mode: str, languages: str | None = None
) -> list[tuple[int, Word]]:
    """(image number, word) of every word Tesseract reads, in pixels, noise dropped.
    `source` is PNG bytes (one image) or the path of a list of image files."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    args = ["tesseract", "stdin" if isinstance(source, bytes) else source, "stdout",
            "-l", languages or _languages(), "--psm", mode, "tsv"]  # fmt: skip
    done = subprocess.run(
        args, input=source if isinstance(source, bytes) else None,
        capture_output=True, env=env, timeout=600,
    )  # fmt: skip
    out: list[tuple[int, Word]] = []
    rows = csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)  # fmt: skip
    for r in rows:
        text = (r.get("text") or "").strip()
        try:
            conf = float(r.get("conf") or -1)
            left, top = int(r["left"]), int(r["top"])
            width, height = int(r["width"]), int(r["height"])
            key = (int(r["block_num"]), int(r["par_num"]), int(r["line_num"]))
            image = int(r["page_num"])
        except (KeyError, TypeError, ValueError):
            continue
        if r.get("level") != "5" or not text or conf < MIN_CONFIDENCE:
            continue
        out.append((image, Word(text, left, top, left + width, top + height, key, conf)))
    return out


def _words(png: bytes) -> list[Word]:
    """The words of one page image read as running text."""
    return [w for _, w in _tesseract(png, PAGE_MODE)]


# Cell crops are read at two sizes (300 dpi, and 150 dpi where Tesseract reads table
# digits better) with two models each; the best reading of a cell is kept.
CELL_SCALES = (1.0, 0.5)
CELL_BORDER = 10  # white pixels around a crop


def _cell_words(crops: list[np.ndarray]) -> list[list[Word]]:
    """The words of each cell crop. All crops of a page are read in one Tesseract run
    per size and model (the model is loaded once: forty cells take about the time of
    two), and for each cell the most believable reading is kept (`_best`): the
    Chinese model with the English one beside it reads digits and % best, the
    Chinese model alone the names (where the pair may read 西岭乡 as Latin letters)."""
    if not crops:
        return []
    import tempfile

    from PIL import Image, ImageOps

    models = ["chi_sim", "chi_sim+eng"] if "eng" in _models() else ["chi_sim"]
    readings: list[list[list[Word]]] = []
    with tempfile.TemporaryDirectory(prefix="planwatch-ocr-") as folder:
        for scale in CELL_SCALES:
            names = []
            for k, crop in enumerate(crops):
                image = Image.fromarray(crop)
                size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
                if scale != 1.0:
                    image = image.resize(size, Image.LANCZOS)
                name = str(Path(folder) / f"{scale}_{k:05d}.png")
                ImageOps.expand(image, CELL_BORDER, fill=255).save(name)
                names.append(name)
            listing = Path(folder) / f"cells_{scale}.txt"
            listing.write_text("\n".join(names) + "\n", encoding="utf-8")
            for model in models:
                per_crop: list[list[Word]] = [[] for _ in crops]
                for image_no, word in _tesseract(str(listing), CELL_MODE, model):
                    if 1 <= image_no <= len(crops):
                        per_crop[image_no - 1].append(word)
                readings.append(per_crop)
    return [_best([r[k] for r in readings]) for k in range(len(crops))]


_LATIN_WORD = re.compile(r"[A-Za-z]")


def _best(readings: list[list[Word]]) -> list[Word]:
    """The most believable of several readings of one cell: Latin letters where another
    reading found Chinese characters are a misreading; otherwise the surest reading
    (mean confidence), an empty one last."""

    def text(words: list[Word]) -> str:
        return "".join(w.text for w in words)

    chinese = any(_CJK.search(text(r)) for r in readings)

    def score(words: list[Word]) -> float:
        if not words:
            return -1.0
        if chinese and _LATIN_WORD.search(text(words)):
            return 0.0
        return sum(w.conf for w in words) / len(words)

    return max(readings, key=score)


# Shapes the Chinese model confuses with the ones plans use (〈街道) for （街道）).
_CONFUSED = str.maketrans({"〈": "（", "〉": "）", "《": "《", "」": "）", "「": "（"})


def _join(words: list[Word]) -> str:
    """Words of one line left to right: no space beside Chinese, one between Latin."""
    text = ""
    for w in sorted(words, key=lambda w: w.x0):
        if text and not (_CJK.search(text[-1]) or _CJK.search(w.text[0])):
            text += " "
        text += w.text.translate(_CONFUSED)
    return text


def _line(words: list[Word], page: int) -> Line:
    """Words of one line as the PDF path's `Line`, in points."""
    words = sorted(words, key=lambda w: w.x0)
    height = max(w.bottom - w.top for w in words) * POINT
    return Line(
        text=_join(words),
        x0=words[0].x0 * POINT,
        x1=words[-1].x1 * POINT,
        top=min(w.top for w in words) * POINT,
        bottom=max(w.bottom for w in words) * POINT,
        size=max(height, 1.0),
        page=page,
        lead=(words[0].x1 - words[0].x0) * POINT,
    )


def _lines_of(words: list[Word], page: int) -> list[Line]:
    """A cell's words as lines: Tesseract's own lines, cut to the cell, top to bottom."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        groups.setdefault(w.line, []).append(w)
    ordered = sorted(groups.values(), key=lambda g: min((w.top + w.bottom) / 2 for w in g))
    return [_line(group, page) for group in ordered]


# --- rules and tables -----------------------------------------------------------------


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """The positions (along axis 1) covered by a run of at least `length` true values."""
    rows, n = mask.shape
    if n < length:
        return np.zeros_like(mask)
    zero = np.zeros((rows, 1), np.int32)
    cs = np.concatenate([zero, np.cumsum(mask, axis=1, dtype=np.int32)], axis=1)
    starts = np.zeros((rows, n), np.int32)  # 1 where a run of `length` starts
    starts[:, : n - length + 1] = (cs[:, length:] - cs[:, : n - length + 1]) == length
    # a position is covered when a run starts within the `length` positions up to it
    c2 = np.concatenate([zero, np.cumsum(starts, axis=1, dtype=np.int32)], axis=1)
    at = np.arange(n)
    return (c2[:, at + 1] - c2[:, np.maximum(0, at - length + 1)]) > 0


def _groups(positions: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive positions (rows or columns of one rule) as (first, last)."""
    out: list[tuple[int, int]] = []
    for p in positions.tolist():
        if out and p - out[-1][1] <= MERGE_GAP:
            out[-1] = (out[-1][0], p)
        else:
            out.append((p, p))
    return out


@dataclass
class Rules:
    """Ruling lines of a page image: for each rule its position and extent, in pixels,
    and the pixels the rules cover (to erase them before OCR)."""

    horizontal: list[tuple[float, float, float]]  # (y, x0, x1)
    vertical: list[tuple[float, float, float]]  # (x, y0, y1)
    ink: np.ndarray | None = None  # True on rule pixels


def find_rules(image: np.ndarray) -> Rules:
    ink = image < DARK
    h_len = max(20, int(RULE_H * image.shape[1]))
    v_len = max(20, int(RULE_V * image.shape[0]))
    h_cover = _runs(ink, h_len)
    v_cover = _runs(ink.T, v_len).T
    horizontal = []
    for a, b in _groups(np.flatnonzero(h_cover.any(axis=1))):
        cols = np.flatnonzero(h_cover[a : b + 1].any(axis=0))
        for x0, x1 in _groups(cols):
            horizontal.append(((a + b) / 2, float(x0), float(x1)))
    vertical = []
    for a, b in _groups(np.flatnonzero(v_cover.any(axis=0))):
        rows = np.flatnonzero(v_cover[:, a : b + 1].any(axis=1))
        for y0, y1 in _groups(rows):
            vertical.append(((a + b) / 2, float(y0), float(y1)))
    return Rules(horizontal, vertical, h_cover | v_cover)


def without_rules(image: np.ndarray, grids: list[Grid]) -> np.ndarray:
    """The page with the tables' rules painted white: Tesseract reads rules beside text
    as | and 1, and drops words that touch them. Only rules inside a table are erased
    (a tall stroke of a big heading glyph looks like a short vertical rule)."""
    if not grids:
        return image
    clean = image.copy()
    ink = grids[0].rules.ink
    if ink is None:
        return image
    for g in grids:
        y0, y1 = int(g.ys[0]) - 2 * MERGE_GAP, int(g.ys[-1]) + 2 * MERGE_GAP + 1
        x0, x1 = int(g.xs[0]) - 2 * MERGE_GAP, int(g.xs[-1]) + 2 * MERGE_GAP + 1
        y0, x0 = max(y0, 0), max(x0, 0)
        region = _grow(ink[y0:y1, x0:x1], 2)  # the rule's grey, anti-aliased edges too
        clean[y0:y1, x0:x1][region] = 255
    return clean


def _grow(mask: np.ndarray, by: int) -> np.ndarray:
    """`mask` widened by `by` pixels in each direction."""
    out = mask.copy()
    for shift in range(1, by + 1):
        out[shift:, :] |= mask[:-shift, :]
        out[:-shift, :] |= mask[shift:, :]
        out[:, shift:] |= mask[:, :-shift]
        out[:, :-shift] |= mask[:, shift:]
    return out


def _cluster(values: list[float], gap: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


@dataclass
class Grid:
    xs: list[float]  # column edges, pixels
    ys: list[float]  # row edges, pixels
    rules: Rules

    def has_vertical(self, x: float, y0: float, y1: float) -> bool:
        """Is there a rule at x over most of y0..y1?"""
        need = 0.6 * (y1 - y0)
        return any(
            abs(vx - x) <= 2 * MERGE_GAP and min(b, y1) - max(a, y0) >= need
            for vx, a, b in self.rules.vertical
        )

    def has_horizontal(self, y: float, x0: float, x1: float) -> bool:
        need = 0.6 * (x1 - x0)
        return any(
            abs(hy - y) <= 2 * MERGE_GAP and min(b, x1) - max(a, x0) >= need
            for hy, a, b in self.rules.horizontal
        )


def _on_rule(y: float, ys: list[float]) -> bool:
    return any(abs(y - r) <= 3 * MERGE_GAP for r in ys)


def _bridged(rules: Rules, x0: float, x1: float, top: float, bottom: float) -> bool:
    """Does a column rule within x0..x1 run from the rule at `top` to the one at
    `bottom`? Two tables one above the other over the same width have none between."""
    reach = 3 * MERGE_GAP
    return any(
        x0 - 10 <= vx <= x1 + 10 and a <= top + reach and b >= bottom - reach
        for vx, a, b in rules.vertical
    )


def _tables_in(
    rules: Rules, rows: list[tuple[float, float, float]], group: list[int]
) -> list[list[int]]:
    """`group` (rules over one width, top to bottom) cut where no column rule joins
    one rule to the next."""
    out: list[list[int]] = [[group[0]]]
    for above, below in pairwise(group):
        y, x0, x1 = rows[above]
        if _bridged(rules, x0, x1, y, rows[below][0]):
            out[-1].append(below)
        else:
            out.append([below])
    return [g for g in out if len(g) >= 2]


def find_grids(rules: Rules) -> list[Grid]:
    """Tables: runs of horizontal rules over the same width with vertical rules
    between them. Each gives its column and row edges."""
    grids: list[Grid] = []
    rows = sorted(rules.horizontal)
    used: set[int] = set()
    for i, (y, x0, x1) in enumerate(rows):
        if i in used:
            continue
        same_width = [
            k
            for k, (yy, a, b) in enumerate(rows)
            if k not in used and abs(a - x0) <= 10 and abs(b - x1) <= 10 and yy >= y
        ]
        if len(same_width) < 2:
            continue
        for group in _tables_in(rules, rows, same_width):
            grid = _grid(rules, rows, group, used)
            if grid is not None:
                grids.append(grid)
    return grids


def _grid(
    rules: Rules, rows: list[tuple[float, float, float]], group: list[int], used: set[int]
) -> Grid | None:
    """The grid of one table whose full-width rules are `group`; marks its rules used."""
    top, bottom = rows[group[0]][0], rows[group[-1]][0]
    _, x0, x1 = rows[group[0]]
    # rules across only some columns (under a header cell spanning sub-columns)
    inner = [
        k
        for k, (yy, a, b) in enumerate(rows)
        if k not in used and k not in group and top < yy < bottom
        and a >= x0 - 10 and b <= x1 + 10
    ]  # fmt: skip
    ys = sorted(rows[k][0] for k in [*group, *inner])
    # column rules: from one row rule to another (a merged cell's rule starts lower
    # down); a glyph's stroke (the 1 of a number) touches no rule and is none
    verticals = [
        vx
        for vx, a, b in rules.vertical
        if x0 - 10 <= vx <= x1 + 10 and _on_rule(a, ys) and _on_rule(b, ys)
        and b - a > 2 * MERGE_GAP
    ]  # fmt: skip
    xs = _cluster([x0, x1, *verticals], 2 * MERGE_GAP)
    if len(xs) < 3:  # two columns at least: a box is no table
        return None
    used.update(group)
    used.update(inner)
    return Grid(xs=xs, ys=_cluster(ys, 2 * MERGE_GAP), rules=rules)


Position = tuple[int, int]


@dataclass
class Merged:
    """Which grid position each cell covers: `spans` of origin cells, `owner` of all."""

    spans: dict[Position, tuple[int, int]]
    owner: dict[Position, Position]


def merges(grid: Grid) -> Merged:
    """Cells merge where the rule between two grid positions is missing."""
    xs, ys = grid.xs, grid.ys
    nrows, ncols = len(ys) - 1, len(xs) - 1
    owner: dict[Position, Position] = {}
    spans: dict[Position, tuple[int, int]] = {}
    for r in range(nrows):
        for c in range(ncols):
            if (r, c) in owner:
                continue
            cs = 1
            while c + cs < ncols and not grid.has_vertical(xs[c + cs], ys[r], ys[r + 1]):
                cs += 1
            rs = 1
            while r + rs < nrows and not grid.has_horizontal(ys[r + rs], xs[c], xs[c + cs]):
                rs += 1
            spans[(r, c)] = (rs, cs)
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    owner.setdefault((rr, cc), (r, c))
    return Merged(spans, owner)


def _box(grid: Grid, pos: Position, span: tuple[int, int]) -> tuple[int, int, int, int]:
    (r, c), (rs, cs) = pos, span
    return (int(grid.xs[c]), int(grid.ys[r]), int(grid.xs[c + cs]), int(grid.ys[r + rs]))


def cell_crops(image: np.ndarray, grid: Grid, cells: Merged) -> list[tuple[Position, np.ndarray]]:
    """The image of each origin cell with ink in it, its edges (the erased rules) cut off."""
    out = []
    for pos, span in cells.spans.items():
        x0, y0, x1, y1 = _box(grid, pos, span)
        crop = image[y0 + CELL_INSET : y1 - CELL_INSET, x0 + CELL_INSET : x1 - CELL_INSET]
        if crop.size and int((crop < DARK).sum()) >= MIN_INK:
            out.append((pos, np.ascontiguousarray(crop)))
    return out


def _table(grid: Grid, cells: Merged, texts: dict[Position, str], page: int) -> PageTable:
    """The grid as a `PageTable`, each origin cell with its text."""
    xs, ys = grid.xs, grid.ys
    rows: list[list[Cell]] = []
    for r in range(len(ys) - 1):
        line: list[Cell] = []
        for c in range(len(xs) - 1):
            if cells.owner[(r, c)] != (r, c):
                line.append(Cell(text="", row=r, col=c, merged=True, page=page))
                continue
            rs, cs = cells.spans[(r, c)]
            text = texts.get((r, c), "")
            line.append(Cell(text=text, row=r, col=c, rowspan=rs, colspan=cs, page=page))
        rows.append(line)
    bbox = (xs[0] * POINT, ys[0] * POINT, xs[-1] * POINT, ys[-1] * POINT)
    return PageTable(
        rows=rows, bbox=bbox, xs=[x * POINT for x in xs], page=page, ys=[y * POINT for y in ys]
    )


def _even_sizes(lines: list[Line]) -> None:
    """One size for the lines of body text. A printed line has one font size; its OCR
    box grows with what it holds (a ；, a 7%), and lines that differ in size are never
    joined into one paragraph."""
    if not lines:
        return
    sizes = sorted(ln.size for ln in lines)
    body = sizes[len(sizes) // 2]
    for ln in lines:
        if 0.75 * body <= ln.size <= 1.3 * body:
            ln.size = body


def _outside(words: list[Word], grids: list[Grid]) -> list[Word]:
    """The words whose centre lies in no table."""

    def inside(w: Word, g: Grid) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return g.xs[0] <= cx < g.xs[-1] and g.ys[0] <= cy < g.ys[-1]

    return [w for w in words if not any(inside(w, g) for g in grids)]


# --- pages ----------------------------------------------------------------------------


def _page_image(pdf, index: int) -> tuple[np.ndarray, float, float]:  # type: ignore[no-untyped-def]
    page = pdf[index]
    width, height = page.get_size()
    image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    return np.asarray(image), width, height


def _png(pixels: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def ocr_pages(data: bytes, path: Path, indexes: list[int]) -> dict[int, PageLayout]:
    """The pages at `indexes` (0-based) read by OCR, side by side on the cores."""
    if not ocr_available():
        raise InputError(path, INSTALL)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(path, f"damaged PDF ({exc})") from None
    try:
        # PDFium is not thread-safe: pages are rendered here, one at a time, and only
        # Tesseract (a process per job) runs side by side
        images = [_page_image(pdf, i) for i in indexes]
    finally:
        pdf.close()
    pages = [_Page.of(i + 1, *im) for i, im in zip(indexes, images, strict=True)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        texts = pool.map(lambda p: _words(_png(p.clean)), pages)
        cells = pool.map(lambda p: _cell_words([c for _, c in p.crops]), pages)
        for page, words, cell_words in zip(pages, texts, cells, strict=True):
            page.words, page.cell_words = words, cell_words
    return {i: p.layout() for i, p in zip(indexes, pages, strict=True)}


@dataclass
class _Page:
    """One scanned page on its way to a `PageLayout`."""

    number: int
    width: float
    height: float
    grids: list[Grid]
    merged: list[Merged]
    clean: np.ndarray  # the image with the tables' rules erased
    crops: list[tuple[tuple[int, Position], np.ndarray]]  # (grid, cell) → image
    words: list[Word] | None = None
    cell_words: list[list[Word]] | None = None

    @classmethod
    def of(cls, number: int, pixels: np.ndarray, width: float, height: float) -> _Page:
        grids = find_grids(find_rules(pixels))
        merged = [merges(g) for g in grids]
        clean = without_rules(pixels, grids)
        crops = [
            ((k, pos), crop)
            for k, (g, m) in enumerate(zip(grids, merged, strict=True))
            for pos, crop in cell_crops(clean, g, m)
        ]
        return cls(number, width, height, grids, merged, clean, crops)

    def layout(self) -> PageLayout:
        texts: list[dict[Position, str]] = [{} for _ in self.grids]
        for ((k, pos), crop), words in zip(self.crops, self.cell_words or [], strict=False):
            width = crop.shape[1] * POINT
            texts[k][pos] = cell_text(_lines_of(words, self.number), width)
        tables = [
            _table(g, m, t, self.number)
            for g, m, t in zip(self.grids, self.merged, texts, strict=True)
            if any(t.values())
        ]
        by_line: dict[tuple[int, int, int], list[Word]] = {}
        for w in _outside(self.words or [], self.grids):
            by_line.setdefault(w.line, []).append(w)
        lines = sorted(
            (_line(group, self.number) for group in by_line.values()),
            key=lambda ln: (ln.top, ln.x0),
        )
        _even_sizes(lines)
        return PageLayout(
            number=self.number, width=self.width, height=self.height, lines=lines, tables=tables
        )
