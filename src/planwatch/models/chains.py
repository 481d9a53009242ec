"""Industrial chains (产业链), their maps and gaps, admission standards and project
checks: what a chain file, a standards file and a projects file hold, and what
`chain map` and `project check` give back.

Money is in 万元 and land in 亩 throughout, as the per-mu data is.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from planwatch.numbers import FiniteModel

SEGMENTS = ("上游", "中游", "下游")
# English names a file may use for the segments, for non-Chinese editors.
SEGMENT_ALIASES = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
Segment = Literal["上游", "中游", "下游"]
Gap = Literal["missing", "weak", "inefficient", "strong", "none"]
Verdict = Literal["admit", "reject", "conditional"]

# An industry code as chain and standards files give it: a GB/T 4754 division (2
# digits), group (3) or class (4), with or without the section letter (C3484).
_CODE = re.compile(r"^[A-Da-d]?(\d{2,4})$")
NonNegative = Annotated[float, Field(ge=0)]
Positive = Annotated[float, Field(gt=0)]
Share = Annotated[float, Field(ge=0, le=1)]


def code_digits(code: str) -> str:
    """'C3484' → '3484'; ValueError for anything that is not a 2–4 digit code."""
    m = _CODE.match(str(code).strip())
    if not m:
        raise ValueError(f"'{code}' is not a GB/T 4754 industry code (2, 3 or 4 digits)")
    return m.group(1)


class LinkSpec(FiniteModel):
    """A link (环节) of a chain: the industries and products it is made of."""

    link: str = Field(min_length=1)
    codes: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    # Links this one supplies (by name, within the chain). Without any, each link of a
    # segment supplies every link of the next segment.
    feeds: list[str] = Field(default_factory=list)

    @field_validator("codes", mode="before")
    @classmethod
    def _codes_as_text(cls, value: object) -> object:
        """YAML reads 3484 (unquoted) as a number; a code is text."""
        if isinstance(value, list):
            return [str(v) if isinstance(v, int) else v for v in value]
        return value

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        words = [w.strip() for w in value]
        if any(not w for w in words):
            raise ValueError("a keyword is empty")
        return words

    @model_validator(mode="after")
    def _matches_something(self) -> LinkSpec:
        if not self.codes and not self.keywords:
            raise ValueError(f"link '{self.link}' has neither codes nor keywords")
        return self


class ChainTarget(FiniteModel):
    """The chain's output target, as the plan sets it (规上产值 or 营业收入)."""

    year: int = Field(ge=2000, le=2100)
    output: Positive
    unit: Literal["亿元", "万元"] = "亿元"
    source: str = ""

    def in_wan(self) -> float:
        return self.output * (10_000 if self.unit == "亿元" else 1)


class ChainSpec(FiniteModel):
    name: str = Field(min_length=1)
    segments: dict[str, list[LinkSpec]]
    leaders: list[str] = Field(default_factory=list)  # 链主 enterprises by credit code
    target: ChainTarget | None = None

    @field_validator("segments", mode="before")
    @classmethod
    def _segment_names(cls, value: object) -> object:
        if isinstance(value, dict):
            # `上游:` with nothing under it is an empty segment, said as such later
            return {
                SEGMENT_ALIASES.get(str(k).lower(), k): [] if v is None else v
                for k, v in value.items()
            }
        return value

    def links(self) -> list[tuple[str, LinkSpec]]:
        """(segment, link) in segment order, then file order."""
        return [(s, link) for s in SEGMENTS for link in self.segments.get(s, [])]


class GapRules(FiniteModel):
    """Where a link counts as weak, inefficient or strong (see docs/chains.md)."""

    weak_share: Share = 0.05  # of the chain's output
    inefficient_ratio: Share = 0.5  # of the chain's 亩均税收
    strong_share: Share = 0.20  # of the chain's output, with 亩均税收 at least the chain's


class ChainFile(FiniteModel):
    chains: list[ChainSpec] = Field(min_length=1)
    gaps: GapRules = Field(default_factory=GapRules)
    title: str = ""
    example: bool = False  # an example shipped with planwatch, to be edited


class Standard(FiniteModel):
    """Admission control indicators (项目准入控制指标) for an industry code prefix."""

    industry_prefix: str
    name: str = ""
    min_investment_per_mu: NonNegative | None = None  # 投资强度, 万元/亩
    min_floor_area_ratio: NonNegative | None = None  # 容积率
    min_output_per_mu: NonNegative | None = None  # 亩均产出 at full production, 万元/亩
    min_tax_per_mu: NonNegative | None = None  # 亩均税收, 万元/亩
    max_energy_per_value_added: NonNegative | None = None  # 单位增加值能耗, tce/万元
    by_year: int | None = Field(default=None, ge=2000, le=2100)  # full production by
    # Within this share below a minimum, the verdict is 有条件准入 (an agreement to reach it).
    tolerance: Share = 0.1

    @field_validator("industry_prefix", mode="before")
    @classmethod
    def _prefix(cls, value: object) -> object:
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, str) and value.strip() in {"*", ""}:
            return "*"
        return code_digits(value) if isinstance(value, str) else value


