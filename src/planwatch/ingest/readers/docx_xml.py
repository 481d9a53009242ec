"""WordprocessingML text for the .docx reader: paragraphs, images, cell text.

python-docx's `Paragraph.text` reads only runs and hyperlinks directly under the
paragraph, so text in tracked insertions, content controls and smart tags is
lost. This module walks the XML itself: the visible text of a paragraph (no
deleted text, no compatibility fallbacks that repeat it), the text of a table
cell with nested tables flattened, and the containers to look through.

A Word file has no lines, so cells point back to their source by paragraph
ordinal (see `Ordinals`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from docx.oxml.ns import qn
from lxml.etree import _Element

T = TypeVar("T")
P, TBL, TR, TC, R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
# Markup compatibility: a fallback repeats its alternative's content for old readers.
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Containers whose content is read as if it stood in their place.
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
# Paragraph content that is not visible text: deletions, properties, fallbacks.
_SKIP_INLINE = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:pPr"),
    qn("w:sdtPr"),
    qn("w:customXmlPr"),
    MC_FALLBACK,
}
_T, _BR, _CR, _NB_HYPHEN = qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_TABS = {qn("w:tab"), qn("w:ptab")}
_IMAGE_TAGS = (qn("w:drawing"), qn("w:pict"), qn("w:object"))
# Cells of a table nested in a cell: one line per row, cells separated by a space.
NESTED_CELL_SEP = " "


@dataclass
class Ordinals:
    """Counts paragraphs in reading order (body and cells): a cell's `line`.

    The count is stable for a file, so a value can be traced back to the n-th
    paragraph of the document, cell paragraphs included. `numbers` gives a
    paragraph's automatic list number, also counted in reading order.
    """

    count: int = 0
    numbers: Callable[[_Element], str] | None = None

    def next(self) -> int:
        self.count += 1
        return self.count

    def text(self, p: _Element) -> str:
        """The paragraph's text with its list number, as Word shows it."""
        number = self.numbers(p) if self.numbers is not None else ""
        return number + paragraph_text(p)


def children(el: _Element, *tags: str) -> Iterator[_Element]:
    """Direct children with one of `tags`, looking through content controls."""
    for child in el:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from children(child, *tags)


def lineage(
    sid: str | None, styles: Mapping[str, T], based_on: Callable[[T], str | None]
) -> Iterator[T]:
    """A style and the styles it is based on, nearest first (a loop of basedOn ends it)."""
    seen: set[str] = set()
    while sid is not None and sid in styles and sid not in seen:
        seen.add(sid)
        yield styles[sid]
        sid = based_on(styles[sid])


def _runs(el: _Element) -> Iterator[_Element]:
    for child in el:
        if child.tag == R:
            yield child
        elif child.tag not in _SKIP_INLINE:
            yield from _runs(child)


def _run_text(r: _Element) -> str:
    out: list[str] = []
    for child in r:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag in _TABS:
            out.append("\t")
        elif tag == _BR:
            # Page and column breaks are layout; only a line break is text.
            out.append("\n" if child.get(qn("w:type"), "textWrapping") == "textWrapping" else "")
        elif tag == _CR:
            out.append("\n")
        elif tag == _NB_HYPHEN:
            out.append("-")
    return "".join(out)


def paragraph_text(p: _Element) -> str:
    """Visible text: runs, hyperlinks, insertions, fields' results; no deletions."""
    return "".join(_run_text(r) for r in _runs(p))


def has_image(p: _Element) -> bool:
    return any(True for _ in p.iter(*_IMAGE_TAGS))


def child_val(el: _Element | None, tag: str) -> str | None:
    """`w:val` of the child `tag` of `el`: None when absent, "" when it has no value."""
    if el is None:
        return None
    found = el.find(qn(tag))
    return None if found is None else found.get(qn("w:val"), "")


def cell_text(tc: _Element, ordinals: Ordinals) -> tuple[str, int | None]:
    """A cell's paragraphs joined by newlines; a nested table flattened row by row.

    Returns the text and the ordinal of the cell's first paragraph.
    """
    lines: list[str] = []
    first: int | None = None
    for el in children(tc, P, TBL):
        if el.tag == P:
            n: int | None = ordinals.next()
            text = ordinals.text(el)
        else:
            text, n = _nested_text(el, ordinals)
        first = first or n
        lines.extend(x.strip() for x in text.split("\n") if x.strip())
    return "\n".join(lines), first


def _nested_text(tbl: _Element, ordinals: Ordinals) -> tuple[str, int | None]:
    """One line per row of a table inside a cell, its cells separated by a space."""
    rows: list[str] = []
    first: int | None = None
    for tr in children(tbl, TR):
        texts = []
        for tc in children(tr, TC):
            text, n = cell_text(tc, ordinals)
            first = first or n
            if text:
                texts.append(text.replace("\n", NESTED_CELL_SEP))
        if texts:
            rows.append(NESTED_CELL_SEP.join(texts))
    return "\n".join(rows), first
