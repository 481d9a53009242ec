"""Match an indicator name as a plan writes it to a catalogue entry.

Names are compared in a normal form (NFKC, no spaces or quotes, 规模以上 → 规上,
no unit bracket, no leading 全县/全市). Equal normal forms are certain; otherwise
the closest name by character similarity is proposed with a lower confidence,
and lower still when the plan's unit cannot be converted to the entry's.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from planwatch.catalog.units import convertible
from planwatch.ingest.names import normal_name
from planwatch.models.catalog import CatalogEntry, CatalogMatch

MIN_SIMILARITY = 0.8
UNIT_MISMATCH_PENALTY = 0.6


def _names(entry: CatalogEntry) -> list[tuple[str, str]]:
    return [(normal_name(entry.name), "exact")] + [
        (normal_name(s), "synonym") for s in entry.synonyms
    ]


def _unit_note(entry: CatalogEntry, unit: str) -> str:
    if unit and not convertible(unit, entry.unit):
        return f"unit '{unit}' cannot be converted to '{entry.unit}'"
    return ""


def match(name: str, unit: str, entries: list[CatalogEntry]) -> CatalogMatch | None:
    """The best catalogue entry for (name, unit), or None when nothing is close."""
    key = normal_name(name)
    best: tuple[float, CatalogEntry, str] | None = None
    for entry in entries:
        for candidate, how in _names(entry):
            if candidate == key:
                score = 1.0 if how == "exact" else 0.98
            else:
                score = SequenceMatcher(None, key, candidate).ratio() * 0.9
                how = "similar"
            if best is None or score > best[0]:
                best = (score, entry, how)
    if best is None or best[0] < MIN_SIMILARITY * 0.9:
        return None
    score, entry, how = best
    note = _unit_note(entry, unit)
    if note:
        # A plan may misprint a unit (the audit reports it); a name only similar
        # to an entry with another dimension is another indicator.
        if how == "similar":
            return None
        score *= UNIT_MISMATCH_PENALTY
    return CatalogMatch(entry_id=entry.id, confidence=round(score, 3), how=how, note=note)  # type: ignore[arg-type]
