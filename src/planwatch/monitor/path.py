"""The planned path as values per year, for charts: the same interpolation the
assessment uses for the expected value (geometric for levels, linear otherwise,
through any values the plan sets for years in between)."""

from __future__ import annotations

from planwatch.models.monitor import Path, Track
from planwatch.monitor.assess import segment


def _between(a: float, ta: int, b: float, tb: int, year: int, geometric: bool) -> float:
    frac = (year - ta) / (tb - ta)
    if geometric and a > 0 and b > 0:
        return a * (b / a) ** frac
    return a + (b - a) * frac


def planned_value(track: Track, year: int) -> float | None:
    """The value the plan's path gives for `year`, or None outside baseline–target."""
    if year == track.target_year:
        return track.target
    if year == track.baseline_year:
        return 0.0 if track.cumulative else track.baseline
    seg = segment(track, year)
    if seg is None:
        return None
    a, ta, b, tb = seg
    geometric = track.path == Path.GEOMETRIC and not track.cumulative
    return _between(a, ta, b, tb, year, geometric)


def planned_path(track: Track, years: list[int]) -> list[float | None]:
    return [planned_value(track, y) for y in years]
