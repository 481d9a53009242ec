"""Canonical indicators and how a plan's indicator was matched to one."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from planwatch.models.monitor import Direction, Path


class CatalogEntry(BaseModel):
    id: str
    name: str
    synonyms: list[str] = Field(default_factory=list)
    unit: str = ""
    direction: Direction = Direction.HIGHER
    path: Path = Path.GEOMETRIC
    cumulative: bool = False


class CatalogMatch(BaseModel):
    """A plan indicator's catalogue entry, with how sure the match is."""

    entry_id: str
    confidence: float
    how: Literal["exact", "synonym", "similar", "manual"]
    # Why the confidence was lowered, e.g. a unit that cannot be converted.
    note: str = ""
