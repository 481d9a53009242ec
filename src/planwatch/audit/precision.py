"""How exact a printed number is, so that rounding never raises an alarm.

A plan prints 93.28 or 9 or 12.3: each is exact to half a unit of its last printed
digit (93.28 ± 0.005, 9 ± 0.5). Checks compare intervals, not numbers: a stated
value disagrees with a computed one only when no values within the printed
precision of the inputs could give it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.(\d+))?")


def decimals(text: str) -> int:
    """Digits printed after the point of the first number in `text` (0 if none)."""
    m = _NUMBER.search(unicodedata.normalize("NFKC", text or ""))
    return len(m.group(1)) if m and m.group(1) else 0


def half_unit(text: str) -> float:
    """Half a unit of the last printed digit: 0.5 for 9, 0.005 for 93.28."""
    return 0.5 * 10.0 ** -decimals(text)


@dataclass(frozen=True)
class Printed:
    """A number as printed: its value and how far the true value may lie from it."""

    value: float
    error: float = 0.0

    @classmethod
    def of(cls, value: float, text: str) -> Printed:
        return cls(value, half_unit(text) if text else 0.0)

    @property
    def low(self) -> float:
        return self.value - self.error

    @property
    def high(self) -> float:
        return self.value + self.error


def overlap(a_low: float, a_high: float, b_low: float, b_high: float) -> bool:
    return a_low <= b_high and b_low <= a_high


def sum_of(parts: list[Printed]) -> Printed:
    """A sum, its error the sum of the parts' errors."""
    return Printed(sum(p.value for p in parts), sum(p.error for p in parts))


def fmt(x: float, places: int = 2) -> str:
    """A number for a message: at most `places` decimals, no trailing zeros."""
    text = f"{x:,.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
