"""From a file to a `PlanExtract`: read the document, run every extractor."""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import BaseModel

from planwatch.ingest.extractors.evaluations import extract_evaluations
from planwatch.ingest.extractors.indicators import extract_indicators
from planwatch.ingest.extractors.lists import extract_lists
from planwatch.ingest.extractors.metadata import extract_metadata
from planwatch.ingest.extractors.projects import extract_projects
from planwatch.ingest.extractors.prose import extract_prose_targets
from planwatch.ingest.readers import read_document
from planwatch.models import Document, PlanExtract


def _finite(model: BaseModel, where: str, warnings: list[str]) -> None:
    """Numbers too large for a float (a cell of 400 digits reads as infinity) are
    dropped with a warning, so no infinite target or baseline reaches the store."""
    for name, value in list(model.__dict__.items()):
        if isinstance(value, float) and not math.isfinite(value):
            setattr(model, name, None)
            warnings.append(f"{where}: {name} is too large to be a real value; left empty")
        elif isinstance(value, BaseModel):
            _finite(value, where, warnings)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _finite(item, f"{where} '{getattr(item, 'name', '')}'", warnings)


def extract_document(doc: Document) -> PlanExtract:
    extract = _extract_all(doc)
    _finite(extract, "plan", extract.warnings)
    return extract


def _extract_all(doc: Document) -> PlanExtract:
    return PlanExtract(
        document=doc.name,
        source_file=doc.path,
        format=doc.format,
        confidence=doc.confidence,
        metadata=extract_metadata(doc),
        indicators=extract_indicators(doc),
        prose_targets=extract_prose_targets(doc),
        projects=extract_projects(doc),
        lists=extract_lists(doc),
        evaluations=extract_evaluations(doc),
        warnings=list(doc.warnings),
    )


def extract_plan(path: str | Path) -> PlanExtract:
    """Read `path` with the reader for its extension and extract everything."""
    return extract_document(read_document(path))
