"""Placeholder until the docx reader lands (same session)."""
