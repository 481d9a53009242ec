"""What the store takes in and hands back, in the project's one vocabulary."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from planwatch.numbers import FiniteModel


class LifecycleState(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    PROPOSED_CANCEL = "proposed_cancel"


class LifecycleReason(StrEnum):
    """Why an indicator stopped (or restarted) being measured; evaluations must say."""

    STATS_SYSTEM_CHANGED = "stats_system_changed"  # 统计制度调整
    DATA_MISSING = "data_missing"  # 缺少数据
    SCOPE_CHANGED = "scope_changed"  # 统计口径改变
    SCHEME_ABOLISHED = "scheme_abolished"  # 相关制度/考核废止
    RESUMED = "resumed"  # 恢复监测
    OTHER = "other"


REASON_LABELS: dict[LifecycleReason, str] = {
    LifecycleReason.STATS_SYSTEM_CHANGED: "统计制度调整",
    LifecycleReason.DATA_MISSING: "缺少数据",
    LifecycleReason.SCOPE_CHANGED: "统计口径改变",
    LifecycleReason.SCHEME_ABOLISHED: "相关制度废止",
    LifecycleReason.RESUMED: "恢复监测",
    LifecycleReason.OTHER: "其他",
}


class ImportResult(BaseModel):
    plan_id: int
    document: str
    version: int
    created: bool  # False when the same file was imported before (a no-op)
    indicators: int = 0
    projects: int = 0
    region: str = ""  # the plan's region as a path, 浙江省/金华市/武义县


class ImportCounts(BaseModel):
    """What an all-or-nothing import of rows did."""

    stored: int  # new values or revisions
    unchanged: int  # rows equal to what the store already held
    # where each stored row's 来源 came from: the file's own column, --source, the file name
    source_from_file: int = 0
    source_from_option: int = 0
    notes: list[str] = Field(default_factory=list)  # what the reader did (merged cells filled …)


class PlanInfo(BaseModel):
    id: int
    document: str
    version: int
    title: str = ""
    region: str = ""
    period_start: int | None = None
    period_end: int | None = None
    format: str = ""
    indicators: int = 0


class ObservationIn(FiniteModel):
    """One row of an actuals file, as validated (row is the file's row number)."""

    region: str
    indicator: str
    year: int
    value: float
    unit: str = ""
    source: str = ""
    note: str = ""
    row: int | None = None


class ObservationOut(BaseModel):
    region: str
    indicator_key: str
    year: int
    value: float
    unit: str
    revision: int
    source: str
    note: str
    recorded_at: str
    state: str = "approved"  # draft, submitted, approved, returned (see models.access.State)
    entered_by: str = ""


class LifecycleChange(BaseModel):
    state: LifecycleState
    reason: LifecycleReason
    effective: date
    note: str = ""
