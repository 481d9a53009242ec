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
from planwatch.ingest.extractors.relative import resolve_relative
from planwatch.ingest.readers import read_document
from planwatch.ingest.simplify import simplify
from planwatch.models import Document, PlanExtract


def _storable(model: BaseModel, where: str, warnings: list[str]) -> None:
    """What the store cannot hold is taken out here, for every reader alike: numbers
    too large for a float (a cell of 400 digits reads as infinity) are left empty with
    a warning, so no infinite target or baseline is stored; NUL characters (which a
    PDF's text can carry and PostgreSQL refuses) are dropped."""
    for name, value in list(model.__dict__.items()):
        if isinstance(value, float) and not math.isfinite(value):
            setattr(model, name, None)
            warnings.append(f"{where}: {name} is too large to be a real value; left empty")
        elif isinstance(value, str) and "\x00" in value:
            setattr(model, name, value.replace("\x00", ""))
        elif isinstance(value, BaseModel):
            _storable(value, where, warnings)
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, str) and "\x00" in v:
                    value[k] = v.replace("\x00", "")
                elif isinstance(v, BaseModel):
                    _storable(v, where, warnings)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _storable(item, f"{where} '{getattr(item, 'name', '')}'", warnings)


def extract_document(doc: Document) -> PlanExtract:
    extract = _extract_all(simplify(doc))
    start = extract.metadata.period_start
    resolve_relative(extract.prose_targets, extract.indicators, start - 1 if start else None)
    _storable(extract, "plan", extract.warnings)
    return extract


def _extract_all(doc: Document) -> PlanExtract:
    warnings = list(doc.warnings)
    return PlanExtract(
        document=doc.name,
        source_file=doc.path,
        format=doc.format,
        converted_from=doc.converted_from,
        confidence=doc.confidence,
        metadata=extract_metadata(doc),
        indicators=extract_indicators(doc, warnings),
        prose_targets=extract_prose_targets(doc),
        projects=extract_projects(doc),
        lists=extract_lists(doc),
        evaluations=extract_evaluations(doc),
        warnings=warnings,
    )


def extract_plan(path: str | Path) -> PlanExtract:
    """Read `path` with the reader for its extension and extract everything."""
    return extract_document(read_document(path))
