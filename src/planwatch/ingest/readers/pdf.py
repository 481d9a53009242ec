"""Placeholder until the pdf reader lands (same session)."""
