"""Shared pieces of every tabular import: column mapping, cell parsing, row errors."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def map_columns(
    headers: list[str], spec: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[dict[str, int], list[RowError]]:
    """{field: column index} by English name or Chinese alias; an error per missing field."""
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        for name, aliases in spec.items():
            if h.strip().lower() in aliases and name not in found:
                found[name] = i
    missing = [f"{f} ({spec[f][1]})" for f in required if f not in found]
    errors = [RowError(1, "", f"missing column(s): {', '.join(missing)}")] if missing else []
    return found, errors


def cell_getter(cols: dict[str, int], cells: list[str]):  # type: ignore[no-untyped-def]
    def get(name: str) -> str:
        i = cols.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    return get


def number(text: str) -> float | None:
    """`1,234.5` / `12%` / ` 3 ` → float; None for text."""
    t = re.sub(r"[,，\s]", "", text).rstrip("%％")
    try:
        return float(t)
    except ValueError:
        return None


def year(text: str) -> int | None:
    y = number(text.removesuffix("年"))
    return int(y) if y is not None and y.is_integer() else None
