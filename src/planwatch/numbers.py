"""Numbers that come in from users' files, and numbers that go out as JSON.

Every importer (actuals, project progress, land input, scheme files, thresholds
on the command line) reads numbers through this module, so one rule holds
everywhere: a number is finite. `inf`, `-inf`, `NaN` and overflow such as
`1e999` are refused with the place they were found, because once stored they
come back as plausible-looking results (an infinite actual is "已完成").
Enterprise files are checked by the same rule column-wise in `permu.data`.

On the way out, JSON has no spelling for NaN or infinity (Python's `json`
writes `NaN` and `Infinity`, which other tools reject); `json_safe` turns any
that arithmetic produced into null.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

# Thousands separators and spaces inside a number as people type them.
_SEPARATORS = re.compile(r"[,，\s]")
# What is left must be a plain decimal number: Python's float() would also take
# `1_000`, `infinity` and digits of other scripts (٣), which no statistics sheet means.
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NON_FINITE = {"inf", "infinity", "nan"}
_PERCENT = ("%", "％")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")


class FiniteModel(BaseModel):
    """Base of every model read from a user's file: NaN and infinities are refused
    by validation, with the field's place, like any other bad value."""

    model_config = ConfigDict(allow_inf_nan=False)


@dataclass(frozen=True)
class Number:
    """A parsed cell: its value, and whether it was written as a percentage."""

    value: float
    percent: bool = False


class NumberError(ValueError):
    """The text is not a finite number; the message says why, for a row error.

    A ValueError (callers catch it as one), not a PlanwatchError, but with the same
    Chinese `zh` and `text(lang)`: a typed number's error is shown on Chinese pages."""

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh or None

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else str(self)


def parse_number(text: str) -> Number:
    """`1,234.5` / `12%` / `１２` / ` 3 ` → a finite number; NumberError otherwise."""
    t = _SEPARATORS.sub("", str(text)).translate(_FULL_WIDTH)
    percent = t.endswith(_PERCENT)
    if percent:
        t = t[:-1]
    if t.lower().lstrip("+-") in _NON_FINITE:
        raise NumberError(f"'{text}' is not a finite number", zh=f"“{text}”不是有限数值")
    if not _PLAIN.fullmatch(t):
        raise NumberError(f"'{text}' is not a number", zh=f"“{text}”不是数字")
    value = float(t)
    if math.isinf(value):  # 1e999: digits, but more than a float holds
        raise NumberError(
            f"'{text}' is too large to be a real value", zh=f"“{text}”数值过大，不是有效数值"
        )
    return Number(value, percent)


def number_or_none(text: str) -> float | None:
    """The value of `text`, or None when it is not a finite number."""
    try:
        return parse_number(text).value
    except NumberError:
        return None


def percent_text(value: float) -> str:
    """A fraction as Excel shows it in a percent-formatted cell: 0.024 → `2.4%`,
    exactly (decimal arithmetic, no 2.4000000000000004)."""
    shown = (Decimal(repr(value)) * 100).normalize()
    return f"{shown:f}%"


def is_finite(value: object) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def json_safe(data: Any) -> Any:
    """`data` with every NaN or infinite float replaced by None (JSON null)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: json_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(v) for v in data]
    return data
