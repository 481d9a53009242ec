"""Read plans from Word files (.docx) into the same blocks as the text reader.

The body is walked in order (paragraphs and tables interleave as in the file).
A heading is a paragraph in a heading style (Heading 1…9, 标题 1…9, or a style
with an outline level), else a numbered line recognised exactly as the text
reader does, so the same plan gives the same outline in both formats; numbering
styles seen on styled headings fix the level of the same numbering elsewhere.
Captions (the short paragraph right above a table), notes under tables, and a
table split in two by a page break or a 续表 caption are handled by the text
reader's own rules. Tables are full grids (see `docx_tables`).

Source positions: a Word file has no lines, so a block's `line` and each table
cell's `line` is the ordinal of its (first) paragraph among all paragraphs read in
document order, cell paragraphs included (`Ordinals`). That number is stable for a
file, which is what the extractors' `CellRef` and the audit's locations need.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError, _Element

from planwatch.errors import InputError
from planwatch.ingest.headings import STYLE_ORDER, heading_parts, numbering_of
from planwatch.ingest.readers import register
from planwatch.ingest.readers.base import Reader
from planwatch.ingest.readers.docx_numbering import ListNumbers
from planwatch.ingest.readers.docx_tables import table_rows
from planwatch.ingest.readers.docx_xml import (
    TBL,
    Ordinals,
    P,
    child_val,
    children,
    has_image,
    lineage,
)
from planwatch.ingest.readers.txt import (
    UNNUMBERED_HEADINGS,
    attach_notes,
    looks_like_caption,
    rejoin_tables,
)
from planwatch.ingest.readers.txt_tables import NOTE_START, PAGE_NUMBER
from planwatch.models import (
    Block,
    Caption,
    Document,
    Heading,
    Image,
    Note,
    Paragraph,
    SourcePos,
    Table,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAIN_PART = "word/document.xml"
# The main XML of a real plan is a few MB; far more is a zip bomb, not a plan.
MAX_XML_BYTES = 200 * 1024 * 1024
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
CAPTION_STYLES = {"caption", "题注"}
TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d+$", re.I)
# A styled "heading" longer than this is body text someone formatted as a heading.
MAX_STYLED_HEADING = 60
BODY_TEXT_LEVEL = 9
_NOT_DOCX = [
    (b"%PDF", "a PDF file named .docx; rename it to .pdf"),
    (b"{\\rtf", "an RTF file named .docx; open it in Word and save as .docx"),
    (b"<", "an HTML or XML file named .docx; open it in Word and save as .docx"),
]


# --- opening ------------------------------------------------------------------


def _check_zip(data: bytes, path: Path) -> None:
    """Reject what is not a .docx with a reason a user can act on."""
    if data.startswith(OLE_MAGIC):
        raise InputError(path, "password-protected or old .doc format; save as .docx")
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, reason in _NOT_DOCX:
        if head.startswith(magic):
            raise InputError(path, reason)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if MAIN_PART not in zf.namelist():
                raise InputError(path, f"not a Word document: the zip has no {MAIN_PART}")
            if zf.getinfo(MAIN_PART).file_size > MAX_XML_BYTES:
                raise InputError(path, f"{MAIN_PART} is too large to be a plan")
            bad = zf.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise InputError(path, "not a valid .docx (damaged or truncated zip)") from exc
    except NotImplementedError as exc:  # a compression method zipfile cannot read
        raise InputError(path, f"not a valid .docx (unsupported zip: {exc})") from exc
    except RuntimeError as exc:  # zipfile: "File … is encrypted, password required"
        raise InputError(path, "password-protected .docx; save it without a password") from exc
    if bad is not None:
        raise InputError(path, f"not a valid .docx (damaged part {bad})")


def open_docx(data: bytes, path: Path) -> DocxDocument:
    _check_zip(data, path)
    try:
        return docx.Document(io.BytesIO(data))
    except XMLSyntaxError as exc:
        raise InputError(path, "not a valid .docx (damaged XML inside)") from exc
    except (KeyError, PackageNotFoundError) as exc:
        raise InputError(path, "not a valid .docx (a part it refers to is missing)") from exc
    except ValueError as exc:  # python-docx: the main part is not a Word document
        found = re.search(r"content type is '([^']+)'", str(exc))
        kind = found.group(1) if found else str(exc)
        raise InputError(path, f"not a Word document (content type {kind})") from exc


# --- styles -------------------------------------------------------------------


@dataclass(frozen=True)
class StyleInfo:
    level: int | None = None
    caption: bool = False
    toc: bool = False


@dataclass(frozen=True)
class _RawStyle:
    name: str
    based_on: str | None
    outline: int | None


def _outline(p_pr: _Element | None) -> int | None:
    """`w:outlineLvl` as a heading level (1…9), 0 for body text, None when absent."""
    value = child_val(p_pr, "w:outlineLvl")
    if value is None or not value.isdigit():
        return None
    return int(value) + 1 if int(value) < BODY_TEXT_LEVEL else 0


def _raw_styles(document: DocxDocument) -> tuple[dict[str, _RawStyle], str | None]:
    raw: dict[str, _RawStyle] = {}
    default: str | None = None
    for s in document.styles.element.findall(qn("w:style")):
        if s.get(qn("w:type")) not in (None, "paragraph"):
            continue
        sid = s.get(qn("w:styleId"), "")
        name = (child_val(s, "w:name") or sid).strip().lower()
        raw[sid] = _RawStyle(name, child_val(s, "w:basedOn"), _outline(s.find(qn("w:pPr"))))
        if s.get(qn("w:default")) in ("1", "true", "on"):
            default = sid
    return raw, default


def _level(sid: str | None, raw: dict[str, _RawStyle]) -> int | None:
    """Heading level of a style by its name or outline level, inherited via basedOn."""
    for s in lineage(sid, raw, lambda style: style.based_on):
        m = HEADING_STYLE.match(s.name)
        if m:
            return int(m.group(1))
        if s.outline is not None:
            return s.outline or None
    return None


def style_infos(document: DocxDocument) -> tuple[dict[str, StyleInfo], str | None]:
    """Every paragraph style's heading level and role, and the default style's id."""
    raw, default = _raw_styles(document)
    infos = {
        sid: StyleInfo(
            level=_level(sid, raw),
            caption=s.name in CAPTION_STYLES,
            toc=bool(TOC_STYLE.match(s.name)),
        )
        for sid, s in raw.items()
    }
    return infos, default


# --- blocks -------------------------------------------------------------------


def _full_text(block: Paragraph | Heading) -> str:
    if isinstance(block, Heading) and block.numbering:
        return f"{block.numbering}{block.text}"
    return block.text


class _Builder:
    """Walks the body once, collecting blocks and the headings still to be levelled."""

    def __init__(
        self, styles: dict[str, StyleInfo], default: str | None, lists: ListNumbers
    ) -> None:
        self.styles = styles
        self.default = default
        self.ordinals = Ordinals(numbers=lambda p: lists.label(p, self._style_id(p)))
        self.blocks: list[Block] = []
        # Headings found by their numbering text, levelled at the end as in the text reader.
        self.numbered: list[tuple[Heading, str]] = []
        # Headings in a heading style: level from the style, numbering style if any.
        self.styled: list[tuple[Heading, str | None]] = []
        self.caption_styled: set[int] = set()

    def walk(self, body: _Element) -> None:
        for el in children(body, P, TBL):
            if el.tag == P:
                self.paragraph(el)
            else:
                self.table(el)

    def _style_id(self, p: _Element) -> str | None:
        return child_val(p.find(qn("w:pPr")), "w:pStyle") or self.default

    def _style(self, p: _Element) -> tuple[StyleInfo, int | None]:
        info = self.styles.get(self._style_id(p) or "", StyleInfo())
        direct = _outline(p.find(qn("w:pPr")))  # set on the paragraph, it overrides the style
        if direct is None:
            return info, info.level
        return info, direct or None

    def paragraph(self, p: _Element) -> None:
        ordinal, before = self.ordinals.next(), len(self.blocks)
        self._paragraph(p)
        for block in self.blocks[before:]:
            block.source = SourcePos(line=ordinal, end_line=ordinal)

    def _paragraph(self, p: _Element) -> None:
        text = self.ordinals.text(p).strip()
        if has_image(p):
            self.blocks.append(Image(text=text))
            return
        if not text or (PAGE_NUMBER.match(text) and not text.isdigit()):
            return
        info, level = self._style(p)
        if level and not info.toc and len(text) <= MAX_STYLED_HEADING:
            self._styled_heading(text, level)
        elif info.toc:
            self.blocks.append(Paragraph(text=text))
        else:
            self._text(text)
            if info.caption:
                self.caption_styled.add(id(self.blocks[-1]))

    def _styled_heading(self, text: str, level: int) -> None:
        found = numbering_of(text)
        joined = "".join(text.split())
        if found:
            style, numbering, title = found
            h = Heading(text=title, level=level, numbering=numbering)
        else:
            style = None
            h = Heading(text=joined if joined in UNNUMBERED_HEADINGS else text, level=level)
        self.styled.append((h, style))
        self.blocks.append(h)

    def _text(self, text: str) -> None:
        """An unstyled paragraph, classified as the text reader classifies a line."""
        parts = heading_parts(text)
        joined = "".join(text.split())
        if parts:
            style, numbering, title = parts
            h = Heading(text=title, level=0, numbering=numbering)
            self.numbered.append((h, style))
            self.blocks.append(h)
        elif joined in UNNUMBERED_HEADINGS:
            self.blocks.append(Heading(text=joined, level=1))
        elif NOTE_START.match(text):
            self.blocks.append(Note(text=text))
        else:
            self.blocks.append(Paragraph(text=text))

    def table(self, tbl: _Element) -> None:
        rows = table_rows(tbl, self.ordinals)
        if not rows:
            return
        table = Table(rows=rows)
        prev = self.blocks[-1] if self.blocks else None
        if isinstance(prev, Paragraph | Heading) and self._is_caption(prev):
            table.caption = _full_text(prev)
            self.blocks[-1] = Caption(text=table.caption, source=prev.source)
            self.numbered = [(h, s) for h, s in self.numbered if h is not prev]
        self.blocks.append(table)

    def _is_caption(self, block: Paragraph | Heading) -> bool:
        """The paragraph right above a table names it; a heading in a heading style does not."""
        if isinstance(block, Heading) and any(h is block for h, _ in self.styled):
            return False
        return id(block) in self.caption_styled or looks_like_caption(_full_text(block))

    def level_headings(self) -> None:
        """Numbered headings: the level their numbering has on styled headings, else the
        next level below the numbering above them, as the text reader assigns them."""
        known: dict[str, int] = {}
        for h, style in self.styled:
            if style is not None:
                known.setdefault(style, h.level)
        base = 0
        if not known:
            plain = [h.level for h, _ in self.styled if h.text not in UNNUMBERED_HEADINGS]
            base = max(plain, default=0)
        used = {s for _, s in self.numbered} | set(known)
        levels: dict[str, int] = {}
        running = base
        for style in STYLE_ORDER:
            if style in used:
                running = known.get(style, running + 1)
                levels[style] = running
        for h, style in self.numbered:
            h.level = levels.get(style, 1)


@register
class DocxReader(Reader):
    extensions = (".docx",)
    format = "docx"

    def parse(self, data: bytes, path: Path) -> Document:
        document = open_docx(data, path)
        styles, default = style_infos(document)
        b = _Builder(styles, default, ListNumbers.of(document))
        b.walk(document.element.body)
        b.level_headings()
        blocks = rejoin_tables(b.blocks)
        attach_notes(blocks)
        if not blocks:
            raise InputError(path, "the document has no text")
        return Document(
            name=path.stem,
            path=str(path),
            format="docx",
            blocks=blocks,
            warnings=_warnings(document.element.body),
        )


def _warnings(body: _Element) -> list[str]:
    if next(body.iter(qn("w:ins"), qn("w:del")), None) is not None:
        return ["tracked changes: insertions read as accepted, deletions ignored"]
    return []
