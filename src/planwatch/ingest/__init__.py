"""Ingestion: plan files → `Document` → `PlanExtract`.

The entry points are loaded on first use: the store and the catalogue import small
helpers of this package (`ingest.names`), which should not pull in every extractor.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planwatch.ingest.extract import extract_document, extract_plan
    from planwatch.ingest.readers import read_document

__all__ = ["extract_document", "extract_plan", "read_document"]
_HOMES = {
    "extract_document": "planwatch.ingest.extract",
    "extract_plan": "planwatch.ingest.extract",
    "read_document": "planwatch.ingest.readers",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'planwatch.ingest' has no attribute {name!r}")
