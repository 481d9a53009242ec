"""What surrounds a table: its caption, the heading above it, the notes below it.

Plans name a table in a caption, in a title row inside it, or only by the section
it sits in; they give its money unit in a line such as ``单位：万元`` and explain
it in notes (注：…) right under it. The extractors of project lists, enterprise
and park lists and evaluation tables all read tables with this context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.ingest.tables import Layout, layout
from planwatch.ingest.text import clean, norm
from planwatch.models import Block, Caption, Document, Heading, Note, Paragraph, Table

NOTE_START = re.compile(r"^\s*[（(]?\s*(注|备注|说明)\s*[0-9０-９]?\s*[:：.．、）)]")
NUMBERED_LINE = re.compile(r"^\s*[（(]?[0-9０-９]{1,2}\s*[.．、）)]")
MAX_LEAD_CHARS = 70
MONEY_UNIT = re.compile(r"(万亿元|亿美元|万美元|亿元|万元|千元|美元|元)")
_UNIT_IN_BRACKETS = re.compile(r"[（(]\s*(?:单位\s*[:：])?\s*([^（）()]{1,12})[）)]")
_UNIT_LINE = re.compile(r"单位\s*[:：]\s*([^\s，,；;）)]{1,12})")


@dataclass
class TableContext:
    table: Table
    layout: Layout
    caption: str = ""
    heading: str = ""
    # A short line right above the table that the reader did not take as its caption.
    lead: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The table's name as reported: caption, title row, else the heading above."""
        return self.caption or self.layout.title or self.heading

    @property
    def description(self) -> str:
        """Every text that may say what the table is, normalised for matching."""
        parts = (self.caption, self.layout.title or "", self.lead, self.heading)
        return norm(" ".join(parts))


def _heading_text(block: Heading) -> str:
    return f"{block.numbering}{block.text}"


def _short_line(block: Block) -> str:
    if isinstance(block, Paragraph | Caption | Note | Heading):
        text = _heading_text(block) if isinstance(block, Heading) else clean(block.text)
        if len(text) <= MAX_LEAD_CHARS and not text.endswith("。"):
            return text
    return ""


def _lead(blocks: list[Block], k: int) -> str:
    """The short line above the table; with a unit line there, the caption above it too."""
    if k == 0:
        return ""
    nearest = _short_line(blocks[k - 1])
    if nearest and _UNIT_LINE.search(norm(nearest)) and k >= 2:
        above = _short_line(blocks[k - 2])
        return f"{above} {nearest}".strip()
    return "" if isinstance(blocks[k - 1], Heading) else nearest


def notes_after(blocks: list[Block], k: int, table: Table) -> list[str]:
    """The table's own notes and the 注/备注/说明 lines right under it."""
    notes = [clean(n) for n in table.notes if clean(n)]
    in_note = False
    for block in blocks[k + 1 : k + 8]:
        if not isinstance(block, Note | Paragraph):
            break
        text = clean(block.text)
        starts = bool(NOTE_START.match(text))
        if not (starts or (in_note and NUMBERED_LINE.match(text))):
            break
        in_note = True
        if text and text not in notes:
            notes.append(text)
    return notes


def table_contexts(doc: Document) -> list[TableContext]:
    out: list[TableContext] = []
    heading = ""
    for k, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            heading = _heading_text(block)
        elif isinstance(block, Table):
            out.append(
                TableContext(
                    table=block,
                    layout=layout(block),
                    caption=clean(block.caption or ""),
                    heading=heading,
                    lead=_lead(doc.blocks, k),
                    notes=notes_after(doc.blocks, k, block),
                )
            )
    return out


def money_unit(*texts: str) -> str:
    """The money unit a header (总投资（万元）) or a unit line (单位：亿元) names."""
    for text in texts:
        t = norm(text)
        for rx in (_UNIT_LINE, _UNIT_IN_BRACKETS):
            for m in rx.finditer(t):
                unit = MONEY_UNIT.search(m.group(1))
                if unit:
                    return unit.group(1)
    return ""
