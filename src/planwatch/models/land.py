"""Land-demand forecasting (空间需求预测): inputs and the forecast table."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from planwatch.numbers import FiniteModel

# What each number of a land input can be: output never negative, a per-mu
# requirement above zero (new land = new output ÷ it), an uplift above −100 %.
Output = Annotated[float, Field(ge=0)]
PerMu = Annotated[float, Field(gt=0)]
Uplift = Annotated[float, Field(gt=-1)]
Area = Annotated[float, Field(ge=0)]
Year = Annotated[int, Field(ge=1949, le=2100)]


class LandUnits(BaseModel):
    output: str = "亿元"
    per_mu: str = "万元/亩"

    @model_validator(mode="after")
    def _known(self) -> LandUnits:
        from planwatch.catalog.units import dimension

        if dimension(self.output) != "money":
            raise ValueError(f"output unit '{self.output}' is not an amount of money (亿元, 万元)")
        if dimension(self.per_mu) != "money_per_mu":
            raise ValueError(f"per_mu unit '{self.per_mu}' is not money per mu (万元/亩)")
        return self


class IndustryInput(FiniteModel):
    name: str
    output: dict[Year, Output]  # output by year: the base year and each horizon's target
    per_mu_required: dict[Year, PerMu] = Field(default_factory=dict)  # per mu of new land
    # Intensification: land the industry holds now (亩) and the per-mu output that existing
    # land is expected to reach by a horizon; what it adds is not needed on new land.
    land: Area | None = None
    per_mu_existing: dict[Year, PerMu] = Field(default_factory=dict)
    uplift: dict[Year, Uplift] = Field(default_factory=dict)  # overrides the plan-wide uplift


class LandStock(FiniteModel):
    """Land that can be reused before new land is supplied (亩)."""

    idle: Area = 0.0  # 闲置土地
    supplied_unused: Area = 0.0  # 批而未供/供而未用
    low_yield: Area = 0.0  # 低效用地 that can be reclaimed

    @property
    def total(self) -> float:
        return self.idle + self.supplied_unused + self.low_yield


class LandInput(FiniteModel):
    base_year: Year
    units: LandUnits = Field(default_factory=LandUnits)
    industries: list[IndustryInput]
    uplift: dict[Year, Uplift] = Field(default_factory=dict)  # later horizon: required × (1 + u)
    stock: LandStock | None = None

    @model_validator(mode="after")
    def _check(self) -> LandInput:
        """Every industry has what the forecast divides by, for every horizon: an
        output, and a per-mu requirement for the first horizon (later ones may be
        raised from it by the uplift)."""
        if not self.industries:
            raise ValueError("no industries")
        horizons = self.horizons()
        if not horizons:
            raise ValueError(f"no output target after the base year {self.base_year}")
        problems = []
        for ind in self.industries:
            years = [self.base_year, *horizons]
            missing = [str(y) for y in years if y not in ind.output]
            if missing:
                problems.append(f"industry '{ind.name}' has no output for {', '.join(missing)}")
            if horizons[0] not in ind.per_mu_required:
                problems.append(f"industry '{ind.name}' has no per_mu_required for {horizons[0]}")
        if problems:
            raise ValueError("; ".join(problems))
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
