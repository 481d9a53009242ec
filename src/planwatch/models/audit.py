"""Plan audit (规划体检) findings: what is wrong in a plan, where, and the numbers that
prove it. The CLI, the HTML page, the web app and the evaluation report all show
these models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")


class Location(BaseModel):
    """Where a finding is: a table cell (by the table's caption and the row's and
    column's labels), or a line or page of the document."""

    table: str | None = None
    row: str | None = None
    column: str | None = None
    line: int | None = None
    page: int | None = None


class Finding(BaseModel):
    rule: str  # the rule's name, e.g. "growth"
    severity: Severity
    location: Location = Field(default_factory=Location)
    message_zh: str
    message_en: str
    subjects: list[str] = Field(default_factory=list)  # indicators, rows or places involved
    values: dict[str, float | str | None] = Field(default_factory=dict)  # stated, expected …
    evidence: str = ""  # the source text


class RuleInfo(BaseModel):
    name: str
    title_zh: str
    title_en: str


class AuditReport(BaseModel):
    document: str
    source_file: str = ""
    findings: list[Finding] = Field(default_factory=list)
    rules: list[RuleInfo] = Field(default_factory=list)  # the rules that ran

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
