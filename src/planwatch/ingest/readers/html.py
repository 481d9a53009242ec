"""Plans as web pages: the article a government site publishes (政府信息公开), saved as
.html/.htm, often in GB2312/GBK.

The page is decoded by its byte order mark, its declared charset (`<meta charset>`
or `http-equiv`), UTF-8, or detection, in that order. Navigation, scripts, styles,
headers and footers are dropped, and the article is the element that holds most of
the page's text: from the body down, the child holding most of its parent's text
(not counting link text, which is what menus are made of), until no child holds most.
Inside it, h1–h6 are headings by their level; other paragraphs are classified as in a
Word file (numbered headings, 注 notes, captions above tables); a short paragraph that
is all bold is a heading, as sites that do not use h-tags set them; tables become
full grids, a rowspan or colspan covering its cells, and a table a site split into
two `<table>`s is joined again as in the other readers.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from planwatch.errors import InputError
from planwatch.ingest.headings import heading_parts
from planwatch.ingest.readers import register
from planwatch.ingest.readers.base import Reader
from planwatch.ingest.readers.docx import _Builder, _full_text
from planwatch.ingest.readers.txt import attach_notes, rejoin_tables
from planwatch.models import Caption, Cell, Document, Heading, Image, Paragraph, SourcePos, Table

DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
        "select", "button", "object", "svg", "template")  # fmt: skip
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "blockquote", "center", "pre", "ul", "ol", "dl", "dd", "dt", "main", "td", "th", "tr",
          "tbody", "thead", "tfoot", "font", "span", "body", "figure", "figcaption"}  # fmt: skip
CONTAINERS = {"div", "section", "article", "main", "td", "body", "center", "blockquote", "font"}
HEADING = re.compile(r"^h([1-6])$")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
SPACES = re.compile(r"[ \t\r\n\u00a0\u3000]+")
MOST = 0.6  # a child holding this share of its parent's text is the article's way down
MAX_BOLD_HEADING = 40


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The page's text and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    declared = CHARSET.search(data[:8192])
    tried = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        # GB2312 pages use GBK's and GB18030's characters more often than not
        tried.append("gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name)
    tried.append("utf-8")
    for encoding in tried:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "the page's text encoding cannot be recognised")
    return str(best), best.encoding


def _text(el: etree._Element) -> str:
    return SPACES.sub(" ", "".join(el.itertext())).strip()


def _weight(el: etree._Element, memo: dict[etree._Element, int]) -> int:
    """Characters of text under `el`, not counting link text (menus are links). The
    memo holds the elements themselves: lxml's element objects are made on access, so
    an id() could be another element's by the next call."""
    if el not in memo:
        own = len((el.text or "").strip()) if el.tag != "a" else 0
        tails = sum(len((c.tail or "").strip()) for c in el)
        memo[el] = own + tails + sum(_weight(c, memo) for c in el if c.tag != "a")
    return memo[el]


# How sites mark the article's element (TRS and other publishing systems in use at
# government sites, and the common words).
MARKED = re.compile(r"TRS_Editor|TRS_UEDITOR|Custom_UnionStyle|zoom|article|content|"
                    r"main[-_]?text|bt_content|wzy|xxgk[-_]?content|view", re.I)  # fmt: skip
MARKED_SHARE = 0.15  # a marked element is the article when it holds this much of the text


def _marked(body: etree._Element, memo: dict[etree._Element, int]) -> etree._Element | None:
    """The smallest element a site marks as its content that still holds a good share
    of the page's text."""
    total = _weight(body, memo)
    found = [el for el in body.iter() if isinstance(el.tag, str)
             and MARKED.search(f"{el.get('id', '')} {el.get('class', '')}")
             and _weight(el, memo) >= MARKED_SHARE * total]  # fmt: skip
    return min(found, key=lambda el: _weight(el, memo), default=None)


def article(body: etree._Element) -> etree._Element:
    """The element holding the article: the one the site marks as its content, where
    there is one holding a good share of the text; else down from `body` through the
    child holding most of its parent's text, until no child does."""
    memo: dict[etree._Element, int] = {}
    marked = _marked(body, memo)
    if marked is not None:
        return marked
    node = body
    while True:
        total = _weight(node, memo)
        kids = [c for c in node if isinstance(c.tag, str) and c.tag in CONTAINERS]
        best = max(kids, key=lambda c: _weight(c, memo), default=None)
        if best is None or total == 0 or _weight(best, memo) < MOST * total:
            return node
        node = best


def _cell_text(td: etree._Element) -> str:
    """A cell's text with a line break where the cell breaks a line (<br>, or a new
    paragraph), as a Word cell's paragraphs are read."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        parts.append(el.text or "")
        for child in el:
            if child.tag == "br":
                parts.append("\n")
            elif isinstance(child.tag, str):
                block = child.tag in ("p", "div", "li")
                if block:
                    parts.append("\n")
                walk(child)
                if block:
                    parts.append("\n")
            parts.append(child.tail or "")

    walk(td)
    lines = (SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _bold_only(el: etree._Element, text: str) -> bool:
    bold = "".join("".join(b.itertext()) for b in el.iter("strong", "b"))
    return bool(text) and SPACES.sub("", bold) == SPACES.sub("", text)


def _grid(table: etree._Element, line: int) -> list[list[Cell]]:
    """The table's rows as a full grid: a cell spanning rows or columns covers the cells
    under it (merged=True), so every row has the table's width."""
    rows: list[list[Cell]] = []
    taken: dict[tuple[int, int], Cell] = {}
    trs = [tr for tr in table.iter("tr") if _owner(tr) is table]
    for r, tr in enumerate(trs):
        row: list[Cell] = []
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                row.append(taken.pop((r, c)))
                c += 1
            rowspan = _span(td.get("rowspan"))
            colspan = _span(td.get("colspan"))
            cell = Cell(text=_cell_text(td), row=r, col=c, rowspan=rowspan, colspan=colspan,
                        line=line)  # fmt: skip
            row.append(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        covered = Cell(text="", row=r + dr, col=c + dc, merged=True, line=line)
                        if dr == 0:
                            row.append(covered)
                        else:
                            taken[(r + dr, c + dc)] = covered
            c += colspan
        while (r, c) in taken:
            row.append(taken.pop((r, c)))
            c += 1
        if row:
            rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for r, row in enumerate(rows):
        row += [Cell(text="", row=r, col=len(row) + i, line=line) for i in range(width - len(row))]
    return [r for r in rows if any(c.text for c in r)] if rows else rows


def _owner(tr: etree._Element) -> etree._Element | None:
    """The table a row belongs to (a nested table's rows are its own)."""
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 500))
    except (TypeError, ValueError):
        return 1


