"""Extractors: each reads a `Document` and returns one part of a `PlanExtract`."""
