"""From a file to a `PlanExtract`: read the document, run every extractor."""

from __future__ import annotations

from pathlib import Path

from planwatch.ingest.extractors.evaluations import extract_evaluations
from planwatch.ingest.extractors.indicators import extract_indicators
from planwatch.ingest.extractors.lists import extract_lists
from planwatch.ingest.extractors.metadata import extract_metadata
from planwatch.ingest.extractors.projects import extract_projects
from planwatch.ingest.extractors.prose import extract_prose_targets
from planwatch.ingest.readers import read_document
from planwatch.models import Document, PlanExtract


def extract_document(doc: Document) -> PlanExtract:
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
