"""Placeholder until this extractor lands (same session)."""

from planwatch.models import Document, ListEntry


def extract_lists(doc: Document) -> list[ListEntry]:
    return []
