"""Key projects in monitoring: what each has invested against its plan."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ProjectTrack(BaseModel):
    ref: int | None = None
    name: str
    type: str = ""
    responsible_unit: str = ""
    money_unit: str = ""
    period_start: int | None = None
    period_end: int | None = None
    total_investment: float | None = None
    plan_investment: float | None = None
    invested: dict[int, float] = Field(default_factory=dict)  # completed investment per year
    status: str = ""  # latest reported status (在建, 竣工 …)


class ProjectStanding(BaseModel):
    ref: int | None = None
    name: str
    type: str = ""
    responsible_unit: str = ""
    money_unit: str = ""
    year: int
    planned: float | None = None  # the plan-period investment (total when not stated)
    invested: float = 0.0  # completed up to and including `year`
    completion: float | None = None  # invested ÷ planned
    expected_completion: float | None = None  # share of the project's period elapsed
    behind_schedule: bool = False  # end year passed, investment not complete
    status: str = ""


class ProjectTotal(BaseModel):
    group: str  # "type" or "responsible_unit"
    key: str
    projects: int
    planned: float
    invested: float
    completion: float | None = None
    behind: int = 0
