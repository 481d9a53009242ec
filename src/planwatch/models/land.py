"""Land-demand forecasting (空间需求预测): inputs and the forecast table."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator


class LandUnits(BaseModel):
    output: str = "亿元"
    per_mu: str = "万元/亩"


class IndustryInput(BaseModel):
    name: str
    output: dict[int, float]  # output by year: the base year and each horizon's target
    per_mu_required: dict[int, float] = Field(default_factory=dict)  # output per mu of new land
    # Intensification: land the industry holds now (亩) and the per-mu output that existing
    # land is expected to reach by a horizon; what it adds is not needed on new land.
    land: float | None = None
    per_mu_existing: dict[int, float] = Field(default_factory=dict)
    uplift: dict[int, float] = Field(default_factory=dict)  # overrides the plan-wide uplift


class LandStock(BaseModel):
    """Land that can be reused before new land is supplied (亩)."""

    idle: float = 0.0  # 闲置土地
    supplied_unused: float = 0.0  # 批而未供/供而未用
    low_yield: float = 0.0  # 低效用地 that can be reclaimed

    @property
    def total(self) -> float:
        return self.idle + self.supplied_unused + self.low_yield


class LandInput(BaseModel):
    base_year: int
    units: LandUnits = Field(default_factory=LandUnits)
    industries: list[IndustryInput]
    uplift: dict[int, float] = Field(default_factory=dict)  # later horizon: required × (1 + u)
    stock: LandStock | None = None

    @model_validator(mode="after")
    def _check(self) -> LandInput:
        if not self.industries:
            raise ValueError("no industries")
        for ind in self.industries:
            if self.base_year not in ind.output:
                raise ValueError(f"industry '{ind.name}' has no output for {self.base_year}")
        return self

    def horizons(self) -> list[int]:
        years = {y for ind in self.industries for y in ind.output if y > self.base_year}
        return sorted(years)


class LandRow(BaseModel):
    industry: str
    base_output: float
    target: dict[str, float]  # output target by horizon
    new_output: dict[str, float]  # by horizon, in the output unit
    per_mu_required: dict[str, float]
    new_land_exact: dict[str, float]
    new_land: dict[str, int]  # rounded to whole mu, as published tables print it
    total: int


class LandForecast(BaseModel):
    base_year: int
    units: LandUnits
    horizons: list[int]
    rows: list[LandRow]
    totals: dict[str, int]  # by horizon (sum of the rounded rows) and "all"
    overall_per_mu: dict[str, float]  # total new output ÷ total new land, by horizon
    stock: float = 0.0
    net_demand: int | None = None  # totals["all"] − stock, not below zero
