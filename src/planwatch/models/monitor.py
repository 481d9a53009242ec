"""What monitoring takes in and gives out: an indicator's plan and actuals, and its
assessment for one evaluation year.

These are the shapes the CLI, the store, reports and the web share; the arithmetic
itself lives in `planwatch.monitor` and works on polars frames of these fields.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from planwatch.numbers import FiniteModel


class Direction(StrEnum):
    """Which way is good. A decline rate (能耗下降幅度) is a quantity where higher is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Path(StrEnum):
    """How the planned path runs from baseline to target."""

    GEOMETRIC = "geometric"  # levels: 产值, 增加值, 投资
    LINEAR = "linear"  # shares in %, rates, counts


class Bound(StrEnum):
    """What a target's qualifier means for 'achieved'."""

    EXACT = "exact"  # no qualifier: reach the value in the good direction
    AT_LEAST = "at_least"  # 以上, ≥, 不低于, 突破, 超过
    AT_MOST = "at_most"  # 以下, ≤, 不高于, 控制在
    ABOUT = "about"  # 左右, 约: within a tolerance


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    SERIOUSLY_BEHIND = "seriously_behind"
    REGRESSING = "regressing"
    NO_DATA = "no_data"
    NOT_EVALUATED = "not_evaluated"
    AWAITING_TARGET = "awaiting_target"


STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED: "已完成",
    Status.ON_TRACK: "符合进度",
    Status.BEHIND: "滞后",
    Status.SERIOUSLY_BEHIND: "严重滞后",
    Status.REGRESSING: "倒退",
    Status.NO_DATA: "无数据",
    Status.NOT_EVALUATED: "不纳入评估",
    Status.AWAITING_TARGET: "待下达",
}


class Thresholds(FiniteModel):
    """Cut-offs of the pace ratio (actual progress ÷ progress expected on the planned path).

    Defaults follow the growth-ratio method of Statistics Canada / Open SDG (on track
    from 0.95, acceleration needed from 0.60); see docs/monitoring.md. Each lies in
    [0, 1] and `behind` ≤ `on_track`, or the statuses would overlap.
    """

    on_track: float = Field(0.95, ge=0, le=1)
    behind: float = Field(0.60, ge=0, le=1)
    about_tolerance: float = Field(
        0.02, ge=0, le=1, description="左右: relative tolerance around the target"
    )

    @model_validator(mode="after")
    def _in_order(self) -> Thresholds:
        if self.behind > self.on_track:
            raise ValueError(
                f"behind ({self.behind:g}) must not be above on_track ({self.on_track:g})"
            )
        return self


class StateChange(BaseModel):
    """An indicator suspended (active False) or resumed from a date on."""

    effective: date
    active: bool


class Track(BaseModel):
    """One indicator of one region: its plan and its yearly actuals."""

    ref: int | None = None  # the stored plan indicator, when there is one
    indicator: str
    region: str = ""
    unit: str = ""
    baseline: float | None = None
    baseline_year: int | None = None
    target: float | None = None
    target_year: int | None = None
    bound: Bound = Bound.EXACT
    stretch_target: float | None = None
    # Values the plan sets for years between the baseline and the target (a yearly
    # path: 2022, 2023, 2024): the planned path runs through them.
    path_targets: dict[int, float] = Field(default_factory=dict)
    direction: Direction = Direction.HIGHER
    path: Path = Path.GEOMETRIC
    cumulative: bool = False  # 累计: yearly values are summed from the year after the baseline
    evaluated: bool = True  # False for 奋进性 indicators, which plans exclude from evaluation
    # Lifecycle changes in the order they apply (by date, then as entered); see
    # `monitor.lifecycle.active_in` for which evaluation years each one affects.
    states: list[StateChange] = Field(default_factory=list)
    textual_target: bool = False  # 完成省下达任务 until the assigned value is entered
    actuals: dict[int, float] = Field(default_factory=dict)


class Assessment(BaseModel):
    """An indicator's standing in one evaluation year. Rates are fractions (0.08 = 8 %)."""

    ref: int | None = None
    indicator: str
    region: str = ""
    year: int
    status: Status
    actual: float | None = None
    actual_year: int | None = None
    time_progress: float | None = None
    task_progress: float | None = None
    expected: float | None = None  # value on the planned path in the actual's year
    gap: float | None = None  # actual − expected, in the indicator's unit
    pace: float | None = None  # task progress ÷ task progress expected on the path
    actual_growth: float | None = None  # average annual growth since the baseline
    required_growth: float | None = None  # growth a year still needed to reach the target
    planned_growth: float | None = None  # growth a year the plan implies from the baseline
    growth_ratio: float | None = None  # actual ÷ planned growth, direction applied
    projected: float | None = None  # target-year value if the pace since the baseline holds
    projection_ratio: float | None = None  # (projected − baseline) ÷ (target − baseline)
    stretch_achieved: bool | None = None
