"""Per-mu evaluation schemes (亩均论英雄) as data: what a scheme file says.

A scheme names groups of enterprises (e.g. above-scale and below-scale), each
with its indicators (a formula over the enterprise fields, a weight, a
benchmark), how scores are capped, how grades are given, which rules override
the score, and what each grade pays. Validation happens here, so a bad file is
reported with the field that is wrong before any data is touched.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from planwatch.numbers import FiniteModel


class Benchmark(FiniteModel):
    """A fixed value, or one computed from the evaluated population of the year."""

    value: float | None = None
    # aggregate: Σ numerator ÷ Σ denominator of the formula (a ratio of sums);
    # mean / median / percentile of the enterprises' values.
    stat: Literal["aggregate", "mean", "median", "percentile"] | None = None
    p: float | None = Field(None, ge=0, le=1)
    by: Literal["industry", "region"] | None = None  # per industry or per region

    @model_validator(mode="after")
    def _one(self) -> Benchmark:
        if (self.value is None) == (self.stat is None):
            raise ValueError("give either value or stat")
        if self.stat == "percentile" and self.p is None:
            raise ValueError("a percentile benchmark needs p (0–1)")
        if self.value is not None and self.value <= 0:
            raise ValueError("a fixed benchmark must be positive")
        return self


class IndicatorSpec(FiniteModel):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = ""
    formula: str
    unit: str = ""
    weight: float = Field(gt=0)
    benchmark: Benchmark
    # What a missing value scores: zero, or the mean score of the enterprises of the
    # same group that have it (one district's rule for missing emission data).
    missing: Literal["zero", "group_mean"] = "zero"


class Group(FiniteModel):
    name: str
    label: str = ""
    when: str = "True"  # which enterprises the group scores (a condition)
    weights_total: float | None = None  # if set, the weights must add up to it
    indicators: list[IndicatorSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights(self) -> Group:
        total = sum(i.weight for i in self.indicators)
        if self.weights_total is not None and abs(total - self.weights_total) > 1e-9:
            raise ValueError(f"weights add up to {total:g}, the scheme says {self.weights_total:g}")
        names = [i.name for i in self.indicators]
        if len(set(names)) != len(names):
            raise ValueError("indicator names repeat within the group")
        return self


class Scoring(FiniteModel):
    cap: float | None = Field(None, gt=0)  # a score is at most cap × weight; None: no cap
    floor: float = 0.0  # and at least floor × weight (negative values score the floor)


class Classification(FiniteModel):
    method: Literal["shares", "thresholds"]
    # shares: grade → share of the population, best grade first (A 0.2, B 0.4 …)
    shares: dict[str, float] = Field(default_factory=dict)
    # thresholds: grade → minimum score, best grade first; the last grade takes the rest
    thresholds: dict[str, float] = Field(default_factory=dict)
    by_group: bool = True  # grade each group on its own (above- and below-scale apart)

    @model_validator(mode="after")
    def _check(self) -> Classification:
        if self.method == "shares":
            if not self.shares or abs(sum(self.shares.values()) - 1) > 1e-6:
                raise ValueError("grade shares must be given and add up to 1")
        elif not self.thresholds:
            raise ValueError("threshold grades need thresholds")
        return self

    def grades(self) -> list[str]:
        return list(self.shares or self.thresholds)


class Override(FiniteModel):
    """A rule that decides a grade whatever the score (or before any scoring)."""

    name: str
    label: str = ""
    when: str
    stage: Literal["before", "after"] = "after"
    grade: str | None = None  # set this grade ("T" for exempt …)
    downgrade: int = 0  # or move this many grades down

    @model_validator(mode="after")
    def _effect(self) -> Override:
        if (self.grade is None) == (self.downgrade == 0):
            raise ValueError("an override sets a grade or a downgrade, not both or neither")
        if self.stage == "before" and self.grade is None:
            raise ValueError("an override before scoring sets a grade: there is none to move down")
        return self


class Surcharge(FiniteModel):
    """An amount per unit of a field by grade, e.g. 元/kWh of electricity for D."""

    per: str  # the field the rate applies to (electricity_kwh, water_t, land_mu)
    unit: str = "元"
    rates: dict[str, float] = Field(default_factory=dict)  # grade → rate
    # For D enterprises: rate by consecutive D years (1st, 2nd, 3rd and later).
    consecutive: dict[str, list[float]] = Field(default_factory=dict)


class Scheme(FiniteModel):
    name: str
    title: str = ""
    source: str = ""
    groups: list[Group] = Field(min_length=1)
    scoring: Scoring = Field(default_factory=Scoring)
    classification: Classification
    overrides: list[Override] = Field(default_factory=list)
    not_evaluable: dict[str, str] = Field(
        default_factory=lambda: {"missing(land_mu) or land_mu <= 0": "无用地面积或用地面积为0"}
    )  # condition → reason
    policies: dict[str, Surcharge] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _grades_known(self) -> Scheme:
        known = set(self.classification.grades())
        for o in self.overrides:
            if o.grade is not None and o.grade not in known and o.stage == "after":
                raise ValueError(f"override '{o.name}' sets unknown grade '{o.grade}'")
        return self
