"""planwatch's one vocabulary: the pydantic models every layer shares.

The names below are loaded on first use, so a command that imports one model
module (`planwatch.models.permu`) does not build every model of the package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planwatch.models.document import (
        Block,
        Caption,
        Cell,
        ChartData,
        Document,
        Heading,
        Image,
        Marker,
        Note,
        Paragraph,
        SourcePos,
        Table,
    )
    from planwatch.models.extract import (
        CellRef,
        EvaluationRow,
        Indicator,
        ListEntry,
        OutlineItem,
        PlanExtract,
        PlanMetadata,
        Project,
        ProseTarget,
        ValueRange,
        YearValue,
    )

__all__ = [
    "Block",
    "Caption",
    "Cell",
    "CellRef",
    "ChartData",
    "Document",
    "EvaluationRow",
    "Heading",
    "Image",
    "Indicator",
    "ListEntry",
    "Marker",
    "Note",
    "OutlineItem",
    "Paragraph",
    "PlanExtract",
    "PlanMetadata",
    "Project",
    "ProseTarget",
    "SourcePos",
    "Table",
    "ValueRange",
    "YearValue",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        for module in ("document", "extract"):
            found = import_module(f"planwatch.models.{module}")
            if hasattr(found, name):
                return getattr(found, name)
    raise AttributeError(f"module 'planwatch.models' has no attribute {name!r}")
