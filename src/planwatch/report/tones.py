"""Colours of statuses and grades, shared by every writer (cell shading, chart
series), so a 严重滞后 is the same red in Word, Excel and the browser."""

from __future__ import annotations

# tone → (fill for a cell or a chart slice, text colour on that fill)
TONES: dict[str, tuple[str, str]] = {
    "achieved": ("#2e7d32", "#ffffff"),
    "on_track": ("#a5d6a7", "#1b1b1b"),
    "behind": ("#ffcc80", "#1b1b1b"),
    "seriously_behind": ("#e53935", "#ffffff"),
    "regressing": ("#8e24aa", "#ffffff"),
    "unassessed": ("#e0e0e0", "#1b1b1b"),
    "A": ("#2e7d32", "#ffffff"),
    "B": ("#64b5f6", "#1b1b1b"),
    "C": ("#ffb74d", "#1b1b1b"),
    "D": ("#e53935", "#ffffff"),
}
# Series colours of charts without tones (actual, planned, target, stretch …).
PALETTE = ("#1565c0", "#9e9e9e", "#e53935", "#fb8c00", "#43a047", "#8e24aa", "#00897b")


def fill(tone: str) -> str | None:
    return TONES[tone][0] if tone in TONES else None


def ink(tone: str) -> str | None:
    return TONES[tone][1] if tone in TONES else None
