"""Enterprise early warning (企业四色预警): the scheme file, and what an evaluation of
one month gives back."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from planwatch.numbers import FiniteModel

Level = Literal["green", "yellow", "orange", "red"]
Status = Literal["green", "yellow", "orange", "red", "missing"]
Change = Literal["new", "raised", "lowered", "cleared", "same"]
LEVELS: tuple[Level, ...] = ("green", "yellow", "orange", "red")
STATUSES: tuple[Status, ...] = (*LEVELS, "missing")
LEVEL_WORDS = {"green": "绿", "yellow": "黄", "orange": "橙", "red": "红", "missing": "未报"}
CHANGE_WORDS = {"new": "新增", "raised": "升级", "lowered": "降级", "cleared": "解除",
                "same": "不变"}  # fmt: skip
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
Months = Annotated[int, Field(ge=1, le=24)]


class Measure(FiniteModel):
    """A derived measure of one column, per enterprise and month:
    yoy: against the same month of last year (January and February together);
    ytd_yoy: the year to date against the same months of last year;
    mom: against the month before; change: against `months` months before;
    share: of all enterprises' total in the month."""

    of: str
    kind: Literal["yoy", "ytd_yoy", "mom", "change", "share"]
    months: Months = 1
    label: str = ""  # how lists name it (用电量同比)


class Rule(FiniteModel):
    name: str = Field(min_length=1)
    when: str  # a condition over columns and measures (the per-mu formula grammar)
    level: Literal["yellow", "orange", "red"]
    months: Months = 1  # the condition must hold in each of the last `months` months


class WarnScheme(FiniteModel):
    name: str
    title: str = ""
    example: bool = False
    # months of levels evaluated up to the month asked for: hysteresis and "since" need them
    history: Annotated[int, Field(ge=2, le=60)] = 12
    # a level falls back only after this many months in a row below it
    hysteresis: Annotated[int, Field(ge=1, le=12)] = 2
    measures: dict[str, Measure] = Field(default_factory=dict)
    rules: list[Rule] = Field(min_length=1)

    @field_validator("measures")
    @classmethod
    def _names(cls, value: dict[str, Measure]) -> dict[str, Measure]:
        bad = [k for k in value if not k.isidentifier()]
        if bad:
            raise ValueError(f"a measure name is a word of letters, digits and _: {bad[0]!r}")
        return value

    @model_validator(mode="after")
    def _unique_rules(self) -> WarnScheme:
        names = [r.name for r in self.rules]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"rule named twice: {twice[0]}")
        return self


class Reason(BaseModel):
    rule: str
    level: Status
    # the numbers that triggered it, at the month
    values: dict[str, int | float | str | bool | None]


class Flag(BaseModel):
    credit_code: str
    name: str
    region: str | None
    park: str | None
    industry_code: str | None
    level: Status
    reasons: list[Reason]
    since: str  # the month the enterprise has been at this level since
    change: Change  # against the month before
    previous: Status | None


class WarnReport(BaseModel):
    month: str
    scheme: str
    counts: dict[str, int]  # by status
    by_region: dict[str, dict[str, int]]
    by_industry: dict[str, dict[str, int]]  # by GB/T 4754 division
    changes: dict[str, int]
    enterprises: list[Flag]
    synthetic: bool = False
    example: bool = False

    @field_validator("month")
    @classmethod
    def _month(cls, value: str) -> str:
        if not MONTH.match(value):
            raise ValueError(f"'{value}' is not a month (2024-03)")
        return value
