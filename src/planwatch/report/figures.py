"""How a report writes a number. Tables and narrative use these same functions, so
a figure quoted in the text reads exactly as it does in its table cell."""

from __future__ import annotations

import math

from planwatch.models.report import Cell

DASH = "—"


def _finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def num(x: float | None) -> str:
    """A value in its unit: two decimals at most (four below 1), no trailing zeros,
    thousands separated."""
    if x is None or not _finite(x):
        return DASH
    digits = 2 if abs(x) >= 1 else 4
    text = f"{round(x, digits):,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(x: float | None) -> str:
    """A fraction as a percentage with one decimal (0.0637 → 6.4%)."""
    if x is None or not _finite(x):
        return DASH
    text = f"{x * 100:.1f}%"
    return "0.0%" if text == "-0.0%" else text


def bracket(x: float | None) -> str:
    """An increase over the base year as plans print it: [16] is sixteen more."""
    return DASH if x is None or not _finite(x) else f"[{num(x)}]"


def value_cell(x: float | None, tone: str = "") -> Cell:
    return Cell(value=x if _finite(x) else None, text=num(x), tone=tone)


def pct_cell(x: float | None, tone: str = "") -> Cell:
    return Cell(value=x if _finite(x) else None, text=pct(x), tone=tone)


def bracket_cell(x: float | None) -> Cell:
    """Stored as its text: a column of growth rates in % may hold increments too."""
    text = bracket(x)
    return Cell(value=None if text == DASH else text, text=text)


def text_cell(text: str | None, tone: str = "") -> Cell:
    return Cell(value=text or None, text=text or "", tone=tone)


def int_cell(n: int | None, tone: str = "") -> Cell:
    return Cell(value=n, text="" if n is None else f"{n:,}", tone=tone)
