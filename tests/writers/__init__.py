"""Write small plan documents from one spec, as flattened text, .docx and .pdf.

Tests describe a plan once (`spec.Plan`) and render it in every format a user may
bring, so the same expectations hold for text, Word and PDF input.
"""
