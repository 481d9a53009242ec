"""Read plans as the plain text users get from Word (.docx converted to .txt).

Lines become blocks: numbered headings, paragraphs, notes, image placeholders,
embedded chart data, and tables rebuilt by `txt_tables`. A caption is the short
line just above a table; a table interrupted by stray lines or a 续表 caption is
joined back when its columns continue.
"""

from __future__ import annotations

import re
from pathlib import Path

from planwatch.ingest.decode import decode_bytes
from planwatch.ingest.headings import assign_levels, heading_parts
from planwatch.ingest.readers import register
from planwatch.ingest.readers.base import Reader
from planwatch.ingest.readers.txt_tables import (
    CAPTION_START,
    NOTE_START,
    PAGE_NUMBER,
    aligned_rows,
    build_rows,
    is_cell_line,
    is_chart_line,
    scan_table,
)
from planwatch.ingest.tables import is_label_row
from planwatch.ingest.text import clean, strip_markers
from planwatch.models import (
    Block,
    Caption,
    Cell,
    ChartData,
    Document,
    Heading,
    Image,
    Marker,
    Note,
    Paragraph,
    SourcePos,
    Table,
)

CHART_MARKER = re.compile(
    r"^\s*(_\d{6,}\.xlsx?|Chart\s*\d+|Sheet\s*\d+|Microsoft_Excel.*)\s*$", re.I
)
CAPTION_WORDS = re.compile(r"(表|清单|目录|一览|名单|情况|指标|目标|计划|分解|项目|汇总)")
UNNUMBERED_HEADINGS = {"前言", "目录", "结语", "附录", "附件", "序言", "引言", "后记"}
MAX_CAPTION_CHARS = 70
NUMBERED = re.compile(r"^\s*[（(]?\d")


