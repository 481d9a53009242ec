"""Placeholder until this extractor lands (same session)."""

from planwatch.models import Document, EvaluationRow


def extract_evaluations(doc: Document) -> list[EvaluationRow]:
    return []
