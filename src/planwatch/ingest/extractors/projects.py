"""Placeholder until this extractor lands (same session)."""

from planwatch.models import Document, Project


def extract_projects(doc: Document) -> list[Project]:
    return []