def looks_like_caption(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > MAX_CAPTION_CHARS or t.endswith(("。", "；", "，")):
        return False
    return bool(CAPTION_START.match(t) or CAPTION_WORDS.search(t))


class _Builder:
    """Accumulates blocks and markers while the lines are walked once."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.markers: list[Marker] = []
        self.heading_styles: list[tuple[Heading, str]] = []
        self.last_text_line = 0

    def text_line(self, raw: str, lineno: int) -> None:
        text, markers = strip_markers(raw, lineno)
        self.markers.extend(markers)
        text = text.strip()
        src = SourcePos(line=lineno, end_line=lineno)
        if any(m.kind == "image" for m in markers):
            self.blocks.append(Image(text=text, source=src))
            return
        if not text:
            return
        if PAGE_NUMBER.match(text) and not text.strip().isdigit():
            return
        parts = heading_parts(text)
        if parts:
            style, numbering, title = parts
            h = Heading(text=title, level=0, numbering=numbering, source=src)
            self.heading_styles.append((h, style))
            self.blocks.append(h)
        elif "".join(text.split()) in UNNUMBERED_HEADINGS:
            # 前言, 附件 …: outside the numbered outline, always at the top level.
            self.blocks.append(Heading(text="".join(text.split()), level=1, source=src))
        elif NOTE_START.match(text):
            self.blocks.append(Note(text=text, source=src))
        else:
            self.blocks.append(Paragraph(text=text, source=src))
        self.last_text_line = lineno

    def table(self, rows: list[list], first: int, last: int) -> None:
        cells = [
            [
                Cell(text=self._cell_text(c.text, c.line), row=r, col=k, line=c.line)
                for k, c in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ]
        table = Table(rows=cells, source=SourcePos(line=first, end_line=last))
        prev = self.blocks[-1] if self.blocks else None
        if (
            isinstance(prev, Paragraph | Heading)
            and prev.source.line is not None
            and first - prev.source.line <= 3
            and looks_like_caption(_full_text(prev))
        ):
            caption = _full_text(prev)
            self.blocks[-1] = Caption(text=caption, source=prev.source)
            self.heading_styles = [(h, s) for h, s in self.heading_styles if h is not prev]
            table.caption = caption
        self.blocks.append(table)

    def _cell_text(self, text: str, lineno: int) -> str:
        cleaned, markers = strip_markers(text, lineno)
        self.markers.extend(markers)
        return "\n".join(x.strip() for x in cleaned.split("\n")).strip()

    def chart(self, name: str, rows: list[list[str]], first: int, last: int) -> None:
        self.blocks.append(
            ChartData(name=name, rows=rows, source=SourcePos(line=first, end_line=last))
        )


def _full_text(block: Paragraph | Heading) -> str:
    if isinstance(block, Heading) and block.numbering:
        return f"{block.numbering}{block.text}"
    return block.text


def _chart_rows(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """Consume an embedded chart's data: tabbed number rows and short labels."""
    rows: list[list[str]] = []
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if is_chart_line(line):
            rows.append([x.strip() for x in line.split("\t") if x.strip()])
        elif s and (len(s) > 30 or "。" in s or heading_parts(s)):
            break
        elif s and not is_cell_line(line):
            rows.append([s])
        elif is_cell_line(line):
            rows.append([line.strip()])
        i += 1
    return rows, i


def parse_lines(lines: list[str]) -> _Builder:
    b = _Builder()
    i = 0
    while i < len(lines):
        line = lines[i]
        if CHART_MARKER.match(line):
            rows, j = _chart_rows(lines, i + 1)
            b.chart(line.strip(), rows, i + 1, j)
            i = j
        elif is_chart_line(line):
            rows, j = _chart_rows(lines, i)
            b.chart("", rows, i + 1, j)
            i = j
        elif is_cell_line(line):
            raw, j = scan_table(lines, i)
            rows = build_rows(raw)
            if rows:
                b.table(rows, i + 1, j)
            i = j
        elif (aligned := aligned_rows(lines, i)) is not None:
            rows, j = aligned
            b.table(rows, i + 1, j)
            i = j
        else:
            b.text_line(line, i + 1)
            i += 1
    return b


def attach_notes(blocks: list[Block]) -> None:
    """Notes right under a table belong to it."""
    for k, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        for nxt in blocks[k + 1 : k + 4]:
            # A numbered line right after a note continues it (注：1.… 2.…).
            follows_note = bool(block.notes) and isinstance(nxt, Paragraph)
            if isinstance(nxt, Note) or (follows_note and NUMBERED.match(nxt.text)):
                block.notes.append(nxt.text)
            else:
                break


def _is_stray(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return len(block.text) <= 12 or bool(PAGE_NUMBER.match(block.text))
    if isinstance(block, Caption):
        return block.text.strip().startswith("续")
    return False


def _continues(first: Table, second: Table) -> bool:
    if first.ncols != second.ncols or not second.rows:
        return False
    if second.caption and not second.caption.strip().startswith("续"):
        return False
    head = [clean(c.text) for c in first.rows[0]]
    top = [clean(c.text) for c in second.rows[0]]
    return top == head or not is_label_row(top)


def rejoin_tables(blocks: list[Block]) -> list[Block]:
    """Join a table that continues after stray lines (page furniture, 续表)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and out:
            k = len(out) - 1
            strays: list[Block] = []
            while k >= 0 and _is_stray(out[k]) and len(strays) < 2:
                strays.append(out[k])
                k -= 1
            prev = out[k] if k >= 0 else None
            if isinstance(prev, Table) and _continues(prev, block):
                rows = block.rows
                if [clean(c.text) for c in rows[0]] == [clean(c.text) for c in prev.rows[0]]:
                    rows = rows[1:]
                base = len(prev.rows)
                for r, row in enumerate(rows):
                    for c in row:
                        c.row = base + r
                prev.rows.extend(rows)
                prev.source.end_line = block.source.end_line
                del out[k + 1 :]
                out.extend(s for s in reversed(strays) if not isinstance(s, Caption))
                continue
        out.append(block)
    return out


@register
class TxtReader(Reader):
    extensions = (".txt", ".text")
    format = "txt"

    def parse(self, data: bytes, path: Path) -> Document:
        text, encoding = decode_bytes(data, path)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        b = parse_lines(text.split("\n"))
        levels = assign_levels([s for _, s in b.heading_styles])
        for h, style in b.heading_styles:
            h.level = levels.get(style, 1)
        blocks = rejoin_tables(b.blocks)
        attach_notes(blocks)
        return Document(
            name=path.stem,
            path=str(path),
            format="txt",
            encoding=encoding,
            blocks=blocks,
            markers=b.markers,
        )