class _HtmlBuilder(_Builder):
    """The Word reader's classification of paragraphs, fed from HTML elements."""

    def __init__(self) -> None:
        self.blocks = []
        self.numbered = []
        self.styled = []
        self.caption_styled = set()
        self.line = 0
        self.top = 7  # the highest h-level the page uses, for level 1

    def walk(self, root: etree._Element) -> None:
        levels = [int(m.group(1)) for el in root.iter() if isinstance(el.tag, str)
                  for m in [HEADING.match(el.tag)] if m]  # fmt: skip
        self.top = min(levels, default=1)
        self._walk(root)

    def _walk(self, el: etree._Element) -> None:
        self._loose(el.text)
        for child in el:
            if not isinstance(child.tag, str) or child.tag in DROP:
                continue
            if child.tag == "table":
                self.line += 1
                self.html_table(child)
            elif child.tag == "img":
                self.blocks.append(Image(text=child.get("alt", "")))
            elif self._is_leaf(child):
                self.leaf(child)
            else:
                self._walk(child)
            self._loose(child.tail)

    def _loose(self, text: str | None) -> None:
        """Text standing directly in a container, between its blocks."""
        text = SPACES.sub(" ", text or "").strip()
        if text:
            self.line += 1
            before = len(self.blocks)
            self._text(text)
            for block in self.blocks[before:]:
                block.source = SourcePos(line=self.line, end_line=self.line)

    def _is_leaf(self, el: etree._Element) -> bool:
        """A block with no block inside it (its text is one paragraph, or a few split by
        <br>)."""
        if el.tag not in BLOCKS:
            return False
        return not any(isinstance(d.tag, str) and d.tag in BLOCKS and d.tag not in ("font", "span")
                       for d in el.iterdescendants())  # fmt: skip

    def leaf(self, el: etree._Element) -> None:
        level = HEADING.match(el.tag)
        for part in _lines(el):
            self.line += 1
            before = len(self.blocks)
            if level:
                self._styled_heading(part, int(level.group(1)) - self.top + 1)
            elif (_bold_only(el, _text(el)) and len(part) <= MAX_BOLD_HEADING
                  and not heading_parts(part)):  # fmt: skip
                self.blocks.append(Heading(text=part, level=0))
                self.numbered.append((self.blocks[-1], "bold"))  # type: ignore[arg-type]
            else:
                self._text(part)
            for block in self.blocks[before:]:
                block.source = SourcePos(line=self.line, end_line=self.line)

    def html_table(self, el: etree._Element) -> None:
        rows = _grid(el, self.line)
        if not rows:
            return
        table = Table(rows=rows, source=SourcePos(line=self.line, end_line=self.line))
        caption = el.find("caption")
        prev = self.blocks[-1] if self.blocks else None
        if caption is not None and _text(caption):
            table.caption = _text(caption)
        elif isinstance(prev, Paragraph | Heading) and self._is_caption(prev):
            table.caption = _full_text(prev)
            self.blocks[-1] = Caption(text=table.caption, source=prev.source)
            self.numbered = [(h, s) for h, s in self.numbered if h is not prev]
        self.blocks.append(table)


def _lines(el: etree._Element) -> list[str]:
    """The element's text, one entry per <br>-separated line that has text."""
    if el.find(".//br") is None:
        text = _text(el)
        return [text] if text else []
    parts: list[str] = []
    current: list[str] = [el.text or ""]
    for node in el.iterdescendants():
        if node.tag == "br":
            parts.append("".join(current))
            current = [node.tail or ""]
        elif isinstance(node.tag, str):
            current.append((node.text or "") + (node.tail or ""))
    parts.append("".join(current))
    return [t for t in (SPACES.sub(" ", p).strip() for p in parts) if t]


@register
class HtmlReader(Reader):
    extensions = (".html", ".htm", ".shtml", ".xhtml")
    format = "html"

    def parse(self, data: bytes, path: Path) -> Document:
        text, encoding = decode(data, path)
        try:
            root = lxml_html.document_fromstring(text)
        except (etree.ParserError, ValueError) as exc:
            raise InputError(path, f"not a readable web page ({exc})") from None
        for el in list(root.iter(*DROP)):
            el.drop_tree()
        body = root.find("body")
        if body is None:
            body = root
        b = _HtmlBuilder()
        b.walk(article(body))
        b.level_headings()
        blocks = rejoin_tables(b.blocks)
        attach_notes(blocks)
        if not blocks:
            raise InputError(path, "the page has no text")
        return Document(name=path.stem, path=str(path), format="html", encoding=encoding,
                        blocks=blocks)  # fmt: skip