class StandardsFile(FiniteModel):
    standards: list[Standard] = Field(min_length=1)
    title: str = ""
    example: bool = False


class ProjectIn(FiniteModel):
    """A proposed project (拟引进项目) at full production."""

    name: str = Field(min_length=1)
    industry_code: str
    land_mu: Positive
    investment: NonNegative  # 总投资
    output: NonNegative | None = None  # 达产产值
    tax: NonNegative | None = None  # 达产税收
    value_added: NonNegative | None = None
    energy_tce: NonNegative | None = None
    floor_area_ratio: NonNegative | None = None
    year: int | None = Field(default=None, ge=2000, le=2100)  # full production
    products: str = ""  # matched against links' keywords, as an enterprise's are

    @field_validator("industry_code", mode="before")
    @classmethod
    def _code(cls, value: object) -> object:
        return code_digits(str(value)) if isinstance(value, (int, str)) else value


class ProjectsFile(FiniteModel):
    projects: list[ProjectIn] = Field(min_length=1)


# ------------------------------------------------------------------ results


class Assignment(BaseModel):
    """One enterprise on one link, and why."""

    credit_code: str
    name: str
    chain: str
    segment: str
    link: str
    matched_by: str  # "code 3484", "keyword 轴承", "code 34 + keyword 轴承"


class Figures(BaseModel):
    """What a link or a chain holds; 亩均 figures are ratios of sums."""

    enterprises: int
    above_scale: int
    output: float
    tax: float
    land_mu: float
    value_added: float
    tax_per_mu: float | None
    value_added_per_mu: float | None


class LinkMap(Figures):
    segment: str
    link: str
    codes: list[str]
    keywords: list[str]
    share: float | None  # of the chain's output
    ab_share: float | None  # A and B grades among graded enterprises, where grades given
    labels: dict[str, int]
    matched_by_code: int
    matched_by_keyword: int
    gap: Gap
    reasons: list[str]  # the numbers behind the gap class, in words
    leaders: list[str]  # 链主 enterprises on the link, by name


class ChainMap(Figures):
    """A chain's figures count each of its enterprises once, whatever links it serves."""

    name: str
    county_share: float | None  # of the output of every enterprise in the data
    target: ChainTarget | None
    target_gap: float | None  # output (万元) still needed to reach the target
    links: list[LinkMap]
    leaders: list[str]
    missing_leaders: list[str]  # credit codes named as 链主 but not in the data


class InvestmentTarget(BaseModel):
    """招商方向: what a project filling a gap must bring."""

    chain: str
    segment: str
    link: str
    gap: Gap
    codes: list[str]
    keywords: list[str]
    min_investment_per_mu: float | None
    min_output_per_mu: float | None
    min_tax_per_mu: float | None
    standard: str | None  # the standard's prefix that applied
    # The chain's output still needed to reach its plan target (万元), where it has one:
    # the same figure on every gap link of the chain, which together must close it.
    output_needed: float | None
    reasons: list[str]


class MapReport(BaseModel):
    year: int | None
    enterprises: int  # in the data (the year's rows)
    county_output: float
    # Σ tax and Σ land of the enterprises with land: the county's 亩均税收 is their ratio,
    # and a project check made from a kept map adds a project to them.
    tax_total: float = 0.0
    land_total: float = 0.0
    chains: list[ChainMap]
    targets: list[InvestmentTarget]
    rules: GapRules
    synthetic: bool = False
    example: bool = False
    assignments: int = 0  # enterprise-link pairs


class Failure(BaseModel):
    criterion: str  # min_investment_per_mu, …
    label: str  # 投资强度 …
    required: float
    actual: float | None
    shortfall: float | None  # share below the requirement (0.12 = 12 % short)


class LinkFill(BaseModel):
    chain: str
    segment: str
    link: str
    gap: Gap | None  # None without enterprise data to map the chain on


class ProjectCheck(BaseModel):
    name: str
    industry_code: str
    verdict: Verdict
    standard: str | None  # the prefix that applied; None: no standard covers the code
    failed: list[Failure]
    investment_per_mu: float
    output_per_mu: float | None
    tax_per_mu: float | None
    tax_per_mu_before: float | None  # the population's 亩均税收 without the project
    tax_per_mu_after: float | None  # and with it
    links: list[LinkFill]


class LandBalance(BaseModel):
    """The admitted pipeline's land against the plan's land forecast."""

    admitted_land: float
    conditional_land: float
    forecast_land: float | None
    remaining: float | None


class CheckReport(BaseModel):
    projects: list[ProjectCheck]
    land: LandBalance
    example: bool = False
