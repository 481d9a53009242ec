"""What extraction finds in a plan: the `PlanExtract` and its parts.

Field names of `Indicator` follow the hand-checked gold rows (see the project's
scoring tool), so one JSON shape serves scoring, storage and reports alike.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class CellRef(BaseModel):
    """Points at the cell (or line) a value was read from."""

    line: int | None = None
    page: int | None = None
    row: int | None = None
    col: int | None = None


class YearValue(BaseModel):
    year: int
    value: float | None = None
    text: str = ""
    qualifier: str | None = None


class Indicator(BaseModel):
    table: str = ""
    category: str = ""
    seq: str = ""
    name: str
    unit: str = ""
    baseline: float | None = None
    baseline_year: int | None = None
    baseline_text: str = ""
    target: float | None = None
    target_year: int | None = None
    target_text: str = ""
    target_qualifier: str | None = None
    stretch_target: float | None = None
    attribute: str | None = None
    annual_growth: float | None = None
    # The growth cell as written; a bracketed [16] is a whole-period increase, not a rate.
    growth_text: str = ""
    # The industry, township or county a row is about, in per-subject target tables.
    subject: str | None = None
    # Every dated value of the row (baseline, intermediate years, target).
    values: list[YearValue] = Field(default_factory=list)
    # True when the target is text such as 完成省下达任务, to be assigned later.
    textual_target: bool = False
    # Footnote marks taken off the name (*, ▲, ①, 注1) and what the table's notes say
    # they mean for this row.
    marks: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    # A 备注/说明 cell of the row, as written, and where it is; growth, a stretch target
    # or an attribute written there fill the fields the row's own cells leave empty.
    remarks: str = ""
    remarks_source: CellRef | None = None
    source: CellRef = Field(default_factory=CellRef)


class ProseTarget(BaseModel):
    indicator: str
    value: float | None = None
    unit: str = ""
    year: int | None = None
    qualifier: str | None = None
    annual_growth: float | None = None
    subject: str | None = None
    evidence: str
    source: CellRef = Field(default_factory=CellRef)
    # level: the value to reach (达到200亿元, 占比40%);
    # increment: a change by an amount (新增50家, 提高5个百分点);
    # relative: a change in proportion to a base (比2020年增长50%, 下降15%, 翻一番);
    # share: a fraction of a whole (三分之一以上: 0.333…);
    # growth: only an average annual rate (value is None, see annual_growth);
    # annual_task: what one year of the plan must do (2024年，新增…).
    kind: Literal["level", "increment", "relative", "share", "growth", "annual_task"] = "level"
    # Which way an increment or a relative change goes (提高/新增: up; 下降/减少: down).
    change: Literal["up", "down"] | None = None
    # 年均提高0.3个百分点, 每年新增10家: the value is for each year of the period.
    per_year: bool = False
    value_text: str = ""
    # The upper end of a range such as 5-8家 (value is the lower end).
    value_high: float | None = None
    # 确保800亿元、力争1000亿元: value 800 (qualifier 确保), stretch 1000.
    stretch: float | None = None
    # 突破800亿元、达到900亿元: the target 900 and the floor it must pass, 800.
    floor: float | None = None
    year_text: str = ""
    # True when the sentence names no year and the plan's end year was taken because
    # the section is about the plan period (发展目标, 重点任务): less certain.
    year_inferred: bool = False
    growth_text: str = ""
    growth_qualifier: str | None = None
    # The upper end of a growth range (年均增长6%—8%).
    growth_high: float | None = None
    # 翻一番 / 翻两番: the multiple of the base (2, 4).
    factor: float | None = None
    # A relative target as a level, where the base is known (the plan's table or
    # text gives the base year's value): in `resolved_unit`.
    resolved: float | None = None
    resolved_unit: str = ""
    # 力争 / 确保 / 争取 governing the sentence, as written.
    modal: str | None = None
    verb: str = ""
    cumulative: bool = False
    # 比2020年增长50%: the year the change is measured from.
    base_year: int | None = None
    # The heading the sentence sits under (an industry, a park, 发展目标 …).
    section: str = ""


class Project(BaseModel):
    table: str = ""
    seq: str = ""
    name: str
    content: str = ""
    location: str = ""
    period_start: int | None = None
    period_end: int | None = None
    period_text: str = ""
    total_investment: float | None = None
    plan_investment: float | None = None
    investment_text: str = ""
    plan_investment_text: str = ""
    money_unit: str = ""
    type: str = ""
    responsible_unit: str = ""
    origin: str = ""
    flags: list[str] = Field(default_factory=list)
    is_total: bool = False
    extra: dict[str, str] = Field(default_factory=dict)
    source: CellRef = Field(default_factory=CellRef)


class ValueRange(BaseModel):
    low: float | None = None
    high: float | None = None
    unit: str = ""
    text: str = ""


class ListEntry(BaseModel):
    list_kind: Literal["enterprise", "park", "platform", "other"]
    table: str = ""
    tier: str = ""
    seq: str = ""
    name: str
    fields: dict[str, str] = Field(default_factory=dict)
    ranges: dict[str, ValueRange] = Field(default_factory=dict)
    source: CellRef = Field(default_factory=CellRef)


class EvaluationRow(BaseModel):
    """One row of a previous plan's completion table (中期/期末评估)."""

    table: str = ""
    category: str = ""
    seq: str = ""
    name: str
    unit: str = ""
    planned_value: float | None = None
    planned_text: str = ""
    planned_qualifier: str | None = None
    # True when the planned or actual value is a bracketed period increase such as [16].
    planned_is_increase: bool = False
    planned_growth: float | None = None
    planned_growth_text: str = ""
    actual_value: float | None = None
    actual_text: str = ""
    actual_is_increase: bool = False
    actual_growth: float | None = None
    actual_growth_text: str = ""
    completion: str = ""
    attribute: str | None = None
    notes: list[str] = Field(default_factory=list)
    not_evaluable: str | None = None
    source: CellRef = Field(default_factory=CellRef)


class OutlineItem(BaseModel):
    level: int
    numbering: str = ""
    text: str
    line: int | None = None
    page: int | None = None


class PlanMetadata(BaseModel):
    title: str = ""
    region: str = ""
    region_level: Literal["省", "市", "县", "区", ""] = ""
    period_start: int | None = None
    period_end: int | None = None
    vision_year: int | None = None
    issuer: str = ""
    issue_date: str = ""
    draft: bool = False
    outline: list[OutlineItem] = Field(default_factory=list)


class PlanExtract(BaseModel):
    document: str
    source_file: str
    format: Literal["txt", "docx", "pdf", "html"]
    converted_from: str | None = None  # doc, wps: read after LibreOffice converted it
    confidence: Literal["high", "low", "ocr"] = "high"
    metadata: PlanMetadata = Field(default_factory=PlanMetadata)
    indicators: list[Indicator] = Field(default_factory=list)
    prose_targets: list[ProseTarget] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    lists: list[ListEntry] = Field(default_factory=list)
    evaluations: list[EvaluationRow] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
