"""Ingestion: plan files → `Document` → `PlanExtract`."""

from planwatch.ingest.extract import extract_document, extract_plan
from planwatch.ingest.readers import read_document

__all__ = ["extract_document", "extract_plan", "read_document"]
