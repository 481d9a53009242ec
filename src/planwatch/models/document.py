"""The reader-neutral view of a plan document.

Every reader (.txt, .docx, .pdf) produces the same `Document`: an ordered list of
blocks, each remembering where it came from, so that extraction never needs to know
which file format it is looking at and every extracted value can point back to its
source line or page.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field


class SourcePos(BaseModel):
    """Where a block or cell sits in the original file (1-based)."""

    line: int | None = None
    end_line: int | None = None
    page: int | None = None


class Cell(BaseModel):
    """One table cell. Spans are known for .docx; flattened text only shows gaps."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    line: int | None = None
    page: int | None = None
    # True when the cell is the covered part of a merged region (filled from its origin).
    merged: bool = False


class _BlockBase(BaseModel):
    source: SourcePos = Field(default_factory=SourcePos)


class Heading(_BlockBase):
    kind: Literal["heading"] = "heading"
    text: str
    level: int
    numbering: str = ""
    # The text as the file writes it, where `text` was converted (traditional script).
    original: str | None = None


class Paragraph(_BlockBase):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    original: str | None = None


class Caption(_BlockBase):
    kind: Literal["caption"] = "caption"
    text: str


class Note(_BlockBase):
    kind: Literal["note"] = "note"
    text: str


class Image(_BlockBase):
    kind: Literal["image"] = "image"
    text: str = ""


class ChartData(_BlockBase):
    """Numbers of an embedded chart (an Excel object flattened into the text)."""

    kind: Literal["chart_data"] = "chart_data"
    name: str = ""
    rows: list[list[str]] = Field(default_factory=list)


class Table(_BlockBase):
    kind: Literal["table"] = "table"
    caption: str | None = None
    rows: list[list[Cell]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def ncols(self) -> int:
        # Right edge of the row's last cell: right for short flattened rows (col is the
        # position in the row) and for full grids, whose covered cells are present too.
        return max((max(c.col + c.colspan for c in r) for r in self.rows if r), default=0)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows]


Block = Annotated[
    Heading | Paragraph | Caption | Note | Image | ChartData | Table,
    Field(discriminator="kind"),
]


class Marker(BaseModel):
    """A conversion marker removed from the text ([bookmark: …], [image: …], …)."""

    kind: str
    value: str
    line: int | None = None


class Document(BaseModel):
    name: str
    path: str
    format: Literal["txt", "docx", "pdf", "html"]
    encoding: str | None = None
    # The original format when the file was converted before reading (doc, wps).
    converted_from: str | None = None
    # "high" for text and Word files; "low" for PDF, whose tables are reconstructed.
    confidence: Literal["high", "low", "ocr"] = "high"
    blocks: list[Block] = Field(default_factory=list)
    markers: list[Marker] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
