"""A report as content, before it is any file format: sections of paragraphs,
tables and charts.

Builders (`planwatch.report.plan`, `planwatch.report.permu`) make one `Report` from
the numbers; writers (`planwatch.report.writers`) turn it into .docx, .xlsx, .html
or .pdf. A cell keeps both its value (for Excel, which wants numbers as numbers)
and its text (for Word and HTML, and for the narrative, which quotes the same
text), so the formats cannot disagree about a figure.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from planwatch.models.audit import AuditReport
from planwatch.models.monitor import Assessment, Track
from planwatch.models.projects import ProjectStanding, ProjectTotal

# Excel number formats by the kind of a column.
NUMBER_FORMATS = {
    "text": "@",
    "number": "#,##0.00",
    "integer": "#,##0",
    "percent": "0.0%",
}
ColumnKind = Literal["text", "number", "integer", "percent"]


class Cell(BaseModel):
    """One table cell: its value as data and as it is shown."""

    value: float | int | str | None = None
    text: str = ""
    # A status or grade the writers colour the cell by (e.g. "seriously_behind", "D").
    tone: str = ""


class Column(BaseModel):
    label: str
    kind: ColumnKind = "text"
    width: int = 10  # in characters, for Excel


class Table(BaseModel):
    type: Literal["table"] = "table"
    key: str  # a stable name: the Excel sheet and the tests find a table by it
    caption: str
    columns: list[Column]
    rows: list[list[Cell]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # printed under the table

    def column(self, label: str) -> list[Cell]:
        """The cells of the column headed `label`."""
        k = [c.label for c in self.columns].index(label)
        return [row[k] for row in self.rows]


class Paragraph(BaseModel):
    type: Literal["paragraph"] = "paragraph"
    text: str


class Bullets(BaseModel):
    type: Literal["bullets"] = "bullets"
    items: list[str]


class Series(BaseModel):
    name: str
    values: list[float | None]
    # line: a solid line with points; dashed: a planned path; point: markers only
    # (a target); bar: bars side by side.
    style: Literal["line", "dashed", "point", "bar"] = "line"


class Chart(BaseModel):
    """A chart as data: the .docx writer draws it with matplotlib, the HTML writer
    hands the same numbers to ECharts, the Excel writer lists them."""

    type: Literal["chart"] = "chart"
    key: str
    caption: str
    kind: Literal["lines", "bars", "hbars", "pie"]
    categories: list[str]  # x-axis labels (years, regions, statuses)
    series: list[Series]
    unit: str = ""  # of the value axis
    percent: bool = False  # values are fractions shown as %
    # A vertical marker (时间进度 on a progress chart), as a fraction.
    marker: float | None = None
    marker_label: str = ""
    # Colours of the categories of a pie or bar chart, by tone (status, grade).
    tones: list[str] = Field(default_factory=list)
    # Consecutive charts of one `group` may be printed together as small multiples
    # (one picture, captioned by the group, each panel titled by its `title`); screens
    # show each chart on its own, captioned by `caption`.
    group: str = ""
    title: str = ""


Block = Annotated[Paragraph | Bullets | Table | Chart, Field(discriminator="type")]


class Section(BaseModel):
    heading: str
    level: int = 1  # 1: a chapter (一、), 2: a part of one
    blocks: list[Block] = Field(default_factory=list)


class Report(BaseModel):
    title: str
    subtitle: str = ""
    lang: Literal["zh", "en"] = "zh"
    # Lines under the title: the plan, the region, the data's cut-off, who made it.
    facts: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def table(self, key: str) -> Table:
        hits = [t for t in self.tables() if t.key == key]
        if not hits:
            raise KeyError(key)
        return hits[0]

    def paragraphs(self) -> list[str]:
        return [b.text for s in self.sections for b in s.blocks if isinstance(b, Paragraph)]


# What the plan evaluation report is built from: gathered by `operations.plan_report_input`.


class IndicatorInfo(BaseModel):
    """A plan indicator's own columns, which a monitoring `Track` does not carry."""

    ref: int
    category: str = ""
    seq: str = ""
    name: str
    unit: str = ""
    attribute: str | None = None
    annual_growth: float | None = None
    growth_text: str = ""
    subject: str | None = None
    # The lifecycle reason in force at the end of the evaluation year when the
    # indicator is suspended or proposed for cancellation (统计制度调整 …).
    suspended: str | None = None


class PlanReportInput(BaseModel):
    plan_id: int
    document: str
    title: str = ""
    region: str = ""  # the plan's region (its own name, not the path)
    period_start: int | None = None
    period_end: int | None = None
    year: int
    indicators: list[IndicatorInfo]
    tracks: list[Track]  # plan-level and sub-region tracks, with all years' actuals
    assessments: list[Assessment]  # of `tracks`, in the same order, for `year`
    projects: list[ProjectStanding] = Field(default_factory=list)
    project_totals: list[ProjectTotal] = Field(default_factory=list)
    audit: AuditReport | None = None
