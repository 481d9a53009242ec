"""Placeholder until this extractor lands (same session)."""

from planwatch.models import Document, PlanMetadata


def extract_metadata(doc: Document) -> PlanMetadata:
    return PlanMetadata()
