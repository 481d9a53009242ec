"""Placeholder until this extractor lands (same session)."""

from planwatch.models import Document, ProseTarget


def extract_prose_targets(doc: Document) -> list[ProseTarget]:
    return []
